package org.citysafe.service.decision;

import org.citysafe.rules.Level;
import org.citysafe.rules.Location;
import org.citysafe.rules.engine.History;
import org.citysafe.rules.engine.Nearby;
import org.citysafe.rules.engine.Observation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The hazard alarms open near a batch's readings, for rules that name {@code Nearby} facts: at the reading's site or
 * within {@code nearby-radius-metres} of its device, as PostgreSQL holds them. (A reading's history is its series
 * state, {@link History#of}.)
 */
@Component
public class Surroundings {

    private static final double EARTH_RADIUS_METRES = 6_371_000;

    private final JdbcTemplate jdbc;
    private final double radiusMetres;

    public Surroundings(JdbcTemplate jdbc, @Value("${citysafe.decision.nearby-radius-metres:500}") double radiusMetres) {
        this.jdbc = jdbc;
        this.radiusMetres = radiusMetres;
    }

    private record OpenAlarm(String siteId, String deviceId, String scenario, String alarmType, Level level,
                             Double lat, Double lon) {
    }

    /** Per observation, the hazard alarms open at its site or within the radius of its device. */
    public List<Nearby> nearby(List<Observation> observations) {
        if (observations.isEmpty()) return List.of();
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
