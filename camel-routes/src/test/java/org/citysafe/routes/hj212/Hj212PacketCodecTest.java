package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.FrameRefusedException;
import org.citysafe.routes.codec.Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Hj212PacketCodecTest {

    private final Hj212PacketCodec codec = new Hj212PacketCodec(Hj212Options.standard());

    @Test
    void decodesTheStandardsExample() throws Exception {
        Hj212Packet packet = codec.decode(Frames.hj212("standard-example-cn1062"));

        assertThat(packet.qn()).isEqualTo("20160801085857223");
        assertThat(packet.st()).isEqualTo("32");
        assertThat(packet.cn()).isEqualTo("1062");
        assertThat(packet.pw()).isEqualTo("100000");
        assertThat(packet.mn()).isEqualTo("010000A8900016F000169DC0");
        assertThat(packet.flag()).isEqualTo(5);
        assertThat(packet.ackRequested()).isTrue();
        assertThat(packet.isPart()).isFalse();
        assertThat(packet.cp().first("RtdInterval")).contains("30");
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard-example-cn1062", "public-air-hour", "public-data-response-c241",
            "constructed-drainage-realtime", "constructed-drainage-minute"})
    void reEncodesToTheSameBytes(String name) throws Exception {
        byte[] bytes = Frames.hj212(name);

        assertThat(codec.encode(codec.decode(bytes))).isEqualTo(bytes);
    }

    @Test
    void acceptsALowerCaseCrcAndReEncodesTheSamePacket() throws Exception {
        byte[] bytes = Frames.hj212("public-alltobs-water-realtime");
        Hj212Packet packet = codec.decode(bytes);

        byte[] encoded = codec.encode(packet);
        assertThat(new String(encoded, StandardCharsets.US_ASCII)).endsWith("7D00\r\n");
        assertThat(codec.decode(encoded)).isEqualTo(packet);
        assertThat(packet.cp().factors()).hasSize(11).containsKey("w01001");
        assertThat(packet.cp().factors().get("w21003")).containsEntry("Rtd", "0.09055002").containsEntry("Flag", "N");
    }

    @Test
    void decodesAPacketWithoutQnOrFlag() throws Exception {
        Hj212Packet packet = codec.decode(Frames.hj212("public-alltobs-no-qn"));

        assertThat(packet.qn()).isNull();
        assertThat(packet.flag()).isNull();
        assertThat(packet.ackRequested()).isFalse();
        assertThat(packet.cp().dataTime()).contains("20210305003817000");
    }

    @Test
    void takesASplitFlagWithoutPartNumbersAsAWholePacket() throws Exception {
        Hj212Packet packet = codec.decode(Frames.hj212("public-air-realtime-flag7"));

        assertThat(packet.flag()).isEqualTo(7);
        assertThat(packet.isPart()).isFalse();
        assertThat(packet.cp().factors()).containsKeys("a21005", "LA", "a34001");
    }

    @Test
    void decodesTheParts() throws Exception {
        List<byte[]> parts = Frames.hj212All("constructed-split-hour");

        Hj212Packet second = codec.decode(parts.get(1));

        assertThat(second.pnum()).isEqualTo(2);
        assertThat(second.pno()).isEqualTo(2);
        assertThat(second.isPart()).isTrue();
        assertThat(codec.encode(second)).isEqualTo(parts.get(1));
    }

    @Test
    void acceptsHeaderFieldsInAnyOrderAndIgnoresUnknownOnes() throws Exception {
        Hj212Packet packet = codec.decode(packet("MN=AB12;Extra=1;CN=2011;ST=32;CP=&&DataTime=20240101000000&&"));

        assertThat(packet.mn()).isEqualTo("AB12");
        assertThat(packet.cn()).isEqualTo("2011");
    }

    @Test
    void refusesAPacketShorterThanItsFraming() {
        assertRefused("##00\r\n".getBytes(StandardCharsets.US_ASCII),
                "packet of 6 bytes is shorter than the minimum 12 ('##', 4-digit length, CRC, CR LF)");
    }

    @Test
    void refusesABadHeader() {
        byte[] bytes = Frames.hj212("standard-example-cn1062");
        bytes[1] = '*';

        assertRefused(bytes, "bad packet header: expected '##', got '#*'");
    }

    @Test
    void refusesALengthFieldThatIsNotDigits() {
        byte[] bytes = Frames.hj212("standard-example-cn1062");
        bytes[3] = 'x';

        assertRefused(bytes, "length field '0x01' is not 4 decimal digits");
    }

    @Test
    void refusesADeclaredLengthAboveTheMaximum() {
        Hj212PacketCodec strict = new Hj212PacketCodec(Hj212Options.standard().withMaxDataLength(100));
        byte[] bytes = Frames.hj212("standard-example-cn1062");

        assertThatThrownBy(() -> strict.decode(bytes)).hasMessage("declared data length 101 exceeds the maximum 100");
    }

    @Test
    void refusesALengthFieldThatDisagreesWithThePacket() {
        byte[] bytes = Frames.hj212("standard-example-cn1062");
        bytes[5] = '2';

        assertRefused(bytes, "length mismatch: the length field says 102, so the packet should be 114 bytes, but it is 113");
    }

    @Test
    void refusesAMissingCrLf() {
        byte[] bytes = Frames.hj212("standard-example-cn1062");
        bytes[bytes.length - 1] = '\r';

        assertRefused(bytes, "bad packet end: expected CR LF, got '\\x0d\\x0d'");
    }

    @Test
    void refusesACrcFieldThatIsNotHex() {
        byte[] bytes = Frames.hj212("standard-example-cn1062");
        bytes[bytes.length - 3] = 'G';

        assertRefused(bytes, "CRC field '1C8G' is not 4 hexadecimal digits");
    }

    @Test
    void refusesAWrongCrcSayingWhatItExpected() {
        byte[] bytes = Frames.hj212("standard-example-cn1062");
        bytes[bytes.length - 3] = '1';

        assertRefused(bytes, "CRC16 expected 1C80 got 1C81");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "QN=1;ST=32;CN=2011;MN=A;Flag=4                          | data segment has no CP=&&...&& field",
            "ST=32;CN=2011;MN=A;CP=&&a=1&                            | data segment does not end with the '&&' that closes CP",
            "ST=32;CN=2011;MN=A;junk;CP=&&&&                         | header field 'junk' is not key=value",
            "ST=32;CN=2011;CN=2051;MN=A;CP=&&&&                      | header field CN appears twice",
            "CN=2011;MN=A;CP=&&&&                                    | missing required field ST",
            "ST=32;MN=A;CP=&&&&                                      | missing required field CN",
            "ST=32;CN=2011;CP=&&&&                                   | missing required field MN",
            "ST=3;CN=2011;MN=A;CP=&&&&                               | ST '3' is not 2 digits",
            "ST=32;CN=20111;MN=A;CP=&&&&                             | CN '20111' is not 4 digits",
            "QN=2024-01-01;ST=32;CN=2011;MN=A;CP=&&&&                | QN '2024-01-01' is not 1-20 digits",
            "ST=32;CN=2011;MN=A/B;CP=&&&&                            | MN 'A/B' is not 1-64 characters from [0-9A-Za-z_.-]",
            "ST=32;CN=2011;MN=A;Flag=256;CP=&&&&                     | Flag '256' is not a number 0-255",
            "ST=32;CN=2011;MN=A;Flag=6;PNUM=2;CP=&&&&                | PNUM without PNO",
            "ST=32;CN=2011;MN=A;PNO=1;CP=&&&&                        | PNO without PNUM",
            "ST=32;CN=2011;MN=A;PNUM=2;PNO=y;CP=&&&&                 | PNO 'y' is not a number 0-9999",
            "ST=32;CN=2011;MN=A;Flag=6;PNUM=x;PNO=1;CP=&&&&          | PNUM 'x' is not a number 0-9999",
            "ST=32;CN=2011;MN=A;Flag=6;PNUM=2;PNO=3;CP=&&&&          | PNO 3 is not within 1..PNUM (2)",
            "ST=32;CN=2011;MN=A;CP=&&DataTime=1;w01001-Rtd&&         | CP item 'w01001-Rtd' is not key=value",
            "ST=32;CN=2011;MN=A;CP=&&=5&&                            | CP item '=5' has an empty key",
            "ST=32;CN=2011;MN=A;CP=&&a=1&&b=2&&                      | CP item 'a=1&&b=2' contains '&'"})
    void refusesADataSegmentThatBreaksTheRules(String segment, String reason) {
        assertRefused(packet(segment.trim()), reason);
    }

    @Test
    void refusesAnythingButWhatItEncodedNeverThrowingAnythingElse() {
        byte[] bytes = Frames.hj212("standard-example-cn1062");
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(FrameRefusedException.class);
        }
    }

    static byte[] packet(String segment) {
        byte[] data = segment.getBytes(StandardCharsets.US_ASCII);
        String text = String.format("##%04d%s%s\r\n", data.length, segment, Hj212Crc.format(Hj212Crc.crc16(data)));
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void assertRefused(byte[] bytes, String reason) {
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOfSatisfying(FrameRefusedException.class, e -> {
            assertThat(e.refusal().reason()).isEqualTo(reason);
            assertThat(e.refusal().raw()).isEqualTo(bytes);
            assertThat(e.refusal().protocol()).isEqualTo("hj212");
        });
    }
}
