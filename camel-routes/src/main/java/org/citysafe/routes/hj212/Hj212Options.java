package org.citysafe.routes.hj212;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How one connection's stations speak HJ 212.
 *
 * @param zone                   the zone of the station's clock (QN and DataTime carry none)
 * @param maxDataLength          the longest data segment accepted; the length field allows 9999. A larger declared
 *                               length is refused as soon as the length field is in
 * @param splitPacketTimeout     how long the parts of a split packet wait for their siblings; then each part is
 *                               mapped on its own
 * @param maxPendingSplitPackets how many split packets may be incomplete at once on one connection; past that the
 *                               oldest is released part by part
 */
public record Hj212Options(ZoneId zone, int maxDataLength, Duration splitPacketTimeout, int maxPendingSplitPackets) {

    public static final int LENGTH_FIELD_MAX = 9999;
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    public Hj212Options {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(splitPacketTimeout, "splitPacketTimeout");
        if (maxDataLength < 0 || maxDataLength > LENGTH_FIELD_MAX) {
            throw new IllegalArgumentException("maxDataLength must be 0..9999, was " + maxDataLength);
        }
        if (splitPacketTimeout.isNegative()) throw new IllegalArgumentException("negative splitPacketTimeout");
        if (maxPendingSplitPackets < 1) throw new IllegalArgumentException("maxPendingSplitPackets must be >= 1");
    }

    /** Asia/Shanghai, any length the field can say, 60 s for split packets, 64 pending split packets. */
    public static Hj212Options standard() {
        return new Hj212Options(DEFAULT_ZONE, LENGTH_FIELD_MAX, Duration.ofSeconds(60), 64);
    }

    public Hj212Options withZone(ZoneId value) {
        return new Hj212Options(value, maxDataLength, splitPacketTimeout, maxPendingSplitPackets);
    }

    public Hj212Options withMaxDataLength(int value) {
        return new Hj212Options(zone, value, splitPacketTimeout, maxPendingSplitPackets);
    }

    public Hj212Options withSplitPacketTimeout(Duration value) {
        return new Hj212Options(zone, maxDataLength, value, maxPendingSplitPackets);
    }

    public Hj212Options withMaxPendingSplitPackets(int value) {
        return new Hj212Options(zone, maxDataLength, splitPacketTimeout, value);
    }
}
