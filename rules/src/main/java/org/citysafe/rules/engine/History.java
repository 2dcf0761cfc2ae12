package org.citysafe.rules.engine;

import org.citysafe.rules.policy.Threshold;
import org.citysafe.rules.state.SeriesState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The same device's earlier readings of the same metric, up to one observation, in event time: what sustained
 * ("above the threshold for 5 minutes") and N-of-M ("3 of the last 5 readings") rules need. A view over the
 * observation's series state ({@link #of(Observation)}), the one the shipped rules read too, so "sustained for" has one
 * answer: the last {@link org.citysafe.rules.state.SeriesState#CAPACITY} readings within a day, and for the policy's
 * thresholds the exact start of the run however long ago it was.
 *
 * <pre>
 * $o : Observation( scenario == "gas.restaurant", metric == "gas.concentration" )
 * $t : Threshold( crossedBy($o.value) ) from $o.thresholds()
 * History( observation == $o, secondsCrossing($t) &gt;= 300 )
 * </pre>
 */
public final class History {

    /** How far back a history reaches. */
    public static final Duration SPAN = Duration.ofDays(1);

    /** One earlier reading: its event time and value in the metric's canonical unit. */
    public record Sample(Instant ts, double value) {
    }

    private final Observation observation;
    private final List<Sample> earlier;

    /** @param earlier readings before the observation's, oldest first */
    public History(Observation observation, List<Sample> earlier) {
        this.observation = observation;
        this.earlier = List.copyOf(earlier);
    }

    /** The observation's history as its series state remembers it: the readings before it within a day. */
    public static History of(Observation observation) {
        SeriesState series = observation.getHistory();
        Instant now = observation.getReading().ts();
        Instant from = now.minus(SPAN);
        List<Sample> earlier = new ArrayList<>(series.size());
        for (int i = 0; i < series.size(); i++) {
            Instant ts = series.time(i);
            if (ts.isBefore(now) && !ts.isBefore(from)) earlier.add(new Sample(ts, series.value(i)));
        }
        return new History(observation, earlier);
    }

    public Observation getObservation() {
        return observation;
    }

    /** Earlier readings, oldest first. */
    public List<Sample> getEarlier() {
        return earlier;
    }

    /** How many readings this history holds, the observation's own included. */
    public int getSize() {
        return earlier.size() + 1;
    }

    /** How many of the last {@code n} readings, the observation's own included, cross the threshold. */
    public int crossingsInLast(Threshold t, int n) {
        int count = t.crossedBy(observation.getValue()) ? 1 : 0;
        for (int i = earlier.size() - 1, seen = 1; i >= 0 && seen < n; i--, seen++) {
            if (t.crossedBy(earlier.get(i).value())) count++;
        }
        return count;
    }

    /**
     * For how long, in seconds of event time, the readings have crossed the threshold without a break up to and
     * including this one; 0 when this one does not cross it (or has no earlier crossing reading).
     */
    public long secondsCrossing(Threshold t) {
        if (!t.crossedBy(observation.getValue())) return 0;
        // a threshold of the policy: the series knows since when exactly, however many readings ago
        if (observation.getPolicy().thresholds(t.getScenario(), t.getMetric()).contains(t)) {
            return observation.sustainedSeconds(t);
        }
        Instant now = observation.getReading().ts();
        Instant since = now;
        for (int i = earlier.size() - 1; i >= 0 && t.crossedBy(earlier.get(i).value()); i--) {
            since = earlier.get(i).ts();
        }
        return Math.max(0, Duration.between(since, now).getSeconds());
    }

    @Override
    public String toString() {
        return "History[" + observation + ", " + earlier.size() + " earlier]";
    }
}
