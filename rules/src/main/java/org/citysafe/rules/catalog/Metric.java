package org.citysafe.rules.catalog;

import java.util.Map;
import java.util.Optional;

/**
 * An indicator the service understands: its canonical unit, the units accepted at ingest (with their linear
 * conversion to the canonical one) and the physical range of the instrument that measures it. A value outside
 * that range cannot be a measurement of the world, so it is a device fault.
 *
 * <p>The signal kind, the instrument's resolution and the noise floor of a live reading (both in the canonical
 * unit) say how far one reading is trusted and when a flat line is a stuck sensor: see {@link #showsNoise()}.
 */
public record Metric(String name, String canonicalUnit, double instrumentMin, double instrumentMax, String nameEn,
                     String nameZh, Map<String, LinearConversion> acceptedUnits, SignalKind kind, double resolution,
                     double noiseFloor) {

    public Metric {
        acceptedUnits = Map.copyOf(acceptedUnits);
    }

    /** The value in the canonical unit, or empty when the unit is not one this metric accepts. */
    public Optional<Double> toCanonical(double value, String unit) {
        LinearConversion conversion = acceptedUnits.get(UnitNames.normalise(unit));
        return conversion == null ? Optional.empty() : Optional.of(conversion.apply(value));
    }

    /**
     * A live sensor's successive readings differ: its noise floor is at least one resolution step, so a run of
     * exactly equal readings is a frozen sensor rather than a steady world.
     */
    public boolean showsNoise() {
        return kind.isContinuous() && noiseFloor > 0 && noiseFloor >= resolution;
    }

    /** The quantity may stay exactly constant (a battery, a dry rain gauge): a flat line proves nothing. */
    public boolean mayStayConstant() {
        return !kind.isContinuous() || noiseFloor <= 0;
    }

    /**
     * At the end of the instrument's range: a gas detector in clean air reads exactly 0, a visibility sensor in
     * clear air its maximum. A flat line there is the instrument clipping, not a stuck sensor.
     */
    public boolean atRangeEnd(double canonicalValue) {
        return canonicalValue == instrumentMin || canonicalValue == instrumentMax;
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
