package org.citysafe.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.citysafe.service.support.ServiceTestBase;
import org.citysafe.service.support.TestInfrastructure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/** Readings on the Kafka topic (keyed by site) take the same decision path; bad records are dead letters. */
class KafkaIngestIT extends ServiceTestBase {

    @Test
    void readingsOnTheTopicAreDecidedAndAMalformedRecordIsKept() throws Exception {
        String gas = unique("gas");
        String site = unique("canteen");
        platform.post("/api/v1/devices", devices(device(gas, "restaurant-gas-detector", site, DISTRICT)));
        String topic = environment.getProperty("citysafe.kafka.topic");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, site, "{\"readings\":[")).get();
            producer.send(new ProducerRecord<>(topic, site,
                    reading(gas, "gas.concentration", 26, "%LEL", unique("m"), 2))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode a : operator.get("/api/v1/alarms?district=" + DISTRICT + "&limit=1000").json()) {
                if (a.get("siteId").asText().equals(site)) return a.get("level").asText().equals("ORANGE");
            }
            return false;
        });
        assertThat(platform.get("/api/v1/dead-letters?route=kafka&limit=100").json().findValuesAsText("reason"))
                .anySatisfy(r -> assertThat(r).startsWith("body is not valid JSON"));
    }
}
