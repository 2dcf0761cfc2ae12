package org.citysafe.rules.policy;

/** Which side of a threshold is the hazard. */
public enum Direction {
    /** value at or above the threshold (gas concentration, temperature). */
    ABOVE,
    /** value at or below the threshold (pipe pressure, battery). */
    BELOW;

    public boolean crossed(double value, double threshold) {
        return this == ABOVE ? value >= threshold : value <= threshold;
    }
}
