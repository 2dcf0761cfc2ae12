package org.citysafe.service.embedded;

import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import org.citysafe.service.support.MqttPublisher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;

import java.util.UUID;

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
            assertThatThrownBy(() -> connects(broker, null, null)).isInstanceOf(Mqtt3ConnAckException.class);
            assertThatThrownBy(() -> connects(broker, "citysafe", "guess")).isInstanceOf(Mqtt3ConnAckException.class);
        }
    }

    private static boolean connects(EmbeddedMqttBroker broker, String user, String password) {
        try (MqttPublisher client = MqttPublisher.connect(broker.url(), "broker-test-" + UUID.randomUUID(), user,
                password)) {
            return client.connected();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
