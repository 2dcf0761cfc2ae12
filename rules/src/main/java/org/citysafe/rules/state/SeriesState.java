package org.citysafe.rules.state;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What is remembered about one device's one metric, bounded in size: the last {@link #CAPACITY} readings (event
 * time and canonical value) and, for each graded threshold key (e.g. {@code ABOVE:RED}), since when the readings
 * have crossed it without a break. The run starts make "sustained for D" exact however long D is, while the points
 * serve N-of-M, rate of rise, stuck values and jumps.
 *
 * <p>Immutable: {@link #append} returns the next state. Readings older than the newest are not appended (event
 * time only moves forward for temporal conditions); the decision on such a reading says so.
 */
public final class SeriesState {

    public static final int CAPACITY = 16;
    public static final SeriesState EMPTY = new SeriesState(new long[0], new double[0], Map.of());

    private final long[] times;     // epoch millis, ascending
    private final double[] values;
    private final Map<String, Long> runStarts;

    private SeriesState(long[] times, double[] values, Map<String, Long> runStarts) {
        this.times = times;
        this.values = values;
        this.runStarts = runStarts;
    }

    public int size() {
        return times.length;
    }

    public boolean isEmpty() {
        return times.length == 0;
    }

    /** The event time of the i-th remembered reading, oldest first. */
    public Instant time(int i) {
        return Instant.ofEpochMilli(times[i]);
    }

    public double value(int i) {
        return values[i];
    }

    public Instant newestTime() {
        return isEmpty() ? null : time(times.length - 1);
    }

    public Double newestValue() {
        return isEmpty() ? null : values[values.length - 1];
    }

    /** Since when the readings have crossed the threshold with this key, or null when the newest does not. */
    public Instant crossingSince(String thresholdKey) {
        Long start = runStarts.get(thresholdKey);
        return start == null ? null : Instant.ofEpochMilli(start);
    }

    /** Whether a reading at {@code ts} would arrive out of order (older than the newest remembered one). */
    public boolean isOutOfOrder(Instant ts) {
        return !isEmpty() && ts.toEpochMilli() < times[times.length - 1];
    }

    /**
     * The state after a reading.
     *
     * @param crossedKeys the threshold keys this reading crosses (under the policy in force for it)
     */
    public SeriesState append(Instant ts, double value, Iterable<String> crossedKeys) {
        long t = ts.toEpochMilli();
        if (isOutOfOrder(ts)) return this;
        int keep = Math.min(times.length, CAPACITY - 1);
        long[] nextTimes = new long[keep + 1];
        double[] nextValues = new double[keep + 1];
        System.arraycopy(times, times.length - keep, nextTimes, 0, keep);
        System.arraycopy(values, values.length - keep, nextValues, 0, keep);
        nextTimes[keep] = t;
        nextValues[keep] = value;
        Map<String, Long> nextRuns = new HashMap<>();
        for (String key : crossedKeys) {
            Long start = runStarts.get(key);
            nextRuns.put(key, start != null ? start : t);
        }
        return new SeriesState(nextTimes, nextValues, Map.copyOf(nextRuns));
    }

    @Override
    public String toString() {
        return "SeriesState" + Arrays.toString(values) + runStarts;
    }
}
