package org.citysafe.routes.hj212;

/**
 * The HJ 212 CRC16 over the ASCII data segment, as ANCHORS.md specifies it: start 0xFFFF; for each byte, shift the
 * register right by 8 and xor the byte in, then 8 rounds of shift right, xor 0xA001 when the bit shifted out was 1.
 * It is not Modbus CRC16 (which xors the byte into the low bits without the first shift), although it uses the same
 * polynomial. Written as 4 hex digits; the standard's examples are upper case, some stations send lower case.
 */
public final class Hj212Crc {

    private Hj212Crc() {
    }

    public static int crc16(byte[] data, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc >> 8) ^ (data[i] & 0xFF);
            for (int bit = 0; bit < 8; bit++) {
                boolean lsb = (crc & 1) != 0;
                crc >>= 1;
                if (lsb) crc ^= 0xA001;
            }
        }
        return crc;
    }

    public static int crc16(byte[] data) {
        return crc16(data, 0, data.length);
    }

    public static String format(int crc) {
        return String.format("%04X", crc);
    }
}
