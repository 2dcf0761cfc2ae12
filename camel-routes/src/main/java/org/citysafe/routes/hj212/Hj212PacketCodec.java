package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.FrameRefusedException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decodes and validates one complete HJ 212 packet, and encodes packets.
 * <pre>
 * ##          packet header
 * nnnn        data segment length, 4 decimal digits (bytes of the data segment)
 * ...         data segment: QN=..;ST=..;CN=..;PW=..;MN=..;Flag=..;[PNUM=..;PNO=..;]CP=&amp;&amp;...&amp;&amp;
 * XXXX        CRC16 of the data segment, 4 hex digits (see {@link Hj212Crc})
 * CR LF       packet end
 * </pre>
 * Header fields may come in any order; unknown header fields are ignored. A Flag with the split bit D but no
 * PNUM/PNO (seen in public samples) is taken as a whole packet: the data is there, only the flag is wrong.
 * Thread-safe.
 */
public final class Hj212PacketCodec {

    public static final String PROTOCOL = "hj212";
    /** {@code ##}, the length field, the CRC and CR LF around the data segment. */
    public static final int OVERHEAD = 12;

    private static final Pattern ST = Pattern.compile("\\d{2}");
    private static final Pattern CN = Pattern.compile("\\d{4}");
    private static final Pattern QN = Pattern.compile("\\d{1,20}");
    private static final Pattern MN = Pattern.compile("[0-9A-Za-z_.\\-]{1,64}");
    private static final Pattern SMALL_NUMBER = Pattern.compile("\\d{1,4}");

    private final Hj212Options options;

    public Hj212PacketCodec(Hj212Options options) {
        this.options = options;
    }

    public Hj212Packet decode(byte[] bytes) throws FrameRefusedException {
        if (bytes.length < OVERHEAD) {
            throw refuse(bytes, "packet of " + bytes.length + " bytes is shorter than the minimum 12 ('##', 4-digit "
                    + "length, CRC, CR LF)");
        }
        if (bytes[0] != '#' || bytes[1] != '#') {
            throw refuse(bytes, "bad packet header: expected '##', got " + Hj212Text.quoted(bytes, 0, 2));
        }
        if (!Hj212Text.isDigits(bytes, 2, 4)) {
            throw refuse(bytes, "length field " + Hj212Text.quoted(bytes, 2, 4) + " is not 4 decimal digits");
        }
        int declared = Hj212Text.parseDigits(bytes, 2, 4);
        if (declared > options.maxDataLength()) {
            throw refuse(bytes, "declared data length " + declared + " exceeds the maximum " + options.maxDataLength());
        }
        if (bytes.length != declared + OVERHEAD) {
            throw refuse(bytes, "length mismatch: the length field says " + declared + ", so the packet should be "
                    + (declared + OVERHEAD) + " bytes, but it is " + bytes.length);
        }
        if (bytes[bytes.length - 2] != '\r' || bytes[bytes.length - 1] != '\n') {
            throw refuse(bytes, "bad packet end: expected CR LF, got " + Hj212Text.quoted(bytes, bytes.length - 2, 2));
        }
        int crcAt = 6 + declared;
        if (!Hj212Text.isHexDigits(bytes, crcAt, 4)) {
            throw refuse(bytes, "CRC field " + Hj212Text.quoted(bytes, crcAt, 4) + " is not 4 hexadecimal digits");
        }
        int sent = Integer.parseInt(new String(bytes, crcAt, 4, StandardCharsets.US_ASCII), 16);
        int expected = Hj212Crc.crc16(bytes, 6, declared);
        if (sent != expected) {
            throw refuse(bytes, "CRC16 expected " + Hj212Crc.format(expected) + " got " + Hj212Crc.format(sent));
        }
        try {
            return parseDataSegment(Hj212Text.decode(bytes, 6, declared));
        } catch (IllegalArgumentException e) {
            throw refuse(bytes, e.getMessage());
        }
    }

    public byte[] encode(Hj212Packet packet) {
        byte[] segment = dataSegment(packet).getBytes(Hj212Text.CHARSET);
        if (segment.length > Hj212Options.LENGTH_FIELD_MAX) {
            throw new IllegalArgumentException("data segment of " + segment.length + " bytes does not fit the length field");
        }
        String head = String.format("##%04d", segment.length);
        String tail = Hj212Crc.format(Hj212Crc.crc16(segment)) + "\r\n";
        byte[] bytes = new byte[segment.length + OVERHEAD];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 6);
        System.arraycopy(segment, 0, bytes, 6, segment.length);
        System.arraycopy(tail.getBytes(StandardCharsets.US_ASCII), 0, bytes, 6 + segment.length, 6);
        return bytes;
    }

    /** The data segment text in the standard's field order. */
    public static String dataSegment(Hj212Packet p) {
        StringBuilder text = new StringBuilder();
        append(text, "QN", p.qn());
        append(text, "ST", p.st());
        append(text, "CN", p.cn());
        append(text, "PW", p.pw());
        append(text, "MN", p.mn());
        append(text, "Flag", p.flag());
        append(text, "PNUM", p.pnum());
        append(text, "PNO", p.pno());
        return text.append("CP=&&").append(p.cp().format()).append("&&").toString();
    }

    private static void append(StringBuilder text, String key, Object value) {
        if (value != null) text.append(key).append('=').append(value).append(';');
    }

    private static Hj212Packet parseDataSegment(String segment) {
        Map<String, String> fields = new LinkedHashMap<>();
        String cpContent = null;
        int at = 0;
        while (at < segment.length()) {
            if (segment.startsWith("CP=&&", at)) {
                if (segment.length() < at + 7 || !segment.endsWith("&&")) {
                    throw new IllegalArgumentException("data segment does not end with the '&&' that closes CP");
                }
                cpContent = segment.substring(at + 5, segment.length() - 2);
                break;
            }
            int end = segment.indexOf(';', at);
            if (end < 0) end = segment.length();
            String field = segment.substring(at, end);
            at = end + 1;
            if (field.isEmpty()) continue;
            int eq = field.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("header field " + Hj212Text.quoted(field) + " is not key=value");
            String key = field.substring(0, eq);
            if (fields.put(key, field.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("header field " + key + " appears twice");
            }
        }
        if (cpContent == null) throw new IllegalArgumentException("data segment has no CP=&&...&& field");

        String st = required(fields, "ST", ST, "2 digits");
        String cn = required(fields, "CN", CN, "4 digits");
        String mn = required(fields, "MN", MN, "1-64 characters from [0-9A-Za-z_.-]");
        String qn = optional(fields, "QN", QN, "1-20 digits");
        String pw = fields.get("PW");
        Integer flag = number(fields, "Flag", 255);
        Integer pnum = number(fields, "PNUM", 9999);
        Integer pno = number(fields, "PNO", 9999);
        if ((pnum == null) != (pno == null)) {
            throw new IllegalArgumentException((pnum == null ? "PNO" : "PNUM") + " without "
                    + (pnum == null ? "PNUM" : "PNO"));
        }
        if (pnum != null && (pnum < 1 || pno < 1 || pno > pnum)) {
            throw new IllegalArgumentException("PNO " + pno + " is not within 1..PNUM (" + pnum + ")");
        }
        return new Hj212Packet(qn, st, cn, pw, mn, flag, pnum, pno, Hj212Cp.parse(cpContent));
    }

    private static String required(Map<String, String> fields, String key, Pattern format, String expected) {
        String value = fields.get(key);
        if (value == null) throw new IllegalArgumentException("missing required field " + key);
        return checked(key, value, format, expected);
    }

    private static String optional(Map<String, String> fields, String key, Pattern format, String expected) {
        String value = fields.get(key);
        return value == null ? null : checked(key, value, format, expected);
    }

    private static String checked(String key, String value, Pattern format, String expected) {
        if (!format.matcher(value).matches()) {
            throw new IllegalArgumentException(key + " " + Hj212Text.quoted(value) + " is not " + expected);
        }
        return value;
    }

    private static Integer number(Map<String, String> fields, String key, int max) {
        String value = fields.get(key);
        if (value == null) return null;
        if (!SMALL_NUMBER.matcher(value).matches() || Integer.parseInt(value) > max) {
            throw new IllegalArgumentException(key + " " + Hj212Text.quoted(value) + " is not a number 0-" + max);
        }
        return Integer.parseInt(value);
    }

    private static FrameRefusedException refuse(byte[] bytes, String reason) {
        return new FrameRefusedException(PROTOCOL, bytes, reason);
    }
}
