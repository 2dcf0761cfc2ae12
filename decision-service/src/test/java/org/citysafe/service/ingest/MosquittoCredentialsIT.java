package org.citysafe.service.ingest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.camel.CamelContext;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.routes.mqtt.MqttReadingsRoute;
import org.citysafe.routes.mqtt.MqttSessionState;
import org.citysafe.routes.mqtt.MqttTopics;
import org.citysafe.service.decision.DecisionService;
import org.citysafe.service.support.MqttPublisher;
import org.citysafe.service.support.PrivateMosquitto;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

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
 * device's readings on its own topic are decided; a device publishing on another device's topic gets nowhere. The
 * route's own login refused is retried, not fatal.
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
        Path passwords = passwordFile(alice, bob, "service");
        Path acl = passwords.resolveSibling("acl");
        Files.writeString(acl, """
                pattern write %1$s/devices/%%u/readings
                user service
                topic read %1$s/+/+/readings
                """.formatted(prefix));
        acl.toFile().setReadable(true, false);

        try (PrivateMosquitto broker = PrivateMosquitto.start("password_file " + passwords + "\nacl_file " + acl)) {
            String routeId = "mqtt5-readings-" + UUID.randomUUID();
            camel.addRoutes(new MqttReadingsRoute(broker.url(), "citysafe-" + routeId, "service", "service-secret",
                    topics, codec, decisions, routeId, MqttReadingsRoute.Version.V5));
            try {
                try (MqttPublisher aliceClient = MqttPublisher.connect(broker.url(), alice + "-" + UUID.randomUUID(),
                        alice, alice + "-secret")) {
                    aliceClient.publish(topics.deviceTopic(bob),
                            reading(bob, "gas.concentration", 3, "%LEL", "forged", 5));
                    aliceClient.publish(topics.deviceTopic(alice),
                            reading(alice, "gas.concentration", 3, "%LEL", "own", 4));
                }

                await().atMost(Duration.ofSeconds(30)).until(() -> stored(alice) == 1);
                assertThat(stored(bob)).as("reading forged by alice on bob's topic").isZero();
            } finally {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
        }
    }

    /**
     * A wrong password is not a broker that is down: the route starts all the same (the rest of the service works) and
     * keeps trying, but says so at ERROR, since only a person can fix it.
     */
    @ParameterizedTest
    @EnumSource(MqttReadingsRoute.Version.class)
    void aRefusedLoginIsLoggedAsAnErrorAndTheRouteStartsAnyway(MqttReadingsRoute.Version version) throws Exception {
        assumeThat(PrivateMosquitto.available()).as("no mosquitto binary on this machine").isTrue();
        Logger consumerLog = (Logger) LoggerFactory.getLogger("org.citysafe.routes.mqtt.MqttSessionConsumer");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        consumerLog.addAppender(logged);
        String routeId = "mqtt-refused-" + UUID.randomUUID();
        try (PrivateMosquitto broker = PrivateMosquitto.start("password_file " + passwordFile("service"))) {
            camel.addRoutes(new MqttReadingsRoute(broker.url(), "citysafe-" + routeId, "service", "wrong-secret",
                    new MqttTopics("citysafe-refused/v1"), codec, decisions, routeId, version));
            try {
                assertThat(camel.getRouteController().getRouteStatus(routeId).isStarted()).isTrue();
                MqttSessionState session = MqttReadingsRoute.sessions(camel).stream()
                        .filter(s -> s.routeId().equals(routeId)).findFirst().orElseThrow();
                assertThat(session.connected()).isFalse();
                assertThat(session.nextAttempt()).isNotNull();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(logged.list)
                        .anySatisfy(event -> {
                            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                            assertThat(event.getFormattedMessage()).contains("citysafe-" + routeId, "refused the login");
                        }));
            } finally {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
        } finally {
            consumerLog.detachAppender(logged);
        }
    }

    /** A Mosquitto password file in a directory of its own, each user's password being {@code <user>-secret}. */
    private static Path passwordFile(String... users) throws Exception {
        Path dir = Files.createTempDirectory("citysafe-acl");
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        Path passwords = dir.resolve("passwd");
        Files.writeString(passwords, "");
        for (String user : users) {
            Process p = new ProcessBuilder("mosquitto_passwd", "-b", passwords.toString(), user, user + "-secret")
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0).as("mosquitto_passwd for " + user).isTrue();
        }
        passwords.toFile().setReadable(true, false);
        return passwords;
    }

    private int stored(String deviceId) {
        return jdbc.queryForObject("select count(*) from reading where device_id = ?", Integer.class, deviceId);
    }
}
