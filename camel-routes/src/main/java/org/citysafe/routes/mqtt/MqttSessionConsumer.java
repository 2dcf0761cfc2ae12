package org.citysafe.routes.mqtt;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Feeds the readings route from a persistent QoS 1 session, acknowledging each message only after the route has
 * processed it (decisions stored, or the message kept as a dead letter).
 *
 * <p>Why not camel-paho's consumers, and why not Paho's automatic reconnect (both seen with Paho 1.2.5 against a
 * restarted Mosquitto, see docs/PROTOCOLS.md, broker restarts):
 * <ul>
 *   <li>Paho's automatic reconnect reuses the connection's client state. The new sender thread starts before CONNECT
 *       is queued; if the broken connection left something in the outbound flows (an acknowledgement, say), the
 *       sender, not connected and not finding CONNECT first, stops at once, and the connect waits for it forever: a
 *       TCP connection that never sends CONNECT (3.1.1 and 5).</li>
 *   <li>camel-paho re-subscribes with the <em>blocking</em> client inside Paho's {@code connectComplete}, on Paho's
 *       only callback thread. The broker sends the messages it kept right after CONNACK, before the SUBACK; Paho's
 *       receiver queues 10 of them for the callback thread and then waits for room, so the SUBACK is never read,
 *       the subscribe never returns and no message is taken again: connected and silent (3.1.1).</li>
 * </ul>
 * So every connection here is a fresh Paho async client (its state is the broker's session, not the client's), a lost
 * connection is replaced by our own loop with backoff, subscribing waits on our thread, never Paho's, and an
 * acknowledgement that comes too late goes to the closed client: the broker sends the message again and its message
 * id makes it a duplicate.
 *
 * <p>A broker that cannot be reached when the route starts is waited for with the same loop: cities restart their
 * machines in any order, and the service must not refuse to start (and decide nothing from HTTP, TCP or Kafka either)
 * because Mosquitto is not back yet. A login the broker refuses is retried too, but logged as an error: it will not
 * heal by itself. {@link #state} tells health checks which of these the session is in.
 *
 * <p>A message the route could not settle (its error handler failed too) is not acknowledged; the callback throws,
 * Paho drops the connection, and the broker sends the message again on the next one.
 */
abstract class MqttSessionConsumer extends DefaultConsumer {

    private static final Logger log = LoggerFactory.getLogger(MqttSessionConsumer.class);

    /** Header carrying the topic a message arrived on (same name camel-paho used). */
    static final String TOPIC_HEADER = "CamelMqttTopic";

    /** One connection of the session: one Paho client, used once. */
    interface Connection {
        /** True once the client reported the connection lost. */
        boolean lost();

        void close();
    }

    protected final MqttSession session;
    private volatile boolean stopping;
    private volatile Connection current;
    private ScheduledExecutorService reconnector;
    private volatile int reconnectDelaySeconds = 1;
    private volatile Instant connectedSince;
    private volatile String lastError;
    private volatile Instant nextAttempt;

    MqttSessionConsumer(MqttSessionEndpoint endpoint, Processor processor, MqttSession session) {
        super(endpoint, processor);
        this.session = session;
    }

    /** Connects a new client (clean session/start off), subscribes and waits for both; the client calls back
     * {@link #deliver} for each message and {@link #connectionLost} once. */
    protected abstract Connection connect() throws Exception;

    /** True when {@link #connect} failed because the broker refused the login (credentials, authorisation). */
    protected abstract boolean refused(Exception connectFailure);

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        stopping = false;
        reconnector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "MQTT session " + session.clientId());
            thread.setDaemon(true);
            return thread;
        });
        reconnectDelaySeconds = 1;
        lastError = null;
        nextAttempt = null;
        try {
            adopt(connect());
        } catch (IllegalArgumentException e) {
            // a malformed broker URL or client id: no attempt will ever succeed, so the start fails as it always did
            reconnector.shutdownNow();
            throw e;
        } catch (Exception e) {
            retryLater(e, true);
            return;
        }
        log.info("MQTT {} session {} at {} subscribed to {}", session.version() == MqttReadingsRoute.Version.V5
                ? "5" : "3.1.1", session.clientId(),
                session.brokerUrl(), session.subscription());
    }

    @Override
    protected void doStop() throws Exception {
        stopping = true;
        if (reconnector != null) {
            reconnector.shutdownNow();
            reconnector.awaitTermination(10, TimeUnit.SECONDS);
        }
        // the session is durable: no unsubscribe, the broker keeps what arrives meanwhile
        Connection connection = current;
        current = null;
        connectedSince = null;
        nextAttempt = null;
        if (connection != null) connection.close();
        super.doStop();
    }

    /** Runs the route for one message on the calling (Paho callback) thread; returns once it is settled. */
    protected void deliver(String topic, byte[] payload) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(payload);
            exchange.getIn().setHeader(TOPIC_HEADER, topic);
            getProcessor().process(exchange);
            if (exchange.getException() != null) throw exchange.getException();
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** Called by a connection's client when it lost the broker (any thread of Paho's: only schedule here). */
    protected synchronized void connectionLost(Connection connection, Object cause) {
        if (stopping || connection != current) return;
        log.warn("MQTT session {} lost its connection to {} ({}); reconnecting", session.clientId(),
                session.brokerUrl(), cause);
        connectedSince = null;
        lastError = "connection lost: " + cause;
        nextAttempt = Instant.now();
        reconnectDelaySeconds = 1;
        schedule(() -> {
            connection.close();
            reconnect();
        }, 0);
    }

    private void reconnect() {
        if (stopping) return;
        try {
            adopt(connect());
            log.info("MQTT session {} connected to {} and subscribed to {}", session.clientId(), session.brokerUrl(),
                    session.subscription());
        } catch (Exception e) {
            retryLater(e, false);
        }
    }

    /** Schedules the next attempt with backoff, and says why in one line: refused logins at ERROR, they need a human. */
    private void retryLater(Exception failure, boolean atStart) {
        int delay = reconnectDelaySeconds;
        lastError = failure.toString();
        nextAttempt = Instant.now().plusSeconds(delay);
        if (refused(failure)) {
            log.error("MQTT session {}: {} refused the login ({}); check the credentials and the broker's ACL; "
                    + "next attempt in {} s", session.clientId(), session.brokerUrl(), failure, delay);
        } else if (atStart) {
            log.warn("MQTT session {}: {} not reachable at start ({}); starting without it, next attempt in {} s",
                    session.clientId(), session.brokerUrl(), failure, delay);
        } else {
            log.info("MQTT session {}: {} not reachable yet ({}); next attempt in {} s", session.clientId(),
                    session.brokerUrl(), failure, delay);
        }
        schedule(this::reconnect, delay);
        reconnectDelaySeconds = Math.min(delay * 2, MqttSession.MAX_RECONNECT_DELAY_SECONDS);
    }

    /** The session as a health check sees it; connected means subscribed too ({@link #connect} does both). */
    MqttSessionState state(String routeId) {
        Connection connection = current;
        Instant since = connectedSince;
        if (connection != null && !connection.lost() && since != null) {
            return new MqttSessionState(routeId, session.brokerUrl(), session.clientId(), since, null, null);
        }
        String why = lastError != null ? lastError : isStarted() ? "connecting" : "not started";
        return new MqttSessionState(routeId, session.brokerUrl(), session.clientId(), null, why, nextAttempt);
    }

    /** Makes a new connection the current one; if it was lost already, before anyone listened, replaces it. */
    private synchronized void adopt(Connection connection) {
        if (stopping) {
            connection.close();
            return;
        }
        current = connection;
        connectedSince = Instant.now();
        lastError = null;
        nextAttempt = null;
        if (connection.lost()) connectionLost(connection, "lost while connecting");
    }

    private void schedule(Runnable task, long delaySeconds) {
        try {
            reconnector.schedule(task, delaySeconds, TimeUnit.SECONDS);
        } catch (RuntimeException rejected) {
            if (!stopping) throw rejected;
        }
    }
}
