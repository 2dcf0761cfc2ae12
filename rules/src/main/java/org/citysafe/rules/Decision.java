package org.citysafe.rules;

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
 */
public record Decision(String deviceId, String messageId, Outcome outcome, Level level, String alarmType,
                       String alarmId, List<Reason> reasons, List<CoupledRisk> coupledRisks, Object escalation,
                       String policyVersion, List<String> clears) {

    public Decision {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        coupledRisks = coupledRisks == null ? List.of() : List.copyOf(coupledRisks);
        clears = clears == null ? List.of() : List.copyOf(clears);
    }

    /** A decision that clears nothing. */
    public Decision(String deviceId, String messageId, Outcome outcome, Level level, String alarmType,
                    String alarmId, List<Reason> reasons, List<CoupledRisk> coupledRisks, Object escalation,
                    String policyVersion) {
        this(deviceId, messageId, outcome, level, alarmType, alarmId, reasons, coupledRisks, escalation,
                policyVersion, List.of());
    }

    public static Decision rejected(String deviceId, String messageId, Reason reason) {
        return new Decision(deviceId, messageId, Outcome.REJECTED, null, null, null, List.of(reason), List.of(),
                null, null, List.of());
    }

    public Decision withAlarmId(String id) {
        return new Decision(deviceId, messageId, outcome, level, alarmType, id, reasons, coupledRisks, escalation,
                policyVersion, clears);
    }

    /** The same decision with its alarm's escalation (chain and next step), which the service knows, not the rules. */
    public Decision withEscalation(Object chainAndNextStep) {
        return new Decision(deviceId, messageId, outcome, level, alarmType, alarmId, reasons, coupledRisks,
                chainAndNextStep, policyVersion, clears);
    }
}
