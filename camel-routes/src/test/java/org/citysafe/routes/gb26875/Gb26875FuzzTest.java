package org.citysafe.routes.gb26875;

import net.jqwik.api.Tuple;
import org.citysafe.routes.codec.ReadingMapping;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.citysafe.routes.codec.FrameRefusedException;
import org.citysafe.routes.codec.FramingResult;
import org.citysafe.routes.codec.Refusal;
import org.citysafe.routes.gb26875.Gb26875InfoObject.ComponentAnalogue;
import org.citysafe.routes.gb26875.Gb26875InfoObject.ComponentConfiguration;
import org.citysafe.routes.gb26875.Gb26875InfoObject.ComponentState;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemConfiguration;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemOperation;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemSoftwareVersion;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemState;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemTime;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdConfiguration;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdOperation;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdSoftwareVersion;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdState;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdTime;
import org.citysafe.rules.Reading;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzzing of the GB/T 26875.3 codec. Tries per property: {@code jqwik.tries.default} (1000 in the
 * normal build, see junit-platform.properties; the long run in docs/PROTOCOLS.md sets it on the command line).
 * Properties: nothing but {@link FrameRefusedException} escapes a decoder; every refusal carries the raw bytes and a
 * reason; every byte fed to a session comes back exactly once; valid frames and units round-trip; valid frames are
 * recovered from any chunking of a stream with garbage between them.
 */
class Gb26875FuzzTest {

    private static final Gb26875Options STANDARD = Gb26875Options.standard();
    private static final Instant NOW = Instant.parse("2024-07-01T02:15:30Z");
    private static final String TEXT_CHARS = "abcXYZ0189 -_#@楼层烟感东西南北走廊手报";

    @Property
    void randomBytesAreDecodedOrRefusedWithTheirBytesAndAReason(@ForAll @Size(max = 160) byte[] bytes,
                                                                @ForAll("options") Gb26875Options options) {
        decodeFrameOrRefusal(new Gb26875FrameCodec(options), bytes);
        decodeUnitOrRefusal(new Gb26875DataUnitCodec(options), bytes);
    }

    @Property
    void frameShapedRandomBytesAreDecodedOrRefused(@ForAll("frameShaped") byte[] bytes,
                                                   @ForAll("options") Gb26875Options options) {
        Optional<Gb26875Frame> frame = decodeFrameOrRefusal(new Gb26875FrameCodec(options), bytes);
        frame.ifPresent(f -> decodeUnitOrRefusal(new Gb26875DataUnitCodec(options), f.appData()));
    }

    @Property
    void mutatedValidFramesAreRefusedOrDecodeToExactlyThoseBytes(@ForAll("unitFrames") byte[] frame,
                                                                 @ForAll("mutations") List<Mutation> mutations) {
        byte[] mutated = frame;
        for (Mutation mutation : mutations) mutated = mutation.apply(mutated);
        Gb26875FrameCodec codec = new Gb26875FrameCodec(STANDARD);

        Optional<Gb26875Frame> decoded = decodeFrameOrRefusal(codec, mutated);

        if (decoded.isPresent()) {
            assertThat(codec.encode(decoded.get())).isEqualTo(mutated);
            decodeUnitOrRefusal(new Gb26875DataUnitCodec(STANDARD), decoded.get().appData());
        }
        assertSessionReturnsEveryByte(List.of(mutated));
    }

    @Property
    void everyByteOfARandomStreamComesBackOnceInOrder(@ForAll("randomChunks") List<byte[]> chunks,
                                                      @ForAll("options") Gb26875Options options) {
        assertSessionReturnsEveryByte(options, chunks);
    }

    @Property
    void validFramesAreRecoveredFromAnyChunkingWithGarbageBetween(@ForAll("framesAndGarbage") List<byte[]> pieces,
                                                                 @ForAll("cuts") List<Integer> cuts) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<byte[]> frames = new ArrayList<>();
        ByteArrayOutputStream garbage = new ByteArrayOutputStream();
        for (int i = 0; i < pieces.size(); i++) {
            stream.writeBytes(pieces.get(i));
            if (i % 2 == 1) frames.add(pieces.get(i));
            else garbage.writeBytes(pieces.get(i));
        }
        Gb26875StreamFramer framer = new Gb26875StreamFramer(STANDARD);
        List<byte[]> complete = new ArrayList<>();
        ByteArrayOutputStream refused = new ByteArrayOutputStream();

        for (byte[] chunk : split(stream.toByteArray(), cuts)) {
            for (FramingResult result : framer.feed(chunk)) {
                if (result instanceof FramingResult.Complete c) complete.add(c.frame());
                else refused.writeBytes(result.bytes());
            }
            assertThat(framer.bufferedBytes()).isLessThan(STANDARD.maxFrameLength());
        }
        framer.close().forEach(r -> refused.writeBytes(r.bytes()));

        assertThat(complete).containsExactlyElementsOf(frames);
        assertThat(refused.toByteArray()).isEqualTo(garbage.toByteArray());
    }

    @Property
    void framesRoundTripUnderEveryVariant(@ForAll("frames") Gb26875Frame frame, @ForAll("options") Gb26875Options options)
            throws FrameRefusedException {
        Gb26875FrameCodec codec = new Gb26875FrameCodec(options);
        byte[] encoded = codec.encode(frame);

        if (frame.appDataLength() <= options.maxAppDataLength()) {
            assertThat(codec.decode(encoded)).isEqualTo(frame);
        } else {
            assertThat(decodeFrameOrRefusal(codec, encoded)).isEmpty();
        }
    }

    @Property
    void dataUnitsRoundTripAndMapWithoutSurprises(@ForAll("units") Gb26875DataUnit unit,
                                                  @ForAll("options") Gb26875Options options)
            throws FrameRefusedException {
        Gb26875DataUnitCodec codec = new Gb26875DataUnitCodec(options);
        byte[] appData = codec.encode(unit);

        assertThat(codec.decode(appData)).contains(unit);

        Gb26875Frame frame = new Gb26875Frame(1, 1, 0, Gb26875Time.of(LocalDateTime.of(2024, 7, 1, 10, 0)),
                0xA1B2C3L, 0, Gb26875Command.SEND_DATA.code(), appData);
        ReadingMapping mapping = new Gb26875ReadingMapper(options).map(frame, unit, NOW);
        for (Reading reading : mapping.readings()) {
            assertThat(reading.deviceId()).startsWith("uitd-000000a1b2c3");
            assertThat(reading.messageId()).startsWith("gb26875:000000a1b2c3:1:");
            assertThat(Double.isFinite(reading.value())).isTrue();
            assertThat(reading.ts()).isNotNull();
        }
        assertThat(mapping.readings()).extracting(Reading::messageId).doesNotHaveDuplicates();
    }

    // ---- checks

    private static Optional<Gb26875Frame> decodeFrameOrRefusal(Gb26875FrameCodec codec, byte[] bytes) {
        try {
            return Optional.of(codec.decode(bytes));
        } catch (FrameRefusedException e) {
            assertRefusal(e.refusal(), bytes);
            return Optional.empty();
        }
    }

    private static void decodeUnitOrRefusal(Gb26875DataUnitCodec codec, byte[] bytes) {
        try {
            codec.decode(bytes);
        } catch (FrameRefusedException e) {
            assertRefusal(e.refusal(), bytes);
        }
    }

    private static void assertRefusal(Refusal refusal, byte[] bytes) {
        assertThat(refusal.raw()).isEqualTo(bytes);
        assertThat(refusal.reason()).isNotBlank();
        assertThat(refusal.protocol()).isEqualTo("gb26875");
    }

    private static void assertSessionReturnsEveryByte(List<byte[]> chunks) {
        assertSessionReturnsEveryByte(STANDARD, chunks);
    }

    private static void assertSessionReturnsEveryByte(Gb26875Options options, List<byte[]> chunks) {
        Gb26875Session session = new Gb26875Session(options, new Gb26875ReadingMapper(options),
                Clock.fixed(NOW, options.zone()));
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Gb26875Session.Outcome> outcomes = new ArrayList<>();
        for (byte[] chunk : chunks) {
            in.writeBytes(chunk);
            outcomes.addAll(session.receive(chunk));
        }
        outcomes.addAll(session.close());
        for (Gb26875Session.Outcome outcome : outcomes) {
            if (outcome instanceof Gb26875Session.Accepted accepted) {
                out.writeBytes(accepted.raw());
            } else {
                Refusal refusal = ((Gb26875Session.Refused) outcome).refusal();
                assertThat(refusal.raw()).isNotEmpty();
                assertThat(refusal.reason()).isNotBlank();
                out.writeBytes(refusal.raw());
            }
        }
        assertThat(out.toByteArray()).isEqualTo(in.toByteArray());
    }

    // ---- generators

    @Provide
    Arbitrary<Gb26875Options> options() {
        return Combinators.combine(
                Arbitraries.of(Gb26875Options.TimestampEncoding.class),
                Arbitraries.of(Gb26875Options.ChecksumRange.class),
                Arbitraries.of(Gb26875Options.ChecksumAlgorithm.class),
                Arbitraries.of(0, 64, 1024, 4096),
                Arbitraries.of(Gb26875Options.TestModeBit.class)).as((time, range, algorithm, max, testBit) ->
                new Gb26875Options(time, range, algorithm, max, Gb26875Options.DEFAULT_ZONE, testBit));
    }

    /** Random bytes behind a start mark and a plausible length, with the end mark where it belongs. */
    @Provide
    Arbitrary<byte[]> frameShaped() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(120).map(body -> {
            byte[] frame = new byte[30 + body.length];
            frame[0] = 0x40;
            frame[1] = 0x40;
            System.arraycopy(body, 0, frame, 27 - Math.min(body.length, 25), Math.min(body.length, 25));
            Gb26875FrameCodec.putU16(frame, 24, body.length);
            System.arraycopy(body, 0, frame, 27, body.length);
            frame[frame.length - 2] = 0x23;
            frame[frame.length - 1] = 0x23;
            return frame;
        });
    }

    @Provide
    Arbitrary<byte[]> unitFrames() {
        Gb26875FrameCodec frames = new Gb26875FrameCodec(STANDARD);
        Gb26875DataUnitCodec units = new Gb26875DataUnitCodec(STANDARD);
        return Combinators.combine(frames(), units()).as((frame, unit) -> frames.encode(new Gb26875Frame(
                frame.serialNo(), frame.versionMajor(), frame.versionMinor(), frame.time(), frame.source(),
                frame.destination(), Gb26875Command.SEND_DATA.code(), units.encode(unit))));
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 1 << 16),
                Arbitraries.integers().between(0, 255)).as(Mutation::new).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<byte[]>> randomChunks() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        Arbitrary<byte[]> startHeavy = Arbitraries.of((byte) 0x40, (byte) 0x23, (byte) 0, (byte) 1, (byte) 0xFF)
                .array(byte[].class).ofMaxSize(80);
        return Arbitraries.frequencyOf(
                        Tuple.of(3, noise),
                        Tuple.of(2, startHeavy),
                        Tuple.of(2, unitFrames()))
                .list().ofMaxSize(6);
    }

    /** Alternating garbage (without '@', so it cannot fake a start mark) and valid frames: g f g f ... g. */
    @Provide
    Arbitrary<List<byte[]>> framesAndGarbage() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().filter(b -> b != 0x40).array(byte[].class).ofMaxSize(20);
        return Combinators.combine(unitFrames().list().ofMinSize(1).ofMaxSize(4), garbage.list().ofSize(5))
                .as((frames, gaps) -> {
                    List<byte[]> pieces = new ArrayList<>();
                    for (int i = 0; i < frames.size(); i++) {
                        pieces.add(gaps.get(i));
                        pieces.add(frames.get(i));
                    }
                    pieces.add(gaps.get(frames.size()));
                    return pieces;
                });
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 2000).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<Gb26875Frame> frames() {
        Arbitrary<Integer> command = Arbitraries.oneOf(Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(128, 255));
        return Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255), times(), addresses(), addresses(), command,
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64)).as(Gb26875Frame::new);
    }

    @Provide
    Arbitrary<Gb26875DataUnit> units() {
        Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 255);
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        Arbitrary<Integer> i16 = Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE);
        Arbitrary<String> description = text(31);
        return Arbitraries.oneOf(
                unit(1, Combinators.combine(u8, u8, u16, times()).as(SystemState::new)),
                unit(2, Combinators.combine(u8, u8, u8, u32, u16, description, times()).as(ComponentState::new)),
                unit(3, Combinators.combine(u8, u8, u8, u32, u8, i16, times()).as(ComponentAnalogue::new)),
                unit(4, Combinators.combine(u8, u8, u8, u8, times()).as(SystemOperation::new)),
                unit(5, Combinators.combine(u8, u8, u8, u8).as(SystemSoftwareVersion::new)),
                unit(6, Combinators.combine(u8, u8, text(40)).as(SystemConfiguration::new)),
                unit(7, Combinators.combine(u8, u8, u8, u32, description).as(ComponentConfiguration::new)),
                unit(8, Combinators.combine(u8, u8, times()).as(SystemTime::new)),
                unit(21, Combinators.combine(u8, times()).as(UitdState::new)),
                unit(24, Combinators.combine(u8, u8, times()).as(UitdOperation::new)),
                unit(25, Combinators.combine(u8, u8).as(UitdSoftwareVersion::new)),
                unit(26, text(40).map(UitdConfiguration::new)),
                unit(28, times().map(UitdTime::new)),
                Combinators.combine(Arbitraries.of(0, 9, 61, 81, 91, 128, 255), u8,
                                Arbitraries.bytes().array(byte[].class).ofMaxSize(30))
                        .as((type, count, body) -> new Gb26875DataUnit(type, count,
                                List.of(new Gb26875InfoObject.Opaque(body)))));
    }

    private static Arbitrary<Gb26875DataUnit> unit(int type, Arbitrary<? extends Gb26875InfoObject> objects) {
        return objects.list().ofMaxSize(5).map(list -> Gb26875DataUnit.of(type, list));
    }

    /** GB 18030 text that fits {@code maxBytes} and survives the codec's trimming of NUL and trailing spaces. */
    private static Arbitrary<String> text(int maxBytes) {
        return Arbitraries.strings().withChars(TEXT_CHARS).ofMaxLength(15)
                .filter(s -> !s.endsWith(" ") && s.getBytes(Gb26875DataUnitCodec.TEXT).length <= maxBytes);
    }

    /** Times valid in both encodings (every field 0-99). */
    private static Arbitrary<Gb26875Time> times() {
        return Combinators.combine(Arbitraries.integers().between(0, 59), Arbitraries.integers().between(0, 59),
                Arbitraries.integers().between(0, 23), Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(0, 99), Arbitraries.integers().between(0, 99)).as(Gb26875Time::new);
    }

    private static Arbitrary<Long> addresses() {
        return Arbitraries.longs().between(0, Gb26875Frame.MAX_ADDRESS);
    }

    static List<byte[]> split(byte[] stream, List<Integer> cuts) {
        List<Integer> points = new ArrayList<>();
        for (int cut : cuts) points.add(stream.length == 0 ? 0 : cut % (stream.length + 1));
        points.add(0);
        points.add(stream.length);
        points.sort(Integer::compare);
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 1; i < points.size(); i++) {
            chunks.add(Arrays.copyOfRange(stream, points.get(i - 1), points.get(i)));
        }
        return chunks;
    }

    /** One edit of a valid frame: flip, delete, insert, truncate, swap or overwrite a byte. */
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
