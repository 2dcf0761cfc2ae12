package org.citysafe.rules.state;

import java.time.Instant;
import java.util.List;

/**
 * The newest reading of every other device at a site, per metric: what multi-source confirmation looks at (smoke
 * confirmed by heat, a second detector in the same place, a controller's fire state).
 */
public record SiteView(List<SiteReading> readings) {

    public static final SiteView EMPTY = new SiteView(List.of());

    public SiteView {
        readings = List.copyOf(readings);
    }

    public record SiteReading(String deviceId, String deviceType, String metric, double value, Instant ts) {
    }

    /** Readings of the metric from other devices no older than {@code seconds} before {@code at} (and not after it). */
    public List<SiteReading> recent(String metric, Instant at, long seconds) {
        Instant from = at.minusSeconds(seconds);
        return readings.stream().filter(r -> r.metric().equals(metric))
                .filter(r -> !r.ts().isBefore(from) && !r.ts().isAfter(at)).toList();
    }
}
