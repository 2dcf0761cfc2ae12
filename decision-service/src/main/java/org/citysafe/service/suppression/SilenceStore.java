package org.citysafe.service.suppression;

import org.citysafe.rules.Level;
import org.citysafe.rules.state.Silence;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Silences in PostgreSQL. The decision path asks for the silences in force for every batch; it gets them from a copy
 * in memory, reloaded after {@code citysafe.decision.context-cache-ttl} and at once when this instance creates or
 * cancels one (another instance's change applies here within that time).
 */
@Repository
public class SilenceStore {

    /** The copy holds every silence that ended less than this long ago; earlier windows go to the database. */
    private static final Duration HORIZON = Duration.ofHours(1);

    private record Snapshot(long loadedAtNanos, Instant horizon, List<Silence> silences) {
    }

    private final JdbcTemplate jdbc;
    private final long ttlNanos;
    private volatile Snapshot snapshot;
    /** Moves on with every change, so that a copy loaded while a change was being made is not kept. */
    private final AtomicLong generation = new AtomicLong();
    private final RowMapper<Silence> row = (rs, i) -> new Silence(rs.getString("id"), rs.getString("scope_type"),
            rs.getString("scope"), Set.of(strings(rs.getArray("alarm_types"))), Level.valueOf(rs.getString("max_level")),
            rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(), rs.getString("author"),
            rs.getString("reason"));

    public SilenceStore(JdbcTemplate jdbc,
                        @Value("${citysafe.decision.context-cache-ttl:5s}") Duration contextCacheTtl) {
        this.jdbc = jdbc;
        this.ttlNanos = contextCacheTtl.toNanos();
    }

    public Silence create(Silence s) {
        String id = UUID.randomUUID().toString();
        jdbc.update("""
                insert into silence (id, scope_type, scope, alarm_types, max_level, starts_at, ends_at, author, reason)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, id, s.scopeType(), s.scope(), s.alarmTypes().toArray(String[]::new), s.maxLevel().name(),
                Timestamp.from(s.startsAt()), Timestamp.from(s.endsAt()), s.author(), s.reason());
        invalidate();
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

    /**
     * As {@link #overlapping}, for the decision path: from the copy in memory when the window is recent (see the
     * class comment), else from the database.
     */
    public List<Silence> inForce(Instant from, Instant to) {
        Snapshot s = snapshot;
        if (s == null || System.nanoTime() - s.loadedAtNanos() > ttlNanos) {
            long loadedAt = System.nanoTime();
            long seen = generation.get();
            Instant horizon = Instant.now().minus(HORIZON);
            s = new Snapshot(loadedAt, horizon, jdbc.query(
                    "select * from silence where cancelled_at is null and ends_at > ? order by starts_at", row,
                    Timestamp.from(horizon)));
            if (generation.get() == seen) snapshot = s;
        }
        if (from.isBefore(s.horizon())) return overlapping(from, to);
        return s.silences().stream().filter(x -> !x.startsAt().isAfter(to) && x.endsAt().isAfter(from)).toList();
    }

    public boolean cancel(String id, String by) {
        boolean cancelled = jdbc.update(
                "update silence set cancelled_at = now(), cancelled_by = ? where id = ? and cancelled_at is null",
                by, id) == 1;
        invalidate();
        return cancelled;
    }

    /** Drops the copy now and, when the change is part of a transaction, again once it has committed. */
    private void invalidate() {
        generation.incrementAndGet();
        snapshot = null;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    generation.incrementAndGet();
                    snapshot = null;
                }
            });
        }
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }
}
