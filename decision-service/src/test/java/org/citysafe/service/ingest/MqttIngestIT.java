package org.citysafe.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.routes.mqtt.MqttTopics;
import org.citysafe.service.support.MqttPublisher;
import org.citysafe.service.support.ServiceTestBase;
import org.citysafe.service.support.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/** Readings published to the broker (embedded, or the machine's Mosquitto) take the same decision path as HTTP. */
class MqttIngestIT extends ServiceTestBase {

    @Autowired
    MqttTopics topics;

    MqttPublisher publisher;
    String gas;
    String site;

    @BeforeEach
    void connect() throws Exception {
        publisher = MqttPublisher.connect(TestInfrastructure.mqttUrl(environment), "test-pub-" + UUID.randomUUID());
        gas = unique("gas");
        site = unique("kitchen");
        assertThat(platform.post("/api/v1/devices", devices(device(gas, "restaurant-gas-detector", site, DISTRICT)))
                .status()).isEqualTo(200);
    }

    @AfterEach
    void disconnect() {
        publisher.close();
    }

    void publish(String topic, String payload) {
        publisher.publish(topic, payload);
    }

    JsonNode alarmsAtSite() {
        JsonNode all = operator.get("/api/v1/alarms?district=" + DISTRICT + "&limit=1000").json();
        for (JsonNode a : all) {
            if (a.get("siteId").asText().equals(site) && a.get("alarmType").asText().equals("COMBUSTIBLE_GAS")) return a;
        }
        return null;
    }

    @Test
    void aReadingOnADeviceTopicRaisesAnAlarm() throws Exception {
        String payload = reading(gas, "gas.concentration", 52, "%LEL", unique("m"), 3).replace("\"deviceId\":\"" + gas + "\",", "");
        publish(topics.deviceTopic(gas), payload);
        await().atMost(Duration.ofSeconds(20)).until(() -> alarmsAtSite() != null);
        JsonNode alarm = alarmsAtSite();
        assertThat(alarm.get("level").asText()).isEqualTo("RED");
        assertThat(alarm.get("alarmType").asText()).isEqualTo("COMBUSTIBLE_GAS");
    }

    @Test
    void aGatewayBatchIsDecidedReadingByReading() throws Exception {
        String unknown = unique("ghost");
        publish(topics.gatewayTopic(unique("gw")), "{\"readings\":["
                + reading(unknown, "gas.concentration", 60, "%LEL", unique("m"), 3) + ","
                + reading(gas, "gas.concentration", 30, "%LEL", unique("m"), 3) + "]}");
        await().atMost(Duration.ofSeconds(20)).until(() -> alarmsAtSite() != null);
        assertThat(alarmsAtSite().get("level").asText()).isEqualTo("ORANGE");
        JsonNode letters = platform.get("/api/v1/dead-letters?route=mqtt&limit=500").json();
        assertThat(letters.findValuesAsText("reason"))
                .anySatisfy(r -> assertThat(r).startsWith("unknown device '" + unknown + "'"));
    }

    @Test
    void aMalformedMessageIsKeptWithItsTopicAndTheRouteKeepsWorking() throws Exception {
        String topic = topics.deviceTopic(gas);
        publish(topic, "not json at all");
        await().atMost(Duration.ofSeconds(20)).until(() -> platform.get("/api/v1/dead-letters?route=mqtt&limit=500")
                .json().findValuesAsText("peer").contains(topic));
        JsonNode letter = null;
        for (JsonNode l : platform.get("/api/v1/dead-letters?route=mqtt&limit=500").json()) {
            if (l.get("peer").asText().equals(topic)) letter = l;
        }
        assertThat(letter.get("reason").asText()).startsWith("body is not valid JSON");
        assertThat(letter.get("payload").asText()).isEqualTo("not json at all");

        publish(topic, reading(gas, "gas.concentration", 30, "%LEL", unique("m"), 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> alarmsAtSite() != null);
        assertThat(alarmsAtSite().get("level").asText()).isEqualTo("ORANGE");
    }
}
