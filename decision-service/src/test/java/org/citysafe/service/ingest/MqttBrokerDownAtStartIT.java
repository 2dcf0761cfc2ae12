package org.citysafe.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import org.citysafe.routes.mqtt.MqttTopics;
import org.citysafe.service.embedded.EmbeddedMqttBroker;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.MqttPublisher;
import org.citysafe.service.support.ServiceInstance;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * Cities restart their machines in any order: a service whose MQTT broker is not there yet starts anyway, says so at
 * /actuator/health/mqtt (and stays live and ready: HTTP and the other routes work), and once the broker comes it
 * connects, subscribes and decides what devices publish. A second instance on the shared database, pointed at a free
 * port; the broker that comes later is an in-process Moquette on that port.
 */
class MqttBrokerDownAtStartIT extends ServiceTestBase {

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theServiceStartsWithoutItsBrokerAndDecidesWhatArrivesOnceTheBrokerComes() throws Exception {
        String gas = unique("late-broker-gas");
        assertThat(platform.post("/api/v1/devices", devices(device(gas, "restaurant-gas-detector", "site-of-" + gas,
                DISTRICT))).status()).isEqualTo(200);
        int port = portWhereNothingListens();
        String brokerUrl = "tcp://127.0.0.1:" + port;
        String clientId = unique("citysafe-late-broker");
        MqttTopics topics = new MqttTopics(unique("citysafe-late-broker") + "/v1");
        HikariDataSource db = (HikariDataSource) dataSource;

        try (ServiceInstance service = ServiceInstance.start("late-broker", db.getJdbcUrl(), db.getUsername(),
                db.getPassword(), null, Map.of(
                        "citysafe.mqtt.enabled", "true",
                        "citysafe.mqtt.broker-url", brokerUrl,
                        "citysafe.mqtt.client-id", clientId,
                        "citysafe.mqtt.topic-prefix", topics.prefix()))) {
            Api platform = service.platform(); // health details are for PLATFORM and OPS accounts
            JsonNode down = platform.get("/actuator/health/mqtt").json();
            assertThat(down.path("status").asText()).isEqualTo("DOWN");
            JsonNode session = down.path("details").path("mqtt-readings");
            assertThat(session.path("brokerUrl").asText()).isEqualTo(brokerUrl);
            assertThat(session.path("clientId").asText()).isEqualTo(clientId);
            assertThat(session.path("lastError").asText()).isNotBlank();
            assertThat(session.path("nextAttempt").asText()).isNotBlank();
            assertThat(platform.get("/actuator/health/liveness").json().path("status").asText()).isEqualTo("UP");
            assertThat(platform.get("/actuator/health/readiness").json().path("status").asText()).isEqualTo("UP");

            try (EmbeddedMqttBroker broker = new EmbeddedMqttBroker("127.0.0.1", port)) {
                // connected means subscribed too; before that the broker would drop a message nobody subscribed to
                await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(
                        platform.get("/actuator/health/mqtt").json().path("status").asText()));
                assertThat(platform.get("/actuator/health/mqtt").json().path("details").path("mqtt-readings")
                        .path("connectedSince").asText()).isNotBlank();

                publish(broker.url(), topics.deviceTopic(gas),
                        reading(gas, "gas.concentration", 52, "%LEL", unique("late-broker-m"), 3));
                await().atMost(Duration.ofSeconds(60)).until(() -> stored(gas) == 1);
            }
        }
    }

    private static void publish(String brokerUrl, String topic, String payload) {
        try (MqttPublisher publisher = MqttPublisher.connect(brokerUrl, unique("late-broker-pub"))) {
            publisher.publish(topic, payload);
        }
    }

    private int stored(String deviceId) {
        return jdbc.queryForObject("select count(*) from reading where device_id = ?", Integer.class, deviceId);
    }

    private static int portWhereNothingListens() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
