package org.citysafe.routes.codec;

import org.citysafe.rules.Reading;

import java.util.List;

/**
 * What one decoded unit or packet gave: the canonical readings, and in words what could have been a reading but was
 * not mapped, and why (an unknown code, a statistic we do not take), so nothing disappears without a trace.
 */
public record ReadingMapping(List<Reading> readings, List<String> skipped) {

    public ReadingMapping {
        readings = List.copyOf(readings);
        skipped = List.copyOf(skipped);
    }

    public static ReadingMapping empty() {
        return new ReadingMapping(List.of(), List.of());
    }
}
