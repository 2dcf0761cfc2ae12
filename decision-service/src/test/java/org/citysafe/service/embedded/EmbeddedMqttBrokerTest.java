package org.citysafe.service.embedded;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded broker is anonymous by default; given an account, it takes only that account. */
class EmbeddedMqttBrokerTest {

    @Test
    void withoutAnAccountAnyoneMayConnect() throws Exception {
        try (EmbeddedMqttBroker broker = new EmbeddedMqttBroker("127.0.0.1", freePort())) {
            assertThat(connects(broker, null, null)).isTrue();
        }
    }

    @Test
    void withAnAccountOnlyItMayConnect() throws Exception {
        try (EmbeddedMqttBroker broker = new EmbeddedMqttBroker("127.0.0.1", freePort(), "citysafe", "s3cret")) {
            assertThat(connects(broker, "citysafe", "s3cret")).isTrue();
            assertThatThrownBy(() -> connects(broker, null, null)).isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> connects(broker, "citysafe", "guess")).isInstanceOf(MqttException.class);
        }
    }

    private static boolean connects(EmbeddedMqttBroker broker, String user, String password) throws MqttException {
        MqttClient client = new MqttClient(broker.url(), MqttClient.generateClientId(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        try {
            client.connect(options);
            boolean connected = client.isConnected();
            client.disconnect();
            return connected;
        } finally {
            client.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
