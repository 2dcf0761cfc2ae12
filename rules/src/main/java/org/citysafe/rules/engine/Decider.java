package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reason;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
            case SUPPRESSED -> 3;
            default -> 4;
        };
    }

    /** Decisions in the order of the observations. */
    public static List<Decision> decide(RuleSet rules, List<Observation> observations) {
        return decide(rules, observations, List.of());
    }

    /** As {@link #decide(RuleSet, List)}, with facts about the observations' surroundings ({@link History}, ...). */
    public static List<Decision> decide(RuleSet rules, List<Observation> observations, Collection<?> context) {
        Map<Observation, List<Finding>> findings = rules.evaluate(observations, context);
        List<Decision> decisions = new ArrayList<>(observations.size());
        for (Observation o : observations) decisions.add(decide(o, findings.get(o)));
        return decisions;
    }

    /**
     * The decision on one observation from the findings the rules inserted for it (none, one or many).
     *
     * <ol>
     *   <li>Hazards that a pending finding holds back (not yet sustained, not yet corroborated) do not count yet;
     *       the most severe remaining hazard decides the level. If every hazard is pending, the decision is
     *       SUPPRESSED at the level that would otherwise be pushed.</li>
     *   <li>A hold-back (silence, maintenance flag) whose level covers that hazard makes the decision SUPPRESSED;
     *       one that cannot hold back a hazard this severe (RED, by default) is named in the reasons but the alarm
     *       goes out.</li>
     *   <li>Without a hazard, a fault decides (unless held back), then a clear, then NORMAL.</li>
     * </ol>
     */
    public static Decision decide(Observation o, List<Finding> findings) {
        String deviceId = o.getReading().deviceId();
        String messageId = o.getReading().messageId();
        String policyVersion = o.getPolicy().version();
        // a stopped rule set decides on what it had found; the stop itself is a reason, never an outcome
        List<Reason> stops = findings == null ? List.of()
                : findings.stream().filter(Finding::isStopped).map(Finding::getReason).toList();
        if (!stops.isEmpty()) findings = findings.stream().filter(f -> !f.isStopped()).toList();
        if (findings == null || findings.isEmpty()) {
            return new Decision(deviceId, messageId, Outcome.NORMAL, null, null, null, stops, List.of(), null,
                    policyVersion, List.of());
        }
        List<Finding> sorted = findings.stream().sorted(MOST_SEVERE_FIRST).toList();
        Set<Finding> pendingTargets = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Finding> pendings = new ArrayList<>();
        List<Finding> holdBacks = new ArrayList<>();
        for (Finding f : sorted) {
            if (f.isPending()) {
                pendings.add(f);
                pendingTargets.add(f.getTarget());
            } else if (f.isHoldBack()) {
                holdBacks.add(f);
            }
        }
        List<Finding> hazards = sorted.stream().filter(f -> f.getOutcome() == Outcome.ALARM).toList();
        List<Finding> confirmed = hazards.stream().filter(f -> !pendingTargets.contains(f)).toList();
        List<Finding> faults = sorted.stream().filter(f -> f.getOutcome() == Outcome.FAULT).toList();
        List<String> clears = sorted.stream().filter(Finding::isClear).map(Finding::getAlarmType).distinct().toList();

        List<Finding> explained = new ArrayList<>();
        Outcome outcome;
        Level level = null;
        String alarmType = null;
        if (!confirmed.isEmpty()) {
            Finding top = confirmed.get(0);
            level = top.getLevel();
            alarmType = top.getAlarmType();
            List<Finding> holding = holdBacks.stream().filter(h -> h.holdsBack(top.getAlarmType(), top.getLevel())).toList();
            outcome = holding.isEmpty() ? Outcome.ALARM : Outcome.SUPPRESSED;
            explained.addAll(holding);
            explained.addAll(confirmed);
            explained.addAll(pendings);
            holdBacks.stream().filter(h -> !holding.contains(h)).forEach(explained::add);
        } else if (!hazards.isEmpty()) {
            Finding top = hazards.get(0);
            outcome = Outcome.SUPPRESSED;
            level = top.getLevel();
            alarmType = top.getAlarmType();
            explained.addAll(pendings);
            explained.addAll(hazards);
            explained.addAll(holdBacks);
        } else if (!pendings.isEmpty()) {
            // a rule that holds a hazard back may also have withdrawn it: what is held back still shows
            Finding top = pendings.get(0);
            outcome = Outcome.SUPPRESSED;
            level = top.getLevel();
            alarmType = top.getAlarmType();
            explained.addAll(pendings);
        } else if (!faults.isEmpty()) {
            Finding top = faults.get(0);
            alarmType = top.getAlarmType();
            List<Finding> holding = holdBacks.stream().filter(h -> h.holdsBack(top.getAlarmType(), null)).toList();
            outcome = holding.isEmpty() ? Outcome.FAULT : Outcome.SUPPRESSED;
            explained.addAll(holding);
            explained.addAll(faults);
        } else {
            outcome = Outcome.NORMAL;
        }
        explained.addAll(sorted.stream().filter(Finding::isClear).toList());
        if (explained.isEmpty()) explained.addAll(sorted);
        Instant recheckAt = null;
        if (!(outcome == Outcome.SUPPRESSED && !confirmed.isEmpty())) {
            // the earliest moment a held-back hazard (or a higher level of the one pushed) may become due
            for (Finding p : pendings) {
                if (p.getDueAt() == null) continue;
                // with an alarm pushed, only a more severe level is still worth waiting for
                if (outcome == Outcome.ALARM && (p.getLevel() == null || !p.getLevel().isMoreSevereThan(level))) continue;
                if (recheckAt == null || p.getDueAt().isBefore(recheckAt)) recheckAt = p.getDueAt();
            }
            // an alarm waiting for its quiet time clears then, if nothing contradicts it
            for (Finding w : sorted) {
                if (w.isWaitingToClear() && w.getDueAt() != null && (recheckAt == null || w.getDueAt().isBefore(recheckAt))) {
                    recheckAt = w.getDueAt();
                }
            }
        }
        Map<String, Reason> byRule = new LinkedHashMap<>();
        for (Reason r : stops) byRule.putIfAbsent(r.ruleId(), r);
        for (Finding f : explained) byRule.putIfAbsent(f.getReason().ruleId(), f.getReason());
        return new Decision(deviceId, messageId, outcome, level, alarmType, null, List.copyOf(byRule.values()),
                List.of(), null, policyVersion, outcome == Outcome.ALARM || outcome == Outcome.NORMAL ? clears : List.of(),
                recheckAt);
    }
}
