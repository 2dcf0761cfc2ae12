package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.Reason;
import org.citysafe.rules.catalog.DeviceType;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.SignalKind;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;
import org.citysafe.rules.state.DecisionState;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per row of the metric catalogue (metrics.tsv): its signal kind, resolution and noise floor are set, and
 * the kind's treatment applies through the decision path (DecisionEngine in a ReplayContext with the shipped defaults, held-back
 * conditions re-examined on event time by {@link Rechecks}) at reporting intervals of 10 s, 1 min and 5 min:
 * a single sample past a threshold that returns to baseline is never pushed; a step past it is pushed within one
 * interval plus the kind's bound for that level, which the held-back decision states as recheckAt; a frozen value
 * is a STUCK_VALUE fault and never a hazard; a flat line where the quantity may stay constant, at the end of the
 * instrument's range, or of an on/off state is no fault.
 */
class SignalTreatmentTest {

    static final Policy DEFAULTS = Policy.defaults();
    static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");
    static final int[] INTERVALS = {10, 60, 300};

    @TestFactory
    Stream<DynamicTest> everyMetricHasAKindAndItsTreatmentApplies() {
        return RuleFixture.METRICS.all().stream().map(m -> DynamicTest.dynamicTest(m.name() + " (" + m.kind() + ")",
                () -> treatmentApplies(m)));
    }

    void treatmentApplies(Metric m) {
        assertThat(m.kind()).as("signal kind").isNotNull();
        assertThat(m.resolution()).as("resolution").isPositive();
        assertThat(m.noiseFloor()).as("noise floor").isGreaterThanOrEqualTo(0);
        assertThat(m.kind() == SignalKind.BINARY_SELF_VERIFIED).as("on/off states, and only they, are binary")
                .isEqualTo(m.canonicalUnit().equals("state"));
        for (int interval : INTERVALS) {
            Device device = deviceFor(m, interval);
            List<Threshold> thresholds = DEFAULTS.thresholds(device.scenario(), m.name());
            double safe = safeValue(m, thresholds);
            if (m.kind().isContinuous()) {
                for (Threshold t : mostSevereFirstPerDirection(thresholds)) spikeAndStep(m, device, t, safe, interval);
            } else {
                for (Threshold t : mostSevereFirstPerDirection(thresholds)) {
                    List<Decision> once = run(device, m, List.of(safe, hazard(m, t), safe), interval);
                    assertThat(once).as("%s at %d s: a self-verified or event reading is never held as a spike", t, interval)
                            .noneMatch(d -> ruleIds(d).contains("suppression.spike"));
                }
            }
            flatLines(m, device, thresholds, safe, interval);
        }
    }

    /** A single sample past the threshold is not pushed; a step past it is, within one interval plus the bound. */
    void spikeAndStep(Metric m, Device device, Threshold t, double safe, int interval) {
        double past = hazard(m, t);
        List<Double> spike = new ArrayList<>();
        for (int i = 0; i < 5; i++) spike.add(safe);
        spike.add(past);
        for (int i = 0; i < 5; i++) spike.add(safe);
        assertThat(run(device, m, spike, interval)).as("%s every %d s: one sample of %s returns to %s", t, interval,
                past, safe).noneMatch(d -> d.outcome() == Outcome.ALARM);

        List<Double> step = new ArrayList<>();
        for (int i = 0; i < 5; i++) step.add(safe);
        int samples = Math.max(4, 2 + 3600 / interval);
        for (int i = 0; i < samples; i++) step.add(live(m, t, past, i));
        List<Timed> decided = runTimed(device, m, step, interval);
        Instant onset = T0.plusSeconds(5L * interval);
        long bound = (long) Math.ceil(observation(device, m, past).spikeSeconds(t.getLevel()));
        Timed first = decided.stream().filter(d -> d.decision().outcome() == Outcome.ALARM).findFirst()
                .orElseThrow(() -> new AssertionError(t + " every " + interval + " s: a step to " + past + " is never pushed"));
        assertThat(first.ts()).as("%s every %d s: pushed within one interval plus the %d s bound", t, interval, bound)
                .isBeforeOrEqualTo(onset.plusSeconds(interval + bound));
        Decision atOnset = decided.stream().filter(d -> d.ts().equals(onset)).findFirst().orElseThrow().decision();
        if (atOnset.outcome() != Outcome.ALARM) {
            // another rule may ask for a shorter wait (a scenario's own sustain time); never a longer one
            assertThat(atOnset.recheckAt()).as("%s: the held-back decision says when it is due", t).isNotNull()
                    .isAfter(onset).isBeforeOrEqualTo(onset.plusSeconds(interval + bound));
            assertThat(ruleIds(atOnset)).contains("suppression.spike");
        }
    }

    /** Frozen values are faults (never hazards) where a live sensor varies; elsewhere a flat line is healthy. */
    void flatLines(Metric m, Device device, List<Threshold> thresholds, double safe, int interval) {
        Optional<Threshold> top = thresholds.stream().findFirst();
        double frozenAt = top.map(t -> hazard(m, t)).orElse(safe);
        if (!m.kind().isContinuous() || m.atRangeEnd(frozenAt)) frozenAt = safe;
        int hours = m.showsNoise() ? 0 : 26;
        int count = hours == 0 ? 14 : hours * 3600 / interval + 2;
        List<Double> frozen = new ArrayList<>();
        frozen.add(safe == frozenAt ? other(m, safe) : safe);
        for (int i = 0; i < count; i++) frozen.add(frozenAt);
        List<Decision> decided = run(device, m, frozen, interval);
        boolean stuck = decided.stream().anyMatch(d -> d.outcome() == Outcome.FAULT && "STUCK_VALUE".equals(d.alarmType()));
        boolean expectStuck = m.kind().isContinuous() && !m.mayStayConstant() && !m.atRangeEnd(frozenAt);
        assertThat(stuck).as("%s every %d s frozen at %s for %d samples: stuck", m.name(), interval, frozenAt, count)
                .isEqualTo(expectStuck);
        // where a live sensor shows noise, exactly equal samples are held until they are found stuck; finer than
        // the resolution a frozen value looks like a steady one until the daily cycle is missing (a known limit)
        if (expectStuck && m.showsNoise()) {
            assertThat(decided).as("%s frozen at %s: never pushed as a hazard", m.name(), frozenAt)
                    .noneMatch(d -> d.outcome() == Outcome.ALARM);
        }
        if (m.kind().isContinuous()) {
            List<Double> atEnd = new ArrayList<>();
            for (int i = 0; i < 20; i++) atEnd.add(m.instrumentMin());
            assertThat(run(device, m, atEnd, interval)).as("%s exactly at the end of its range (%s): healthy", m.name(),
                    m.instrumentMin()).noneMatch(d -> "STUCK_VALUE".equals(d.alarmType()));
        }
    }

    // ---- the decision path ----

    record Timed(Instant ts, Decision decision) {
    }

    List<Decision> run(Device device, Metric m, List<Double> values, int interval) {
        return runTimed(device, m, values, interval).stream().map(Timed::decision).toList();
    }

    /** Decides the values in order, one every {@code interval} s, re-examining held-back conditions on event time. */
    List<Timed> runTimed(Device device, Metric m, List<Double> values, int interval) {
        DecisionState state = new DecisionState();
        Rechecks rechecks = new Rechecks(100);
        List<Timed> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Instant ts = T0.plusSeconds((long) i * interval);
            for (DecisionEngine.Input held : rechecks.due(ts.minusNanos(1))) decide(state, rechecks, held, out);
            Reading r = new Reading(device.deviceId(), m.name(), values.get(i), m.canonicalUnit(), ts, "m-" + i, "test",
                    Set.of());
            decide(state, rechecks, new DecisionEngine.Input(r, device, m, DEFAULTS), out);
        }
        for (DecisionEngine.Input held : rechecks.due(Instant.MAX)) decide(state, rechecks, held, out);
        return out;
    }

    private static void decide(DecisionState state, Rechecks rechecks, DecisionEngine.Input in, List<Timed> out) {
        Decision d = DecisionEngine.decide(RuleFixture.rules(), List.of(in), ReplayContext.over(state)).get(0);
        rechecks.after(List.of(in), List.of(d), null);
        out.add(new Timed(in.reading().ts(), d));
    }

    // ---- devices and values ----

    static Device deviceFor(Metric m, int interval) {
        List<DeviceType> reporting = RuleFixture.TYPES.all().stream().filter(t -> t.reports(m.name())).toList();
        DeviceType type = reporting.stream().filter(t -> !DEFAULTS.thresholds(t.scenario(), m.name()).isEmpty())
                .findFirst().orElse(reporting.isEmpty() ? null : reporting.get(0));
        String name = type == null ? "catalogue-only" : type.name();
        String scenario = type == null ? "catalogue.only" : type.scenario();
        return new Device(name + "-" + interval, name, scenario, "site-" + m.name() + "-" + interval,
                "yangzhou/guangling", null, interval, null, List.of(), Set.of());
    }

    static Observation observation(Device device, Metric m, double value) {
        return new Observation(new Reading(device.deviceId(), m.name(), value, m.canonicalUnit(), T0, "probe", "test",
                Set.of()), device, m, DEFAULTS);
    }

    /** The most severe threshold of each direction: a value past it crosses every milder one too. */
    static List<Threshold> mostSevereFirstPerDirection(List<Threshold> thresholds) {
        List<Threshold> out = new ArrayList<>();
        for (Direction d : Direction.values()) thresholds.stream().filter(t -> t.getDirection() == d).findFirst().ifPresent(out::add);
        return out;
    }

    /** A value inside the range that reaches no threshold, nearest the middle of the range. */
    static double safeValue(Metric m, List<Threshold> thresholds) {
        double best = Double.NaN;
        double mid = (m.instrumentMin() + m.instrumentMax()) / 2;
        for (int i = 1; i < 400; i++) {
            double v = m.instrumentMin() + (m.instrumentMax() - m.instrumentMin()) * i / 400.0;
            v = Math.round(v / m.resolution()) * m.resolution();
            double candidate = v;
            if (thresholds.stream().anyMatch(t -> t.crossedBy(candidate) || t.heldBy(candidate))) continue;
            if (Double.isNaN(best) || Math.abs(v - mid) < Math.abs(best - mid)) best = v;
        }
        if (m.canonicalUnit().equals("state")) return 0;
        return best;
    }

    /** A value past the threshold, a little beyond it, inside the range. */
    static double hazard(Metric m, Threshold t) {
        if (m.canonicalUnit().equals("state")) return 1;
        double room = t.getDirection() == Direction.BELOW ? t.getValue() - m.instrumentMin() : m.instrumentMax() - t.getValue();
        double step = Math.min(room / 4, Math.max(Math.abs(t.getValue()) * 0.05, 20 * m.resolution()));
        double v = t.getDirection() == Direction.BELOW ? t.getValue() - step : t.getValue() + step;
        assertThat(t.crossedBy(v)).as("%s crossed by %s", t, v).isTrue();
        return v;
    }

    /** A live reading past the threshold: the hazard value with noise of a few resolution steps. */
    static double live(Metric m, Threshold t, double past, int i) {
        double wobble = (i % 3) * m.resolution() * 2;
        double v = t.getDirection() == Direction.BELOW ? past - wobble : past + wobble;
        return t.crossedBy(v) && m.withinInstrumentRange(v) ? v : past;
    }

    static double other(Metric m, double v) {
        double up = v + 10 * m.resolution();
        return m.withinInstrumentRange(up) ? up : v - 10 * m.resolution();
    }

    static List<String> ruleIds(Decision d) {
        return d.reasons().stream().map(Reason::ruleId).toList();
    }
}
