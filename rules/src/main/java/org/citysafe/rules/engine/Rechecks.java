package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hazards held back because they have not lasted long enough, waiting for the clock rather than for the next reading.
 *
 * <p>A detector that reports "smoke" once and then nothing until its next heartbeat, hours later, must not be held
 * back until that heartbeat. A decision that holds a hazard back for time names the event time at which the
 * condition will have lasted ({@link Decision#recheckAt()}). If by then no newer reading of the series has been
 * decided, the device's last value still stands: it is decided again as a <em>held</em> reading at that time
 * (flag {@value #HELD}, source {@value #SOURCE}), which confirms the hazard if the rules still see it, through the
 * normal decision path. Any newer reading of the series replaces what waits for it.
 *
 * <p>One entry per series at most, and at most {@code capacity} entries; the replay harness runs it on event time,
 * the service on the wall clock (shifted by how late each reading arrived, so device clock skew does not matter).
 * Thread-safe.
 */
public final class Rechecks {

    /** The flag of a held reading: the device's last value, re-examined because time passed, not a new report. */
    public static final String HELD = "HELD";
    public static final String SOURCE = "recheck";

    /** A series waiting: the input that was held back, the event time to re-examine it at, and when (clock time). */
    public record Pending(DecisionEngine.Input input, Instant heldAt, Instant fireAt) {
    }

    private final Map<String, Pending> bySeries = new HashMap<>();
    private final int capacity;
    private long dropped;

    public Rechecks(int capacity) {
        this.capacity = capacity;
    }

    private static String key(String deviceId, String metric) {
        return deviceId + '\u0000' + metric;
    }

    /**
     * Remembers or forgets, for each decided input, what its series waits for.
     *
     * @param clockNow when the decisions were made; null to run on event time (the re-examination is due at
     *                 {@code recheckAt} itself)
     */
    public synchronized void after(List<DecisionEngine.Input> inputs, List<Decision> decisions, Instant clockNow) {
        for (int i = 0; i < inputs.size(); i++) {
            DecisionEngine.Input in = inputs.get(i);
            Decision d = decisions.get(i);
            if (d == null || d.outcome() == Outcome.REJECTED) continue;
            Reading r = in.reading();
            String key = key(r.deviceId(), r.metric());
            Pending waiting = bySeries.get(key);
            // a late reading, older than the one that is waiting, changes nothing
            if (waiting != null && waiting.input().reading().ts().isAfter(r.ts())) continue;
            if (d.recheckAt() == null) {
                bySeries.remove(key);
                continue;
            }
            Instant fireAt = clockNow == null ? d.recheckAt()
                    : clockNow.plus(Duration.between(r.ts(), d.recheckAt()));
            if (waiting == null && bySeries.size() >= capacity) {
                dropped++;
                continue;
            }
            bySeries.put(key, new Pending(in, d.recheckAt(), fireAt));
        }
    }

    /** Puts back what was waiting before a restart (the service reads it from its reading log). */
    public synchronized void restore(Pending pending) {
        Reading r = pending.input().reading();
        String key = key(r.deviceId(), r.metric());
        Pending waiting = bySeries.get(key);
        if (waiting != null && !waiting.input().reading().ts().isBefore(r.ts())) return;
        if (waiting == null && bySeries.size() >= capacity) {
            dropped++;
            return;
        }
        bySeries.put(key, pending);
    }

    /**
     * Takes out everything due at {@code now} (fire time at or before it), as held inputs to decide, oldest first.
     */
    public synchronized List<DecisionEngine.Input> due(Instant now) {
        List<Pending> due = new ArrayList<>();
        for (Iterator<Pending> it = bySeries.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (!p.fireAt().isAfter(now)) {
                due.add(p);
                it.remove();
            }
        }
        due.sort(Comparator.comparing(Pending::heldAt));
        return due.stream().map(Rechecks::held).toList();
    }

    /** The earliest fire time of anything waiting, or null. */
    public synchronized Instant nextFireAt() {
        return bySeries.values().stream().map(Pending::fireAt).min(Comparator.naturalOrder()).orElse(null);
    }

    /** The held input for a pending series: the same value and flags at the time it is re-examined. */
    public static DecisionEngine.Input held(Pending p) {
        Reading r = p.input().reading();
        Set<String> flags = new LinkedHashSet<>(r.flags());
        flags.add(HELD);
        String messageId = heldMessageId(r.messageId(), p.heldAt());
        Reading held = new Reading(r.deviceId(), r.metric(), r.value(), r.unit(), p.heldAt(), messageId, SOURCE, flags);
        return new DecisionEngine.Input(held, p.input().device(), p.input().metric(), p.input().policy());
    }

    /** The message id of the held reading: the original's, with the time it is held to. */
    public static String heldMessageId(String original, Instant heldAt) {
        return originalMessageId(original) + HELD_SUFFIX + heldAt.getEpochSecond();
    }

    /** The message id of the device's own reading a held reading re-examines (itself for a device's reading). */
    public static String originalMessageId(String messageId) {
        int cut = messageId.indexOf(HELD_SUFFIX);
        return cut < 0 ? messageId : messageId.substring(0, cut);
    }

    private static final String HELD_SUFFIX = "#held@";

    public synchronized int size() {
        return bySeries.size();
    }

    /** Entries refused because the capacity was reached (the series is re-examined at its next reading instead). */
    public synchronized long dropped() {
        return dropped;
    }
}
