package org.citysafe.routes.hj212;

import java.nio.charset.Charset;

/** Bytes of an HJ 212 packet as text: GB 18030 (ASCII in practice), and a printable form for refusal reasons. */
final class Hj212Text {

    static final Charset CHARSET = Charset.forName("GB18030");

    private Hj212Text() {
    }

    /** Decodes without ever failing: bad sequences become U+FFFD. */
    static String decode(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, CHARSET);
    }

    /** {@code '0a12'} with control and non-ASCII bytes shown as {@code \xNN}, for reasons. */
    static String quoted(byte[] bytes, int offset, int length) {
        StringBuilder text = new StringBuilder(length + 2).append('\'');
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F) text.append((char) b);
            else text.append(String.format("\\x%02x", b));
        }
        return text.append('\'').toString();
    }

    /** A value from the packet, shortened for a reason. */
    static String quoted(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        StringBuilder text = new StringBuilder("'");
        for (char c : shown.toCharArray()) {
            if (c < 0x20 || c == 0x7F) text.append(String.format("\\x%02x", (int) c));
            else text.append(c);
        }
        return text.append('\'').toString();
    }

    static boolean isDigits(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') return false;
        }
        return true;
    }

    static boolean isHexDigits(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (Character.digit(bytes[i], 16) < 0) return false;
        }
        return true;
    }

    static int parseDigits(byte[] bytes, int offset, int length) {
        int value = 0;
        for (int i = offset; i < offset + length; i++) value = value * 10 + (bytes[i] - '0');
        return value;
    }
}
