package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.Frames;
import org.citysafe.routes.codec.FramingResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Hj212StreamFramerTest {

    private final byte[] example = Frames.hj212("standard-example-cn1062");
    private final byte[] water = Frames.hj212("public-alltobs-water-realtime");
    private final Hj212StreamFramer framer = new Hj212StreamFramer(Hj212Options.standard());

    @Test
    void yieldsAPacketDeliveredInOneChunk() {
        assertThat(framer.feed(example)).containsExactly(new FramingResult.Complete(example));
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Test
    void waitsForAPacketDeliveredByteByByte() {
        List<FramingResult> results = new ArrayList<>();
        for (int i = 0; i < water.length; i++) {
            List<FramingResult> step = framer.feed(new byte[]{water[i]});
            if (i < water.length - 1) assertThat(step).as("after byte %d", i).isEmpty();
            results.addAll(step);
        }

        assertThat(results).containsExactly(new FramingResult.Complete(water));
    }

    @Test
    void separatesPacketsAndGarbageArrivingInOneChunk() {
        byte[] noise = ascii("AT+OK\r\n");

        List<FramingResult> results = framer.feed(concat(noise, example, water));

        assertThat(results).hasSize(3);
        assertRefused(results.get(0), noise, "7 bytes before the packet header '##' are not part of a packet");
        assertThat(results.get(1)).isEqualTo(new FramingResult.Complete(example));
        assertThat(results.get(2)).isEqualTo(new FramingResult.Complete(water));
    }

    @Test
    void refusesAPacketThatLostItsCrLfAndRecoversTheNextOne() {
        byte[] broken = Arrays.copyOf(example, example.length - 2);

        List<FramingResult> results = framer.feed(concat(broken, water));

        assertThat(results).hasSize(2);
        assertRefused(results.get(0), broken, "packet end CR LF missing at byte 111 of a packet declaring 101 bytes "
                + "of data, found '##'");
        assertThat(results.get(1)).isEqualTo(new FramingResult.Complete(water));
    }

    @Test
    void refusesALengthFieldThatIsNotDigits() {
        byte[] broken = ascii("##01a1QN=1");

        List<FramingResult> results = framer.feed(concat(broken, example));

        assertRefused(results.get(0), broken, "length field '01a1' is not 4 decimal digits");
        assertThat(results.get(1)).isEqualTo(new FramingResult.Complete(example));
    }

    @Test
    void refusesAnOversizedDeclaredLengthAsSoonAsTheLengthIsIn() {
        Hj212StreamFramer strict = new Hj212StreamFramer(Hj212Options.standard().withMaxDataLength(1024));

        List<FramingResult> results = strict.feed(ascii("##2000"));

        assertRefused(results.get(0), ascii("##2000"), "declared data length 2000 exceeds the maximum 1024");
        assertThat(strict.bufferedBytes()).isZero();
    }

    @Test
    void doesNotLetAStrayHeaderHoldBackThePacketAfterIt() {
        byte[] stray = ascii("##9000QN=");

        List<FramingResult> results = framer.feed(concat(stray, example));

        assertThat(results).hasSize(2);
        assertRefused(results.get(0), stray, "incomplete packet abandoned after 9 bytes: it declares 9000 bytes of "
                + "data, but a complete packet starts at its byte 9");
        assertThat(results.get(1)).isEqualTo(new FramingResult.Complete(example));
    }

    @Test
    void passesAPacketWithABadCrcOnForTheDecoderToExplain() {
        byte[] bad = example.clone();
        bad[bad.length - 3] = '1';

        assertThat(framer.feed(bad)).containsExactly(new FramingResult.Complete(bad));
    }

    @Test
    void keepsALoneTrailingHashBecauseItMayStartAPacket() {
        List<FramingResult> first = framer.feed(ascii("ok#"));
        List<FramingResult> second = framer.feed(Arrays.copyOfRange(example, 1, example.length));

        assertRefused(first.get(0), ascii("ok"), "2 bytes without a packet header '##'");
        assertThat(second).containsExactly(new FramingResult.Complete(example));
    }

    @Test
    void keepsAValidPacketFoundInsideAPacketWithABadCrc() {
        String head = "ST=32;CN=2011;MN=A;CP=&&note=";
        byte[] data = concat(ascii(head), example, ascii("&&"));
        byte[] outer = concat(ascii(String.format("##%04d", data.length)), data, ascii("0000\r\n"));
        int at = 6 + head.length();

        List<FramingResult> results = framer.feed(outer);

        assertThat(results).hasSize(3);
        assertRefused(results.get(0), Arrays.copyOf(outer, at), "a packet with a bad CRC that contains a valid packet "
                + "at its byte " + at + "; kept the inner packet");
        assertThat(results.get(1)).isEqualTo(new FramingResult.Complete(example));
        assertRefused(results.get(2), ascii("&&0000\r\n"), "8 bytes without a packet header '##'");
    }

    @Test
    void explainsWhatIsLeftAtCloseWithoutACompleteHeader() {
        framer.feed(ascii("##01"));
        assertRefused(framer.close().get(0), ascii("##01"),
                "connection closed in the middle of a packet header: 4 bytes received");

        framer.feed(ascii("ok#"));
        assertRefused(framer.close().get(0), ascii("#"), "connection closed after 1 bytes without a packet header '##'");
    }

    @Test
    void refusesWhatIsLeftWhenTheConnectionCloses() {
        framer.feed(Arrays.copyOf(example, 50));

        List<FramingResult> results = framer.close();

        assertRefused(results.get(0), Arrays.copyOf(example, 50),
                "connection closed in the middle of a packet: 50 of 113 bytes received");
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Test
    void returnsEveryByteExactlyOnceInOrder() {
        byte[] stream = concat(ascii("#x##"), example, ascii("###"), water, Arrays.copyOf(example, 30));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        for (int i = 0; i < stream.length; i += 13) {
            framer.feed(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + 13))).forEach(r -> out.writeBytes(r.bytes()));
        }
        framer.close().forEach(r -> out.writeBytes(r.bytes()));

        assertThat(out.toByteArray()).isEqualTo(stream);
    }

    static void assertRefused(FramingResult result, byte[] raw, String reason) {
        assertThat(result).isInstanceOfSatisfying(FramingResult.Refused.class, refused -> {
            assertThat(refused.refusal().reason()).isEqualTo(reason);
            assertThat(refused.refusal().raw()).isEqualTo(raw);
        });
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) out.writeBytes(part);
        return out.toByteArray();
    }
}
