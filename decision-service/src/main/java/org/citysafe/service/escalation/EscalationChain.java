package org.citysafe.service.escalation;

import org.citysafe.rules.Level;
import org.citysafe.service.alarm.AlarmStatus;
import org.citysafe.service.notify.Channel;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An escalation policy: who is told, by which channel, in what order, and what stops it (PagerDuty's escalation
 * rules and repeats, with GB 50440's verification before 119). Chosen per alarm by {@code level}, {@code scenario}
 * and {@code district} (null: any), the most specific match winning; the chosen chain is copied into the alarm when
 * it opens, so later policy changes leave running alarms alone. (The step field is {@code after}, not {@code on}:
 * YAML 1.1 reads a key {@code on} as the boolean true.)
 *
 * @param selfConfirming the levels it serves need no verification before 119 (its 119 step runs on OPENED)
 * @param district       a district path; matches that district and everything below it
 * @param repeat         passes over the OPENED steps after the first; null: none
 */
public record EscalationChain(String name, Level level, String scenario, String district, boolean selfConfirming,
                              List<Step> steps, Repeat repeat) {

    /** What starts a step's clock. */
    public enum Trigger {
        /** the chain's start: the alarm opened or was re-triggered */
        OPENED,
        /** a CONFIRMED verdict; until then the step is held (119 only after confirmation) */
        CONFIRMED
    }

    /** RESOLVED and CLOSED alarms are history: no step is ever sent for them, whatever a chain says. */
    static final Set<AlarmStatus> HISTORY = EnumSet.of(AlarmStatus.RESOLVED, AlarmStatus.CLOSED);

    public EscalationChain {
        steps = steps == null ? List.of() : List.copyOf(steps);
        if (repeat == null) repeat = new Repeat(0, Duration.ZERO, null);
    }

    /**
     * One step.
     *
     * @param delay    the wait before the step, counted from the previous step with the same trigger (or from the
     *                 trigger itself), as PagerDuty's escalation delay
     * @param after    what starts its clock: OPENED (the chain's start, the default) or CONFIRMED (held until then)
     * @param stopWhen alarm statuses in which the step is no longer sent; RESOLVED and CLOSED always are
     * @param once     not repeated by the chain's repeat passes (119 is dispatched once)
     */
    public record Step(Channel channel, String recipient, Duration delay, Trigger after, Set<AlarmStatus> stopWhen,
                       boolean once) {
        public Step {
            delay = delay == null ? Duration.ZERO : delay;
            after = after == null ? Trigger.OPENED : after;
            stopWhen = withHistory(stopWhen);
        }

        public String describe() {
            return channel + " to " + recipient;
        }
    }

    /**
     * Passes over the OPENED steps again while nobody acts (PagerDuty's {@code num_loops}).
     *
     * @param times    passes after the first, at most 9
     * @param interval pause between the end of one pass and the start of the next
     * @param stopWhen alarm statuses that stop the repeats (added to each repeated step's own)
     */
    public record Repeat(int times, Duration interval, Set<AlarmStatus> stopWhen) {
        public Repeat {
            interval = interval == null ? Duration.ZERO : interval;
            stopWhen = withHistory(stopWhen);
        }
    }

    /** Statuses that stop a step in a pass: its own, plus the repeat's for the passes after the first. */
    public Set<AlarmStatus> stopWhen(int step, int loop) {
        Set<AlarmStatus> stop = EnumSet.copyOf(steps.get(step).stopWhen());
        if (loop > 0) stop.addAll(repeat.stopWhen());
        return stop;
    }

    /** Offset of each step from its trigger: the sum of the delays of the steps with the same trigger up to it. */
    public Duration offset(int step) {
        Duration offset = Duration.ZERO;
        Trigger after = steps.get(step).after();
        for (int i = 0; i <= step; i++) {
            if (steps.get(i).after() == after) offset = offset.plus(steps.get(i).delay());
        }
        return offset;
    }

    /** How long one pass over the OPENED steps lasts, from its start to its last step. */
    public Duration passLength() {
        Duration length = Duration.ZERO;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).after() == Trigger.OPENED) length = offset(i);
        }
        return length;
    }

    /** Start of a repeat pass, counted from the chain's start. */
    public Duration passStart(int loop) {
        return passLength().plus(repeat.interval()).multipliedBy(loop);
    }

    private static Set<AlarmStatus> withHistory(Collection<AlarmStatus> statuses) {
        Set<AlarmStatus> set = EnumSet.copyOf(HISTORY);
        if (statuses != null) set.addAll(statuses);
        return set;
    }
}
