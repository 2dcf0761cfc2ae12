package org.citysafe.routes.gb26875;

import org.citysafe.routes.codec.FrameRefusedException;
import org.citysafe.routes.codec.Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDateTime;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Gb26875FrameCodecTest {

    private final Gb26875FrameCodec standard = new Gb26875FrameCodec(Gb26875Options.standard());

    @Test
    void decodesTheControlUnitOfThePublicComponentFireExample() throws Exception {
        Gb26875Frame frame = standard.decode(Frames.gb26875("public-example-1-component-fire"));

        assertThat(frame.serialNo()).isEqualTo(1);
        assertThat(frame.versionMajor()).isEqualTo(1);
        assertThat(frame.versionMinor()).isEqualTo(1);
        assertThat(frame.time().toLocalDateTime()).contains(LocalDateTime.of(2012, 9, 26, 9, 58, 32));
        assertThat(frame.source()).isEqualTo(0x379L);
        assertThat(frame.destination()).isEqualTo(0x15B38L);
        assertThat(frame.command()).isEqualTo(Gb26875Command.SEND_DATA.code());
        assertThat(frame.appDataLength()).isEqualTo(48);
        assertThat(frame.appData()[0]).isEqualTo((byte) Gb26875DataUnit.COMPONENT_STATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"public-example-1-component-fire", "public-example-1-confirm", "public-example-1-deny",
            "public-example-2-uitd-mains-fault", "public-example-3-uitd-duty-check-answer",
            "public-example-4-uitd-version", "public-example-5-uitd-time", "public-example-6-read-uitd-state",
            "anchors-component-fire", "anchors-confirm", "constructed-analogue-values", "constructed-system-state",
            "constructed-uitd-test-mode", "constructed-component-fault-gb18030"})
    void reEncodesEveryRecordedStandardFrameToTheSameBytes(String name) throws Exception {
        byte[] bytes = Frames.gb26875(name);

        assertThat(standard.encode(standard.decode(bytes))).isEqualTo(bytes);
    }

    @Test
    void decodesBcdTimesWhenTheConnectionSaysSo() throws Exception {
        byte[] bytes = Frames.gb26875("constructed-bcd-time");
        Gb26875FrameCodec bcd = new Gb26875FrameCodec(Gb26875Options.standard()
                .withTimestampEncoding(Gb26875Options.TimestampEncoding.BCD));

        assertThat(bcd.decode(bytes).time().toLocalDateTime()).contains(LocalDateTime.of(2024, 7, 1, 10, 15, 30));
        assertThat(bcd.encode(bcd.decode(bytes))).isEqualTo(bytes);
        // the wrong option gives a plausible but wrong time: why the encoding is configured per connection
        assertThat(standard.decode(bytes).time().toLocalDateTime())
                .contains(LocalDateTime.of(2036, 7, 1, 16, 21, 48));
    }

    @Test
    void acceptsEachChecksumVariantOnlyWithItsOption() throws Exception {
        Gb26875Options options = Gb26875Options.standard();
        assertThat(new Gb26875FrameCodec(options.withChecksumRange(Gb26875Options.ChecksumRange.COMMAND_TO_DATA))
                .decode(Frames.gb26875("constructed-command-to-data-checksum")).serialNo()).isEqualTo(1);
        assertThat(new Gb26875FrameCodec(options.withChecksumRange(Gb26875Options.ChecksumRange.START_MARK_TO_DATA))
                .decode(Frames.gb26875("constructed-start-mark-checksum")).serialNo()).isEqualTo(1);
        assertThat(new Gb26875FrameCodec(options.withChecksumAlgorithm(Gb26875Options.ChecksumAlgorithm.XOR))
                .decode(Frames.gb26875("constructed-xor-checksum")).serialNo()).isEqualTo(1);

        assertThatThrownBy(() -> standard.decode(Frames.gb26875("constructed-command-to-data-checksum")))
                .hasMessage("checksum expected 0x03 got 0x79 (SUM_MOD_256 over SERIAL_TO_DATA)");
    }

    @Test
    void encodesWithTheConfiguredChecksum() throws Exception {
        Gb26875Frame frame = standard.decode(Frames.gb26875("anchors-component-fire"));
        Gb26875FrameCodec fuan = new Gb26875FrameCodec(Gb26875Options.standard()
                .withChecksumRange(Gb26875Options.ChecksumRange.COMMAND_TO_DATA));

        assertThat(fuan.encode(frame)).isEqualTo(Frames.gb26875("constructed-command-to-data-checksum"));
    }

    @Test
    void acceptsUserDefinedCommands() throws Exception {
        Gb26875Frame frame = new Gb26875Frame(7, 1, 0, Gb26875Time.of(LocalDateTime.of(2024, 1, 2, 3, 4, 5)), 9, 0,
                0x80, new byte[]{1, 2, 3});

        assertThat(standard.decode(standard.encode(frame))).isEqualTo(frame);
    }

    @Test
    void refusesAFrameShorterThanHeaderAndTrailer() {
        byte[] bytes = Arrays.copyOf(Frames.gb26875("anchors-confirm"), 29);

        assertRefused(bytes, "frame of 29 bytes is shorter than the minimum 30 (27-byte header + checksum + end mark)");
    }

    @Test
    void refusesABadStartMark() {
        byte[] bytes = Frames.gb26875("anchors-confirm");
        bytes[1] = 0x41;

        assertRefused(bytes, "bad start mark: expected 40 40 ('@@'), got 40 41");
    }

    @Test
    void refusesADeclaredLengthAboveTheMaximum() {
        byte[] bytes = Frames.gb26875("anchors-confirm");
        bytes[24] = 0x01;
        bytes[25] = 0x04; // 0x0401 = 1025

        assertRefused(bytes, "declared app-data length 1025 exceeds the maximum 1024");
    }

    @Test
    void refusesALengthFieldThatDisagreesWithTheFrame() {
        byte[] bytes = Frames.gb26875("anchors-component-fire");
        bytes[24] = 0x2F; // 47 instead of 48

        assertRefused(bytes, "length mismatch: the app-data length field says 47, so the frame should be 77 bytes, "
                + "but it is 78");
    }

    @Test
    void refusesABadEndMark() {
        byte[] bytes = Frames.gb26875("anchors-confirm");
        bytes[29] = 0x0D;

        assertRefused(bytes, "bad end mark: expected 23 23 ('##'), got 23 0d");
    }

    @Test
    void refusesAWrongChecksumSayingWhatItExpected() {
        byte[] bytes = Frames.gb26875("public-example-1-component-fire");
        bytes[75] = 0x47;

        assertRefused(bytes, "checksum expected 0x46 got 0x47 (SUM_MOD_256 over SERIAL_TO_DATA)");
    }

    @Test
    void refusesAReservedCommandByte() {
        Gb26875Frame frame = new Gb26875Frame(1, 1, 0, Gb26875Time.of(LocalDateTime.of(2024, 1, 1, 0, 0)), 1, 0, 7,
                new byte[0]);

        assertRefused(standard.encode(frame), "command byte 7 is reserved by the standard (1-6 are defined, "
                + "128-255 user-defined)");
    }

    @Test
    void keepsAnImpossibleHeaderTimeInsteadOfRefusingTheFrame() throws Exception {
        byte[] bytes = Frames.gb26875("anchors-confirm");
        bytes[10] = 13; // month 13
        bytes[27] = (byte) (bytes[27] + 13 - 7);

        Gb26875Frame frame = standard.decode(bytes);

        assertThat(frame.time().month()).isEqualTo(13);
        assertThat(frame.time().toLocalDateTime()).isEmpty();
    }

    private void assertRefused(byte[] bytes, String reason) {
        assertThatThrownBy(() -> standard.decode(bytes))
                .isInstanceOfSatisfying(FrameRefusedException.class, e -> {
                    assertThat(e.refusal().reason()).isEqualTo(reason);
                    assertThat(e.refusal().raw()).isEqualTo(bytes);
                    assertThat(e.refusal().protocol()).isEqualTo("gb26875");
                });
    }
}
