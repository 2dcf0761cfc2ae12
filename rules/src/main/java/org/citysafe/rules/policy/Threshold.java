package org.citysafe.rules.policy;

import org.citysafe.rules.Level;

import java.util.Objects;

/**
 * A graded limit for one metric in one scenario: crossing it in {@link #getDirection()} means {@link #getLevel()}.
 * Rules read thresholds; regulators set them per district. A JavaBean rather than a record so that DRL
 * constraints can name its properties.
 *
 * <p>The clear value is the other edge of the hysteresis band: an alarm raised at this level holds while the
 * reading stays at or beyond the clear value, so a reading hovering at the threshold does not raise and clear
 * the alarm on every sample. Without a band the clear value is the threshold itself.
 */
public final class Threshold {

    private final String scenario;
    private final String metric;
    private final Level level;
    private final Direction direction;
    private final double value;
    private final double clearValue;

    /** A threshold without a hysteresis band: an alarm at this level clears as soon as the reading is back. */
    public Threshold(String scenario, String metric, Level level, Direction direction, double value) {
        this(scenario, metric, level, direction, value, value);
    }

    /**
     * @param clearValue the value an open alarm at this level must fall back past to be released; it lies on the
     *                   safe side of {@code value} (below it for ABOVE and BEYOND, above it for BELOW) or equals it
     * @throws IllegalArgumentException when the clear value lies on the hazard side of the threshold
     */
    public Threshold(String scenario, String metric, Level level, Direction direction, double value,
                     double clearValue) {
        this.scenario = Objects.requireNonNull(scenario);
        this.metric = Objects.requireNonNull(metric);
        this.level = Objects.requireNonNull(level);
        this.direction = Objects.requireNonNull(direction);
        this.value = value;
        this.clearValue = clearValue;
        if (direction.isMoreExtreme(clearValue, value)) {
            throw new IllegalArgumentException(this + ": the clear value " + clearValue
                    + " must not lie on the hazard side of the threshold " + value);
        }
        if (direction == Direction.BEYOND && clearValue < 0) {
            throw new IllegalArgumentException(this + ": a BEYOND threshold is a magnitude and cannot be negative");
        }
    }

    public String getScenario() {
        return scenario;
    }

    public String getMetric() {
        return metric;
    }

    public Level getLevel() {
        return level;
    }

    public Direction getDirection() {
        return direction;
    }

    public double getValue() {
        return value;
    }

    public double getClearValue() {
        return clearValue;
    }

    /** The reading raises an alarm at this level. */
    public boolean crossedBy(double reading) {
        return direction.crossed(reading, value);
    }

    /** An alarm already open at this level (or above) stays at least at this level for this reading. */
    public boolean heldBy(double reading) {
        return direction.crossed(reading, clearValue);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Threshold t && scenario.equals(t.scenario) && metric.equals(t.metric)
                && level == t.level && direction == t.direction && Double.compare(value, t.value) == 0
                && Double.compare(clearValue, t.clearValue) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scenario, metric, level, direction, value, clearValue);
    }

    @Override
    public String toString() {
        return scenario + "/" + metric + " " + level + " " + direction + " " + value
                + (clearValue == value ? "" : " (clears past " + clearValue + ")");
    }
}
