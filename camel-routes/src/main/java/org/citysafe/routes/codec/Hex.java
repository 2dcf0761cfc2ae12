package org.citysafe.routes.codec;

import java.util.HexFormat;

/** Bytes as hex for refusal reasons and logs ({@code "40 40 01 00"}). */
public final class Hex {

    private static final HexFormat SPACED = HexFormat.ofDelimiter(" ");

    private Hex() {
    }

    public static String spaced(byte[] bytes, int offset, int length) {
        return SPACED.formatHex(bytes, offset, offset + length);
    }

    public static String spaced(byte[] bytes) {
        return SPACED.formatHex(bytes);
    }

    /** At most {@code max} bytes, with an ellipsis and the total when there are more. */
    public static String preview(byte[] bytes, int max) {
        if (bytes.length <= max) return spaced(bytes);
        return spaced(bytes, 0, max) + " ... (" + bytes.length + " bytes)";
    }

    /** Parses {@code "40 40 01"}, {@code "404001"} or several lines of either; {@code #} starts a comment. */
    public static byte[] parse(String text) {
        StringBuilder digits = new StringBuilder();
        for (String line : text.split("\\R")) {
            int comment = line.indexOf('#');
            String content = comment < 0 ? line : line.substring(0, comment);
            for (char c : content.toCharArray()) {
                if (!Character.isWhitespace(c)) digits.append(c);
            }
        }
        return HexFormat.of().parseHex(digits);
    }
}
