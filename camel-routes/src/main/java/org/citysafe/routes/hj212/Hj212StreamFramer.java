package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.MarkedStreamFramer;

import java.nio.charset.StandardCharsets;


import static org.citysafe.routes.hj212.Hj212PacketCodec.OVERHEAD;
import static org.citysafe.routes.hj212.Hj212PacketCodec.PROTOCOL;

/**
 * Cuts a TCP byte stream into HJ 212 packets ({@code ##} + 4-digit length + data segment + 4 hex CRC + CR LF). Feed
 * it chunks as the socket delivers them. One instance per connection; not thread-safe.
 *
 * <p>The guarantees are those of the GB/T 26875.3 framer: every byte comes out exactly once and in order, in a
 * complete packet or a refusal, or stays buffered until {@link #close()}; the buffer never holds more than one
 * packet of the largest accepted size; after a broken packet the framer restarts at the next {@code ##}; an
 * incomplete packet is abandoned as soon as a complete packet with a good CRC is buffered after its start. A complete
 * result has a good header, length field and CR LF; its CRC and contents are the {@link Hj212PacketCodec}'s to judge.
 */
public final class Hj212StreamFramer extends MarkedStreamFramer {

    private static final byte HASH = '#';
    private static final int HEADER = 6;

    private final Hj212Options options;

    public Hj212StreamFramer(Hj212Options options) {
        super(PROTOCOL, HASH);
        this.options = options;
    }

    @Override
    protected int headerLength() {
        return HEADER;
    }

    @Override
    protected String headerProblem(int pos) {
        return Hj212Text.isDigits(buffer, pos + 2, 4) ? null
                : "length field " + Hj212Text.quoted(buffer, pos + 2, 4) + " is not 4 decimal digits";
    }

    @Override
    protected int declaredLength(int pos) {
        return Hj212Text.parseDigits(buffer, pos + 2, 4);
    }

    @Override
    protected int maxDeclaredLength() {
        return options.maxDataLength();
    }

    @Override
    protected int frameLength(int declared) {
        return declared + OVERHEAD;
    }

    @Override
    protected String endMarkProblem(int pos, int total, int declared) {
        if (buffer[pos + total - 2] == '\r' && buffer[pos + total - 1] == '\n') return null;
        return "packet end CR LF missing at byte " + (total - 2) + " of a packet declaring " + declared
                + " bytes of data, found " + Hj212Text.quoted(buffer, pos + total - 2, 2);
    }

    @Override
    protected boolean intact(int packetStart, int declared) {
        int crcAt = packetStart + HEADER + declared;
        if (!Hj212Text.isHexDigits(buffer, crcAt, 4)) return false;
        int sent = Integer.parseInt(new String(buffer, crcAt, 4, StandardCharsets.US_ASCII), 16);
        return sent == Hj212Crc.crc16(buffer, packetStart + HEADER, declared);
    }

    @Override
    protected String tooLong(int declared) {
        return "declared data length " + declared + " exceeds the maximum " + options.maxDataLength();
    }

    @Override
    protected String garbage(int count) {
        return count + " bytes without a packet header '##'";
    }

    @Override
    protected String beforeMark(int count) {
        return count + " bytes before the packet header '##' are not part of a packet";
    }

    @Override
    protected String badIntegrityWithInner(int innerOffset) {
        return "a packet with a bad CRC that contains a valid packet at its byte " + innerOffset
                + "; kept the inner packet";
    }

    @Override
    protected String abandoned(int innerOffset, int declared) {
        return "incomplete packet abandoned after " + innerOffset + " bytes: it declares " + declared
                + " bytes of data, but a complete packet starts at its byte " + innerOffset;
    }

    @Override
    protected String closedWith() {
        if (!startsWithMark()) return "connection closed after " + length + " bytes without a packet header '##'";
        return length >= HEADER && Hj212Text.isDigits(buffer, 2, 4)
                ? "connection closed in the middle of a packet: " + length + " of "
                + (Hj212Text.parseDigits(buffer, 2, 4) + OVERHEAD) + " bytes received"
                : "connection closed in the middle of a packet header: " + length + " bytes received";
    }
}
