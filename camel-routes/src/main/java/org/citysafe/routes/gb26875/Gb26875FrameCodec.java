package org.citysafe.routes.gb26875;

import org.citysafe.routes.codec.FrameRefusedException;
import org.citysafe.routes.codec.Hex;

/**
 * Decodes and validates one complete GB/T 26875.3 frame, and encodes frames. Layout (little-endian):
 * <pre>
 * 0   2  start mark '@@' (40 40)
 * 2   2  serial no.
 * 4   2  protocol version: major, minor
 * 6   6  time: second, minute, hour, day, month, year-2000
 * 12  6  source address
 * 18  6  destination address
 * 24  2  app-data length n (the command byte is not counted)
 * 26  1  command
 * 27  n  app data
 * 27+n 1 checksum
 * 28+n 2 end mark '##' (23 23)
 * </pre>
 * Thread-safe; holds only its options.
 */
public final class Gb26875FrameCodec {

    public static final String PROTOCOL = "gb26875";
    public static final int HEADER_LENGTH = 27;
    public static final int TRAILER_LENGTH = 3;
    public static final int MIN_FRAME_LENGTH = HEADER_LENGTH + TRAILER_LENGTH;
    static final byte START = 0x40;
    static final byte END = 0x23;
    static final int LENGTH_OFFSET = 24;
    static final int COMMAND_OFFSET = 26;

    private final Gb26875Options options;

    public Gb26875FrameCodec(Gb26875Options options) {
        this.options = options;
    }

    public Gb26875Options options() {
        return options;
    }

    /** The frame in {@code bytes}, which must be exactly one frame, or a refusal saying what is wrong with it. */
    public Gb26875Frame decode(byte[] bytes) throws FrameRefusedException {
        if (bytes.length < MIN_FRAME_LENGTH) {
            throw refuse(bytes, "frame of " + bytes.length + " bytes is shorter than the minimum " + MIN_FRAME_LENGTH
                    + " (27-byte header + checksum + end mark)");
        }
        if (bytes[0] != START || bytes[1] != START) {
            throw refuse(bytes, "bad start mark: expected 40 40 ('@@'), got " + Hex.spaced(bytes, 0, 2));
        }
        int declared = declaredAppDataLength(bytes, 0);
        if (declared > options.maxAppDataLength()) {
            throw refuse(bytes, "declared app-data length " + declared + " exceeds the maximum "
                    + options.maxAppDataLength());
        }
        if (bytes.length != MIN_FRAME_LENGTH + declared) {
            throw refuse(bytes, "length mismatch: the app-data length field says " + declared
                    + ", so the frame should be " + (MIN_FRAME_LENGTH + declared) + " bytes, but it is "
                    + bytes.length);
        }
        if (bytes[bytes.length - 2] != END || bytes[bytes.length - 1] != END) {
            throw refuse(bytes, "bad end mark: expected 23 23 ('##'), got " + Hex.spaced(bytes, bytes.length - 2, 2));
        }
        int expected = checksum(bytes, 0, declared);
        int actual = bytes[HEADER_LENGTH + declared] & 0xFF;
        if (expected != actual) {
            throw refuse(bytes, String.format("checksum expected 0x%02X got 0x%02X (%s over %s)", expected, actual,
                    options.checksumAlgorithm(), options.checksumRange()));
        }
        int command = bytes[COMMAND_OFFSET] & 0xFF;
        if (Gb26875Command.isReserved(command)) {
            throw refuse(bytes, "command byte " + command + " is reserved by the standard (1-6 are defined, "
                    + "128-255 user-defined)");
        }
        byte[] appData = new byte[declared];
        System.arraycopy(bytes, HEADER_LENGTH, appData, 0, declared);
        return new Gb26875Frame(u16(bytes, 2), bytes[4] & 0xFF, bytes[5] & 0xFF,
                Gb26875Time.read(bytes, 6, options.timestampEncoding()), u48(bytes, 12), u48(bytes, 18), command,
                appData);
    }

    public byte[] encode(Gb26875Frame frame) {
        int n = frame.appDataLength();
        byte[] bytes = new byte[MIN_FRAME_LENGTH + n];
        bytes[0] = START;
        bytes[1] = START;
        putU16(bytes, 2, frame.serialNo());
        bytes[4] = (byte) frame.versionMajor();
        bytes[5] = (byte) frame.versionMinor();
        frame.time().write(bytes, 6, options.timestampEncoding());
        putU48(bytes, 12, frame.source());
        putU48(bytes, 18, frame.destination());
        putU16(bytes, LENGTH_OFFSET, n);
        bytes[COMMAND_OFFSET] = (byte) frame.command();
        System.arraycopy(frame.appData(), 0, bytes, HEADER_LENGTH, n);
        bytes[HEADER_LENGTH + n] = (byte) checksum(bytes, 0, n);
        bytes[bytes.length - 2] = END;
        bytes[bytes.length - 1] = END;
        return bytes;
    }

    /** The checksum for the frame starting at {@code start} in {@code bytes} with {@code appDataLength} bytes of data. */
    int checksum(byte[] bytes, int start, int appDataLength) {
        int from = switch (options.checksumRange()) {
            case SERIAL_TO_DATA -> start + 2;
            case START_MARK_TO_DATA -> start;
            case COMMAND_TO_DATA -> start + COMMAND_OFFSET;
        };
        int to = start + HEADER_LENGTH + appDataLength;
        int value = 0;
        for (int i = from; i < to; i++) {
            value = options.checksumAlgorithm() == Gb26875Options.ChecksumAlgorithm.XOR
                    ? value ^ (bytes[i] & 0xFF) : value + (bytes[i] & 0xFF);
        }
        return value & 0xFF;
    }

    static int declaredAppDataLength(byte[] bytes, int frameStart) {
        return u16(bytes, frameStart + LENGTH_OFFSET);
    }

    private FrameRefusedException refuse(byte[] bytes, String reason) {
        return new FrameRefusedException(PROTOCOL, bytes, reason);
    }

    static int u16(byte[] b, int offset) {
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
    }

    static long u48(byte[] b, int offset) {
        long value = 0;
        for (int i = 5; i >= 0; i--) value = value << 8 | (b[offset + i] & 0xFF);
        return value;
    }

    static long u32(byte[] b, int offset) {
        long value = 0;
        for (int i = 3; i >= 0; i--) value = value << 8 | (b[offset + i] & 0xFF);
        return value;
    }

    static void putU16(byte[] b, int offset, int value) {
        b[offset] = (byte) value;
        b[offset + 1] = (byte) (value >> 8);
    }

    static void putU32(byte[] b, int offset, long value) {
        for (int i = 0; i < 4; i++) b[offset + i] = (byte) (value >> (8 * i));
    }

    static void putU48(byte[] b, int offset, long value) {
        for (int i = 0; i < 6; i++) b[offset + i] = (byte) (value >> (8 * i));
    }
}
