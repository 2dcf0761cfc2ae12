package org.citysafe.service.notify;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.citysafe.routes.notify.DutyCentreRoute;
import org.citysafe.routes.notify.FireDispatchRoute;
import org.citysafe.routes.notify.MessagingGatewayRoute;
import org.citysafe.routes.notify.NotifyHeaders;
import org.citysafe.routes.notify.OpsCentreRoute;
import org.citysafe.service.CitysafeProperties;
import org.citysafe.service.alarm.AlarmLifecycle;
import org.citysafe.service.alarm.AlarmTimeline;
import org.citysafe.service.worker.PollingWorker;
import org.citysafe.service.worker.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends what is in the outbox through the Camel routes and writes each result to the alarm's timeline: DELIVERED
 * with the attempt it took, or DELIVERY_FAILED after the last attempt. A failed attempt is retried later with
 * backoff, with the same delivery id. Each receiver has its own lane (worker), so a receiver that is down or slow
 * never holds up another: an owner's SMS gateway being down does not delay 119.
 */
@Component
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 20;

    /** A receiver and the channels it carries. */
    enum Lane {
        MESSAGING_GATEWAY(Set.of(Channel.SMS, Channel.WECHAT), MessagingGatewayRoute.ENDPOINT, "citysafe.notify.gateway.url"),
        DUTY_CENTRE(Set.of(Channel.PHONE_TASK), DutyCentreRoute.ENDPOINT, "citysafe.notify.duty-centre.url"),
        FIRE_119(Set.of(Channel.DISPATCH_119), FireDispatchRoute.ENDPOINT, "citysafe.notify.fire-119.url"),
        OPS_CENTRE(Set.of(Channel.OPS_CENTRE), OpsCentreRoute.ENDPOINT, "citysafe.notify.ops-centre.brokers");

        final Set<Channel> channels;
        final String endpoint;
        final String setting;

        Lane(Set<Channel> channels, String endpoint, String setting) {
            this.channels = channels;
            this.endpoint = endpoint;
            this.setting = setting;
        }

        static Lane of(Channel channel) {
            for (Lane lane : values()) if (lane.channels.contains(channel)) return lane;
            throw new IllegalArgumentException(channel.name());
        }
    }

    private final Outbox outbox;
    private final AlarmTimeline timeline;
    private final AlarmLifecycle lifecycle;
    private final ProducerTemplate producer;
    private final TransactionTemplate tx;
    private final CitysafeProperties.Retry retry;
    private final String instance;
    private final Map<Lane, Boolean> configured = new EnumMap<>(Lane.class);
    private final Map<Lane, PollingWorker> workers = new EnumMap<>(Lane.class);

    public OutboxRelay(Outbox outbox, AlarmTimeline timeline, AlarmLifecycle lifecycle, ProducerTemplate producer,
                       TransactionTemplate tx, CitysafeProperties properties, Workers registry) {
        this.outbox = outbox;
        this.timeline = timeline;
        this.lifecycle = lifecycle;
        this.producer = producer;
        this.tx = tx;
        CitysafeProperties.Notify notify = properties.notifications();
        this.retry = notify.retry();
        this.instance = notify.instance() == null || notify.instance().isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() : notify.instance();
        configured.put(Lane.MESSAGING_GATEWAY, notify.gateway().configured());
        configured.put(Lane.DUTY_CENTRE, notify.dutyCentre().configured());
        configured.put(Lane.FIRE_119, notify.fire119().configured());
        configured.put(Lane.OPS_CENTRE, notify.opsCentre().configured());
        for (Lane lane : Lane.values()) {
            workers.put(lane, registry.register("notify-" + lane.name().toLowerCase().replace('_', '-'),
                    notify.pollInterval(), () -> relay(lane)));
        }
    }

    /** This instance's name in delivery records. */
    public String instance() {
        return instance;
    }

    /** Sends the given channels' messages once the current transaction has committed them. */
    public void wakeAfterCommit(Iterable<Channel> channels) {
        for (Channel c : channels) Workers.wakeAfterCommit(workers.get(Lane.of(c)));
    }

    /** One batch of one lane; returns how many messages it took. */
    int relay(Lane lane) {
        long claimedAt = System.nanoTime();
        List<Outbox.Claimed> batch = outbox.claim(lane.channels, BATCH, retry.lease(), instance);
        for (int i = 0; i < batch.size(); i++) {
            Outbox.Claimed m = batch.get(i);
            if (!configured.get(lane)) {
                giveUp(m, "no receiver configured for " + m.channel() + " (set " + lane.setting + ")");
                continue;
            }
            if (System.nanoTime() - claimedAt > retry.lease().toNanos() / 2) {
                // a slow receiver used up half the lease: hand the rest back before another instance may take them
                outbox.release(batch.subList(i, batch.size()).stream().map(Outbox.Claimed::deliveryId).toList());
                break;
            }
            Exchange sent = producer.send(lane.endpoint, e -> {
                e.getIn().setBody(m.body());
                e.getIn().setHeader(NotifyHeaders.DELIVERY_ID, m.deliveryId());
                e.getIn().setHeader(NotifyHeaders.ALARM_ID, m.alarmId());
            });
            Exception failure = sent.getException();
            if (failure == null) delivered(m);
            else if (m.attempts() >= retry.maxAttempts()) giveUp(m, describe(failure));
            else retryLater(m, describe(failure));
        }
        return batch.size();
    }

    private void delivered(Outbox.Claimed m) {
        tx.executeWithoutResult(s -> {
            if (!outbox.delivered(m.deliveryId())) return;
            String cause = m.channel() + " to " + m.recipientRole() + " " + m.recipient() + " delivered"
                    + (m.attempts() > 1 ? " on attempt " + m.attempts() : "");
            timeline.record(m.alarmId(), "DELIVERED", AlarmLifecycle.ESCALATION, cause, detail(m, null));
            if (m.channel() == Channel.DISPATCH_119) {
                lifecycle.dispatched(m.alarmId(), "119 dispatch delivered (delivery " + m.deliveryId() + ")",
                        detail(m, null));
            }
        });
    }

    private void retryLater(Outbox.Claimed m, String error) {
        Duration backoff = backoff(m.attempts());
        log.debug("{} {} attempt {} failed, next in {}: {}", m.channel(), m.deliveryId(), m.attempts(), backoff, error);
        outbox.retryLater(m.deliveryId(), error, backoff);
    }

    private void giveUp(Outbox.Claimed m, String error) {
        tx.executeWithoutResult(s -> {
            if (!outbox.failed(m.deliveryId(), error)) return;
            String cause = m.channel() + " to " + m.recipientRole() + " " + m.recipient() + " failed after "
                    + m.attempts() + " attempt" + (m.attempts() == 1 ? "" : "s") + ": " + error;
            timeline.record(m.alarmId(), "DELIVERY_FAILED", AlarmLifecycle.ESCALATION, cause, detail(m, error));
        });
        if (configured.get(Lane.of(m.channel()))) {
            log.warn("Gave up on {} {} for alarm {} after {} attempt(s): {}", m.channel(), m.deliveryId(),
                    m.alarmId(), m.attempts(), error);
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void reportUnconfiguredReceivers() {
        for (Lane lane : Lane.values()) {
            if (!configured.get(lane)) {
                log.info("No receiver for {}: its messages fail at once, shown in each alarm's timeline (set {})",
                        lane.channels, lane.setting);
            }
        }
    }

    /** Attempt n failed: wait initial × multiplier^(n-1), at most max. */
    Duration backoff(int attempts) {
        double millis = retry.initial().toMillis() * Math.pow(retry.multiplier(), Math.max(0, attempts - 1));
        return Duration.ofMillis((long) Math.min(millis, retry.max().toMillis()));
    }

    private Map<String, Object> detail(Outbox.Claimed m, String error) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("deliveryId", m.deliveryId());
        detail.put("channel", m.channel().name());
        detail.put("recipientRole", m.recipientRole());
        detail.put("attempts", m.attempts());
        detail.put("instance", instance);
        if (error != null) detail.put("error", error);
        return detail;
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        if (root != e && e.getMessage() != null && !e.getMessage().equals(root.getMessage())) {
            message = e.getMessage() + " (" + message + ")";
        }
        return message.length() > 500 ? message.substring(0, 500) : message;
    }
}
