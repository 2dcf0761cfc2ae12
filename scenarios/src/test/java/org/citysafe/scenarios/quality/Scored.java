package org.citysafe.scenarios.quality;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.engine.ActiveAlarms;
import org.citysafe.scenarios.quality.EpisodeDecider.Decided;
import org.citysafe.scenarios.quality.EpisodeGenerator.Episode;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one decision path made of one episode, counted the way a duty centre feels it: a <em>push</em> is an alarm
 * that opens or rises to a more severe level (a new notification); a fault is classified when any reading of the
 * episode is decided FAULT.
 */
final class Scored {

    final Episode episode;
    /** True time of the first push at this level or a more severe one, per level. */
    final Map<Level, Instant> firstAtLeast = new EnumMap<>(Level.class);
    final Map<Level, Integer> pushes = new EnumMap<>(Level.class);
    int faults;

    private Scored(Episode episode) {
        this.episode = episode;
    }

    /** Ours: alarms open and rise as the decision path's decisions leave them (ActiveAlarms, per device). */
    static Scored ours(Episode e, List<Decided> decided) {
        Scored s = new Scored(e);
        Map<String, Map<String, Level>> open = new HashMap<>();
        for (Decided d : decided) {
            Decision decision = d.decision();
            Map<String, Level> before = open.getOrDefault(d.reading().deviceId(), Map.of());
            if (decision.outcome() == Outcome.ALARM && decision.level() != null) {
                Level was = before.get(decision.alarmType());
                if (was == null || decision.level().isMoreSevereThan(was)) s.push(decision.level(), e.trueTime(d.reading()));
            }
            if (decision.outcome() == Outcome.FAULT) s.faults++;
            open.put(d.reading().deviceId(), ActiveAlarms.after(before, decision));
        }
        return s;
    }

    /** Naive: an alarm per metric that opens and rises with each reading past a threshold and closes with one that is not. */
    static Scored naive(Episode e, List<Decided> decided) {
        Scored s = new Scored(e);
        Map<String, Level> open = new HashMap<>();
        for (Decided d : decided) {
            Decision decision = d.decision();
            String key = d.reading().deviceId() + "/" + d.reading().metric();
            if (decision.outcome() == Outcome.ALARM && decision.level() != null) {
                Level was = open.get(key);
                if (was == null || decision.level().isMoreSevereThan(was)) s.push(decision.level(), e.trueTime(d.reading()));
                open.put(key, decision.level());
            } else {
                open.remove(key);
            }
            if (decision.outcome() == Outcome.FAULT) s.faults++;
        }
        return s;
    }

    private void push(Level level, Instant at) {
        pushes.merge(level, 1, Integer::sum);
        for (Level l : Level.values()) {
            if (l.severity() <= level.severity()) firstAtLeast.merge(l, at, (a, b) -> a.isBefore(b) ? a : b);
        }
    }

    boolean pushed() {
        return !pushes.isEmpty();
    }

    boolean pushedAtLeast(Level level) {
        return firstAtLeast.containsKey(level);
    }

    int pushCount() {
        return pushes.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Seconds from the onset to the first push at this level or above; null when none. */
    Long secondsTo(Level level) {
        Instant at = firstAtLeast.get(level);
        return at == null ? null : Duration.between(episode.onset(), at).toSeconds();
    }

    /** Seconds from the onset to the first push at any level; null when none. */
    Long secondsToFirstPush() {
        return secondsTo(Level.BLUE);
    }
}
