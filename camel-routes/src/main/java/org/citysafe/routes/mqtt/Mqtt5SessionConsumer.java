package org.citysafe.routes.mqtt;

import org.apache.camel.Processor;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * MQTT 5: no clean start, a session expiry of a day, QoS 1, manual acknowledgements; reconnecting is
 * {@link MqttSessionConsumer}'s.
 */
class Mqtt5SessionConsumer extends MqttSessionConsumer {

    private static final Logger log = LoggerFactory.getLogger(Mqtt5SessionConsumer.class);

    Mqtt5SessionConsumer(MqttSessionEndpoint endpoint, Processor processor, MqttSession session) {
        super(endpoint, processor, session);
    }

    @Override
    protected Connection connect() throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(MqttSession.SESSION_EXPIRY_SECONDS);
        options.setAutomaticReconnect(false);
        if (session.hasCredentials()) {
            options.setUserName(session.userName());
            options.setPassword((session.password() == null ? "" : session.password())
                    .getBytes(StandardCharsets.UTF_8));
        }
        MqttAsyncClient client = new MqttAsyncClient(session.brokerUrl(), session.clientId(), new MemoryPersistence());
        client.setManualAcks(true);
        Client connection = new Client(client);
        client.setCallback(connection);
        try {
            client.connect(options).waitForCompletion(MqttSession.WAIT_MILLIS);
            client.subscribe(session.subscription(), MqttSession.QOS).waitForCompletion(MqttSession.WAIT_MILLIS);
            return connection;
        } catch (MqttException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    protected boolean refused(Exception connectFailure) {
        if (!(connectFailure instanceof MqttException e)) return false;
        return switch (e.getReasonCode()) {
            case MqttReturnCode.RETURN_CODE_BAD_USERNAME_OR_PASSWORD, MqttReturnCode.RETURN_CODE_NOT_AUTHORIZED,
                 MqttReturnCode.RETURN_CODE_BANNED, MqttReturnCode.RETURN_CODE_BAD_AUTHENTICATION -> true;
            default -> false;
        };
    }

    private final class Client implements Connection, MqttCallback {

        private final MqttAsyncClient client;
        private volatile boolean lost;

        Client(MqttAsyncClient client) {
            this.client = client;
        }

        @Override
        public boolean lost() {
            return lost;
        }

        @Override
        public void close() {
            try {
                if (client.isConnected()) client.disconnect(MqttSession.WAIT_MILLIS / 3).waitForCompletion(MqttSession.WAIT_MILLIS);
                else client.disconnectForcibly(0, 1_000, false);
            } catch (MqttException | RuntimeException e) {
                log.debug("MQTT session {}: disconnect: {}", session.clientId(), e.toString());
            }
            try {
                client.close(true);
            } catch (MqttException | RuntimeException e) {
                log.debug("MQTT session {}: close: {}", session.clientId(), e.toString());
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // subscribing is done by connect(), on our thread: nothing may wait on this (Paho's callback) thread
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (lost) return; // one replacement per lost connection
            lost = true;
            Mqtt5SessionConsumer.this.connectionLost(this, response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("MQTT session {}: {}", session.clientId(), exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            try {
                deliver(topic, message.getPayload());
            } catch (Exception e) {
                log.warn("MQTT session {}: message {} on {} not settled, left to the broker to send again: {}",
                        session.clientId(), message.getId(), topic, e.toString());
                throw e;
            }
            client.messageArrivedComplete(message.getId(), message.getQos());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // the consumer publishes nothing
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
