package org.citysafe.service.decision;

import org.citysafe.rules.Level;
import org.citysafe.rules.Location;
import org.citysafe.rules.engine.History;
import org.citysafe.rules.engine.Nearby;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.engine.RuleSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What rules may know about a batch beyond the readings themselves: each observation's recent history of the same
 * metric (sustained and N-of-M rules) and the hazard alarms open nearby (coupling rules). Each is loaded only when
 * the rule set names it, and bounded: the last {@code history-size} readings within a day, alarms within
 * {@code nearby-radius-metres}.
 */
@Component
public class Surroundings {

    private static final Duration HISTORY_SPAN = Duration.ofDays(1);
    private static final double EARTH_RADIUS_METRES = 6_371_000;

    private final JdbcTemplate jdbc;
    private final int historySize;
    private final double radiusMetres;

    public Surroundings(JdbcTemplate jdbc, @Value("${citysafe.decision.history-size:20}") int historySize,
                        @Value("${citysafe.decision.nearby-radius-metres:500}") double radiusMetres) {
        this.jdbc = jdbc;
        this.historySize = historySize;
        this.radiusMetres = radiusMetres;
    }

    /** The context facts the rules need for these observations (none when they match on neither). */
    public List<Object> of(RuleSet rules, List<Observation> observations) {
        List<Object> facts = new ArrayList<>();
        if (observations.isEmpty()) return facts;
        if (rules.mentions("History")) facts.addAll(histories(observations));
        if (rules.mentions("Nearby")) facts.addAll(nearby(observations));
        return facts;
    }

    private record Stored(String messageId, Instant ts, double value) {
    }

    /** Per observation, the stored and in-batch readings of its device and metric before it, oldest first. */
    public List<History> histories(List<Observation> observations) {
        Map<String, List<Stored>> byKey = new HashMap<>();
        String[] devices = observations.stream().map(Observation::getDeviceId).toArray(String[]::new);
        String[] metrics = observations.stream().map(Observation::getMetric).toArray(String[]::new);
        Instant newest = observations.stream().map(o -> o.getReading().ts()).max(Comparator.naturalOrder()).orElseThrow();
        jdbc.query("""
                select device_id, metric, message_id, ts, value from (
                    select r.device_id, r.metric, r.message_id, r.ts, r.value,
                           row_number() over (partition by r.device_id, r.metric order by r.ts desc) as rn
                    from reading r
                    join (select distinct * from unnest(?::text[], ?::text[])) as k(device_id, metric)
                      on r.device_id = k.device_id and r.metric = k.metric
                    where r.ts <= ? and r.ts > ?) recent
                where rn <= ?
                """, rs -> {
            byKey.computeIfAbsent(rs.getString(1) + '\u0000' + rs.getString(2), k -> new ArrayList<>())
                    .add(new Stored(rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getDouble(5)));
        }, devices, metrics, Timestamp.from(newest), Timestamp.from(newest.minus(HISTORY_SPAN)), historySize * 2);
        for (Observation o : observations) {
            byKey.computeIfAbsent(o.getDeviceId() + '\u0000' + o.getMetric(), k -> new ArrayList<>())
                    .add(new Stored(o.getReading().messageId(), o.getReading().ts(), o.getValue()));
        }
        List<History> histories = new ArrayList<>(observations.size());
        for (Observation o : observations) {
            Instant ts = o.getReading().ts();
            List<History.Sample> earlier = byKey.get(o.getDeviceId() + '\u0000' + o.getMetric()).stream()
                    .filter(s -> s.ts().isBefore(ts) && !s.ts().isBefore(ts.minus(HISTORY_SPAN))
                            && !s.messageId().equals(o.getReading().messageId()))
                    .sorted(Comparator.comparing(Stored::ts))
                    .map(s -> new History.Sample(s.ts(), s.value())).toList();
            if (earlier.size() > historySize) earlier = earlier.subList(earlier.size() - historySize, earlier.size());
            histories.add(new History(o, earlier));
        }
        return histories;
    }

    private record OpenAlarm(String siteId, String deviceId, String scenario, String alarmType, Level level,
                             Double lat, Double lon) {
    }

    /** Per observation, the hazard alarms open at its site or within the radius of its device. */
    public List<Nearby> nearby(List<Observation> observations) {
        String[] sites = observations.stream().map(Observation::getSiteId).distinct().toArray(String[]::new);
        double minLat = 91, maxLat = -91, minLon = 181, maxLon = -181;
        for (Observation o : observations) {
            Location l = o.getDevice().location();
            if (l == null) continue;
            double dLat = Math.toDegrees(radiusMetres / EARTH_RADIUS_METRES);
            double dLon = dLat / Math.max(Math.cos(Math.toRadians(l.lat())), 0.01);
            minLat = Math.min(minLat, l.lat() - dLat);
            maxLat = Math.max(maxLat, l.lat() + dLat);
            minLon = Math.min(minLon, l.lon() - dLon);
            maxLon = Math.max(maxLon, l.lon() + dLon);
        }
        List<OpenAlarm> open = jdbc.query("""
                select a.site_id, a.device_id, a.scenario, a.alarm_type, a.level, d.lat, d.lon
                from alarm a left join device d on d.device_id = a.device_id
                where a.kind = 'HAZARD' and a.status not in ('RESOLVED', 'CLOSED')
                  and (a.site_id = any(?) or (d.lat between ? and ? and d.lon between ? and ?))
                limit 10000
                """, (rs, i) -> new OpenAlarm(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5) == null ? null : Level.valueOf(rs.getString(5)), (Double) rs.getObject(6),
                (Double) rs.getObject(7)), sites, minLat, maxLat, minLon, maxLon);
        List<Nearby> nearby = new ArrayList<>();
        for (Observation o : observations) {
            Location here = o.getDevice().location();
            for (OpenAlarm a : open) {
                if (a.siteId().equals(o.getSiteId())) {
                    nearby.add(new Nearby(o, Nearby.SAME_SITE, a.siteId(), a.deviceId(), a.scenario(), a.alarmType(),
                            a.level(), 0));
                } else if (here != null && a.lat() != null && a.lon() != null) {
                    double d = metresBetween(here.lat(), here.lon(), a.lat(), a.lon());
                    if (d <= radiusMetres) {
                        nearby.add(new Nearby(o, Nearby.WITHIN_RADIUS, a.siteId(), a.deviceId(), a.scenario(),
                                a.alarmType(), a.level(), d));
                    }
                }
            }
        }
        return nearby;
    }

    /** Great-circle distance (haversine), plenty accurate over the few hundred metres coupling rules look at. */
    static double metresBetween(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
