package org.citysafe.rules.policy;

/** Which side of a threshold is the hazard. */
public enum Direction {
    /** value at or above the threshold (gas concentration, temperature). */
    ABOVE,
    /** value at or below the threshold (pipe pressure, battery). */
    BELOW,
    /**
     * value at or beyond the threshold on either side of zero (bridge tilt, displacement, strain): the sensor
     * reports a signed change from its baseline and either sign is the hazard. Its thresholds are not negative.
     */
    BEYOND;

    public boolean crossed(double value, double threshold) {
        return switch (this) {
            case ABOVE -> value >= threshold;
            case BELOW -> value <= threshold;
            case BEYOND -> Math.abs(value) >= threshold;
        };
    }

    /** True when {@code a} lies further towards the hazard than {@code b}. */
    public boolean isMoreExtreme(double a, double b) {
        return this == BELOW ? a < b : a > b;
    }
}
