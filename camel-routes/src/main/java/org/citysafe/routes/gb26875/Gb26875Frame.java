package org.citysafe.routes.gb26875;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One GB/T 26875.3 frame: the control unit and the undecoded application data. Start mark, length, checksum and end
 * mark are the codec's business and are not kept.
 *
 * @param serialNo      业务流水号, 0..65535; the answer to a frame carries the same number
 * @param versionMajor  protocol major version (1 in the standard)
 * @param versionMinor  user-defined minor version
 * @param time          the time the sender sent it, in the sender's local clock
 * @param source        源地址, 48 bits
 * @param destination   目的地址, 48 bits
 * @param command       command byte, see {@link Gb26875Command}
 * @param appData       the application data unit, empty for confirm/deny and heartbeats
 */
public record Gb26875Frame(int serialNo, int versionMajor, int versionMinor, Gb26875Time time, long source,
                           long destination, int command, byte[] appData) {

    public static final long MAX_ADDRESS = 0xFFFF_FFFF_FFFFL;

    public Gb26875Frame {
        requireRange("serialNo", serialNo, 0xFFFF);
        requireRange("versionMajor", versionMajor, 0xFF);
        requireRange("versionMinor", versionMinor, 0xFF);
        requireRange("command", command, 0xFF);
        Objects.requireNonNull(time, "time");
        if (source < 0 || source > MAX_ADDRESS) throw new IllegalArgumentException("source is not 48 bits");
        if (destination < 0 || destination > MAX_ADDRESS) throw new IllegalArgumentException("destination is not 48 bits");
        appData = appData == null ? new byte[0] : appData.clone();
        if (appData.length > 0xFFFF) throw new IllegalArgumentException("app data longer than 65535 bytes");
    }

    @Override
    public byte[] appData() {
        return appData.clone();
    }

    public int appDataLength() {
        return appData.length;
    }

    public boolean is(Gb26875Command expected) {
        return command == expected.code();
    }

    /** An address as the 12 hex digits of its 48-bit value, e.g. {@code 000000000379}. */
    public static String addressHex(long address) {
        return HexFormat.of().toHexDigits(address).substring(4);
    }

    private static void requireRange(String name, int value, int max) {
        if (value < 0 || value > max) throw new IllegalArgumentException(name + " must be 0.." + max + ", was " + value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Gb26875Frame f && serialNo == f.serialNo && versionMajor == f.versionMajor
                && versionMinor == f.versionMinor && time.equals(f.time) && source == f.source
                && destination == f.destination && command == f.command && Arrays.equals(appData, f.appData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serialNo, versionMajor, versionMinor, time, source, destination, command,
                Arrays.hashCode(appData));
    }

    @Override
    public String toString() {
        return "Gb26875Frame[serial=" + serialNo + ", version=" + versionMajor + "." + versionMinor + ", time=" + time
                + ", source=" + addressHex(source) + ", destination=" + addressHex(destination) + ", command="
                + Gb26875Command.describe(command) + ", appData=" + appData.length + " bytes]";
    }
}
