package org.citysafe.service.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the city operations centre's topic from the start, as the operations centre would. */
public final class OpsCentreFeed implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record: key, the delivery id header and the JSON body. */
    public record Event(String key, String deliveryIdHeader, JsonNode body) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Event> events = new ArrayList<>();

    public OpsCentreFeed(String brokers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "ops-centre-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.subscribe(List.of(topic));
    }

    /** Everything read so far for one alarm, after reading what has arrived since the last call. */
    public synchronized List<Event> eventsFor(String alarmId) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            Header id = r.headers().lastHeader("X-Delivery-Id");
            try {
                events.add(new Event(r.key(), id == null ? null : new String(id.value(), StandardCharsets.UTF_8),
                        JSON.readTree(r.value())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events.stream().filter(e -> alarmId.equals(e.body().path("alarm").path("id").asText())).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
