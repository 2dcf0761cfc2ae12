package org.citysafe.rules.catalog;

import java.util.Map;
import java.util.Optional;

/**
 * An indicator the service understands: its canonical unit, the units accepted at ingest (with their linear
 * conversion to the canonical one) and the physical range of the instrument that measures it. A value outside
 * that range cannot be a measurement of the world, so it is a device fault.
 */
public record Metric(String name, String canonicalUnit, double instrumentMin, double instrumentMax, String nameEn,
                     String nameZh, Map<String, LinearConversion> acceptedUnits) {

    public Metric {
        acceptedUnits = Map.copyOf(acceptedUnits);
    }

    /** The value in the canonical unit, or empty when the unit is not one this metric accepts. */
    public Optional<Double> toCanonical(double value, String unit) {
        LinearConversion conversion = acceptedUnits.get(UnitNames.normalise(unit));
        return conversion == null ? Optional.empty() : Optional.of(conversion.apply(value));
    }

    public boolean withinInstrumentRange(double canonicalValue) {
        return canonicalValue >= instrumentMin && canonicalValue <= instrumentMax;
    }

    /** {@code canonical = value * factor + offset}. */
    public record LinearConversion(double factor, double offset) {
        public static final LinearConversion IDENTITY = new LinearConversion(1, 0);

        public double apply(double value) {
            return value * factor + offset;
        }
    }
}
