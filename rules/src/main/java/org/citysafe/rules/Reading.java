package org.citysafe.rules;

import java.time.Instant;
import java.util.Set;

/**
 * One measured value from one device, in canonical form: the metric's canonical unit, event time {@code ts}.
 *
 * @param source where it came from (route name: http, mqtt, kafka, gb26875, hj212)
 * @param flags  quality flags set by the protocol, e.g. MAINTENANCE, CALIBRATION, TEST
 */
public record Reading(String deviceId, String metric, double value, String unit, Instant ts,
                      String messageId, String source, Set<String> flags) {

    public Reading {
        flags = flags == null ? Set.of() : Set.copyOf(flags);
    }

    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }
}
