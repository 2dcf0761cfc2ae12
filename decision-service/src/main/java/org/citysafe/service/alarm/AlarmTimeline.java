package org.citysafe.service.alarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

/** The one place that writes and reads alarm timelines ({@code alarm_event}). */
@Repository
public class AlarmTimeline {

    private static final TypeReference<Map<String, Object>> DETAIL = new TypeReference<>() {
    };
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public AlarmTimeline(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** An event that is not a change of status or level: a comment, a step fired, a delivery. */
    public void record(String alarmId, String type, String actor, String cause, Map<String, ?> detail) {
        record(alarmId, type, actor, cause, null, null, null, null, detail);
    }

    public void record(String alarmId, String type, String actor, String cause, String fromStatus, String toStatus,
                       String fromLevel, String toLevel, Map<String, ?> detail) {
        jdbc.update("""
                insert into alarm_event (alarm_id, type, actor, cause, from_status, to_status, from_level, to_level, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                """, alarmId, type, actor, cause, fromStatus, toStatus, fromLevel, toLevel,
                detail == null || detail.isEmpty() ? null : write(detail));
    }

    /** Oldest first. */
    public List<AlarmEvent> of(String alarmId) {
        return jdbc.query("select * from alarm_event where alarm_id = ? order by id", (rs, i) -> {
            Timestamp at = rs.getTimestamp("at");
            String detail = rs.getString("detail");
            return new AlarmEvent(at.toInstant(), rs.getString("type"), rs.getString("actor"), rs.getString("cause"),
                    rs.getString("from_status"), rs.getString("to_status"), rs.getString("from_level"),
                    rs.getString("to_level"), detail == null ? Map.of() : read(detail));
        }, alarmId);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, DETAIL);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alarm event detail is not JSON", e);
        }
    }
}
