package org.citysafe.service.ingest;

import org.apache.camel.CamelContext;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.routes.mqtt.MqttReadingsRoute;
import org.citysafe.routes.mqtt.MqttTopics;
import org.citysafe.service.decision.DecisionService;
import org.citysafe.service.support.PrivateMosquitto;
import org.citysafe.service.support.ServiceTestBase;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * The production MQTT route over MQTT 5 against a real Mosquitto (one of the test's own) with per-device credentials:
 * a password file and the ACL pattern {@code citysafe/v1/devices/%u/readings} documented in docs/PROTOCOLS.md. A
 * device's readings on its own topic are decided; a device publishing on another device's topic gets nowhere.
 */
class MosquittoCredentialsIT extends ServiceTestBase {

    @Autowired
    CamelContext camel;
    @Autowired
    ReadingJsonCodec codec;
    @Autowired
    DecisionService decisions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aDeviceMayPublishOnlyOnItsOwnTopicAndTheMqtt5RouteDecidesWhatItSends() throws Exception {
        assumeThat(PrivateMosquitto.available()).as("no mosquitto binary on this machine").isTrue();
        String prefix = "citysafe-acl-" + UUID.randomUUID().toString().substring(0, 8) + "/v1";
        MqttTopics topics = new MqttTopics(prefix);
        String alice = unique("alice");
        String bob = unique("bob");
        for (String id : new String[]{alice, bob}) {
            assertThat(platform.post("/api/v1/devices", devices(device(id, "restaurant-gas-detector", "site-" + id,
                    DISTRICT))).status()).isEqualTo(200);
        }
        Path dir = Files.createTempDirectory("citysafe-acl");
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        Path passwords = dir.resolve("passwd");
        Files.writeString(passwords, "");
        for (String user : new String[]{alice, bob, "service"}) {
            Process p = new ProcessBuilder("mosquitto_passwd", "-b", passwords.toString(), user, user + "-secret")
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0).as("mosquitto_passwd for " + user).isTrue();
        }
        Path acl = dir.resolve("acl");
        Files.writeString(acl, """
                pattern write %1$s/devices/%%u/readings
                user service
                topic read %1$s/+/+/readings
                """.formatted(prefix));
        passwords.toFile().setReadable(true, false);
        acl.toFile().setReadable(true, false);

        try (PrivateMosquitto broker = PrivateMosquitto.start("password_file " + passwords + "\nacl_file " + acl)) {
            String routeId = "mqtt5-readings-" + UUID.randomUUID();
            camel.addRoutes(new MqttReadingsRoute(broker.url(), "citysafe-" + routeId, "service", "service-secret",
                    topics, codec, decisions, routeId, MqttReadingsRoute.Version.V5));
            try {
                MqttClient aliceClient = connect(broker, alice);
                publish(aliceClient, topics.deviceTopic(bob), reading(bob, "gas.concentration", 3, "%LEL", "forged", 5));
                publish(aliceClient, topics.deviceTopic(alice), reading(alice, "gas.concentration", 3, "%LEL", "own", 4));
                aliceClient.disconnect();
                aliceClient.close();

                await().atMost(Duration.ofSeconds(30)).until(() -> stored(alice) == 1);
                assertThat(stored(bob)).as("reading forged by alice on bob's topic").isZero();
            } finally {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
        }
    }

    private static MqttClient connect(PrivateMosquitto broker, String user) throws Exception {
        MqttClient client = new MqttClient(broker.url(), user + "-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword((user + "-secret").toCharArray());
        client.connect(options);
        return client;
    }

    private static void publish(MqttClient client, String topic, String payload) throws Exception {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        client.publish(topic, message);
    }

    private int stored(String deviceId) {
        return jdbc.queryForObject("select count(*) from reading where device_id = ?", Integer.class, deviceId);
    }
}
