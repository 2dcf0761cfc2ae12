package org.citysafe.routes.mqtt;

import org.apache.camel.Processor;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** MQTT 3.1.1: clean session off, QoS 1, manual acknowledgements; reconnecting is {@link MqttSessionConsumer}'s. */
class Mqtt311SessionConsumer extends MqttSessionConsumer {

    private static final Logger log = LoggerFactory.getLogger(Mqtt311SessionConsumer.class);

    Mqtt311SessionConsumer(MqttSessionEndpoint endpoint, Processor processor, MqttSession session) {
        super(endpoint, processor, session);
    }

    @Override
    protected Connection connect() throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setAutomaticReconnect(false);
        if (session.hasCredentials()) {
            options.setUserName(session.userName());
            options.setPassword(session.password() == null ? new char[0] : session.password().toCharArray());
        }
        // QoS 1 messages received are never persisted by the client: the broker's session holds them until acked
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
        return connectFailure instanceof MqttException e
                && (e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED);
    }

    private final class Client implements Connection, MqttCallbackExtended {

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
        public void connectionLost(Throwable cause) {
            if (lost) return; // one replacement per lost connection
            lost = true;
            Mqtt311SessionConsumer.this.connectionLost(this, String.valueOf(cause));
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
        public void deliveryComplete(IMqttDeliveryToken token) {
            // the consumer publishes nothing
        }
    }
}
