package org.citysafe.routes.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.routes.ingest.ReadingSink;
import org.citysafe.rules.Decision;
import org.citysafe.rules.catalog.MetricCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readings route with its broker down: a real MQTT client (HiveMQ's) against a port where nothing listens. The route, and so
 * the service, starts anyway and says what it waits for; the broker coming back is covered in decision-service
 * (MqttBrokerDownAtStartIT), where an embedded broker is at hand.
 */
class MqttSessionConsumerTest {

    private static final ReadingSink NOWHERE = new ReadingSink() {
        @Override
        public List<Decision> submit(String route, String peer, List<ParsedReading> readings) {
            throw new AssertionError("nothing can arrive from a broker that is not there");
        }

        @Override
        public void refuse(String route, String peer, byte[] raw, String reason) {
            throw new AssertionError("nothing can arrive from a broker that is not there");
        }
    };

    @ParameterizedTest
    @EnumSource(MqttReadingsRoute.Version.class)
    void aRouteWhoseBrokerIsDownStartsAndSaysWhenItTriesAgain(MqttReadingsRoute.Version version) throws Exception {
        String brokerUrl = "tcp://127.0.0.1:" + portWhereNothingListens();
        String clientId = "citysafe-test-" + UUID.randomUUID();
        ReadingJsonCodec codec = new ReadingJsonCodec(new ObjectMapper(), MetricCatalog.bundled(), Clock.systemUTC(),
                Duration.ofMinutes(5), 10);
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new MqttReadingsRoute(brokerUrl, clientId, null, null, new MqttTopics("citysafe-test/v1"),
                    codec, NOWHERE, "mqtt-down", version));
            camel.start();

            assertThat(camel.getRouteController().getRouteStatus("mqtt-down").isStarted()).isTrue();
            assertThat(MqttReadingsRoute.sessions(camel)).singleElement().satisfies(session -> {
                assertThat(session.routeId()).isEqualTo("mqtt-down");
                assertThat(session.brokerUrl()).isEqualTo(brokerUrl);
                assertThat(session.clientId()).isEqualTo(clientId);
                assertThat(session.connected()).isFalse();
                assertThat(session.lastError()).isNotBlank();
                assertThat(session.nextAttempt()).isNotNull();
            });
        }
    }

    private static int portWhereNothingListens() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
