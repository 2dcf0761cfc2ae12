package org.citysafe.routes.gb26875;

import org.citysafe.routes.codec.Frames;
import org.citysafe.routes.codec.FramingResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Gb26875StreamFramerTest {

    private final byte[] fire = Frames.gb26875("public-example-1-component-fire");
    private final byte[] mains = Frames.gb26875("public-example-2-uitd-mains-fault");
    private final Gb26875StreamFramer framer = new Gb26875StreamFramer(Gb26875Options.standard());

    @Test
    void yieldsAFrameDeliveredInOneChunk() {
        assertThat(framer.feed(fire)).containsExactly(new FramingResult.Complete(fire));
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Test
    void waitsForAFrameDeliveredByteByByte() {
        List<FramingResult> results = new ArrayList<>();
        for (int i = 0; i < fire.length; i++) {
            List<FramingResult> step = framer.feed(new byte[]{fire[i]});
            if (i < fire.length - 1) assertThat(step).as("after byte %d", i).isEmpty();
            results.addAll(step);
        }

        assertThat(results).containsExactly(new FramingResult.Complete(fire));
    }

    @Test
    void separatesFramesAndGarbageArrivingInOneChunk() {
        byte[] noise = {0x11, 0x22, 0x23};
        byte[] stream = concat(noise, fire, new byte[]{0x0D, 0x0A}, mains);

        List<FramingResult> results = framer.feed(stream);

        assertThat(results).hasSize(4);
        assertRefused(results.get(0), noise, "3 bytes before the start mark '@@' are not part of a frame");
        assertThat(results.get(1)).isEqualTo(new FramingResult.Complete(fire));
        assertRefused(results.get(2), new byte[]{0x0D, 0x0A}, "2 bytes before the start mark '@@' are not part of a frame");
        assertThat(results.get(3)).isEqualTo(new FramingResult.Complete(mains));
    }

    @Test
    void refusesAFrameThatLostItsEndMarkAndRecoversTheNextOne() {
        byte[] broken = Arrays.copyOf(fire, fire.length - 2);

        List<FramingResult> results = framer.feed(concat(broken, mains));

        assertThat(results).hasSize(2);
        assertRefused(results.get(0), broken, "end mark missing: expected 23 23 ('##') at byte 76 of a frame "
                + "declaring 48 bytes of app data, found 40 40");
        assertThat(results.get(1)).isEqualTo(new FramingResult.Complete(mains));
    }

    @Test
    void refusesAnOversizedDeclaredLengthAsSoonAsTheHeaderIsIn() {
        byte[] header = Arrays.copyOf(fire, 27);
        header[24] = (byte) 0xD0;
        header[25] = 0x07; // 2000 bytes

        List<FramingResult> results = framer.feed(header);

        assertThat(results).hasSize(1);
        assertRefused(results.get(0), header, "declared app-data length 2000 exceeds the maximum 1024");
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Test
    void doesNotLetAStrayStartMarkHoldBackTheFrameAfterIt() {
        byte[] stray = {0x40, 0x40, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                (byte) 0xE8, 0x03, 2}; // declares 1000 bytes of app data

        List<FramingResult> results = framer.feed(concat(stray, fire));

        assertThat(results).hasSize(2);
        assertRefused(results.get(0), stray, "incomplete frame abandoned after 27 bytes: it declares 1000 bytes of "
                + "app data, but a complete frame starts at its byte 27");
        assertThat(results.get(1)).isEqualTo(new FramingResult.Complete(fire));
    }

    @Test
    void keepsALoneTrailingAtSignBecauseItMayStartAFrame() {
        List<FramingResult> first = framer.feed(concat(new byte[]{0x01, 0x02}, Arrays.copyOf(fire, 1)));
        List<FramingResult> second = framer.feed(Arrays.copyOfRange(fire, 1, fire.length));

        assertThat(first).hasSize(1);
        assertRefused(first.get(0), new byte[]{0x01, 0x02}, "2 bytes without a start mark '@@'");
        assertThat(second).containsExactly(new FramingResult.Complete(fire));
    }

    @Test
    void passesAFrameWithABadChecksumOnForTheDecoderToExplain() {
        byte[] bad = fire.clone();
        bad[75] ^= 1;

        assertThat(framer.feed(bad)).containsExactly(new FramingResult.Complete(bad));
    }

    @Test
    void keepsAValidFrameFoundInsideAFrameWithABadChecksum() {
        Gb26875FrameCodec codec = new Gb26875FrameCodec(Gb26875Options.standard());
        byte[] outer = codec.encode(new Gb26875Frame(1, 1, 0, Gb26875Time.of(LocalDateTime.of(2024, 1, 1, 0, 0)),
                1, 0, 2, mains));
        outer[outer.length - 3] ^= 0x55;

        List<FramingResult> results = framer.feed(outer);

        assertThat(results).hasSize(3);
        assertRefused(results.get(0), Arrays.copyOf(outer, 27),
                "a frame with a bad checksum that contains a valid frame at its byte 27; kept the inner frame");
        assertThat(results.get(1)).isEqualTo(new FramingResult.Complete(mains));
        assertRefused(results.get(2), Arrays.copyOfRange(outer, outer.length - 3, outer.length),
                "3 bytes without a start mark '@@'");
    }

    @Test
    void refusesALoneAtSignLeftAtClose() {
        framer.feed(new byte[]{0x01, 0x40});

        assertRefused(framer.close().get(0), new byte[]{0x40}, "connection closed after 1 bytes without a start mark '@@'");
    }

    @Test
    void refusesWhatIsLeftWhenTheConnectionCloses() {
        framer.feed(Arrays.copyOf(fire, 40));

        List<FramingResult> results = framer.close();

        assertThat(results).hasSize(1);
        assertRefused(results.get(0), Arrays.copyOf(fire, 40),
                "connection closed in the middle of a frame: 40 of 78 bytes received");
        assertThat(framer.bufferedBytes()).isZero();
        assertThat(framer.close()).isEmpty();
    }

    @Test
    void explainsAShortHeaderLeftAtClose() {
        framer.feed(Arrays.copyOf(fire, 10));

        assertRefused(framer.close().get(0), Arrays.copyOf(fire, 10),
                "connection closed in the middle of a frame header: 10 of 27 header bytes received");
    }

    @Test
    void returnsEveryByteExactlyOnceInOrder() {
        byte[] stream = concat(new byte[]{0x40, 0x01}, fire, new byte[]{0x40, 0x40, 0x40}, mains,
                Arrays.copyOf(fire, 50));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        for (int i = 0; i < stream.length; i += 7) {
            framer.feed(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + 7))).forEach(r -> out.writeBytes(r.bytes()));
        }
        framer.close().forEach(r -> out.writeBytes(r.bytes()));

        assertThat(out.toByteArray()).isEqualTo(stream);
    }

    static void assertRefused(FramingResult result, byte[] raw, String reason) {
        assertThat(result).isInstanceOfSatisfying(FramingResult.Refused.class, refused -> {
            assertThat(refused.refusal().raw()).isEqualTo(raw);
            assertThat(refused.refusal().reason()).isEqualTo(reason);
        });
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) out.writeBytes(part);
        return out.toByteArray();
    }
}
