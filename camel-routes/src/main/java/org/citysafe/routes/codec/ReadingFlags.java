package org.citysafe.routes.codec;

/**
 * Quality flags the codecs put on {@link org.citysafe.rules.Reading#flags()}. Rules read them to tell a real hazard
 * from a device under test, in maintenance or broken.
 */
public final class ReadingFlags {

    /** The device reports it is in test mode (GB/T 26875.3 running-state bit). */
    public static final String TEST = "TEST";
    /** HJ 212 data flag M: the instrument is being maintained. */
    public static final String MAINTENANCE = "MAINTENANCE";
    /** HJ 212 data flag C: the instrument is being calibrated. */
    public static final String CALIBRATION = "CALIBRATION";
    /** HJ 212 data flag D: the instrument reports a fault. */
    public static final String DEVICE_FAULT = "DEVICE_FAULT";
    /** HJ 212 data flag F: the instrument is stopped. */
    public static final String STOPPED = "STOPPED";
    /** HJ 212 data flag S: a value typed in by hand, not measured. */
    public static final String MANUAL_VALUE = "MANUAL_VALUE";
    /** HJ 212 data flag T: the sample is above the instrument's measuring range. */
    public static final String OVER_RANGE = "OVER_RANGE";
    /** HJ 212 data flag B: the data logger lost contact with the instrument. */
    public static final String COMMUNICATION_FAULT = "COMMUNICATION_FAULT";
    /** An HJ 212 data flag that is not in the standard's list. */
    public static final String UNKNOWN_DATA_FLAG = "UNKNOWN_DATA_FLAG";
    /**
     * The device's own time for the value was missing or impossible (month 13, a BCD byte 0x3F, no DataTime); the
     * reading's {@code ts} was taken from the packet's send time or, failing that, from the time it was received.
     */
    public static final String TIME_ESTIMATED = "TIME_ESTIMATED";

    private ReadingFlags() {
    }
}
