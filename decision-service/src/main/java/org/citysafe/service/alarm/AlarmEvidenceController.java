package org.citysafe.service.alarm;

import org.citysafe.service.web.NotFoundException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.citysafe.service.security.DistrictScopes;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** The evidence behind an alarm: the decided readings that raised or updated it, newest first. */
@RestController
public class AlarmEvidenceController {

    private final JdbcTemplate jdbc;
    private final AlarmStore alarms;
    private final DistrictScopes scopes;

    public AlarmEvidenceController(JdbcTemplate jdbc, AlarmStore alarms, DistrictScopes scopes) {
        this.jdbc = jdbc;
        this.alarms = alarms;
        this.scopes = scopes;
    }

    public record Evidence(String deviceId, String metric, double value, String unit, Instant ts, String messageId,
                           String source, String outcome, String level, String policyVersion) {
    }

    @GetMapping("/api/v1/alarms/{id}/readings")
    public List<Evidence> readings(@PathVariable String id, @RequestParam(defaultValue = "50") int limit,
                                   Authentication who) {
        Alarm alarm = alarms.find(id).orElseThrow(() -> new NotFoundException("no alarm '" + id + "'"));
        scopes.requireCovered(who, alarm.districtPath(), "alarm '" + id + "'");
        return jdbc.query("""
                select device_id, metric, value, unit, ts, message_id, source, outcome, level, policy_version
                from reading where alarm_id = ? order by ts desc, id desc limit ?
                """, (rs, i) -> new Evidence(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getString(4),
                rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10)), id, Math.min(Math.max(limit, 1), 500));
    }
}
