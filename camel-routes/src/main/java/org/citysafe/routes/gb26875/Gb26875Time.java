package org.citysafe.routes.gb26875;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * The standard's six-byte time label, field by field as sent: second, minute, hour, day, month, year since 2000. The
 * fields are kept even when they do not make a date (a device with an unset clock sends day 0), so a frame still
 * decodes and can be answered; {@link #toLocalDateTime()} says whether it is a real time. A field of -1 is a BCD byte
 * with a nibble above 9.
 */
public record Gb26875Time(int second, int minute, int hour, int day, int month, int year) {

    public static final int LENGTH = 6;

    public Gb26875Time {
        for (int field : new int[]{second, minute, hour, day, month, year}) {
            if (field < -1 || field > 255) throw new IllegalArgumentException("time field out of a byte: " + field);
        }
    }

    /** {@code time} as a label; the standard's year field covers 2000-2099. */
    public static Gb26875Time of(LocalDateTime time) {
        if (time.getYear() < 2000 || time.getYear() > 2099) {
            throw new IllegalArgumentException("GB/T 26875.3 times cover 2000-2099, not " + time.getYear());
        }
        return new Gb26875Time(time.getSecond(), time.getMinute(), time.getHour(), time.getDayOfMonth(),
                time.getMonthValue(), time.getYear() - 2000);
    }

    /** The local date-time, or empty when the fields do not make one (month 13, day 0, hour 24, a bad BCD byte). */
    public Optional<LocalDateTime> toLocalDateTime() {
        if (year < 0 || year > 99) return Optional.empty();
        try {
            return Optional.of(LocalDateTime.of(2000 + year, month, day, hour, minute, second));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** A stable text key for message ids: {@code yyMMddHHmmss}, or the six fields in hex when not all fit in two digits. */
    public String key() {
        int[] fields = {year, month, day, hour, minute, second};
        StringBuilder key = new StringBuilder(12);
        boolean decimal = true;
        for (int field : fields) decimal &= field >= 0 && field <= 99;
        for (int field : fields) {
            key.append(decimal ? String.format("%02d", field) : String.format("%02x", field & 0xFF));
        }
        return key.toString();
    }

    static Gb26875Time read(byte[] bytes, int offset, Gb26875Options.TimestampEncoding encoding) {
        int[] fields = new int[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int b = bytes[offset + i] & 0xFF;
            fields[i] = encoding == Gb26875Options.TimestampEncoding.BCD ? fromBcd(b) : b;
        }
        return new Gb26875Time(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    void write(byte[] bytes, int offset, Gb26875Options.TimestampEncoding encoding) {
        int[] fields = {second, minute, hour, day, month, year};
        for (int i = 0; i < LENGTH; i++) {
            int field = fields[i];
            if (encoding == Gb26875Options.TimestampEncoding.BCD) {
                if (field < 0 || field > 99) {
                    throw new IllegalArgumentException("field " + field + " does not fit a BCD byte");
                }
                bytes[offset + i] = (byte) ((field / 10) << 4 | field % 10);
            } else {
                if (field < 0) throw new IllegalArgumentException("field " + field + " does not fit a byte");
                bytes[offset + i] = (byte) field;
            }
        }
    }

    private static int fromBcd(int b) {
        int high = b >> 4;
        int low = b & 0x0F;
        return high > 9 || low > 9 ? -1 : high * 10 + low;
    }

    @Override
    public String toString() {
        return toLocalDateTime().map(LocalDateTime::toString).orElse("invalid time " + key());
    }
}
