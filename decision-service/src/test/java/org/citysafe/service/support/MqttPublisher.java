package org.citysafe.service.support;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A device (or gateway) publishing over MQTT 3.1.1 in the tests: QoS 1, {@link #publish} returns once the broker
 * acknowledged the message (PUBACK) and throws if it did not. Clean session: a message not acknowledged before the
 * connection broke is the sender's to send again ({@link #publish} after {@link #connect}), as with a real device.
 */
public final class MqttPublisher implements AutoCloseable {

    private final Mqtt3BlockingClient client;

    private MqttPublisher(Mqtt3BlockingClient client) {
        this.client = client;
    }

    /** A connected anonymous publisher; {@code brokerUrl} as the service takes it, {@code tcp://host:port}. */
    public static MqttPublisher connect(String brokerUrl, String clientId) {
        return connect(brokerUrl, clientId, null, null);
    }

    /** A connected publisher logged in as {@code userName} (null: anonymous). */
    public static MqttPublisher connect(String brokerUrl, String clientId, String userName, String password) {
        URI uri = URI.create(brokerUrl);
        Mqtt3ClientBuilder builder = MqttClient.builder().identifier(clientId)
                .serverHost(uri.getHost()).serverPort(uri.getPort()).useMqttVersion3();
        if (userName != null) {
            builder = builder.simpleAuth().username(userName).password(password.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        MqttPublisher publisher = new MqttPublisher(builder.buildBlocking());
        publisher.connect();
        return publisher;
    }

    /** Connects (again), e.g. after the broker restarted; throws while the broker is not there. */
    public void connect() {
        client.connectWith().cleanSession(true).send();
    }

    public boolean connected() {
        return client.getState().isConnected();
    }

    /** Publishes with QoS 1 and waits for the broker's acknowledgement. */
    public void publish(String topic, String payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    @Override
    public void close() {
        if (connected()) client.disconnect();
    }
}
