package org.citysafe.service.ingest;

import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.service.deadletter.DeadLetterStore;
import org.citysafe.service.decision.DecisionService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Readings accepted with 202 wait here, in PostgreSQL, until they are decided: an accepted reading survives a
 * restart. Workers on any number of instances claim rows with SKIP LOCKED and delete them in the same transaction
 * that stores their decisions, so each is decided once.
 */
@Component
public class Inbox {

    private static final int CLAIM = 500;
    private final JdbcTemplate jdbc;
    private final ReadingJsonCodec codec;
    private final DecisionService decisions;
    private final DeadLetterStore deadLetters;

    public Inbox(JdbcTemplate jdbc, ReadingJsonCodec codec, DecisionService decisions, DeadLetterStore deadLetters) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.decisions = decisions;
        this.deadLetters = deadLetters;
    }

    @Transactional
    public void enqueue(String route, String peer, List<String> readings, List<DeadLetterStore.Refusal> refusals) {
        if (!readings.isEmpty()) {
            jdbc.batchUpdate("insert into inbox (route, peer, body) values (?, ?, ?)", readings, readings.size(),
                    (ps, body) -> {
                        ps.setString(1, route);
                        ps.setString(2, peer);
                        ps.setString(3, body);
                    });
        }
        deadLetters.storeAll(refusals);
    }

    /** Decides what is waiting; returns how many readings it took. */
    @Scheduled(fixedDelayString = "${citysafe.ingest.inbox-poll-interval}")
    @Transactional
    public int drain() {
        record Row(long id, String route, String peer, String body) {
        }
        List<Row> rows = jdbc.query("""
                delete from inbox where id in (select id from inbox order by id limit ? for update skip locked)
                returning id, route, peer, body
                """, (rs, i) -> new Row(rs.getLong("id"), rs.getString("route"), rs.getString("peer"), rs.getString("body")),
                CLAIM);
        rows.sort(java.util.Comparator.comparingLong(Row::id)); // RETURNING has no order; readings of a device must keep theirs
        Map<String, List<ParsedReading>> bySender = new LinkedHashMap<>();
        for (Row row : rows) {
            // canonical JSON written by enqueue: decodes again without loss
            bySender.computeIfAbsent(row.route() + '\u0000' + (row.peer() == null ? "" : row.peer()), k -> new ArrayList<>())
                    .addAll(codec.decode(row.body().getBytes(StandardCharsets.UTF_8), row.route(), null));
        }
        for (var entry : bySender.entrySet()) {
            String[] sender = entry.getKey().split("\u0000", 2);
            decisions.decide(sender[0], sender[1], entry.getValue(), false);
        }
        return rows.size();
    }
}
