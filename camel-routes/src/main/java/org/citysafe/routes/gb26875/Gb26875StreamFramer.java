package org.citysafe.routes.gb26875;

import org.citysafe.routes.codec.FramingResult;
import org.citysafe.routes.codec.Hex;
import org.citysafe.routes.codec.MarkedStreamFramer;


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
public final class Gb26875StreamFramer extends MarkedStreamFramer {

    private final Gb26875Options options;
    private final Gb26875FrameCodec codec;

    public Gb26875StreamFramer(Gb26875Options options) {
        super(PROTOCOL, START);
        this.options = options;
        this.codec = new Gb26875FrameCodec(options);
    }

    @Override
    protected int headerLength() {
        return HEADER_LENGTH;
    }

    @Override
    protected String headerProblem(int pos) {
        return null;
    }

    @Override
    protected int declaredLength(int pos) {
        return Gb26875FrameCodec.declaredAppDataLength(buffer, pos);
    }

    @Override
    protected int maxDeclaredLength() {
        return options.maxAppDataLength();
    }

    @Override
    protected int frameLength(int declared) {
        return MIN_FRAME_LENGTH + declared;
    }

    @Override
    protected String endMarkProblem(int pos, int total, int declared) {
        if (buffer[pos + total - 2] == END && buffer[pos + total - 1] == END) return null;
        return "end mark missing: expected 23 23 ('##') at byte " + (total - 2) + " of a frame declaring " + declared
                + " bytes of app data, found " + Hex.spaced(buffer, pos + total - 2, 2);
    }

    @Override
    protected boolean intact(int frameStart, int declared) {
        return codec.checksum(buffer, frameStart, declared) == (buffer[frameStart + HEADER_LENGTH + declared] & 0xFF);
    }

    @Override
    protected String tooLong(int declared) {
        return "declared app-data length " + declared + " exceeds the maximum " + options.maxAppDataLength();
    }

    @Override
    protected String garbage(int count) {
        return count + " bytes without a start mark '@@'";
    }

    @Override
    protected String beforeMark(int count) {
        return count + " bytes before the start mark '@@' are not part of a frame";
    }

    @Override
    protected String badIntegrityWithInner(int innerOffset) {
        return "a frame with a bad checksum that contains a valid frame at its byte " + innerOffset
                + "; kept the inner frame";
    }

    @Override
    protected String abandoned(int innerOffset, int declared) {
        return "incomplete frame abandoned after " + innerOffset + " bytes: it declares " + declared
                + " bytes of app data, but a complete frame starts at its byte " + innerOffset;
    }

    @Override
    protected String closedWith() {
        if (!startsWithMark()) return "connection closed after " + length + " bytes without a start mark '@@'";
        return length >= HEADER_LENGTH
                ? "connection closed in the middle of a frame: " + length + " of "
                + (MIN_FRAME_LENGTH + Gb26875FrameCodec.declaredAppDataLength(buffer, 0)) + " bytes received"
                : "connection closed in the middle of a frame header: " + length + " of " + HEADER_LENGTH
                + " header bytes received";
    }
}
