package org.citysafe.routes.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Feeds the readings route from a persistent QoS 1 session over MQTT 3.1.1 or 5 (the HiveMQ MQTT client),
 * acknowledging each message only after the route has processed it (decisions stored, or the message kept as a dead
 * letter).
 *
 * <p>Every connection is a fresh client with automatic reconnect off: the session's state is the broker's, not the
 * client's, and a lost connection is replaced by our own loop with backoff (docs/PROTOCOLS.md, broker restarts, says
 * what Paho's own reconnect did wrong). The message callback is registered before CONNECT, since the broker sends
 * what it kept for the session right after CONNACK, before it answers the subscription. Messages are handed to one
 * thread of the session's own, never run on the client's network thread, so the route sees one message at a time,
 * in order, and connecting, subscribing and keep-alives never wait for a decision. An acknowledgement that comes too
 * late goes to a closed client: the broker sends the message again and its message id makes it a duplicate.
 *
 * <p>A broker that cannot be reached when the route starts is waited for with the same loop: cities restart their
 * machines in any order, and the service must not refuse to start (and decide nothing from HTTP, TCP or Kafka either)
 * because Mosquitto is not back yet. A login the broker refuses is retried too, but logged as an error: it will not
 * heal by itself. {@link #state} tells health checks which of these the session is in.
 *
 * <p>A message the route could not settle (its error handler failed too) is not acknowledged; the connection is
 * dropped, what was queued behind the message is left unacknowledged too, and the broker sends them again on the next
 * connection.
 */
class MqttSessionConsumer extends DefaultConsumer {

    private static final Logger log = LoggerFactory.getLogger(MqttSessionConsumer.class);

    /** Header carrying the topic a message arrived on (same name camel-paho used). */
    static final String TOPIC_HEADER = "CamelMqttTopic";

    private final MqttSession session;
    private volatile boolean stopping;
    private volatile Connection current;
    private ScheduledExecutorService reconnector;
    private ExecutorService deliveries;
    private volatile int reconnectDelaySeconds = 1;
    private volatile Instant connectedSince;
    private volatile String lastError;
    private volatile Instant nextAttempt;

    MqttSessionConsumer(MqttSessionEndpoint endpoint, Processor processor, MqttSession session) {
        super(endpoint, processor);
        this.session = session;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        stopping = false;
        reconnector = Executors.newSingleThreadScheduledExecutor(thread("MQTT session "));
        deliveries = Executors.newSingleThreadExecutor(thread("MQTT readings "));
        reconnectDelaySeconds = 1;
        lastError = null;
        nextAttempt = null;
        try {
            adopt(connect());
        } catch (IllegalArgumentException e) {
            // a malformed broker URL or client id: no attempt will ever succeed, so the start fails as it always did
            reconnector.shutdownNow();
            deliveries.shutdownNow();
            throw e;
        } catch (Exception e) {
            retryLater(e, true);
            return;
        }
        log.info("MQTT {} session {} at {} subscribed to {}", versionName(), session.clientId(), session.brokerUrl(),
                session.subscription());
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
        if (connection != null) {
            // what is queued is left to the broker; the message being decided finishes and is acknowledged
            connection.markLost(new IllegalStateException("stopping"));
            awaitDeliveries();
            connection.close();
        }
        if (deliveries != null) {
            deliveries.shutdown();
            deliveries.awaitTermination(10, TimeUnit.SECONDS);
        }
        super.doStop();
    }

    /** Connects a new client (no clean session/start), subscribes and waits for both. */
    private Connection connect() throws Exception {
        MqttSession.Broker broker = MqttSession.Broker.parse(session.brokerUrl());
        Connection connection = new Connection();
        MqttClientBuilder builder = MqttClient.builder()
                .identifier(session.clientId())
                .serverHost(broker.host())
                .serverPort(broker.port())
                .addDisconnectedListener(context -> {
                    if (connection.markLost(context.getCause())) {
                        connectionLost(connection, String.valueOf(context.getCause()));
                    }
                });
        if (broker.tls()) builder = builder.sslWithDefaultConfig();
        CompletableFuture<?> attempt = session.version() == MqttReadingsRoute.Version.V5
                ? connect5(builder.useMqttVersion5(), connection)
                : connect3(builder.useMqttVersion3(), connection);
        // a client holding a session queues a subscription while disconnected: a connection lost before the SUBACK
        // fails the attempt at once, not after the wait
        CompletableFuture<Object> subscribed = CompletableFuture.anyOf(attempt, connection.ended);
        try {
            subscribed.get(MqttSession.WAIT_MILLIS, TimeUnit.MILLISECONDS);
            return connection;
        } catch (ExecutionException e) {
            connection.close();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException | InterruptedException e) {
            // a connection that still completes later must not stay open behind the next attempt
            subscribed.whenComplete((done, failed) -> connection.close());
            connection.close();
            throw e;
        }
    }

    private CompletableFuture<?> connect5(Mqtt5ClientBuilder builder, Connection connection) {
        if (session.hasCredentials()) {
            builder = builder.simpleAuth().username(session.userName()).password(password()).applySimpleAuth();
        }
        Mqtt5AsyncClient client = builder.buildAsync();
        connection.disconnect = client::disconnect;
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> arrived(connection, publish.getTopic().toString(),
                publish.getPayloadAsBytes(), publish::acknowledge), deliveries, true);
        return client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(MqttSession.SESSION_EXPIRY_SECONDS)
                .send()
                .thenCompose(connAck -> client.subscribeWith()
                        .topicFilter(session.subscription()).qos(MqttQos.AT_LEAST_ONCE).send());
    }

    private CompletableFuture<?> connect3(Mqtt3ClientBuilder builder, Connection connection) {
        if (session.hasCredentials()) {
            builder = builder.simpleAuth().username(session.userName()).password(password()).applySimpleAuth();
        }
        Mqtt3AsyncClient client = builder.buildAsync();
        connection.disconnect = client::disconnect;
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> arrived(connection, publish.getTopic().toString(),
                publish.getPayloadAsBytes(), publish::acknowledge), deliveries, true);
        return client.connectWith()
                .cleanSession(false)
                .send()
                .thenCompose(connAck -> client.subscribeWith()
                        .topicFilter(session.subscription()).qos(MqttQos.AT_LEAST_ONCE).send());
    }

    private byte[] password() {
        return (session.password() == null ? "" : session.password()).getBytes(StandardCharsets.UTF_8);
    }

    /** True when {@link #connect} failed because the broker refused the login (credentials, authorisation). */
    private static boolean refused(Exception connectFailure) {
        if (connectFailure instanceof Mqtt5ConnAckException e) {
            Mqtt5ConnAckReasonCode code = e.getMqttMessage().getReasonCode();
            return code == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD
                    || code == Mqtt5ConnAckReasonCode.NOT_AUTHORIZED
                    || code == Mqtt5ConnAckReasonCode.BANNED
                    || code == Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD;
        }
        if (connectFailure instanceof Mqtt3ConnAckException e) {
            Mqtt3ConnAckReturnCode code = e.getMqttMessage().getReturnCode();
            return code == Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD
                    || code == Mqtt3ConnAckReturnCode.NOT_AUTHORIZED;
        }
        return false;
    }

    /** One message, on the deliveries thread: run the route, then acknowledge; of a lost connection, leave it. */
    private void arrived(Connection connection, String topic, byte[] payload, Runnable acknowledge) {
        if (connection.lost()) return; // the broker sends it again on the next connection
        try {
            deliver(topic, payload);
        } catch (Exception e) {
            log.warn("MQTT session {}: message on {} not settled, left to the broker to send again: {}",
                    session.clientId(), topic, e.toString());
            IllegalStateException why = new IllegalStateException("message not settled: " + e, e);
            if (connection.markLost(why)) connectionLost(connection, why.getMessage());
            return;
        }
        try {
            acknowledge.run();
        } catch (RuntimeException e) {
            log.debug("MQTT session {}: acknowledgement on {}: {}", session.clientId(), topic, e.toString());
        }
    }

    /** Runs the route for one message on the calling thread; returns once it is settled. */
    private void deliver(String topic, byte[] payload) throws Exception {
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

    /** A connection ended (the client's thread, or ours after a message not settled): only schedule here. */
    private synchronized void connectionLost(Connection connection, String cause) {
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

    /** Waits until the deliveries thread has finished what it was doing (what is queued behind it is skipped). */
    private void awaitDeliveries() {
        try {
            deliveries.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("MQTT session {}: deliveries not finished: {}", session.clientId(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void schedule(Runnable task, long delaySeconds) {
        try {
            reconnector.schedule(task, delaySeconds, TimeUnit.SECONDS);
        } catch (RuntimeException rejected) {
            if (!stopping) throw rejected;
        }
    }

    private String versionName() {
        return session.version() == MqttReadingsRoute.Version.V5 ? "5" : "3.1.1";
    }

    private ThreadFactory thread(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name + session.clientId());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One connection of the session: one client, used once. */
    private final class Connection {

        private final AtomicBoolean lost = new AtomicBoolean();
        /** Completed, exceptionally with the reason (a refused login, say), when the connection is lost. */
        private final CompletableFuture<Object> ended = new CompletableFuture<>();
        private volatile Supplier<CompletableFuture<Void>> disconnect;

        /** True once the client reported the connection ended, or it was given up. */
        boolean lost() {
            return lost.get();
        }

        /** Marks the connection lost; true the first time only, so that one lost connection is replaced once. */
        boolean markLost(Throwable cause) {
            if (!lost.compareAndSet(false, true)) return false;
            ended.completeExceptionally(cause);
            return true;
        }

        void close() {
            Supplier<CompletableFuture<Void>> disconnecting = disconnect;
            if (disconnecting == null) return;
            try {
                disconnecting.get().get(MqttSession.WAIT_MILLIS / 3, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // not connected (any more): nothing to close
                log.debug("MQTT session {}: disconnect: {}", session.clientId(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
