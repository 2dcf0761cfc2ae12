package org.citysafe.service.support;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.core.env.Environment;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Where integration tests get PostgreSQL, MQTT, Kafka and the receivers of notifications from. By default nothing is configured and the service starts
 * its embedded ones, exactly as on a fresh machine. With {@code CITYSAFE_TEST_POSTGRES} (a JDBC URL of a server
 * where the user may create databases) and {@code CITYSAFE_TEST_MQTT} (a broker URL such as
 * {@code tcp://127.0.0.1:1883}), tests run against those real servers instead; each test context gets its own
 * database, MQTT client id and topic prefix, so nothing depends on leftovers.
 */
public final class TestInfrastructure {

    public static final String POSTGRES = setting("CITYSAFE_TEST_POSTGRES");
    public static final String MQTT = setting("CITYSAFE_TEST_MQTT");

    private TestInfrastructure() {
    }

    private static EmbeddedKafkaKraftBroker kafka;

    /** The SMS/WeChat gateway, the duty centre and the 119 gateway the service under test sends to. */
    public static final RecordingReceiver GATEWAY = RecordingReceiver.start("gateway");
    public static final RecordingReceiver DUTY_CENTRE = RecordingReceiver.start("duty-centre");
    public static final RecordingReceiver FIRE_119 = RecordingReceiver.start("fire-119");
    public static final String FIRE_119_TOKEN = "test-119-token";
    /** Platform "nbiot" signs its pushes with this secret; platform "legacy" sends this bearer token. */
    public static final String PUSH_SECRET = "test-push-secret";
    public static final String PUSH_TOKEN = "test-push-token";

    /**
     * A Kafka broker for the tests: no machine runs one, so it is always in-process (KRaft, no ZooKeeper), started
     * once per test JVM.
     */
    public static synchronized EmbeddedKafkaKraftBroker kafka() {
        if (kafka == null) {
            // fixed ports, so that a broker-restart test can stop and start the broker where clients expect it
            // (the test kit's default listeners use port 0: a restarted broker would come back elsewhere)
            int port = freePort();
            kafka = new EmbeddedKafkaKraftBroker(1, 3).kafkaPorts(port);
            kafka.brokerProperty("listeners", "EXTERNAL://localhost:" + port + ",CONTROLLER://localhost:" + freePort());
            kafka.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::destroy));
        }
        return kafka;
    }

    public static void register(DynamicPropertyRegistry registry) {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String topic = "citysafe-test-" + run + ".readings";
        String alarms = "citysafe-test-" + run + ".alarms";
        kafka().addTopics(new NewTopic(topic, 3, (short) 1),
                new NewTopic(alarms, 3, (short) 1));
        registry.add("citysafe.kafka.enabled", () -> "true");
        registry.add("citysafe.kafka.brokers", () -> kafka().getBrokersAsString());
        registry.add("citysafe.kafka.topic", () -> topic);
        registry.add("citysafe.kafka.group-id", () -> "citysafe-test-" + run);
        registry.add("citysafe.notify.ops-centre.topic", () -> alarms);
        registry.add("citysafe.notify.gateway.url", GATEWAY::url);
        registry.add("citysafe.notify.duty-centre.url", DUTY_CENTRE::url);
        registry.add("citysafe.notify.fire-119.url", FIRE_119::url);
        registry.add("citysafe.notify.fire-119.token", () -> FIRE_119_TOKEN);
        if (POSTGRES != null) {
            String url = createDatabase(POSTGRES, "citysafe_test_" + run);
            registry.add("spring.datasource.url", () -> url);
        }
        if (MQTT != null) {
            registry.add("citysafe.mqtt.broker-url", () -> MQTT);
        } else {
            int port = freePort();
            registry.add("citysafe.embedded.mqtt.port", () -> port);
        }
        // GB/T 26875.3 on two ports (the standard, and a vendor variant), HJ 212 on one; free ports of this machine
        int gbStandard = freePort();
        int gbVendor = freePort();
        int hj212 = freePort();
        registry.add("citysafe.protocols.gb26875.listeners[0].name", () -> "standard");
        registry.add("citysafe.protocols.gb26875.listeners[0].port", () -> gbStandard);
        registry.add("citysafe.protocols.gb26875.listeners[0].host", () -> "127.0.0.1");
        registry.add("citysafe.protocols.gb26875.listeners[1].name", () -> "bcd-command-checksum");
        registry.add("citysafe.protocols.gb26875.listeners[1].port", () -> gbVendor);
        registry.add("citysafe.protocols.gb26875.listeners[1].host", () -> "127.0.0.1");
        registry.add("citysafe.protocols.gb26875.listeners[1].timestamp-encoding", () -> "BCD");
        registry.add("citysafe.protocols.gb26875.listeners[1].checksum-range", () -> "COMMAND_TO_DATA");
        registry.add("citysafe.protocols.hj212.listeners[0].name", () -> "stations");
        registry.add("citysafe.protocols.hj212.listeners[0].port", () -> hj212);
        registry.add("citysafe.protocols.hj212.listeners[0].host", () -> "127.0.0.1");
        registry.add("citysafe.protocols.hj212.listeners[0].split-packet-timeout", () -> "3s");
        registry.add("citysafe.push.platforms[0].name", () -> "nbiot");
        registry.add("citysafe.push.platforms[0].secret", () -> PUSH_SECRET);
        registry.add("citysafe.push.platforms[1].name", () -> "legacy");
        registry.add("citysafe.push.platforms[1].token", () -> PUSH_TOKEN);
        registry.add("citysafe.mqtt.client-id", () -> "citysafe-test-" + run);
        registry.add("citysafe.mqtt.topic-prefix", () -> "citysafe-test-" + run + "/v1");
    }

    /** The MQTT broker the service under test listens to. */
    public static String mqttUrl(Environment env) {
        return MQTT != null ? MQTT : "tcp://127.0.0.1:" + env.getProperty("citysafe.embedded.mqtt.port");
    }

    private static String createDatabase(String serverUrl, String name) {
        try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + serverUrl, e);
        }
        // leave the shared server as we found it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + name + " with (force)");
            } catch (SQLException ignored) {
                // the server may already be gone; a leftover database is harmless, tests never read it
            }
        }));
        int query = serverUrl.indexOf('?');
        String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
        String params = query < 0 ? "" : serverUrl.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + params;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String setting(String name) {
        String value = System.getenv(name);
        if (value == null) value = System.getProperty(name);
        return value == null || value.isBlank() ? null : value;
    }
}
