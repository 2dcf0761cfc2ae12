package org.citysafe.service.suppression;

import org.citysafe.rules.Level;
import org.citysafe.rules.state.Silence;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@Repository
public class SilenceStore {

    private final JdbcTemplate jdbc;
    private final RowMapper<Silence> row = (rs, i) -> new Silence(rs.getString("id"), rs.getString("scope_type"),
            rs.getString("scope"), Set.of(strings(rs.getArray("alarm_types"))), Level.valueOf(rs.getString("max_level")),
            rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(), rs.getString("author"),
            rs.getString("reason"));

    public SilenceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Silence create(Silence s) {
        String id = UUID.randomUUID().toString();
        jdbc.update("""
                insert into silence (id, scope_type, scope, alarm_types, max_level, starts_at, ends_at, author, reason)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, id, s.scopeType(), s.scope(), s.alarmTypes().toArray(String[]::new), s.maxLevel().name(),
                Timestamp.from(s.startsAt()), Timestamp.from(s.endsAt()), s.author(), s.reason());
        return find(id).orElseThrow();
    }

    public Optional<Silence> find(String id) {
        return jdbc.query("select * from silence where id = ?", row, id).stream().findFirst();
    }

    /** Silences not cancelled whose window overlaps [from, to]. */
    public List<Silence> overlapping(Instant from, Instant to) {
        return jdbc.query("select * from silence where cancelled_at is null and starts_at <= ? and ends_at > ?"
                + " order by starts_at", row, Timestamp.from(to), Timestamp.from(from));
    }

    public boolean cancel(String id, String by) {
        return jdbc.update("update silence set cancelled_at = now(), cancelled_by = ? where id = ? and cancelled_at is null",
                by, id) == 1;
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }
}
