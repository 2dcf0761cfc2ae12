package org.citysafe.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceInstance;
import org.citysafe.service.support.ServiceTestBase;
import org.citysafe.service.support.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * Three instances consume the readings topic (3 partitions, keyed by site) as one consumer group on one database.
 * One of them stops in the middle of the stream: its partitions go to the other two, every reading is still
 * decided and stored once, and every site has exactly one alarm.
 */
class KafkaScaleOutIT extends ServiceTestBase {

    private static final int SITES = 12;
    private static final int ROUNDS = 16;
    /** As TestInfrastructure creates the readings topic. */
    private static final int PARTITIONS = 3;

    @Autowired
    DataSource dataSource;

    @Test
    void aConsumerLeavingMidStreamLosesNoReadingAndDuplicatesNoAlarm() throws Exception {
        HikariDataSource db = (HikariDataSource) dataSource;
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String run = unique("scale");
        List<String> sites = new ArrayList<>();
        List<String> gasDetectors = new ArrayList<>();
        List<String> registrations = new ArrayList<>();
        int candidate = 0;
        for (int s = 0; s < SITES; s++) {
            // sites spread evenly over the partitions, as the producer's partitioner places them by key
            String site;
            do {
                site = run + "-restaurant-" + candidate++;
            } while (Utils.toPositive(Utils.murmur2(site.getBytes(StandardCharsets.UTF_8))) % PARTITIONS != s % PARTITIONS);
            sites.add(site);
            for (int d = 0; d < 2; d++) {
                String gas = run + "-gas-" + s + "-" + d;
                gasDetectors.add(gas);
                registrations.add(device(gas, "restaurant-gas-detector", site, DISTRICT));
            }
        }
        platform.post("/api/v1/devices", devices(registrations.toArray(String[]::new)));

        Map<String, String> consumer = Map.of(
                "citysafe.kafka.enabled", "true",
                "citysafe.kafka.brokers", TestInfrastructure.kafka().getBrokersAsString(),
                "citysafe.kafka.topic", environment.getProperty("citysafe.kafka.topic"),
                "citysafe.kafka.group-id", environment.getProperty("citysafe.kafka.group-id"));
        String topic = environment.getProperty("citysafe.kafka.topic");
        int sent = 0;
        try (ServiceInstance second = ServiceInstance.start("second", db.getJdbcUrl(), db.getUsername(),
                db.getPassword(), null, consumer);
             ServiceInstance third = ServiceInstance.start("third", db.getJdbcUrl(), db.getUsername(),
                     db.getPassword(), null, consumer);
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString(),
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            Api[] instances = {platform, second.platform(), third.platform()};
            awaitMembersWithPartitions(environment.getProperty("citysafe.kafka.group-id"), PARTITIONS);
            ServiceInstance leaving = second;
            for (int round = 0; round < ROUNDS; round++) {
                if (round == ROUNDS / 2) {
                    // every instance has had its share before one of them goes
                    int decidedSoFar = sent;
                    await().atMost(Duration.ofSeconds(90)).until(() -> storedOf(jdbc, run) >= decidedSoFar / 2);
                    await().atMost(Duration.ofSeconds(90)).until(() -> {
                        for (Api api : instances) if (decidedOnKafka(api) == 0) return false;
                        return true;
                    });
                    leaving.close();
                }
                for (int s = 0; s < SITES; s++) {
                    for (int d = 0; d < 2; d++) {
                        // sustained gas above ORANGE at every site: one alarm each, kept open and updated
                        String body = reading(run + "-gas-" + s + "-" + d, "gas.concentration", 30, "%LEL",
                                run + "-m-" + round + "-" + s + "-" + d, (ROUNDS - round) * 10);
                        producer.send(new ProducerRecord<>(topic, sites.get(s), body));
                        sent++;
                    }
                }
                producer.flush();
            }

            int expected = sent;
            await().atMost(Duration.ofSeconds(120)).until(() -> storedOf(jdbc, run) == expected);
            assertThat(storedOf(jdbc, run)).as("readings stored once each").isEqualTo(expected);
            assertThat(jdbc.queryForObject("select count(*) from reading where device_id like ? and outcome = 'ALARM'",
                    Integer.class, run + "-%")).as("readings decided ALARM").isPositive();
            List<Map<String, Object>> alarms = jdbc.queryForList("""
                    select site_id, count(*) as alarms from alarm where site_id like ? group by site_id order by site_id
                    """, run + "-%");
            assertThat(alarms).as("sites with an alarm").hasSize(SITES);
            assertThat(alarms).allSatisfy(a -> assertThat(((Number) a.get("alarms")).intValue())
                    .as("alarms at %s", a.get("site_id")).isEqualTo(1));
            // what the leaving instance decided but could not commit is read again by another and refused as a duplicate
            for (JsonNode dl : platform.get("/api/v1/dead-letters?route=kafka&limit=1000").json()) {
                if (dl.path("deviceId").asText().startsWith(run)) {
                    assertThat(dl.get("reason").asText()).startsWith("duplicate:");
                }
            }
        }
    }

    /** Until the group has this many consumers, each with a partition: the instances share the topic. */
    private static void awaitMembersWithPartitions(String groupId, int members) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().getBrokersAsString()))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId);
                return group.members().size() == members
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
    }

    private static int storedOf(JdbcTemplate jdbc, String run) {
        return jdbc.queryForObject("select count(*) from reading where device_id like ?", Integer.class, run + "-%");
    }

    /** Readings an instance has decided from Kafka, from its metrics. */
    private static double decidedOnKafka(Api api) {
        Api.Response r = api.get("/actuator/metrics/citysafe.decisions?tag=route:kafka");
        if (r.status() != 200) return 0;
        for (JsonNode m : r.json().get("measurements")) {
            if (m.get("statistic").asText().equals("COUNT")) return m.get("value").asDouble();
        }
        return 0;
    }
}
