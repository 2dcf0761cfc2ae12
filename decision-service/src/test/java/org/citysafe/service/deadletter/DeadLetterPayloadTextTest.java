package org.citysafe.service.deadletter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Which refused payloads are shown as text and which as base64. */
class DeadLetterPayloadTextTest {

    @Test
    void anHj212PacketWithItsTrailingCrLfIsText() {
        String packet = "##0040QN=20260101000000000;ST=32;CN=2011&&&&1C80\r\n";
        assertThat(DeadLetterStore.asText(packet.getBytes(StandardCharsets.US_ASCII))).isEqualTo(packet);
    }

    @Test
    void aJsonBodyInChineseIsText() {
        String body = "{\"site\":\"合肥市蜀山区\",\"value\":\t1}";
        assertThat(DeadLetterStore.asText(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(body);
    }

    @Test
    void aBinaryFrameWhoseBytesAllHappenToBeAsciiIsNotText() {
        byte[] gbFrame = {0x40, 0x40, 0x01, 0x00, 0x01, 0x01, 0x20, 0x3A, 0x00, 0x02, 0x23, 0x23};
        assertThat(DeadLetterStore.asText(gbFrame)).isNull();
    }

    @Test
    void invalidUtf8IsNotText() {
        assertThat(DeadLetterStore.asText(new byte[] {(byte) 0xC3, 0x28})).isNull();
    }
}
