package org.citysafe.service.decision;

import org.citysafe.rules.Device;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;
import org.citysafe.rules.state.SeriesState;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The temporal state of every series in memory, bounded in entries. PostgreSQL's reading log is the record: a
 * series not in memory (after a restart, or evicted) is rebuilt from its last readings there, so a condition that
 * has been sustained for ten minutes is still ten minutes old after the service restarts.
 */
@Component
public class SeriesCache {

    private final JdbcTemplate jdbc;
    private final int maxEntries;
    private final int rebuildReadings;
    private final Map<String, SeriesState> cache = new ConcurrentHashMap<>();
    /**
     * Series of neighbours that {@link #newestOf} found without a reading since a time: a site's devices that do
     * not report every metric of their type would otherwise be looked up again with every batch. Trusted for
     * {@code citysafe.decision.context-cache-ttl}; a reading decided here ends it at once ({@link #put}).
     */
    private final Map<String, Absent> absent = new ConcurrentHashMap<>();
    private final long absentTtlNanos;

    private record Absent(long untilNanos, Instant since) {
    }

    public SeriesCache(JdbcTemplate jdbc, @Value("${citysafe.state.max-series:2000000}") int maxEntries,
                       @Value("${citysafe.state.rebuild-readings:200}") int rebuildReadings,
                       @Value("${citysafe.decision.context-cache-ttl:5s}") Duration contextCacheTtl) {
        this.jdbc = jdbc;
        this.maxEntries = maxEntries;
        this.rebuildReadings = rebuildReadings;
        this.absentTtlNanos = contextCacheTtl.toNanos();
    }

    private static String key(String deviceId, String metric) {
        return deviceId + '\u0000' + metric;
    }

    /** The series if it is in memory, without touching the database. */
    public SeriesState peek(String deviceId, String metric) {
        return cache.get(key(deviceId, metric));
    }

    public void put(String deviceId, String metric, SeriesState state) {
        if (cache.size() >= maxEntries) evictSome();
        cache.put(key(deviceId, metric), state);
        absent.remove(key(deviceId, metric));
    }

    /** Whether the series was recently found without any reading since {@code since} (or since an earlier time). */
    public boolean knownAbsent(String deviceId, String metric, Instant since) {
        Absent a = absent.get(key(deviceId, metric));
        return a != null && a.untilNanos() - System.nanoTime() > 0 && !since.isBefore(a.since());
    }

    /** Remembers for a few seconds that the series has no reading since {@code since}. */
    public void markAbsent(String deviceId, String metric, Instant since) {
        long now = System.nanoTime();
        if (absent.size() >= maxEntries / 10) absent.values().removeIf(a -> a.untilNanos() - now <= 0);
        if (absent.size() < maxEntries / 10) absent.put(key(deviceId, metric), new Absent(now + absentTtlNanos, since));
    }

    public int size() {
        return cache.size();
    }

    /** Forgets everything, as a restart does; the next use of each series rebuilds it from the reading log. */
    public void clear() {
        cache.clear();
        absent.clear();
    }

    /** A series of a batch to be decided. */
    public record Wanted(Device device, Metric metric) {
    }

    /**
     * Every wanted series (each once, however often it is asked for), from memory or, for those not in memory,
     * rebuilt from the reading log in one query for all of them: after a restart each device's first batch would
     * otherwise cost a round trip per series. {@code policyFor} gives the thresholds a rebuilt series is keyed by;
     * it is asked only for those.
     */
    public Map<String, Map<String, SeriesState>> getAll(List<Wanted> wanted, Function<Device, Policy> policyFor) {
        Map<String, Map<String, SeriesState>> out = new HashMap<>();
        Map<String, Wanted> missing = new LinkedHashMap<>();
        for (Wanted w : wanted) {
            String key = key(w.device().deviceId(), w.metric().name());
            SeriesState cached = cache.get(key);
            if (cached != null) out.computeIfAbsent(w.device().deviceId(), k -> new HashMap<>()).put(w.metric().name(), cached);
            else missing.putIfAbsent(key, w);
        }
        if (missing.isEmpty()) return out;
        record Point(Instant ts, double value) {
        }
        Map<String, List<Point>> newestFirst = new HashMap<>();
        jdbc.query("""
                select k.device_id, k.metric, r.ts, r.value from unnest(?::text[], ?::text[]) as k(device_id, metric)
                cross join lateral (select ts, value from reading
                                    where device_id = k.device_id and metric = k.metric and outcome <> 'REJECTED'
                                    order by ts desc limit ?) r
                """, rs -> {
            newestFirst.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                    .add(new Point(rs.getTimestamp(3).toInstant(), rs.getDouble(4)));
        }, missing.values().stream().map(w -> w.device().deviceId()).toArray(String[]::new),
                missing.values().stream().map(w -> w.metric().name()).toArray(String[]::new), rebuildReadings);
        for (Map.Entry<String, Wanted> e : missing.entrySet()) {
            Wanted w = e.getValue();
            Policy policy = policyFor.apply(w.device());
            List<Point> points = newestFirst.getOrDefault(e.getKey(), List.of());
            SeriesState state = SeriesState.EMPTY;
            for (int i = points.size() - 1; i >= 0; i--) {
                Point p = points.get(i);
                if (!w.metric().withinInstrumentRange(p.value())) continue;
                state = state.append(p.ts(), p.value(),
                        Observation.runKeys(policy, w.device().scenario(), w.metric().name(), p.value()));
            }
            out.computeIfAbsent(w.device().deviceId(), k -> new HashMap<>()).put(w.metric().name(), state);
        }
        return out;
    }

    /**
     * The newest reading since {@code since} of each of these series (device to metrics), for the site view of
     * devices not in memory. One index lookup per series: a filter on time alone would read every reading of the
     * window, which at thousands of readings a second is most of the table.
     */
    public Map<String, Map<String, SeriesState>> newestOf(Map<String, List<String>> metricsByDevice, Instant since) {
        Map<String, Map<String, SeriesState>> out = new ConcurrentHashMap<>();
        if (metricsByDevice.isEmpty()) return out;
        List<String> devices = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        metricsByDevice.forEach((device, ms) -> ms.forEach(m -> {
            devices.add(device);
            metrics.add(m);
        }));
        jdbc.query("""
                select k.device_id, k.metric, r.ts, r.value from unnest(?::text[], ?::text[]) as k(device_id, metric)
                cross join lateral (select ts, value from reading
                                    where device_id = k.device_id and metric = k.metric and ts >= ?
                                      and outcome <> 'REJECTED'
                                    order by ts desc limit 1) r
                """, rs -> {
            out.computeIfAbsent(rs.getString(1), k -> new ConcurrentHashMap<>()).put(rs.getString(2),
                    SeriesState.EMPTY.append(rs.getTimestamp(3).toInstant(), rs.getDouble(4), List.of()));
        }, devices.toArray(String[]::new), metrics.toArray(String[]::new), Timestamp.from(since));
        return out;
    }

    private void evictSome() {
        int toEvict = Math.max(1, maxEntries / 10);
        Iterator<String> it = cache.keySet().iterator();
        while (toEvict-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
