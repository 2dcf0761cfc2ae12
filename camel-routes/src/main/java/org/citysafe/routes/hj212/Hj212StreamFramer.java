package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.FramingResult;
import org.citysafe.routes.codec.Refusal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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
public final class Hj212StreamFramer {

    private static final byte HASH = '#';
    private static final int HEADER = 6;

    private final Hj212Options options;
    private byte[] buffer = new byte[512];
    private int length;

    public Hj212StreamFramer(Hj212Options options) {
        this.options = options;
    }

    public List<FramingResult> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    public List<FramingResult> feed(byte[] chunk, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, chunk.length);
        if (length + count > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(length + count, buffer.length * 2));
        System.arraycopy(chunk, offset, buffer, length, count);
        length += count;
        List<FramingResult> results = new ArrayList<>();
        drain(results);
        return results;
    }

    /** End of stream: whatever is still buffered is refused. */
    public List<FramingResult> close() {
        List<FramingResult> results = new ArrayList<>();
        if (length > 0) {
            String reason;
            if (length >= 2 && buffer[0] == HASH && buffer[1] == HASH) {
                reason = length >= HEADER && Hj212Text.isDigits(buffer, 2, 4)
                        ? "connection closed in the middle of a packet: " + length + " of "
                        + (Hj212Text.parseDigits(buffer, 2, 4) + OVERHEAD) + " bytes received"
                        : "connection closed in the middle of a packet header: " + length + " bytes received";
            } else {
                reason = "connection closed after " + length + " bytes without a packet header '##'";
            }
            results.add(refused(0, length, reason));
            length = 0;
        }
        return results;
    }

    /** Bytes received but not yet part of a result; always less than {@code maxDataLength + 12}. */
    public int bufferedBytes() {
        return length;
    }

    private void drain(List<FramingResult> results) {
        int pos = 0;
        while (pos < length) {
            int start = indexOfHeader(pos);
            if (start < 0) {
                int end = endOfGarbage(pos);
                if (end > pos) results.add(refused(pos, end, (end - pos) + " bytes without a packet header '##'"));
                pos = end;
                break;
            }
            if (start > pos) {
                results.add(refused(pos, start, (start - pos) + " bytes before the packet header '##' are not part of a packet"));
                pos = start;
            }
            int available = length - pos;
            if (available < HEADER) break;
            if (!Hj212Text.isDigits(buffer, pos + 2, 4)) {
                int next = resyncPoint(pos);
                results.add(refused(pos, next, "length field " + Hj212Text.quoted(buffer, pos + 2, 4)
                        + " is not 4 decimal digits"));
                pos = next;
                continue;
            }
            int declared = Hj212Text.parseDigits(buffer, pos + 2, 4);
            if (declared > options.maxDataLength()) {
                int next = resyncPoint(pos);
                results.add(refused(pos, next, "declared data length " + declared + " exceeds the maximum "
                        + options.maxDataLength()));
                pos = next;
                continue;
            }
            int total = declared + OVERHEAD;
            if (available >= total) {
                if (buffer[pos + total - 2] != '\r' || buffer[pos + total - 1] != '\n') {
                    int next = resyncPoint(pos);
                    results.add(refused(pos, next, "packet end CR LF missing at byte " + (total - 2)
                            + " of a packet declaring " + declared + " bytes of data, found "
                            + Hj212Text.quoted(buffer, pos + total - 2, 2)));
                    pos = next;
                    continue;
                }
                if (!crcOk(pos, declared)) {
                    int inner = validPacketStart(pos + 1, pos + total);
                    if (inner >= 0) {
                        results.add(refused(pos, inner, "a packet with a bad CRC that contains a valid packet at its "
                                + "byte " + (inner - pos) + "; kept the inner packet"));
                        pos = inner;
                        continue;
                    }
                }
                results.add(new FramingResult.Complete(Arrays.copyOfRange(buffer, pos, pos + total)));
                pos += total;
                continue;
            }
            int inner = validPacketStart(pos + 1, length);
            if (inner >= 0) {
                results.add(refused(pos, inner, "incomplete packet abandoned after " + (inner - pos) + " bytes: it "
                        + "declares " + declared + " bytes of data, but a complete packet starts at its byte "
                        + (inner - pos)));
                pos = inner;
                continue;
            }
            break;
        }
        System.arraycopy(buffer, pos, buffer, 0, length - pos);
        length -= pos;
        if (buffer.length > 4 * (options.maxDataLength() + OVERHEAD) && length < buffer.length / 4) {
            buffer = Arrays.copyOf(buffer, Math.max(512, length));
        }
    }

    private boolean crcOk(int packetStart, int declared) {
        int crcAt = packetStart + HEADER + declared;
        if (!Hj212Text.isHexDigits(buffer, crcAt, 4)) return false;
        int sent = Integer.parseInt(new String(buffer, crcAt, 4, java.nio.charset.StandardCharsets.US_ASCII), 16);
        return sent == Hj212Crc.crc16(buffer, packetStart + HEADER, declared);
    }

    private int validPacketStart(int from, int to) {
        for (int k = indexOfHeader(from); k >= 0 && k < to; k = indexOfHeader(k + 1)) {
            if (length - k < HEADER) return -1;
            if (!Hj212Text.isDigits(buffer, k + 2, 4)) continue;
            int declared = Hj212Text.parseDigits(buffer, k + 2, 4);
            if (declared > options.maxDataLength() || length - k < declared + OVERHEAD) continue;
            int end = k + declared + OVERHEAD;
            if (buffer[end - 2] == '\r' && buffer[end - 1] == '\n' && crcOk(k, declared)) return k;
        }
        return -1;
    }

    private int resyncPoint(int packetStart) {
        int next = indexOfHeader(packetStart + 1);
        return next >= 0 ? next : endOfGarbage(packetStart + 1);
    }

    private int endOfGarbage(int from) {
        return length > from && buffer[length - 1] == HASH ? length - 1 : length;
    }

    private int indexOfHeader(int from) {
        for (int i = from; i < length - 1; i++) {
            if (buffer[i] == HASH && buffer[i + 1] == HASH) return i;
        }
        return -1;
    }

    private FramingResult refused(int from, int to, String reason) {
        return new FramingResult.Refused(new Refusal(PROTOCOL, Arrays.copyOfRange(buffer, from, to), reason));
    }
}
