package org.citysafe.service.ingest;

import kafka.server.BrokerServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.citysafe.routes.mqtt.MqttTopics;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.routes.mqtt.MqttReadingsRoute;
import org.citysafe.service.decision.DecisionService;
import org.citysafe.service.support.MqttPublisher;
import org.citysafe.service.support.PrivateMosquitto;
import org.apache.camel.CamelContext;
import org.citysafe.service.support.ServiceTestBase;
import org.citysafe.service.support.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * The broker restarts in the middle of a stream and nothing a device was promised is lost: every reading the broker
 * acknowledged to its sender (MQTT QoS 1 PUBACK, Kafka acks=all) is decided and stored exactly once. Counted in =
 * counted decided (distinct readings stored for the test's own device). MQTT: the production route against a
 * Mosquitto of the test's own, with persistence, stopped with SIGTERM and started again; Kafka: the in-process
 * broker stopped and started on its port.
 */
class BrokerRestartIT extends ServiceTestBase {

    private static final Logger log = LoggerFactory.getLogger(BrokerRestartIT.class);
    private static final int READINGS = 120;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MqttTopics topics;
    @Autowired
    CamelContext camel;
    @Autowired
    ReadingJsonCodec codec;
    @Autowired
    DecisionService decisions;

    @Test
    void restartingMosquittoMidStreamLosesNoQos1ReadingOverMqtt311() throws Exception {
        restartMosquittoMidStream(MqttReadingsRoute.Version.V3_1_1);
    }

    @Test
    void restartingMosquittoMidStreamLosesNoQos1ReadingOverMqtt5() throws Exception {
        restartMosquittoMidStream(MqttReadingsRoute.Version.V5);
    }

    private void restartMosquittoMidStream(MqttReadingsRoute.Version version) throws Exception {
        // a Mosquitto of this test's own: restarting the machine's shared one would disturb its other users, and the
        // embedded Moquette keeps no in-flight messages across a restart
        assumeThat(PrivateMosquitto.available()).as("no mosquitto binary on this machine").isTrue();
        String gas = register("restaurant-gas-detector");
        MqttTopics ownTopics = new MqttTopics("citysafe-restart-" + UUID.randomUUID().toString().substring(0, 8) + "/v1");
        AtomicInteger acknowledged = new AtomicInteger();
        try (PrivateMosquitto broker = PrivateMosquitto.start("")) {
            String routeId = "mqtt-readings-restart-" + UUID.randomUUID();
            camel.addRoutes(new MqttReadingsRoute(broker.url(), "citysafe-" + routeId, null, null, ownTopics, codec,
                    decisions, routeId, version));
            try {
                MqttPublisher publisher = MqttPublisher.connect(broker.url(), "restart-pub-" + UUID.randomUUID());
                // two thirds before the restart (more than the route decides meanwhile, so Mosquitto keeps many for
                // the session across it), the rest after it, through the publisher's own reconnect
                int beforeRestart = READINGS * 2 / 3;
                CountDownLatch restarted = new CountDownLatch(1);
                CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < READINGS; i++) {
                        if (i == beforeRestart) awaitQuietly(restarted);
                        publishUntilAcknowledged(publisher, ownTopics.deviceTopic(gas), reading(gas,
                                "gas.concentration", 2 + i % 5, "%LEL", "restart-mqtt-" + i, READINGS - i));
                        acknowledged.incrementAndGet();
                    }
                });
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() >= beforeRestart);
                int decidedBefore = decided(gas);
                int acknowledgedBefore = acknowledged.get();
                broker.restart();
                restarted.countDown();
                stream.get(120, TimeUnit.SECONDS);
                publisher.close();

                assertThat(acknowledged.get()).isEqualTo(READINGS);
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(decided(gas)).isEqualTo(READINGS));
                log.info("MQTT {}: {} readings acknowledged by Mosquitto; at its restart {} acknowledged, {} decided;"
                        + " decided in the end {}", version, acknowledged.get(), acknowledgedBefore, decidedBefore,
                        decided(gas));
            } finally {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
        }
    }

    @Test
    void restartingTheKafkaBrokerMidStreamLosesNoCommittedReading() throws Exception {
        String gas = register("restaurant-gas-detector");
        String site = "site-of-" + gas;
        String topic = environment.getProperty("citysafe.kafka.topic");
        BrokerServer kafkaBroker = TestInfrastructure.kafka().getCluster().brokers().values().iterator().next();
        int sent = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < READINGS; i++) {
                if (i == READINGS / 3) {
                    // the consumer is mid-stream: some records decided and committed, some fetched, some not yet
                    kafkaBroker.shutdown();
                    kafkaBroker.awaitShutdown();
                    kafkaBroker.startup();
                }
                producer.send(new ProducerRecord<>(topic, site, reading(gas, "gas.concentration", 2 + i % 5, "%LEL",
                        "restart-kafka-" + i, READINGS - i))).get(120, TimeUnit.SECONDS);
                sent++;
            }
        }
        assertThat(sent).isEqualTo(READINGS);
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(decided(gas)).isEqualTo(READINGS));
    }

    private String register(String type) {
        String id = unique("restart");
        assertThat(platform.post("/api/v1/devices", devices(device(id, type, "site-of-" + id, DISTRICT))).status())
                .isEqualTo(200);
        return id;
    }

    private int decided(String deviceId) {
        return jdbc.queryForObject("select count(distinct message_id) from reading where device_id = ?", Integer.class,
                deviceId);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("the broker was not restarted");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** QoS 1 from the sender's side: a message counts as sent once the broker acknowledged it; else send again. */
    private static void publishUntilAcknowledged(MqttPublisher publisher, String topic, String payload) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (!publisher.connected()) publisher.connect();
                publisher.publish(topic, payload);
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("broker did not come back", e);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }
}
