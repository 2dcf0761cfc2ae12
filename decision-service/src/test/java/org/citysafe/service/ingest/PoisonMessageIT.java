package org.citysafe.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.citysafe.routes.codec.Hex;
import org.citysafe.routes.gb26875.Gb26875Frame;
import org.citysafe.routes.gb26875.Gb26875FrameCodec;
import org.citysafe.routes.gb26875.Gb26875Options;
import org.citysafe.routes.gb26875.Gb26875ReadingMapper;
import org.citysafe.routes.mqtt.MqttTopics;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.MqttPublisher;
import org.citysafe.service.support.ServiceTestBase;
import org.citysafe.service.support.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * No poison message anywhere: on every route, a reading that must not be decided (a NUL byte or a control
 * character in an id, a spreadsheet formula as an id, a boolean as the value, an absurd, a stale or a far-future
 * timestamp) is kept as a dead letter with its reason, and a RED gas reading sent after it on the same route is
 * decided. One generated test per route × poison.
 */
class PoisonMessageIT extends ServiceTestBase {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static MqttPublisher mqtt;
    private static KafkaProducer<String, String> kafka;

    @Autowired
    MqttTopics topics;

    @Autowired
    JdbcTemplate jdbc;

    /** A poison element for {@code gas}, carrying {@code marker} so that its dead letter can be found. */
    private record Poison(String name, String expectedReason, PoisonBody body) {
    }

    private interface PoisonBody {
        String of(String gas, String marker);
    }

    private static String element(String deviceId, String value, String ts, String messageId, String marker) {
        return "{\"deviceId\":" + Api.quote(deviceId) + ",\"metric\":\"gas.concentration\",\"value\":" + value
                + ",\"unit\":\"%LEL\",\"ts\":" + Api.quote(ts) + ",\"messageId\":" + Api.quote(messageId)
                + ",\"trace\":\"" + marker + "\"}";
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static final List<Poison> POISONS = List.of(
            new Poison("NUL byte in deviceId", "deviceId", (gas, m) -> element(gas + "\u0000", "52", now(), m, m)),
            new Poison("control character in messageId", "messageId",
                    (gas, m) -> element(gas, "52", now(), m + "\u0007\u001b[31m", m)),
            new Poison("formula as deviceId", "must start with a letter or digit",
                    (gas, m) -> element("=HYPERLINK(\"http://evil\",\"" + gas + "\")", "52", now(), m, m)),
            new Poison("formula as messageId", "must start with a letter or digit",
                    (gas, m) -> element(gas, "52", now(), "@SUM(1+1)" + m, m)),
            new Poison("boolean value", "is a boolean, not a number", (gas, m) -> element(gas, "true", now(), m, m)),
            new Poison("absurd timestamp", "stale",
                    (gas, m) -> element(gas, "52", "-999999999-01-01T00:00:00Z", m, m)),
            new Poison("stale timestamp", "stale", (gas, m) -> element(gas, "52",
                    OffsetDateTime.now(ZoneOffset.UTC).minusDays(31).toString(), m, m)),
            new Poison("far-future timestamp", "in the future",
                    (gas, m) -> element(gas, "52", "+999999999-12-31T23:59:59Z", m, m)));

    private interface Route {
        void send(PoisonMessageIT test, String gas, String payload) throws Exception;
    }

    private static final Map<String, Route> ROUTES = Map.of(
            "http", (t, gas, payload) -> assertThat(t.platform.post("/api/v1/decisions",
                    "{\"readings\":[" + payload + "]}").status()).isEqualTo(200),
            "http-async", (t, gas, payload) -> assertThat(t.platform.post("/api/v1/readings",
                    "{\"readings\":[" + payload + "]}").status()).isEqualTo(202),
            "push", (t, gas, payload) -> assertThat(HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + t.port + "/api/v1/push/legacy"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TestInfrastructure.PUSH_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202),
            "mqtt", (t, gas, payload) -> {
                t.mqtt().publish(t.topics.gatewayTopic("poison-gateway"), payload);
            },
            "kafka", (t, gas, payload) -> t.kafka().send(new ProducerRecord<>(
                    t.environment.getProperty("citysafe.kafka.topic"), gas, payload)).get());

    /** The route a dead letter of each entry point is kept under. */
    private static String deadLetterRoute(String route) {
        return route.equals("http-async") ? "http" : route;
    }

    @TestFactory
    Stream<DynamicTest> onEveryRouteAPoisonIsADeadLetterWithItsReasonAndTheNextRedReadingIsDecided() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String route : List.of("http", "http-async", "push", "mqtt", "kafka")) {
            for (Poison poison : POISONS) {
                tests.add(DynamicTest.dynamicTest(route + ": " + poison.name(), () -> {
                    String gas = unique("gas");
                    String site = unique("poisoned");
                    assertThat(platform.post("/api/v1/devices",
                            devices(device(gas, "restaurant-gas-detector", site, DISTRICT))).status()).isEqualTo(200);
                    String marker = "poison" + UUID.randomUUID().toString().replace("-", "");
                    ROUTES.get(route).send(this, gas, poison.body().of(gas, marker));
                    ROUTES.get(route).send(this, gas, reading(gas, "gas.concentration", 52, "%LEL", unique("red"), 1));

                    await().atMost(Duration.ofSeconds(30)).until(() -> alarmAt(site) != null);
                    assertThat(alarmAt(site).get("level").asText()).isEqualTo("RED");
                    JsonNode letter = await().atMost(Duration.ofSeconds(30))
                            .until(() -> deadLetter(deadLetterRoute(route), marker), l -> l != null);
                    assertThat(letter.get("reason").asText()).contains(poison.expectedReason());
                }));
            }
        }
        return tests.stream();
    }

    /**
     * The inbox as an older version could have left it: a row that is not JSON at all and one with a NUL byte in
     * its deviceId, claimed in one batch with a RED reading. The RED reading is decided; the others are dead letters.
     */
    @Test
    void anInboxRowThatCannotBeDecidedIsADeadLetterAndTheRowsAfterItAreDecided() {
        String gas = unique("gas");
        String site = unique("inbox");
        platform.post("/api/v1/devices", devices(device(gas, "restaurant-gas-detector", site, DISTRICT)));
        String marker = "poison" + UUID.randomUUID().toString().replace("-", "");
        String garbage = "{\"readings\":[" + marker;
        String nul = element(gas + "\u0000", "52", now(), marker + "-nul", marker);
        String red = reading(gas, "gas.concentration", 52, "%LEL", unique("red"), 1);
        jdbc.update("insert into inbox (route, peer, body) values ('http', 'old', ?), ('http', 'old', ?),"
                + " ('http', 'old', ?)", garbage, nul, red);

        await().atMost(Duration.ofSeconds(30)).until(() -> alarmAt(site) != null);
        assertThat(alarmAt(site).get("level").asText()).isEqualTo("RED");
        JsonNode garbageLetter = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetter("http", marker,
                l -> l.get("payload").asText().equals(garbage)), l -> l != null);
        assertThat(garbageLetter.get("reason").asText()).startsWith("could not be decided: ");
        JsonNode nulLetter = deadLetter("http", marker, l -> l.get("payload").asText().contains("-nul"));
        assertThat(nulLetter).isNotNull();
        assertThat(nulLetter.get("reason").asText()).contains("U+0000");
        assertThat(nulLetter.get("deviceId").asText()).isEqualTo(gas + "\\u0000");
        assertThat(jdbc.queryForObject("select count(*) from inbox where peer = 'old'", Integer.class)).isZero();
    }

    /** GB/T 26875.3 over TCP: a fire alarm stamped 2001 is stale and kept; the next frame's alarm is raised. */
    @Test
    void overTcpAStaleFrameIsADeadLetterAndTheNextFrameRaisesItsAlarm() throws Exception {
        Gb26875Options standard = Gb26875Options.standard();
        long uitd = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 47);
        String site = unique("mall");
        String detector = Gb26875ReadingMapper.componentId(uitd, 1, 1, TcpIngestIT.DETECTOR);
        platform.post("/api/v1/devices", devices(device(detector, "fire-alarm-controller", site, DISTRICT)));
        byte[] stale = TcpIngestIT.fireAlarm(standard, uitd, 1, LocalDateTime.of(2001, 1, 1, 12, 0));
        byte[] fresh = TcpIngestIT.fireAlarm(standard, uitd, 2, LocalDateTime.now(CHINA).withNano(0));

        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(
                environment.getProperty("citysafe.protocols.gb26875.listeners[0].port")))) {
            socket.setSoTimeout(20_000);
            for (byte[] frame : List.of(stale, fresh)) {
                socket.getOutputStream().write(frame);
                Gb26875Frame reply = new Gb26875FrameCodec(standard).decode(TcpIngestIT.readGbFrame(
                        socket.getInputStream()));
                assertThat(reply.destination()).isEqualTo(uitd);
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> alarmAt(site) != null);
        assertThat(alarmAt(site).get("alarmType").asText()).isEqualTo("FIRE_ALARM");
        String staleHex = Hex.spaced(stale);
        JsonNode letter = deadLetter("gb26875", "", l -> l.get("payload").asText().equals(staleHex)
                && l.get("deviceId").asText().equals(detector));
        assertThat(letter).as("the stale frame's dead letter").isNotNull();
        assertThat(letter.get("reason").asText()).startsWith("stale: timestamp 2001-01-01T04:00:00Z");
    }

    private JsonNode alarmAt(String site) {
        for (JsonNode a : operator.get("/api/v1/alarms?district=" + DISTRICT + "&limit=1000").json()) {
            if (a.get("siteId").asText().equals(site)) return a;
        }
        return null;
    }

    private JsonNode deadLetter(String route, String marker) {
        return deadLetter(route, marker, l -> true);
    }

    private JsonNode deadLetter(String route, String marker, Predicate<JsonNode> also) {
        for (JsonNode l : platform.get("/api/v1/dead-letters?route=" + route + "&limit=1000").json()) {
            if (l.get("payload").asText().contains(marker) && also.test(l)) return l;
        }
        return null;
    }

    private synchronized MqttPublisher mqtt() {
        if (mqtt == null) {
            mqtt = MqttPublisher.connect(TestInfrastructure.mqttUrl(environment), "poison-" + UUID.randomUUID());
        }
        return mqtt;
    }

    private synchronized KafkaProducer<String, String> kafka() {
        if (kafka == null) {
            kafka = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        }
        return kafka;
    }

    @AfterAll
    static void close() throws Exception {
        if (mqtt != null) mqtt.close();
        if (kafka != null) kafka.close();
    }
}
