package org.citysafe.service.notify;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Messages on their way out, in PostgreSQL. They are written in the transaction that fires their escalation step,
 * so a step either fired and has its messages, or neither. Relays on any instance claim due messages with
 * SKIP LOCKED and lease them (pushing {@code next_attempt_at} forward), so two instances never send one message at
 * the same time, and a message whose sender died is sent again, with the same delivery id, once its lease ends.
 */
@Repository
public class Outbox {

    /** A claimed message; {@code attempts} counts this one. */
    public record Claimed(String deliveryId, String alarmId, Channel channel, String recipientRole, String recipient,
                          String body, int attempts) {
    }

    /** A message and what became of it, as the alarm view lists it. */
    public record Delivery(String deliveryId, Channel channel, String recipientRole, String recipient, String status,
                           int attempts, String lastError, Instant createdAt, Instant deliveredAt, String sentBy) {
    }

    private final JdbcTemplate jdbc;

    public Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds messages; one whose delivery id is already there is left as it is (a step is never sent twice). */
    public int enqueue(List<OutboundMessage> messages) {
        int added = 0;
        for (OutboundMessage m : messages) {
            added += jdbc.update("""
                    insert into outbox (delivery_id, alarm_id, timer_id, channel, recipient_role, recipient, body)
                    values (?, ?, ?, ?, ?, ?, ?) on conflict (delivery_id) do nothing
                    """, m.deliveryId(), m.alarmId(), m.timerId(), m.channel().name(), m.recipientRole(),
                    m.recipient(), m.body());
        }
        return added;
    }

    /** Claims due messages of some channels, oldest first, leasing each to this instance. */
    public List<Claimed> claim(Collection<Channel> channels, int limit, Duration lease, String instance) {
        String[] names = channels.stream().map(Channel::name).toArray(String[]::new);
        return jdbc.query("""
                update outbox set attempts = attempts + 1, sent_by = ?,
                                  next_attempt_at = now() + ? * interval '1 millisecond'
                where delivery_id in (select delivery_id from outbox
                                      where status = 'PENDING' and channel = any(?) and next_attempt_at <= now()
                                      order by next_attempt_at, created_at limit ? for update skip locked)
                returning delivery_id, alarm_id, channel, recipient_role, recipient, body, attempts
                """, (rs, i) -> new Claimed(rs.getString("delivery_id"), rs.getString("alarm_id"),
                Channel.valueOf(rs.getString("channel")), rs.getString("recipient_role"), rs.getString("recipient"),
                rs.getString("body"), rs.getInt("attempts")), instance, lease.toMillis(), names, limit);
    }

    /** Hands claimed messages back unsent: due at once, and the claim's attempt not counted. */
    public void release(List<String> deliveryIds) {
        jdbc.update("""
                update outbox set next_attempt_at = now(), attempts = attempts - 1
                where delivery_id = any(?) and status = 'PENDING'
                """, (Object) deliveryIds.toArray(String[]::new));
    }

    /** Marks a message delivered; false when it was not pending any more (nothing to record twice). */
    public boolean delivered(String deliveryId) {
        return jdbc.update("""
                update outbox set status = 'DELIVERED', delivered_at = now(), last_error = null
                where delivery_id = ? and status = 'PENDING'
                """, deliveryId) == 1;
    }

    public void retryLater(String deliveryId, String error, Duration after) {
        jdbc.update("""
                update outbox set last_error = ?, next_attempt_at = now() + ? * interval '1 millisecond'
                where delivery_id = ? and status = 'PENDING'
                """, error, after.toMillis(), deliveryId);
    }

    /** Gives up on a message; false when it was not pending any more. */
    public boolean failed(String deliveryId, String error) {
        return jdbc.update("update outbox set status = 'FAILED', last_error = ? where delivery_id = ? and status = 'PENDING'",
                error, deliveryId) == 1;
    }

    public List<Delivery> forAlarm(String alarmId) {
        return jdbc.query("select * from outbox where alarm_id = ? order by created_at, delivery_id",
                (rs, i) -> new Delivery(rs.getString("delivery_id"), Channel.valueOf(rs.getString("channel")),
                        rs.getString("recipient_role"), rs.getString("recipient"), rs.getString("status"),
                        rs.getInt("attempts"), rs.getString("last_error"), instant(rs.getTimestamp("created_at")),
                        instant(rs.getTimestamp("delivered_at")), rs.getString("sent_by")), alarmId);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
