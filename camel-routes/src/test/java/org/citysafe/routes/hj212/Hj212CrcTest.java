package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.Frames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class Hj212CrcTest {

    /** The public samples' CRCs (sources in each frame file) must come out of the ANCHORS.md algorithm. */
    @ParameterizedTest
    @CsvSource({"standard-example-cn1062, 1C80", "public-alltobs-water-realtime, 7D00", "public-alltobs-no-qn, 8C41",
            "public-air-realtime-flag7, C0C1", "public-air-hour, C181", "public-data-response-c241, C241"})
    void matchesTheCrcOfEveryPublicSample(String name, String crc) {
        byte[] packet = Frames.hj212(name);
        byte[] segment = Arrays.copyOfRange(packet, 6, packet.length - 6);

        assertThat(Hj212Crc.format(Hj212Crc.crc16(segment))).isEqualTo(crc);
    }

    @Test
    void isNotModbusCrc16() {
        byte[] segment = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"
                .getBytes(StandardCharsets.US_ASCII);
        int modbus = 0xFFFF;
        for (byte b : segment) {
            modbus ^= b & 0xFF;
            for (int i = 0; i < 8; i++) modbus = (modbus & 1) != 0 ? (modbus >> 1) ^ 0xA001 : modbus >> 1;
        }

        assertThat(Hj212Crc.crc16(segment)).isEqualTo(0x1C80).isNotEqualTo(modbus);
    }
}
