package org.citysafe.service.decision;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Reading;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every decided reading with its outcome: history for replay and preview, and the record that spots duplicates. */
@Repository
public class ReadingLog {

    private final JdbcTemplate jdbc;

    public ReadingLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Entry(Reading reading, Decision decision) {
    }

    /** Keys {@code deviceId + '\0' + messageId} of the given readings that were already decided. */
    public Set<String> alreadyDecided(List<Reading> readings) {
        Set<String> found = new HashSet<>();
        if (readings.isEmpty()) return found;
        String[] devices = readings.stream().map(Reading::deviceId).toArray(String[]::new);
        String[] messages = readings.stream().map(Reading::messageId).toArray(String[]::new);
        jdbc.query("""
                select r.device_id, r.message_id from reading r
                join unnest(?::text[], ?::text[]) as k(device_id, message_id)
                  on r.device_id = k.device_id and r.message_id = k.message_id
                """, rs -> {
            found.add(rs.getString(1) + '\u0000' + rs.getString(2));
        }, devices, messages);
        return found;
    }

    public void append(List<Entry> entries) {
        if (entries.isEmpty()) return;
        jdbc.batchUpdate("""
                insert into reading (device_id, metric, value, unit, ts, message_id, source, flags, outcome, level,
                                     alarm_type, alarm_id, policy_version, recheck_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (device_id, message_id) do nothing
                """, entries, entries.size(), (ps, e) -> {
            Reading r = e.reading();
            Decision d = e.decision();
            ps.setString(1, r.deviceId());
            ps.setString(2, r.metric());
            ps.setDouble(3, r.value());
            ps.setString(4, r.unit());
            ps.setTimestamp(5, Timestamp.from(r.ts()));
            ps.setString(6, r.messageId());
            ps.setString(7, r.source());
            Array flags = ps.getConnection().createArrayOf("text", r.flags().toArray());
            ps.setArray(8, flags);
            ps.setString(9, d.outcome().name());
            ps.setString(10, d.level() == null ? null : d.level().name());
            ps.setString(11, d.alarmType());
            ps.setString(12, d.alarmId());
            ps.setString(13, d.policyVersion());
            ps.setTimestamp(14, d.recheckAt() == null ? null : Timestamp.from(d.recheckAt()));
        });
    }
}
