package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reason;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns the findings of each observation into its {@link Decision}.
 *
 * <p>A hazard outranks a fault (a low battery must not hide a gas leak reported by the same device), a fault
 * outranks a clear, and among hazards the most severe level decides the alarm type. A reading that only clears
 * alarms is NORMAL and names the alarms it clears. Each rule that fired gives one reason (its most severe finding),
 * most severe first: a reading at 60 %LEL crosses every gas threshold, the operator needs the highest.
 */
public final class Decider {

    private static final Comparator<Finding> MOST_SEVERE_FIRST = Comparator
            .comparing((Finding f) -> rank(f.getOutcome()))
            .thenComparing(f -> f.getLevel() == null ? 0 : -f.getLevel().severity())
            .thenComparing(f -> f.getReason().ruleId());

    private Decider() {
    }

    private static int rank(Outcome outcome) {
        return switch (outcome) {
            case ALARM -> 0;
            case FAULT -> 1;
            case NORMAL -> 2;
            default -> 3;
        };
    }

    /** Decisions in the order of the observations. */
    public static List<Decision> decide(RuleSet rules, List<Observation> observations) {
        Map<Observation, List<Finding>> findings = rules.evaluate(observations);
        List<Decision> decisions = new ArrayList<>(observations.size());
        for (Observation o : observations) decisions.add(decide(o, findings.get(o)));
        return decisions;
    }

    /** The decision on one observation from the findings the rules inserted for it (none, one or many). */
    public static Decision decide(Observation o, List<Finding> findings) {
        String deviceId = o.getReading().deviceId();
        String messageId = o.getReading().messageId();
        String policyVersion = o.getPolicy().version();
        if (findings == null || findings.isEmpty()) {
            return new Decision(deviceId, messageId, Outcome.NORMAL, null, null, null, List.of(), List.of(), null,
                    policyVersion, List.of());
        }
        List<Finding> sorted = findings.stream().sorted(MOST_SEVERE_FIRST).toList();
        Finding top = sorted.get(0);
        Level level = top.getOutcome() == Outcome.ALARM ? top.getLevel() : null;
        String alarmType = top.isClear() ? null : top.getAlarmType();
        Map<String, Reason> byRule = new java.util.LinkedHashMap<>();
        for (Finding f : sorted) byRule.putIfAbsent(f.getReason().ruleId(), f.getReason());
        List<Reason> reasons = List.copyOf(byRule.values());
        List<String> clears = sorted.stream().filter(Finding::isClear).map(Finding::getAlarmType).distinct().toList();
        return new Decision(deviceId, messageId, top.getOutcome(), level, alarmType, null, reasons, List.of(), null,
                policyVersion, clears);
    }
}
