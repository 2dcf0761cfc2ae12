package org.citysafe.service.ingest;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.citysafe.routes.gb26875.Gb26875Options;
import org.citysafe.routes.gb26875.Gb26875ReadingMapper;
import org.citysafe.routes.mqtt.MqttTopics;
import org.citysafe.service.support.MqttPublisher;
import org.citysafe.service.support.ServiceTestBase;
import org.citysafe.service.support.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * Readings per second per inbound route, end to end on this machine: from the first byte sent to the last reading
 * decided and stored (rows in the reading table), one sender per route, the routes one after another. Not a test
 * (no *IT name, so {@code verify} does not run it); run it with
 * <pre>
 * ./mvnw -q -o -pl decision-service -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=IngestBenchmark -Dcitysafe.bench.readings=2000
 * </pre>
 * and read the table in decision-service/target/failsafe-reports/*IngestBenchmark-output.txt (lines "BENCH").
 */
class IngestBenchmark extends ServiceTestBase {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private final int readings = Integer.getInteger("citysafe.bench.readings", 1000);
    private final Map<String, String> results = new LinkedHashMap<>();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MqttTopics topics;

    @Test
    void readingsPerSecondPerRoute() throws Exception {
        measure("http (POST /api/v1/decisions, batches of 50)", this::http);
        measure("push (signed POST /api/v1/push, batches of 50, inbox)", this::push);
        measure("mqtt (QoS 1, one reading per message)", this::mqtt);
        measure("kafka (one reading per record)", this::kafka);
        measure("gb26875 (TCP, 4 readings per frame, confirm awaited per frame)", this::gb26875);
        measure("hj212 (TCP, 1 reading per packet, Flag=5 answer awaited per packet)", this::hj212);
        results.forEach((route, line) -> System.out.println("BENCH " + route + ": " + line));
    }

    interface Sender {
        /** Sends {@code n} readings for {@code deviceId}; returns the device whose stored rows are counted. */
        String send(int n) throws Exception;
    }

    private void measure(String route, Sender sender) throws Exception {
        Instant start = Instant.now();
        String device = sender.send(readings);
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(100)).until(() -> stored(device) >= readings);
        double seconds = Duration.between(start, Instant.now()).toNanos() / 1e9;
        assertThat(stored(device)).isEqualTo(readings);
        results.put(route, "%d readings in %.1f s = %.0f readings/s".formatted(readings, seconds, readings / seconds));
    }

    private int stored(String device) {
        return jdbc.queryForObject("select count(*) from reading where device_id = ?", Integer.class, device);
    }

    private String gasDevice() {
        String id = unique("bench");
        platform.post("/api/v1/devices", devices(device(id, "restaurant-gas-detector", "site-" + id, DISTRICT)));
        return id;
    }

    private String http(int n) {
        String gas = gasDevice();
        for (int i = 0; i < n; i += 50) {
            List<String> batch = new ArrayList<>();
            for (int k = i; k < Math.min(n, i + 50); k++) batch.add(reading(gas, "gas.concentration", 3, "%LEL", "b" + k, n - k));
            assertThat(platform.post("/api/v1/decisions", "{\"readings\":[" + String.join(",", batch) + "]}").status())
                    .isEqualTo(200);
        }
        return gas;
    }

    private String push(int n) throws Exception {
        String gas = gasDevice();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < n; i += 50) {
            List<String> batch = new ArrayList<>();
            for (int k = i; k < Math.min(n, i + 50); k++) batch.add(reading(gas, "gas.concentration", 3, "%LEL", "b" + k, n - k));
            String body = "{\"readings\":[" + String.join(",", batch) + "]}";
            String ts = Long.toString(Instant.now().getEpochSecond());
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/push/nbiot"))
                    .header("Content-Type", "application/json").header(PushAuthentication.TIMESTAMP, ts)
                    .header(PushAuthentication.SIGNATURE, "sha256=" + PushAuthentication.hmac(
                            TestInfrastructure.PUSH_SECRET, ts, body.getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(202);
        }
        return gas;
    }

    private String mqtt(int n) throws Exception {
        String gas = gasDevice();
        try (MqttPublisher client = MqttPublisher.connect(TestInfrastructure.mqttUrl(environment),
                "bench-" + UUID.randomUUID())) {
            for (int i = 0; i < n; i++) {
                client.publish(topics.deviceTopic(gas), reading(gas, "gas.concentration", 3, "%LEL", "b" + i, n - i));
            }
        }
        return gas;
    }

    private String kafka(int n) throws Exception {
        String gas = gasDevice();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(environment.getProperty("citysafe.kafka.topic"), "site-" + gas,
                        reading(gas, "gas.concentration", 3, "%LEL", "b" + i, n - i)));
            }
            producer.flush();
        }
        return gas;
    }

    private String gb26875(int n) throws Exception {
        long uitd = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFF_FFFFL);
        String id = Gb26875ReadingMapper.componentId(uitd, 1, 1, TcpIngestIT.DETECTOR);
        platform.post("/api/v1/devices", devices(device(id, "fire-alarm-controller", "site-" + id, DISTRICT)));
        LocalDateTime start = LocalDateTime.now(CHINA).withNano(0).minusSeconds(n);
        try (Socket socket = connect("gb26875", 0)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int frame = 0; frame < n / 4; frame++) {
                out.write(TcpIngestIT.fireAlarm(Gb26875Options.standard(), uitd, frame % 65536, start.plusSeconds(frame)));
                TcpIngestIT.readGbFrame(in);
            }
        }
        return id;
    }

    private String hj212(int n) throws Exception {
        String mn = ("BENCH" + UUID.randomUUID().toString().replace("-", "").toUpperCase()).substring(0, 24);
        platform.post("/api/v1/devices", devices(device(mn + ".xd0101", "drainage-level-gauge", "site-" + mn, DISTRICT)));
        LocalDateTime start = LocalDateTime.now(CHINA).withNano(0).minusSeconds(n);
        DateTimeFormatter qn = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
        try (Socket socket = connect("hj212", 0)) {
            for (int i = 0; i < n; i++) {
                String time = start.plusSeconds(i).format(qn);
                socket.getOutputStream().write(TcpIngestIT.hj212("QN=" + time + ";ST=32;CN=2011;PW=123456;MN=" + mn
                        + ";Flag=5;CP=&&DataTime=" + time.substring(0, 14) + ";xd0101-Rtd=0.4&&"));
                TcpIngestIT.readLine(socket.getInputStream());
            }
        }
        return mn + ".xd0101";
    }

    private Socket connect(String protocol, int listener) throws Exception {
        Socket socket = new Socket("127.0.0.1", Integer.parseInt(environment.getProperty(
                "citysafe.protocols." + protocol + ".listeners[" + listener + "].port")));
        socket.setSoTimeout((int) TimeUnit.MINUTES.toMillis(2));
        return socket;
    }
}
