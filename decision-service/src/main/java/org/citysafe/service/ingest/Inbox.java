package org.citysafe.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.service.deadletter.DeadLetterStore;
import org.citysafe.service.decision.DecisionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
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

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    private static final int CLAIM = 500;
    private final JdbcTemplate jdbc;
    private final ReadingJsonCodec codec;
    private final DecisionService decisions;
    private final DeadLetterStore deadLetters;
    private final TransactionTemplate tx;

    public Inbox(JdbcTemplate jdbc, ReadingJsonCodec codec, DecisionService decisions, DeadLetterStore deadLetters,
                 TransactionTemplate tx) {
        this.tx = tx;
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

    /**
     * Decides what is waiting; returns how many readings it took. A batch that fails rolls back whole, rows
     * included; they are then taken one at a time, so that a message that cannot be decided becomes a dead letter
     * with the reason and the messages after it are decided.
     */
    @Scheduled(fixedDelayString = "${citysafe.ingest.inbox-poll-interval}")
    public int drain() {
        try {
            return tx.execute(status -> drainBatch(CLAIM, new long[1]));
        } catch (RuntimeException e) {
            if (unavailable(e)) throw e;
            log.warn("a batch from the inbox could not be decided ({}); deciding its readings one at a time",
                    rootMessage(e));
            return drainOneByOne(CLAIM);
        }
    }

    private int drainOneByOne(int limit) {
        int done = 0;
        for (; done < limit; done++) {
            long[] claimed = {-1};
            try {
                if (tx.execute(status -> drainBatch(1, claimed)) == 0) break;
            } catch (RuntimeException e) {
                // the database being away is no fault of the message: it waits for the next poll
                if (claimed[0] < 0 || unavailable(e)) throw e;
                tx.executeWithoutResult(status -> deadLetter(claimed[0], e));
            }
        }
        return done;
    }

    private record Row(long id, String route, String peer, String body) {
    }

    private int drainBatch(int limit, long[] lastClaimed) {
        List<Row> rows = jdbc.query("""
                delete from inbox where id in (select id from inbox order by id limit ? for update skip locked)
                returning id, route, peer, body
                """, (rs, i) -> new Row(rs.getLong("id"), rs.getString("route"), rs.getString("peer"), rs.getString("body")),
                limit);
        rows.sort(Comparator.comparingLong(Row::id)); // RETURNING has no order; readings of a device must keep theirs
        if (!rows.isEmpty()) lastClaimed[0] = rows.get(rows.size() - 1).id();
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

    /** Takes the row out of the inbox and keeps it as a dead letter with why it could not be decided. */
    private void deadLetter(long id, RuntimeException failure) {
        List<Row> rows = jdbc.query("delete from inbox where id = ? returning id, route, peer, body",
                (rs, i) -> new Row(rs.getLong("id"), rs.getString("route"), rs.getString("peer"), rs.getString("body")),
                id);
        for (Row row : rows) {
            String deviceId = null;
            String messageId = null;
            try {
                JsonNode node = codec.parse(row.body().getBytes(StandardCharsets.UTF_8));
                deviceId = node.path("deviceId").asText(null);
                messageId = node.path("messageId").asText(null);
            } catch (RuntimeException notJson) {
                // kept with the raw body only
            }
            deadLetters.store(new DeadLetterStore.Refusal(row.route(), row.peer(),
                    "could not be decided: " + rootMessage(failure), deviceId, messageId,
                    row.body().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static boolean unavailable(Throwable e) {
        return e instanceof TransientDataAccessException || e instanceof DataAccessResourceFailureException
                || e instanceof CannotCreateTransactionException || e instanceof RecoverableDataAccessException;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
