package org.citysafe.service.alarm;

import org.citysafe.rules.Level;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verification verdicts, queryable per device and per site. Learning from verdicts reads them: a device whose
 * recent alarms were false alarms needs more evidence before its next alarm is believed.
 */
@Repository
public class VerdictStore {

    /** One verdict on one alarm, with what the alarm was about. */
    public record VerdictRecord(String alarmId, String deviceId, String siteId, String districtPath, String scenario,
                                String alarmType, Level level, Verdict verdict, String note, String actor, Instant at) {
    }

    private static final RowMapper<VerdictRecord> ROW = (rs, i) -> new VerdictRecord(rs.getString("alarm_id"),
            rs.getString("device_id"), rs.getString("site_id"), rs.getString("district_path"),
            rs.getString("scenario"), rs.getString("alarm_type"),
            rs.getString("level") == null ? null : Level.valueOf(rs.getString("level")),
            Verdict.valueOf(rs.getString("verdict")), rs.getString("note"), rs.getString("actor"),
            rs.getTimestamp("at").toInstant());

    private final JdbcTemplate jdbc;

    public VerdictStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void record(Alarm alarm, Verdict verdict, String note, String actor) {
        jdbc.update("""
                insert into alarm_verdict (alarm_id, device_id, site_id, district_path, scenario, alarm_type, level,
                                           verdict, note, actor)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, alarm.id(), alarm.deviceId(), alarm.siteId(), alarm.districtPath(), alarm.scenario(),
                alarm.alarmType(), alarm.level() == null ? null : alarm.level().name(), verdict.name(), note, actor);
    }

    /** Verdicts on alarms opened by this device since the instant, newest first. */
    public List<VerdictRecord> recentForDevice(String deviceId, Instant since) {
        return jdbc.query("select * from alarm_verdict where device_id = ? and at >= ? order by at desc, id desc",
                ROW, deviceId, Timestamp.from(since));
    }

    /** Verdicts on alarms at this site since the instant, newest first. */
    public List<VerdictRecord> recentForSite(String siteId, Instant since) {
        return jdbc.query("select * from alarm_verdict where site_id = ? and at >= ? order by at desc, id desc",
                ROW, siteId, Timestamp.from(since));
    }

    /** The verdict given on an alarm, if any. */
    public Optional<VerdictRecord> forAlarm(String alarmId) {
        return jdbc.query("select * from alarm_verdict where alarm_id = ? order by id desc limit 1", ROW, alarmId)
                .stream().findFirst();
    }

    /**
     * Per device, the FALSE_ALARM verdicts since its most recent CONFIRMED one, counting verdicts given since
     * {@code since}: what "learning from verdicts" reads. Devices without any are absent.
     */
    public Map<String, Integer> falseAlarmsSinceConfirmed(Collection<String> deviceIds, Instant since) {
        Map<String, Integer> counts = new HashMap<>();
        if (deviceIds.isEmpty()) return counts;
        Set<String> confirmedSeen = new HashSet<>();
        jdbc.query("select device_id, verdict from alarm_verdict where device_id = any(?) and at >= ?"
                + " order by device_id, at desc, id desc", rs -> {
            String device = rs.getString(1);
            if (confirmedSeen.contains(device)) return;
            if ("CONFIRMED".equals(rs.getString(2))) confirmedSeen.add(device);
            else counts.merge(device, 1, Integer::sum);
        }, deviceIds.toArray(String[]::new), Timestamp.from(since));
        return counts;
    }
}
