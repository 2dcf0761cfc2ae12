package org.citysafe.rules.policy;

import org.citysafe.rules.Level;

import java.util.Objects;

/**
 * A graded limit for one metric in one scenario: crossing it in {@link #getDirection()} means {@link #getLevel()}.
 * Rules read thresholds; regulators set them per district. A JavaBean rather than a record so that DRL
 * constraints can name its properties.
 */
public final class Threshold {

    private final String scenario;
    private final String metric;
    private final Level level;
    private final Direction direction;
    private final double value;

    public Threshold(String scenario, String metric, Level level, Direction direction, double value) {
        this.scenario = Objects.requireNonNull(scenario);
        this.metric = Objects.requireNonNull(metric);
        this.level = Objects.requireNonNull(level);
        this.direction = Objects.requireNonNull(direction);
        this.value = value;
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

    public boolean crossedBy(double reading) {
        return direction.crossed(reading, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Threshold t && scenario.equals(t.scenario) && metric.equals(t.metric)
                && level == t.level && direction == t.direction && Double.compare(value, t.value) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scenario, metric, level, direction, value);
    }

    @Override
    public String toString() {
        return scenario + "/" + metric + " " + level + " " + direction + " " + value;
    }
}
