package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.ReadingMapping;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import org.citysafe.routes.codec.FrameRefusedException;
import org.citysafe.routes.codec.FramingResult;
import org.citysafe.routes.codec.Refusal;
import org.citysafe.rules.Reading;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzzing of the HJ 212 codec. Tries per property: {@code jqwik.tries.default} (1000 in the normal
 * build; the long run in docs/PROTOCOLS.md sets it on the command line). Properties: nothing but
 * {@link FrameRefusedException} escapes the decoder; every refusal carries the raw bytes and a reason; every byte fed
 * to a session comes back exactly once; valid packets round-trip; valid packets are recovered from any chunking of a
 * stream with garbage between them; the mapper turns any valid packet into well-formed readings.
 */
class Hj212FuzzTest {

    private static final Hj212Options OPTIONS = Hj212Options.standard();
    private static final Instant NOW = Instant.parse("2024-07-01T02:15:30Z");
    private static final String SEGMENT_CHARS = "QNSTCPWMFlagPNUMO=;,&-_.012345679abxwdRtdAvgMinMaxDataTime#\r\n ";
    private static final String FACTORS = "w01001 w01010 a01001 a21028 xd0101 xd0201 xg0101 xp0101 LA B01 ele01";

    @Property
    void randomBytesAreDecodedOrRefusedWithTheirBytesAndAReason(@ForAll @Size(max = 160) byte[] bytes) {
        decodeOrRefusal(bytes);
    }

    @Property
    void wellFramedRandomSegmentsAreDecodedOrRefusedAndDecodedOnesAreStable(@ForAll("randomSegments") String segment) {
        Optional<Hj212Packet> packet = decodeOrRefusal(Hj212PacketCodecTest.packet(segment));

        packet.ifPresent(p -> {
            Hj212PacketCodec codec = new Hj212PacketCodec(OPTIONS);
            assertThat(decodeOrRefusal(codec.encode(p))).contains(p);
            assertWellFormedReadings(p);
        });
    }

    @Property
    void mutatedValidPacketsAreRefusedOrDecoded(@ForAll("packetBytes") byte[] packet,
                                               @ForAll("mutations") List<Mutation> mutations) {
        byte[] mutated = packet;
        for (Mutation mutation : mutations) mutated = mutation.apply(mutated);

        decodeOrRefusal(mutated).ifPresent(p -> {
            assertThat(decodeOrRefusal(new Hj212PacketCodec(OPTIONS).encode(p))).contains(p);
            assertWellFormedReadings(p);
        });
        assertSessionReturnsEveryByte(List.of(mutated));
    }

    @Property
    void everyByteOfARandomStreamComesBackOnceInOrder(@ForAll("randomChunks") List<byte[]> chunks) {
        assertSessionReturnsEveryByte(chunks);
    }

    @Property
    void validPacketsAreRecoveredFromAnyChunkingWithGarbageBetween(@ForAll("packetsAndGarbage") List<byte[]> pieces,
                                                                  @ForAll("cuts") List<Integer> cuts) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<byte[]> packets = new ArrayList<>();
        ByteArrayOutputStream garbage = new ByteArrayOutputStream();
        for (int i = 0; i < pieces.size(); i++) {
            stream.writeBytes(pieces.get(i));
            if (i % 2 == 1) packets.add(pieces.get(i));
            else garbage.writeBytes(pieces.get(i));
        }
        Hj212StreamFramer framer = new Hj212StreamFramer(OPTIONS);
        List<byte[]> complete = new ArrayList<>();
        ByteArrayOutputStream refused = new ByteArrayOutputStream();

        for (byte[] chunk : split(stream.toByteArray(), cuts)) {
            for (FramingResult result : framer.feed(chunk)) {
                if (result instanceof FramingResult.Complete c) complete.add(c.frame());
                else refused.writeBytes(result.bytes());
            }
            assertThat(framer.bufferedBytes()).isLessThan(OPTIONS.maxDataLength() + Hj212PacketCodec.OVERHEAD);
        }
        framer.close().forEach(r -> refused.writeBytes(r.bytes()));

        assertThat(complete).containsExactlyElementsOf(packets);
        assertThat(refused.toByteArray()).isEqualTo(garbage.toByteArray());
    }

    @Property
    void packetsRoundTrip(@ForAll("packets") Hj212Packet packet) throws FrameRefusedException {
        Hj212PacketCodec codec = new Hj212PacketCodec(OPTIONS);

        assertThat(codec.decode(codec.encode(packet))).isEqualTo(packet);
        assertWellFormedReadings(packet);
    }

    // ---- checks

    private static Optional<Hj212Packet> decodeOrRefusal(byte[] bytes) {
        try {
            return Optional.of(new Hj212PacketCodec(OPTIONS).decode(bytes));
        } catch (FrameRefusedException e) {
            assertThat(e.refusal().raw()).isEqualTo(bytes);
            assertThat(e.refusal().reason()).isNotBlank();
            assertThat(e.refusal().protocol()).isEqualTo("hj212");
            return Optional.empty();
        }
    }

    private static void assertWellFormedReadings(Hj212Packet packet) {
        ReadingMapping mapping = new Hj212ReadingMapper(OPTIONS).map(packet, NOW);
        for (Reading reading : mapping.readings()) {
            assertThat(reading.deviceId()).startsWith(packet.mn() + ".");
            assertThat(reading.messageId()).startsWith("hj212:" + packet.mn() + ":" + packet.cn() + ":");
            assertThat(Double.isFinite(reading.value())).isTrue();
            assertThat(reading.ts()).isNotNull();
        }
        assertThat(mapping.readings()).extracting(Reading::deviceId).doesNotHaveDuplicates();
    }

    private static void assertSessionReturnsEveryByte(List<byte[]> chunks) {
        Hj212Session session = new Hj212Session(OPTIONS, new Hj212ReadingMapper(OPTIONS), Clock.fixed(NOW, OPTIONS.zone()));
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        List<Hj212Session.Outcome> outcomes = new ArrayList<>();
        for (byte[] chunk : chunks) {
            in.writeBytes(chunk);
            outcomes.addAll(session.receive(chunk));
        }
        outcomes.addAll(session.close());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Hj212Session.Outcome outcome : outcomes) {
            if (outcome instanceof Hj212Session.Accepted accepted) {
                out.writeBytes(accepted.raw());
            } else if (outcome instanceof Hj212Session.Refused refused) {
                Refusal refusal = refused.refusal();
                assertThat(refusal.raw()).isNotEmpty();
                assertThat(refusal.reason()).isNotBlank();
                out.writeBytes(refusal.raw());
            }
            // Pending parts come back, joined or alone, in a later Accepted
        }
        // joined split packets carry their parts' bytes in part order, not arrival order: compare byte counts
        assertThat(histogram(out.toByteArray())).isEqualTo(histogram(in.toByteArray()));
    }

    private static int[] histogram(byte[] bytes) {
        int[] counts = new int[256];
        for (byte b : bytes) counts[b & 0xFF]++;
        return counts;
    }

    // ---- generators

    @Provide
    Arbitrary<String> randomSegments() {
        Arbitrary<String> noise = Arbitraries.strings().withChars(SEGMENT_CHARS).ofMaxLength(120);
        Arbitrary<String> almostValid = Combinators.combine(packets(), Arbitraries.integers().between(0, 400),
                Arbitraries.strings().withChars(SEGMENT_CHARS).ofMaxLength(3)).as((packet, at, insert) -> {
            String segment = Hj212PacketCodec.dataSegment(packet);
            int cut = at % (segment.length() + 1);
            return segment.substring(0, cut) + insert + segment.substring(Math.min(segment.length(), cut + insert.length() % 2));
        });
        return Arbitraries.oneOf(noise, almostValid);
    }

    @Provide
    Arbitrary<byte[]> packetBytes() {
        Hj212PacketCodec codec = new Hj212PacketCodec(OPTIONS);
        return packets().map(codec::encode);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 1 << 16),
                Arbitraries.integers().between(0, 255)).as(Mutation::new).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<byte[]>> randomChunks() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        Arbitrary<byte[]> hashHeavy = Arbitraries.strings().withChars("##0123\r\n;=&").ofMaxLength(40)
                .map(s -> s.getBytes(StandardCharsets.US_ASCII));
        return Arbitraries.frequencyOf(Tuple.of(3, noise), Tuple.of(2, hashHeavy), Tuple.of(3, packetBytes()))
                .list().ofMaxSize(6);
    }

    /** Alternating garbage (without '#', so it cannot fake a header) and valid packets: g p g p ... g. */
    @Provide
    Arbitrary<List<byte[]>> packetsAndGarbage() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().filter(b -> b != '#').array(byte[].class).ofMaxSize(20);
        return Combinators.combine(packetBytes().list().ofMinSize(1).ofMaxSize(4), garbage.list().ofSize(5))
                .as((packets, gaps) -> {
                    List<byte[]> pieces = new ArrayList<>();
                    for (int i = 0; i < packets.size(); i++) {
                        pieces.add(gaps.get(i));
                        pieces.add(packets.get(i));
                    }
                    pieces.add(gaps.get(packets.size()));
                    return pieces;
                });
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 4000).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<Hj212Packet> packets() {
        Arbitrary<String> qn = Arbitraries.strings().numeric().ofLength(17).injectNull(0.1);
        Arbitrary<String> st = Arbitraries.of("21", "22", "31", "32", "91");
        Arbitrary<String> cn = Arbitraries.of("2011", "2051", "2061", "2031", "2021", "1062", "9014");
        Arbitrary<String> pw = Arbitraries.strings().alpha().numeric().ofMaxLength(8).injectNull(0.1);
        Arbitrary<String> mn = Arbitraries.strings().withChars("0123456789ABCDEFabcxyz_.-").ofMinLength(1).ofMaxLength(24);
        Arbitrary<Integer> flag = Arbitraries.integers().between(0, 255).injectNull(0.1);
        Arbitrary<int[]> parts = Arbitraries.integers().between(1, 20)
                .flatMap(pnum -> Arbitraries.integers().between(1, pnum).map(pno -> new int[]{pnum, pno}))
                .injectNull(0.6);
        return Combinators.combine(qn, st, cn, pw, mn, flag, parts, cps()).as((q, s, c, p, m, f, part, cp) ->
                new Hj212Packet(q, s, c, p, m, f, part == null ? null : part[0], part == null ? null : part[1], cp));
    }

    private static Arbitrary<Hj212Cp> cps() {
        Arbitrary<String> factor = Arbitraries.of(FACTORS.split(" "));
        Arbitrary<String> suffix = Arbitraries.of("Rtd", "Avg", "Min", "Max", "Flag", "Cou", "SampleTime", "EFlag");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(3).map(d -> Double.toString(d)),
                Arbitraries.of("N", "F", "M", "S", "D", "C", "T", "B", "X", "", "NaN", "1e999", "20240701101500"),
                Arbitraries.strings().withChars("0123456789.-+eE").ofMaxLength(8));
        Arbitrary<Hj212Cp.Item> factorItem = Combinators.combine(factor, suffix, value)
                .as((f, s, v) -> new Hj212Cp.Item(f + "-" + s, v));
        Arbitrary<Hj212Cp.Item> otherItem = Arbitraries.oneOf(
                Arbitraries.of("20240701101500", "20240701101500123", "20241301000000", "x", "")
                        .map(v -> new Hj212Cp.Item(Hj212Cp.DATA_TIME, v)),
                Arbitraries.of("RtdInterval", "QnRtn", "ExeRtn").map(k -> new Hj212Cp.Item(k, "1")));
        Arbitrary<Hj212Cp.Item> item = Arbitraries.frequencyOf(Tuple.of(4, factorItem), Tuple.of(1, otherItem));
        return item.list().ofMinSize(1).ofMaxSize(4).list().ofMaxSize(8).map(Hj212Cp::new);
    }

    static List<byte[]> split(byte[] stream, List<Integer> cuts) {
        List<Integer> points = new ArrayList<>();
        for (int cut : cuts) points.add(cut % (stream.length + 1));
        points.add(0);
        points.add(stream.length);
        points.sort(Integer::compare);
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 1; i < points.size(); i++) chunks.add(Arrays.copyOfRange(stream, points.get(i - 1), points.get(i)));
        return chunks;
    }

    /** One edit of a valid packet: flip, delete, insert, truncate, swap or overwrite a byte. */
    record Mutation(int kind, int position, int value) {
        byte[] apply(byte[] bytes) {
            if (bytes.length == 0) return new byte[]{(byte) value};
            int at = position % bytes.length;
            byte[] copy;
            switch (kind) {
                case 0 -> {
                    copy = bytes.clone();
                    copy[at] ^= (byte) (value | 1);
                }
                case 1 -> {
                    copy = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, copy, 0, at);
                    System.arraycopy(bytes, at + 1, copy, at, bytes.length - at - 1);
                }
                case 2 -> {
                    copy = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, copy, 0, at);
                    copy[at] = (byte) value;
                    System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
                }
                case 3 -> copy = Arrays.copyOf(bytes, at);
                case 4 -> {
                    copy = bytes.clone();
                    int other = value % bytes.length;
                    byte b = copy[at];
                    copy[at] = copy[other];
                    copy[other] = b;
                }
                default -> {
                    copy = bytes.clone();
                    copy[at] = (byte) value;
                }
            }
            return copy;
        }
    }
}
