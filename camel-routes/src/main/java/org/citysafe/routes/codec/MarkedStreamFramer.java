package org.citysafe.routes.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a TCP byte stream into frames that start with a two-byte mark ({@code @@}, {@code ##}), declare their length
 * in a fixed header and end with a known mark. The protocols differ only in the header, the end mark, the integrity
 * check and the words of their refusals; the cutting, resynchronising and look-ahead are here, once.
 *
 * <p>Guarantees, which the fuzz tests check: every byte fed comes out exactly once, in order, in a
 * {@link FramingResult.Complete} or a {@link FramingResult.Refused}, or is still {@linkplain #bufferedBytes()
 * buffered} ({@link #close()} flushes the rest); the buffer never holds more than one frame of the largest accepted
 * size. After a broken frame the framer restarts at the next mark; while it waits for the rest of a frame it looks
 * ahead, and abandons the incomplete frame at once when a complete, intact one already starts later in the buffer,
 * so a stray mark in line noise cannot hold a real alarm back. One instance per connection; not thread-safe.
 */
public abstract class MarkedStreamFramer {

    private final String protocol;
    private final byte mark;
    protected byte[] buffer = new byte[512];
    protected int length;

    protected MarkedStreamFramer(String protocol, byte mark) {
        this.protocol = protocol;
        this.mark = mark;
    }

    /** Bytes of the fixed header, which holds the declared length. */
    protected abstract int headerLength();

    /** Why the header at {@code pos} cannot be read, or null when it can. */
    protected abstract String headerProblem(int pos);

    /** The declared length of the variable part of the frame whose header is at {@code pos}. */
    protected abstract int declaredLength(int pos);

    protected abstract int maxDeclaredLength();

    /** The whole frame's length for a declared length. */
    protected abstract int frameLength(int declared);

    /** Why the frame at {@code pos} of {@code total} bytes has no proper end mark, or null when it has. */
    protected abstract String endMarkProblem(int pos, int total, int declared);

    /** Checksum or CRC of the frame at {@code pos}. */
    protected abstract boolean intact(int pos, int declared);

    protected abstract String tooLong(int declared);

    protected abstract String garbage(int count);

    protected abstract String beforeMark(int count);

    protected abstract String badIntegrityWithInner(int innerOffset);

    protected abstract String abandoned(int innerOffset, int declared);

    /** The refusal reason for what is still buffered when the connection closes (length > 0). */
    protected abstract String closedWith();

    public final List<FramingResult> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    public final List<FramingResult> feed(byte[] chunk, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, chunk.length);
        if (length + count > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(length + count, buffer.length * 2));
        System.arraycopy(chunk, offset, buffer, length, count);
        length += count;
        List<FramingResult> results = new ArrayList<>();
        drain(results);
        return results;
    }

    /** End of stream: whatever is still buffered is refused, so the dead-letter store sees it too. */
    public final List<FramingResult> close() {
        List<FramingResult> results = new ArrayList<>();
        if (length > 0) {
            results.add(refused(0, length, closedWith()));
            length = 0;
        }
        return results;
    }

    /** Bytes received but not yet part of a result; always less than the largest frame accepted. */
    public final int bufferedBytes() {
        return length;
    }

    /** Whether the buffer starts with the mark. */
    protected final boolean startsWithMark() {
        return length >= 2 && buffer[0] == mark && buffer[1] == mark;
    }

    private void drain(List<FramingResult> results) {
        int pos = 0;
        while (pos < length) {
            int start = indexOfMark(pos);
            if (start < 0) {
                int end = endOfGarbage(pos);
                if (end > pos) results.add(refused(pos, end, garbage(end - pos)));
                pos = end;
                break;
            }
            if (start > pos) {
                results.add(refused(pos, start, beforeMark(start - pos)));
                pos = start;
            }
            int available = length - pos;
            if (available < headerLength()) break;
            String problem = headerProblem(pos);
            if (problem == null && declaredLength(pos) > maxDeclaredLength()) problem = tooLong(declaredLength(pos));
            if (problem != null) {
                int next = resyncPoint(pos);
                results.add(refused(pos, next, problem));
                pos = next;
                continue;
            }
            int declared = declaredLength(pos);
            int total = frameLength(declared);
            if (available >= total) {
                String endProblem = endMarkProblem(pos, total, declared);
                if (endProblem != null) {
                    int next = resyncPoint(pos);
                    results.add(refused(pos, next, endProblem));
                    pos = next;
                    continue;
                }
                if (!intact(pos, declared)) {
                    int inner = intactFrameStart(pos + 1, pos + total);
                    if (inner >= 0) {
                        results.add(refused(pos, inner, badIntegrityWithInner(inner - pos)));
                        pos = inner;
                        continue;
                    }
                }
                results.add(new FramingResult.Complete(Arrays.copyOfRange(buffer, pos, pos + total)));
                pos += total;
                continue;
            }
            int inner = intactFrameStart(pos + 1, length);
            if (inner >= 0) {
                results.add(refused(pos, inner, abandoned(inner - pos, declared)));
                pos = inner;
                continue;
            }
            break;
        }
        System.arraycopy(buffer, pos, buffer, 0, length - pos);
        length -= pos;
        int largest = frameLength(maxDeclaredLength());
        if (buffer.length > 4 * largest && length < buffer.length / 4) {
            buffer = Arrays.copyOf(buffer, Math.max(512, length));
        }
    }

    /** The first position in [from, to) where a whole frame with good bounds, end mark and integrity is buffered. */
    private int intactFrameStart(int from, int to) {
        for (int k = indexOfMark(from); k >= 0 && k < to; k = indexOfMark(k + 1)) {
            if (length - k < headerLength()) return -1;
            if (headerProblem(k) != null) continue;
            int declared = declaredLength(k);
            if (declared > maxDeclaredLength()) continue;
            int total = frameLength(declared);
            if (length - k < total) continue;
            if (endMarkProblem(k, total, declared) == null && intact(k, declared)) return k;
        }
        return -1;
    }

    /** Where to look for the next frame after refusing the one at {@code frameStart}. */
    private int resyncPoint(int frameStart) {
        int next = indexOfMark(frameStart + 1);
        return next >= 0 ? next : endOfGarbage(frameStart + 1);
    }

    /** The end of a stretch with no mark: all of it, except a last mark byte that may begin one. */
    private int endOfGarbage(int from) {
        return length > from && buffer[length - 1] == mark ? length - 1 : length;
    }

    private int indexOfMark(int from) {
        for (int i = from; i < length - 1; i++) {
            if (buffer[i] == mark && buffer[i + 1] == mark) return i;
        }
        return -1;
    }

    private FramingResult refused(int from, int to, String reason) {
        return new FramingResult.Refused(new Refusal(protocol, Arrays.copyOfRange(buffer, from, to), reason));
    }
}
