package org.citysafe.routes.ingest;

import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;

import java.util.Objects;

/**
 * Holds readings that a wire codec built against the metric catalogue, as the JSON codec does for JSON: a metric the
 * catalogue does not know, or a unit it cannot convert, is refused with the reason; anything else leaves in the
 * metric's canonical unit.
 */
public final class CanonicalReadings {

    private final MetricCatalog catalogue;

    public CanonicalReadings(MetricCatalog catalogue) {
        this.catalogue = Objects.requireNonNull(catalogue);
    }

    /** @param raw the input the reading came from, kept with a refusal (a frame as hex, a packet as text) */
    public ParsedReading check(Reading reading, String raw) {
        Metric metric = catalogue.find(reading.metric()).orElse(null);
        if (metric == null) {
            return new ParsedReading.Refused(reading.deviceId(), reading.messageId(), "metric '" + reading.metric()
                    + "' is not in the metric catalogue: map the wire code to a catalogue metric", raw);
        }
        var canonical = metric.toCanonical(reading.value(), reading.unit() == null ? "" : reading.unit());
        if (canonical.isEmpty()) {
            return new ParsedReading.Refused(reading.deviceId(), reading.messageId(), "unit '" + reading.unit()
                    + "' cannot be converted to " + metric.canonicalUnit() + " for " + metric.name(), raw);
        }
        return new ParsedReading.Accepted(new Reading(reading.deviceId(), reading.metric(), canonical.get(),
                metric.canonicalUnit(), reading.ts(), reading.messageId(), reading.source(), reading.flags()), raw);
    }
}
