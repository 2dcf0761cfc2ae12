package org.citysafe.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.routes.codec.Hex;
import org.citysafe.routes.gb26875.Gb26875Command;
import org.citysafe.routes.gb26875.Gb26875Frame;
import org.citysafe.routes.gb26875.Gb26875FrameCodec;
import org.citysafe.routes.gb26875.Gb26875Options;
import org.citysafe.routes.gb26875.Gb26875ReadingMapper;
import org.citysafe.routes.gb26875.Gb26875Time;
import org.citysafe.routes.hj212.Hj212Crc;
import org.citysafe.routes.hj212.Hj212Options;
import org.citysafe.routes.hj212.Hj212Packet;
import org.citysafe.routes.hj212.Hj212PacketCodec;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;

/**
 * GB/T 26875.3 and HJ 212-2017 over real TCP sockets into the running service: frames built from the standards
 * (starting from the public example frames the codec tests use), acknowledgements read back from the socket, readings
 * decided and stored, refused frames kept as dead letters with their bytes, peer and reason.
 */
class TcpIngestIT extends ServiceTestBase {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /**
     * Public example 1 (camel-routes/src/test/resources/frames/gb26875/public-example-1-component-fire.hex): a smoke
     * detector's fire alarm, component state, state 0x0002 (bit 0 clear, as the public frames send real alarms).
     */
    private static final String PUBLIC_EXAMPLE_1 = "40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 "
            + "00 00 30 00 02 02 01 01 01 28 0A 00 02 00 02 00 " + "20 ".repeat(30) + "00 02 3A 09 1A 09 0C 46 23 23";
    static final long DETECTOR = 0x0002000aL;
    /** Offset of the object's own time in the app data: type, count, then 40 bytes before the time. */
    private static final int OBJECT_TIME = 2 + 40;

    private final Gb26875Options standard = Gb26875Options.standard();
    private final Gb26875Options vendor = standard.withTimestampEncoding(Gb26875Options.TimestampEncoding.BCD)
            .withChecksumRange(Gb26875Options.ChecksumRange.COMMAND_TO_DATA);

    @Test
    void thePublicFireAlarmFrameIsConfirmedOverTcpAndRaisesAnAlarm() throws Exception {
        long uitd = randomAddress();
        String site = unique("mall");
        register(Gb26875ReadingMapper.componentId(uitd, 1, 1, DETECTOR), "fire-alarm-controller", site);
        byte[] frame = fireAlarm(standard, uitd, 7, LocalDateTime.now(CHINA).withNano(0));

        try (Socket socket = connect("standard")) {
            socket.getOutputStream().write(frame);
            Gb26875Frame reply = new Gb26875FrameCodec(standard).decode(readGbFrame(socket.getInputStream()));

            assertThat(reply.command()).isEqualTo(Gb26875Command.CONFIRM.code());
            assertThat(reply.serialNo()).isEqualTo(7);
            assertThat(reply.destination()).isEqualTo(uitd);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> alarmAt(site) != null);
        assertThat(alarmAt(site).get("alarmType").asText()).isEqualTo("FIRE_ALARM");
    }

    @Test
    void aFrameWithABadChecksumIsDeniedAndKeptWithItsBytesPeerAndReasonAndTheConnectionGoesOn() throws Exception {
        long uitd = randomAddress();
        register(Gb26875ReadingMapper.componentId(uitd, 1, 1, DETECTOR), "fire-alarm-controller", unique("hotel"));
        byte[] good = fireAlarm(standard, uitd, 9, LocalDateTime.now(CHINA).withNano(0));
        byte[] bad = good.clone();
        bad[bad.length - 3] ^= 0x5A;

        try (Socket socket = connect("standard")) {
            socket.getOutputStream().write(bad);
            Gb26875Frame deny = new Gb26875FrameCodec(standard).decode(readGbFrame(socket.getInputStream()));
            assertThat(deny.command()).isEqualTo(Gb26875Command.DENY.code());
            assertThat(deny.serialNo()).isEqualTo(9);

            socket.getOutputStream().write(good);
            Gb26875Frame confirm = new Gb26875FrameCodec(standard).decode(readGbFrame(socket.getInputStream()));
            assertThat(confirm.command()).isEqualTo(Gb26875Command.CONFIRM.code());
        }
        JsonNode letter = deadLetter("gb26875", Hex.spaced(bad));
        assertThat(letter.get("reason").asText()).contains("checksum");
        assertThat(letter.get("peer").asText()).startsWith("tcp:127.0.0.1:").endsWith("@standard");
        assertThat(letter.get("payloadEncoding").asText()).isEqualTo("base64");
    }

    @Test
    void eachPortSpeaksItsOwnVendorVariant() throws Exception {
        long uitd = randomAddress();
        String site = unique("depot");
        register(Gb26875ReadingMapper.componentId(uitd, 1, 1, DETECTOR), "fire-alarm-controller", site);
        byte[] bcd = fireAlarm(vendor, uitd, 3, LocalDateTime.now(CHINA).withNano(0));

        try (Socket standardPort = connect("standard")) {
            standardPort.getOutputStream().write(bcd);
            byte[] reply = readGbFrame(standardPort.getInputStream());
            assertThat(reply[26]).as("command of the reply on the standard port").isEqualTo((byte) 6);
        }
        try (Socket vendorPort = connect("bcd-command-checksum")) {
            vendorPort.getOutputStream().write(bcd);
            Gb26875Frame reply = new Gb26875FrameCodec(vendor).decode(readGbFrame(vendorPort.getInputStream()));
            assertThat(reply.command()).isEqualTo(Gb26875Command.CONFIRM.code());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> alarmAt(site) != null);
    }

    @Test
    void framesOnOneConnectionAreAnsweredAndDecidedInTheOrderTheyArrived() throws Exception {
        long uitd = randomAddress();
        register(Gb26875ReadingMapper.componentId(uitd, 1, 1, DETECTOR), "fire-alarm-controller", unique("tower"));
        LocalDateTime start = LocalDateTime.now(CHINA).withNano(0).minusMinutes(5);
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        int frames = 25;
        for (int serial = 1; serial <= frames; serial++) {
            burst.write(fireAlarm(standard, uitd, serial, start.plusSeconds(serial)));
        }

        List<Integer> confirmed = new ArrayList<>();
        try (Socket socket = connect("standard")) {
            socket.getOutputStream().write(burst.toByteArray()); // one write: the frames arrive in shared chunks
            for (int i = 0; i < frames; i++) {
                confirmed.add(new Gb26875FrameCodec(standard).decode(readGbFrame(socket.getInputStream())).serialNo());
            }
            // the same burst again: every reading was stored, so every one is now a duplicate
            socket.getOutputStream().write(burst.toByteArray());
            for (int i = 0; i < frames; i++) readGbFrame(socket.getInputStream());
        }
        assertThat(confirmed).containsExactlyElementsOf(IntStream.rangeClosed(1, frames).boxed().toList());
        String device = Gb26875ReadingMapper.componentId(uitd, 1, 1, DETECTOR);
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicatesOf(device) == frames * 4L);
    }

    @Test
    void aStationPacketAskingForAnAnswerGetsTheDataResponseAfterItsReadingsAreStored() throws Exception {
        String mn = "CS" + unique("WELL").replace("-", "").toUpperCase() + "0000000000000";
        mn = mn.substring(0, 24);
        String site = unique("well");
        register(mn + ".xd0101", "drainage-level-gauge", site);
        String qn = LocalDateTime.now(CHINA).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS"));
        byte[] packet = hj212("QN=" + qn + ";ST=32;CN=2011;PW=123456;MN=" + mn + ";Flag=5;CP=&&DataTime="
                + qn.substring(0, 14) + ";xd0101-Rtd=2.45,xd0101-Flag=N;a34004-Rtd=35,a34004-Flag=N&&");

        try (Socket socket = connect("hj212", "stations")) {
            socket.getOutputStream().write(packet);
            Hj212Packet reply = new Hj212PacketCodec(Hj212Options.standard()).decode(readLine(socket.getInputStream()));
            assertThat(reply.cn()).isEqualTo("9014");
            assertThat(reply.qn()).isEqualTo(qn);
            assertThat(reply.mn()).isEqualTo(mn);

            // answered only once stored: sending it again finds it decided already
            socket.getOutputStream().write(packet);
            readLine(socket.getInputStream());
        }
        String device = mn + ".xd0101";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(duplicatesOf(device))
                .as("'already decided' dead letters of %s among %s", device, lettersOf(device)).isEqualTo(1));
    }

    @Test
    void aPacketWithABadCrcIsNotAnsweredAndIsKept() throws Exception {
        String mn = ("CSBADCRC" + ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50) + "00000000").substring(0, 24);
        register(mn + ".xd0101", "drainage-level-gauge", unique("well"));
        String qn1 = "20240701101530123";
        String qn2 = "20240701101530124";
        byte[] bad = hj212("QN=" + qn1 + ";ST=32;CN=2011;PW=123456;MN=" + mn + ";Flag=5;CP=&&DataTime="
                + "20240701101500;xd0101-Rtd=0.4&&");
        bad[bad.length - 4] = (byte) (bad[bad.length - 4] == '0' ? '1' : '0');
        byte[] good = hj212("QN=" + qn2 + ";ST=32;CN=2011;PW=123456;MN=" + mn + ";Flag=5;CP=&&DataTime="
                + "20240701101600;xd0101-Rtd=0.4&&");

        try (Socket socket = connect("hj212", "stations")) {
            socket.getOutputStream().write(bad);
            socket.getOutputStream().write(good);
            Hj212Packet first = new Hj212PacketCodec(Hj212Options.standard()).decode(readLine(socket.getInputStream()));
            assertThat(first.qn()).as("the first answer is the good packet's").isEqualTo(qn2);
        }
        JsonNode letter = deadLetter("hj212", Hex.spaced(bad));
        assertThat(letter.get("reason").asText()).containsIgnoringCase("crc");
        assertThat(letter.get("payload").asText()).isEqualTo(new String(bad, StandardCharsets.US_ASCII));
        assertThat(letter.get("peer").asText()).endsWith("@stations");
    }

    @Test
    void eachRouteCountsWhatItReceivedAcceptedAndRefusedAtTheMetricsEndpoint() throws Exception {
        aFrameWithABadChecksumIsDeniedAndKeptWithItsBytesPeerAndReasonAndTheConnectionGoesOn();
        String prometheus = platform.get("/actuator/prometheus").body();
        assertThat(prometheus).containsPattern("citysafe_ingest_received_total\\{.*route=\"gb26875\".*} [1-9]")
                .containsPattern("citysafe_ingest_accepted_total\\{.*route=\"gb26875\".*} [1-9]")
                .containsPattern("citysafe_ingest_refused_total\\{.*route=\"gb26875\".*} [1-9]")
                .containsPattern("citysafe_ingest_latency_seconds_count\\{.*route=\"gb26875\".*} [1-9]");
    }

    // --- frames ---

    /** Public example 1 re-addressed to {@code uitd}, with the given serial and times, in {@code options}' variant. */
    static byte[] fireAlarm(Gb26875Options options, long uitd, int serial, LocalDateTime occurred)
            throws Exception {
        Gb26875Frame sample = new Gb26875FrameCodec(Gb26875Options.standard()).decode(Hex.parse(PUBLIC_EXAMPLE_1));
        byte[] appData = sample.appData();
        byte[] time = timeBytes(occurred, options.timestampEncoding());
        System.arraycopy(time, 0, appData, OBJECT_TIME, time.length);
        Gb26875Frame frame = new Gb26875Frame(serial, sample.versionMajor(), sample.versionMinor(),
                Gb26875Time.of(occurred), uitd, sample.destination(), sample.command(), appData);
        return new Gb26875FrameCodec(options).encode(frame);
    }

    private static byte[] timeBytes(LocalDateTime t, Gb26875Options.TimestampEncoding encoding) {
        int[] fields = {t.getSecond(), t.getMinute(), t.getHour(), t.getDayOfMonth(), t.getMonthValue(),
                t.getYear() - 2000};
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            int v = fields[i];
            out[i] = (byte) (encoding == Gb26875Options.TimestampEncoding.BCD ? (v / 10) << 4 | v % 10 : v);
        }
        return out;
    }

    static byte[] hj212(String dataSegment) {
        byte[] data = dataSegment.getBytes(StandardCharsets.US_ASCII);
        return ("##" + "%04d".formatted(data.length) + dataSegment + Hj212Crc.format(Hj212Crc.crc16(data)) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static long randomAddress() {
        return ThreadLocalRandom.current().nextLong(1, Gb26875Frame.MAX_ADDRESS);
    }

    /** One GB frame from the stream: the 27-byte header says how long the rest is. */
    static byte[] readGbFrame(InputStream in) throws IOException {
        byte[] header = in.readNBytes(Gb26875FrameCodec.HEADER_LENGTH);
        int appLength = (header[24] & 0xFF) | (header[25] & 0xFF) << 8;
        byte[] rest = in.readNBytes(appLength + Gb26875FrameCodec.TRAILER_LENGTH);
        byte[] frame = Arrays.copyOf(header, header.length + rest.length);
        System.arraycopy(rest, 0, frame, header.length, rest.length);
        return frame;
    }

    static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b; (b = in.read()) != -1; previous = b) {
            line.write(b);
            if (previous == '\r' && b == '\n') break;
        }
        return line.toByteArray();
    }

    // --- service ---

    private Socket connect(String gbListener) throws IOException {
        return connect("gb26875", gbListener);
    }

    private Socket connect(String protocol, String listener) throws IOException {
        String prefix = "citysafe.protocols." + protocol + ".listeners[";
        for (int i = 0; ; i++) {
            String name = environment.getProperty(prefix + i + "].name");
            if (name == null) throw new IllegalStateException("no " + protocol + " listener " + listener);
            if (name.equals(listener)) {
                Socket socket = new Socket("127.0.0.1", Integer.parseInt(environment.getProperty(prefix + i + "].port")));
                socket.setSoTimeout(20_000);
                return socket;
            }
        }
    }

    private void register(String deviceId, String type, String site) {
        assertThat(platform.post("/api/v1/devices", devices(device(deviceId, type, site, DISTRICT))).status())
                .isEqualTo(200);
    }

    private JsonNode alarmAt(String site) {
        for (JsonNode a : operator.get("/api/v1/alarms?district=" + DISTRICT + "&limit=1000").json()) {
            if (a.get("siteId").asText().equals(site)) return a;
        }
        return null;
    }

    private long duplicatesOf(String deviceId) {
        long n = 0;
        for (JsonNode l : platform.get("/api/v1/dead-letters?limit=1000").json()) {
            if (deviceId.equals(l.path("deviceId").asText()) && l.get("reason").asText().contains("already decided")) n++;
        }
        return n;
    }

    private List<String> lettersOf(String deviceId) {
        List<String> reasons = new ArrayList<>();
        for (JsonNode l : platform.get("/api/v1/dead-letters?limit=1000").json()) {
            if (deviceId.equals(l.path("deviceId").asText())) reasons.add(l.get("reason").asText());
        }
        return reasons;
    }

    private JsonNode deadLetter(String route, String hex) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode l : platform.get("/api/v1/dead-letters?route=" + route + "&limit=1000").json()) {
                if (hex.equals(l.path("payloadHex").asText())) return l;
            }
            return null;
        }, Objects::nonNull);
    }
}
