package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reason;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns the findings of each observation into its {@link Decision}.
 *
 * <p>A hazard outranks a fault (a low battery must not hide a gas leak reported by the same device), and among
 * hazards the most severe level decides the alarm type. Each rule that fired gives one reason (its most severe
 * finding), most severe first.
 */
public final class Decider {

    private static final Comparator<Finding> MOST_SEVERE_FIRST = Comparator
            .comparing((Finding f) -> f.getOutcome() == Outcome.ALARM ? 0 : f.getOutcome() == Outcome.FAULT ? 1 : 2)
            .thenComparing(f -> f.getLevel() == null ? 0 : -f.getLevel().severity())
            .thenComparing(f -> f.getReason().ruleId());

    private Decider() {
    }

    /** Decisions in the order of the observations. */
    public static List<Decision> decide(RuleSet rules, List<Observation> observations) {
        Map<Observation, List<Finding>> findings = rules.evaluate(observations);
        List<Decision> decisions = new ArrayList<>(observations.size());
        for (Observation o : observations) decisions.add(decide(o, findings.get(o)));
        return decisions;
    }

    /** As {@link #decide(RuleSet, List)}, with facts about the observations' surroundings ({@link History}, ...). */
    public static List<Decision> decide(RuleSet rules, List<Observation> observations, Collection<?> context) {
        Map<Observation, List<Finding>> findings = rules.evaluate(observations, context);
        List<Decision> decisions = new ArrayList<>(observations.size());
        for (Observation o : observations) decisions.add(decide(o, findings.get(o)));
        return decisions;
    }

    static Decision decide(Observation o, List<Finding> findings) {
        String deviceId = o.getReading().deviceId();
        String messageId = o.getReading().messageId();
        String policyVersion = o.getPolicy().version();
        if (findings == null || findings.isEmpty()) {
            return new Decision(deviceId, messageId, Outcome.NORMAL, null, null, null, List.of(), List.of(), null,
                    policyVersion);
        }
        List<Finding> sorted = findings.stream().sorted(MOST_SEVERE_FIRST).toList();
        Finding top = sorted.get(0);
        Level level = top.getOutcome() == Outcome.ALARM ? top.getLevel() : null;
        // one reason per rule: a reading at 60 %LEL crosses every gas threshold, the operator needs the highest
        Map<String, Reason> byRule = new java.util.LinkedHashMap<>();
        for (Finding f : sorted) byRule.putIfAbsent(f.getReason().ruleId(), f.getReason());
        List<Reason> reasons = List.copyOf(byRule.values());
        return new Decision(deviceId, messageId, top.getOutcome(), level, top.getAlarmType(), null, reasons,
                List.of(), null, policyVersion);
    }
}
