package org.citysafe.rules;

import java.time.Instant;
import java.util.List;

/**
 * The verdict on one reading. Field names are part of the public v1 contract.
 *
 * @param alarmType     the kind of alarm (SMOKE, HIGH_TEMPERATURE, COMBUSTIBLE_GAS, ...) or fault, null when NORMAL
 * @param alarmId       the alarm raised or updated, null when none (dry runs, NORMAL, REJECTED)
 * @param escalation    who is told in what order and what comes next (the service's escalation view); null for
 *                      decisions that raise no alarm
 * @param policyVersion the policy the thresholds came from
 * @param clears        the alarm types of this device that the reading releases: it fell back past the clear value
 *                      of every level (hysteresis). A clearing decision is NORMAL and names them here.
 * @param recheckAt     when a hazard (or a higher level than the one pushed) is held back because it has not lasted
 *                      long enough yet: the event time at which it will have, if no reading contradicts it first. The service re-examines the
 *                      series then even if the device stays silent (a detector that reports its alarm once and
 *                      nothing more is still pushed). Null otherwise.
 */
public record Decision(String deviceId, String messageId, Outcome outcome, Level level, String alarmType,
                       String alarmId, List<Reason> reasons, List<CoupledRisk> coupledRisks, Object escalation,
                       String policyVersion, List<String> clears, Instant recheckAt) {

    public Decision {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        coupledRisks = coupledRisks == null ? List.of() : List.copyOf(coupledRisks);
        clears = clears == null ? List.of() : List.copyOf(clears);
    }

    /** A decision that waits for nothing. */
    public Decision(String deviceId, String messageId, Outcome outcome, Level level, String alarmType,
                    String alarmId, List<Reason> reasons, List<CoupledRisk> coupledRisks, Object escalation,
                    String policyVersion, List<String> clears) {
        this(deviceId, messageId, outcome, level, alarmType, alarmId, reasons, coupledRisks, escalation,
                policyVersion, clears, null);
    }

    /** A decision that clears nothing. */
    public Decision(String deviceId, String messageId, Outcome outcome, Level level, String alarmType,
                    String alarmId, List<Reason> reasons, List<CoupledRisk> coupledRisks, Object escalation,
                    String policyVersion) {
        this(deviceId, messageId, outcome, level, alarmType, alarmId, reasons, coupledRisks, escalation,
                policyVersion, List.of(), null);
    }

    public static Decision rejected(String deviceId, String messageId, Reason reason) {
        return new Decision(deviceId, messageId, Outcome.REJECTED, null, null, null, List.of(reason), List.of(),
                null, null, List.of(), null);
    }

    public Decision withAlarmId(String id) {
        return new Decision(deviceId, messageId, outcome, level, alarmType, id, reasons, coupledRisks, escalation,
                policyVersion, clears, recheckAt);
    }

    /** The same decision with its alarm's escalation (chain and next step), which the service knows, not the rules. */
    public Decision withEscalation(Object chainAndNextStep) {
        return new Decision(deviceId, messageId, outcome, level, alarmType, alarmId, reasons, coupledRisks,
                chainAndNextStep, policyVersion, clears);
    }
}
