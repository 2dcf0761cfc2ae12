package org.citysafe.scenarios.quality;

import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One kind of episode as field practice describes it (what a leak, a water hammer, a frozen sensor looks like),
 * before any of our thresholds: the words say what happens and the label says what it is. {@link Plan}s drawn from
 * it differ in amplitude, onset, ramp and duration; {@link EpisodeGenerator} adds noise and the transport's faults.
 *
 * @param label      what the episode is: a hazard to push, a nuisance not to push, a fault to send to maintenance
 * @param deviceType the catalogue's device type that sees it
 * @param words      the field description the plan is drawn from
 * @param intervals  the reporting intervals (s) devices of this kind are drawn from
 */
record Family(String name, Label label, String deviceType, String words, int[] intervals, Maker maker) {

    enum Label { HAZARD, NUISANCE, FAULT }

    /** Draws one plan of this family. */
    @FunctionalInterface
    interface Maker {
        Plan make(Random r);
    }

    /** A noise-free value at {@code t} seconds from the onset (negative before it). */
    @FunctionalInterface
    interface Shape {
        double at(double t);
    }

    /**
     * One metric's course through the episode.
     *
     * @param frozenAfterOnset from the onset on the sensor repeats one value exactly (no noise)
     */
    record Track(String metric, Shape shape, boolean frozenAfterOnset) {
        Track(String metric, Shape shape) {
            this(metric, shape, false);
        }
    }

    /**
     * One episode's course: its tracks, how long before and after the onset it is observed, and flags the device or
     * station puts on readings from the onset on (MAINTENANCE, TEST).
     */
    record Plan(List<Track> tracks, double beforeSeconds, double afterSeconds, Set<String> flags) {
        Plan(List<Track> tracks, double afterSeconds) {
            this(tracks, 600, afterSeconds, Set.of());
        }
    }

    static final int[] ANY_INTERVAL = {10, 30, 60, 120, 300};

    // ---- shapes ----

    static double between(Random r, double from, double to) {
        return from + (to - from) * r.nextDouble();
    }

    static double sign(Random r) {
        return r.nextBoolean() ? 1 : -1;
    }

    /** {@code base} before the onset, then a linear ramp of {@code rampSeconds} to {@code base + rise}, held. */
    static Shape ramp(double base, double rise, double rampSeconds) {
        return t -> t < 0 ? base : base + rise * Math.min(1, rampSeconds <= 0 ? 1 : t / rampSeconds);
    }

    /** {@code base}, and {@code base + height} for {@code widthSeconds} from the onset. */
    static Shape pulse(double base, double height, double widthSeconds) {
        return t -> t >= 0 && t < widthSeconds ? base + height : base;
    }

    /** A damped oscillation from the onset (water hammer: period 4L/a, decaying by friction). */
    static Shape ringing(double base, double amplitude, double periodSeconds, double decaySeconds) {
        return t -> t < 0 ? base : base + amplitude * Math.exp(-t / decaySeconds) * Math.sin(2 * Math.PI * t / periodSeconds);
    }

    /** An on/off state: 1 from the onset for {@code widthSeconds} (infinite: stays on). */
    static Shape on(double widthSeconds) {
        return t -> t >= 0 && t < widthSeconds ? 1 : 0;
    }

    /** {@code base} with a multiplicative scatter of ±{@code scatter} that differs per sample (bursty processes). */
    static Shape scattered(Shape shape, double scatter, long seed) {
        return t -> {
            double v = shape.at(t);
            if (t < 0) return v;
            double u = new Random(seed ^ Double.doubleToLongBits(t)).nextDouble() * 2 - 1;
            return v * (1 + scatter * u);
        };
    }
}
