package org.citysafe.routes.gb26875;

import org.citysafe.routes.codec.FramingResult;
import org.citysafe.routes.codec.Hex;
import org.citysafe.routes.codec.Refusal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.citysafe.routes.gb26875.Gb26875FrameCodec.END;
import static org.citysafe.routes.gb26875.Gb26875FrameCodec.HEADER_LENGTH;
import static org.citysafe.routes.gb26875.Gb26875FrameCodec.MIN_FRAME_LENGTH;
import static org.citysafe.routes.gb26875.Gb26875FrameCodec.PROTOCOL;
import static org.citysafe.routes.gb26875.Gb26875FrameCodec.START;

/**
 * Cuts a TCP byte stream into GB/T 26875.3 frames. Feed it chunks as the socket delivers them: frames split across
 * chunks, several frames in one chunk, garbage between frames and frames that lost their end mark are all handled.
 * One instance per connection; not thread-safe.
 *
 * <p>Guarantees, which the fuzz tests check:
 * <ul>
 *   <li>Every byte fed comes out exactly once, in order, in a {@link FramingResult.Complete} or a
 *       {@link FramingResult.Refused}, or is still {@linkplain #bufferedBytes() buffered}; {@link #close()} flushes
 *       the rest. Nothing is dropped silently.</li>
 *   <li>The buffer never holds more than one frame of the largest accepted size: a declared length above
 *       {@link Gb26875Options#maxAppDataLength()} is refused as soon as the header is in.</li>
 *   <li>A complete result has a start mark, a length within bounds and an end mark; its checksum and contents are the
 *       {@link Gb26875FrameCodec}'s to judge.</li>
 * </ul>
 *
 * <p>Resynchronisation: after a broken frame, the framer restarts at the next {@code @@}. While it waits for the rest
 * of a frame it looks ahead: if a complete frame with a good checksum already starts later in the buffer, the
 * incomplete one is abandoned (refused) at once, so a stray {@code @@} in line noise cannot hold a real fire alarm
 * back until a thousand more bytes arrive.
 */
public final class Gb26875StreamFramer {

    private final Gb26875Options options;
    private final Gb26875FrameCodec codec;
    private byte[] buffer = new byte[512];
    private int length;

    public Gb26875StreamFramer(Gb26875Options options) {
        this.options = options;
        this.codec = new Gb26875FrameCodec(options);
    }

    public List<FramingResult> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    public List<FramingResult> feed(byte[] chunk, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, chunk.length);
        ensureCapacity(length + count);
        System.arraycopy(chunk, offset, buffer, length, count);
        length += count;
        List<FramingResult> results = new ArrayList<>();
        drain(results);
        return results;
    }

    /** End of stream: whatever is still buffered is refused, so the dead-letter store sees it too. */
    public List<FramingResult> close() {
        List<FramingResult> results = new ArrayList<>();
        if (length > 0) {
            String reason;
            if (length >= 2 && buffer[0] == START && buffer[1] == START) {
                reason = length >= HEADER_LENGTH
                        ? "connection closed in the middle of a frame: " + length + " of "
                        + (MIN_FRAME_LENGTH + Gb26875FrameCodec.declaredAppDataLength(buffer, 0)) + " bytes received"
                        : "connection closed in the middle of a frame header: " + length + " of " + HEADER_LENGTH
                        + " header bytes received";
            } else {
                reason = "connection closed after " + length + " bytes without a start mark '@@'";
            }
            results.add(refused(0, length, reason));
            length = 0;
        }
        return results;
    }

    /** Bytes received but not yet part of a result; always less than {@link Gb26875Options#maxFrameLength()}. */
    public int bufferedBytes() {
        return length;
    }

    private void drain(List<FramingResult> results) {
        int pos = 0;
        while (pos < length) {
            int start = indexOfStart(pos);
            if (start < 0) {
                int end = endOfGarbage(pos);
                if (end > pos) results.add(refused(pos, end, (end - pos) + " bytes without a start mark '@@'"));
                pos = end;
                break;
            }
            if (start > pos) {
                results.add(refused(pos, start, (start - pos) + " bytes before the start mark '@@' are not part of a frame"));
                pos = start;
            }
            int available = length - pos;
            if (available < HEADER_LENGTH) break;
            int declared = Gb26875FrameCodec.declaredAppDataLength(buffer, pos);
            if (declared > options.maxAppDataLength()) {
                int next = resyncPoint(pos);
                results.add(refused(pos, next, "declared app-data length " + declared + " exceeds the maximum "
                        + options.maxAppDataLength()));
                pos = next;
                continue;
            }
            int total = MIN_FRAME_LENGTH + declared;
            if (available >= total) {
                if (buffer[pos + total - 2] != END || buffer[pos + total - 1] != END) {
                    int next = resyncPoint(pos);
                    results.add(refused(pos, next, "end mark missing: expected 23 23 ('##') at byte " + (total - 2)
                            + " of a frame declaring " + declared + " bytes of app data, found "
                            + Hex.spaced(buffer, pos + total - 2, 2)));
                    pos = next;
                    continue;
                }
                if (!checksumOk(pos, declared)) {
                    int inner = validFrameStart(pos + 1, pos + total);
                    if (inner >= 0) {
                        results.add(refused(pos, inner, "a frame with a bad checksum that contains a valid frame at "
                                + "its byte " + (inner - pos) + "; kept the inner frame"));
                        pos = inner;
                        continue;
                    }
                }
                results.add(new FramingResult.Complete(Arrays.copyOfRange(buffer, pos, pos + total)));
                pos += total;
                continue;
            }
            int inner = validFrameStart(pos + 1, length);
            if (inner >= 0) {
                results.add(refused(pos, inner, "incomplete frame abandoned after " + (inner - pos) + " bytes: it "
                        + "declares " + declared + " bytes of app data, but a complete frame starts at its byte "
                        + (inner - pos)));
                pos = inner;
                continue;
            }
            break;
        }
        System.arraycopy(buffer, pos, buffer, 0, length - pos);
        length -= pos;
        if (buffer.length > 4 * options.maxFrameLength() && length < buffer.length / 4) {
            buffer = Arrays.copyOf(buffer, Math.max(512, length));
        }
    }

    private boolean checksumOk(int frameStart, int declared) {
        return codec.checksum(buffer, frameStart, declared) == (buffer[frameStart + HEADER_LENGTH + declared] & 0xFF);
    }

    /** The first position in [from, to) where a whole frame with good bounds, end mark and checksum is buffered. */
    private int validFrameStart(int from, int to) {
        for (int k = indexOfStart(from); k >= 0 && k < to; k = indexOfStart(k + 1)) {
            if (length - k < HEADER_LENGTH) return -1;
            int declared = Gb26875FrameCodec.declaredAppDataLength(buffer, k);
            if (declared > options.maxAppDataLength()) continue;
            int total = MIN_FRAME_LENGTH + declared;
            if (length - k < total) continue;
            if (buffer[k + total - 2] == END && buffer[k + total - 1] == END && checksumOk(k, declared)) return k;
        }
        return -1;
    }

    /** Where to look for the next frame after refusing the one at {@code frameStart}. */
    private int resyncPoint(int frameStart) {
        int next = indexOfStart(frameStart + 1);
        return next >= 0 ? next : endOfGarbage(frameStart + 1);
    }

    /** The end of a stretch with no start mark: all of it, except a last '@' that may begin one. */
    private int endOfGarbage(int from) {
        return length > from && buffer[length - 1] == START ? length - 1 : length;
    }

    private int indexOfStart(int from) {
        for (int i = from; i < length - 1; i++) {
            if (buffer[i] == START && buffer[i + 1] == START) return i;
        }
        return -1;
    }

    private FramingResult refused(int from, int to, String reason) {
        return new FramingResult.Refused(new Refusal(PROTOCOL, Arrays.copyOfRange(buffer, from, to), reason));
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
    }
}
