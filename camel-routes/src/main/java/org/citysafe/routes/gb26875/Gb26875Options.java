package org.citysafe.routes.gb26875;

import java.time.ZoneId;
import java.util.Objects;

/**
 * How one connection's devices speak GB/T 26875.3-2011. Vendors differ from the standard in known ways, so these are
 * chosen per connection (per listening port, in practice); {@link #standard()} is the standard as written.
 *
 * @param timestampEncoding how the six time bytes (second ... year) are written, in the header and in data units
 * @param checksumRange     which bytes the checksum covers
 * @param checksumAlgorithm how the checksum byte is computed
 * @param maxAppDataLength  the largest app-data length accepted; the standard's limit is 1024. A declared length above
 *                          it is refused at once instead of being buffered.
 * @param zone              the zone of the device's local clock (the standard's times carry no zone)
 * @param testModeBit       whether running-state bit 0 is read as the standard's normal(1)/test(0)
 */
public record Gb26875Options(TimestampEncoding timestampEncoding, ChecksumRange checksumRange,
                             ChecksumAlgorithm checksumAlgorithm, int maxAppDataLength, ZoneId zone,
                             TestModeBit testModeBit) {

    /** The standard's limit for the application data unit (GB/T 26875.3-2011, 6.6). */
    public static final int STANDARD_MAX_APP_DATA_LENGTH = 1024;
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    public enum TimestampEncoding {
        /** Each byte is the number itself (standard, 8.2.2). */
        BINARY,
        /** Each byte is two BCD digits (0x59 = 59), as some vendors send. */
        BCD
    }

    public enum ChecksumRange {
        /** Serial number through the end of the app data, i.e. without the {@code @@} start mark (standard). */
        SERIAL_TO_DATA,
        /** From the {@code @@} start mark through the end of the app data. */
        START_MARK_TO_DATA,
        /** From the command byte through the end of the app data (seen for 赋安 FSCN8001 in a public parser). */
        COMMAND_TO_DATA
    }

    public enum ChecksumAlgorithm {
        /** Arithmetic sum, carries above 8 bits dropped (standard). */
        SUM_MOD_256,
        /** Exclusive or of the bytes ("in some versions"). */
        XOR
    }

    public enum TestModeBit {
        /**
         * Bit 0 of a running state set = normal, clear = test, as the standard says: readings from an object whose
         * bit 0 is clear get the {@code TEST} flag.
         */
        STANDARD,
        /**
         * Bit 0 is not read. For devices that leave it clear in normal operation (the widely copied public example
         * frames do), which would otherwise flag every real fire alarm as a test.
         */
        IGNORED
    }

    public Gb26875Options {
        Objects.requireNonNull(timestampEncoding, "timestampEncoding");
        Objects.requireNonNull(checksumRange, "checksumRange");
        Objects.requireNonNull(checksumAlgorithm, "checksumAlgorithm");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(testModeBit, "testModeBit");
        if (maxAppDataLength < 0 || maxAppDataLength > 0xFFFF) {
            throw new IllegalArgumentException("maxAppDataLength must be 0..65535, was " + maxAppDataLength);
        }
    }

    /** The standard as written: binary time, sum mod 256 over serial..data, 1024-byte limit, Asia/Shanghai. */
    public static Gb26875Options standard() {
        return new Gb26875Options(TimestampEncoding.BINARY, ChecksumRange.SERIAL_TO_DATA,
                ChecksumAlgorithm.SUM_MOD_256, STANDARD_MAX_APP_DATA_LENGTH, DEFAULT_ZONE, TestModeBit.STANDARD);
    }

    /** The longest frame these options accept: 27-byte header, app data, 3-byte trailer. */
    public int maxFrameLength() {
        return Gb26875FrameCodec.HEADER_LENGTH + maxAppDataLength + Gb26875FrameCodec.TRAILER_LENGTH;
    }

    public Gb26875Options withTimestampEncoding(TimestampEncoding value) {
        return new Gb26875Options(value, checksumRange, checksumAlgorithm, maxAppDataLength, zone, testModeBit);
    }

    public Gb26875Options withChecksumRange(ChecksumRange value) {
        return new Gb26875Options(timestampEncoding, value, checksumAlgorithm, maxAppDataLength, zone, testModeBit);
    }

    public Gb26875Options withChecksumAlgorithm(ChecksumAlgorithm value) {
        return new Gb26875Options(timestampEncoding, checksumRange, value, maxAppDataLength, zone, testModeBit);
    }

    public Gb26875Options withMaxAppDataLength(int value) {
        return new Gb26875Options(timestampEncoding, checksumRange, checksumAlgorithm, value, zone, testModeBit);
    }

    public Gb26875Options withZone(ZoneId value) {
        return new Gb26875Options(timestampEncoding, checksumRange, checksumAlgorithm, maxAppDataLength, value,
                testModeBit);
    }

    public Gb26875Options withTestModeBit(TestModeBit value) {
        return new Gb26875Options(timestampEncoding, checksumRange, checksumAlgorithm, maxAppDataLength, zone, value);
    }
}
