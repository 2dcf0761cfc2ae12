package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Threshold;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.rules.engine.RuleFixture.DEFAULTS;
import static org.citysafe.rules.engine.RuleFixture.METRICS;
import static org.citysafe.rules.engine.RuleFixture.decide;
import static org.citysafe.rules.engine.RuleFixture.deviceFor;

/**
 * Every default threshold of every rule pack, at its boundaries: a rule must grade it, exactly at the value it takes
 * that level, just on the safe side it does not, inside its hysteresis band an open alarm holds, and past its clear
 * value the alarm goes down a level or clears.
 */
class RulePackBoundaryTest {

    static Stream<Threshold> defaults() {
        return DEFAULTS.allThresholds().stream();
    }

    /** The thresholds graded together with this one (same scenario, metric and direction), most severe first. */
    static List<Threshold> group(Threshold t) {
        return DEFAULTS.thresholds(t.getScenario(), t.getMetric()).stream()
                .filter(o -> o.getDirection() == t.getDirection()).toList();
    }

    static Level nextLower(Threshold t) {
        List<Threshold> g = group(t);
        int i = g.indexOf(t);
        return i + 1 < g.size() ? g.get(i + 1).getLevel() : null;
    }

    /** A value a hair's breadth from {@code v} towards the safe side of the threshold. */
    static double safeSideOf(Threshold t, double v) {
        double eps = 1e-6 * Math.max(1, Math.abs(v));
        return t.getDirection() == Direction.BELOW ? v + eps : v - eps;
    }

    static Decision at(Threshold t, double value, Map<String, Level> open) {
        Device device = deviceFor(t.getScenario(), t.getMetric());
        return decide(device, t.getMetric(), value, open);
    }

    static String alarmTypeOf(Threshold t) {
        Decision d = at(t, t.getValue(), Map.of());
        assertThat(d.outcome()).as("%s raises an alarm at its value", t).isEqualTo(Outcome.ALARM);
        return d.alarmType();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void exactlyAtTheThresholdTakesItsLevelAndSaysSo(Threshold t) {
        Decision d = at(t, t.getValue(), Map.of());
        assertThat(d.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(d.level()).isEqualTo(t.getLevel());
        assertThat(d.alarmType()).isNotBlank();
        boolean state = METRICS.find(t.getMetric()).orElseThrow().canonicalUnit().equals("state");
        assertThat(d.reasons().get(0).message()).contains(state ? "is on (1): " + t.getLevel() + " alarm"
                : t.getLevel() + " threshold of");
        assertThat(d.reasons().get(0).messageZh()).contains(state ? "为报警状态（1），" + t.getLevel().nameZh() + "预警"
                : t.getLevel().nameZh() + "预警阈值");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void justOnTheSafeSideItIsTheNextLevelDownOrNothing(Threshold t) {
        String type = alarmTypeOf(t);
        Decision d = at(t, safeSideOf(t, t.getValue()), Map.of());
        Level lower = nextLower(t);
        if (lower == null) {
            assertThat(d.outcome() == Outcome.ALARM && type.equals(d.alarmType())).as("%s raised", type).isFalse();
        } else {
            assertThat(d.alarmType()).isEqualTo(type);
            assertThat(d.level()).isEqualTo(lower);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void insideTheBandAnOpenAlarmHoldsItsLevel(Threshold t) {
        String type = alarmTypeOf(t);
        double inBand = t.getClearValue() == t.getValue() ? t.getValue()
                : (t.getValue() + t.getClearValue()) / 2;
        Decision d = at(t, inBand, Map.of(type, t.getLevel()));
        assertThat(d.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(d.alarmType()).isEqualTo(type);
        assertThat(d.level()).isEqualTo(t.getLevel());
        assertThat(d.clears()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void pastTheClearValueAnOpenAlarmGoesDownOrClears(Threshold t) {
        String type = alarmTypeOf(t);
        Decision d = at(t, safeSideOf(t, t.getClearValue()), Map.of(type, t.getLevel()));
        if (nextLower(t) == null) {
            assertThat(d.outcome()).isEqualTo(Outcome.NORMAL);
            assertThat(d.clears()).containsExactly(type);
            assertThat(d.reasons().get(0).message()).contains("clears");
        } else {
            assertThat(d.outcome()).isEqualTo(Outcome.ALARM);
            assertThat(d.alarmType()).isEqualTo(type);
            assertThat(t.getLevel().isMoreSevereThan(d.level())).isTrue();
            assertThat(d.reasons().get(0).message()).contains("downgraded to " + d.level());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void aMagnitudeThresholdIsCrossedOnBothSides(Threshold t) {
        if (t.getDirection() != Direction.BEYOND) return;
        Decision d = at(t, -t.getValue(), Map.of());
        assertThat(d.level()).isEqualTo(t.getLevel());
        assertThat(d.reasons().get(0).message()).contains("at or beyond the " + t.getLevel() + " threshold of ±");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void beyondTheInstrumentRangeItIsAFaultNotAHazard(Threshold t) {
        Metric m = METRICS.find(t.getMetric()).orElseThrow();
        double outside = t.getDirection() == Direction.BELOW ? m.instrumentMin() - 1 : m.instrumentMax() + 1;
        Decision d = at(t, outside, Map.of(alarmTypeOf(t), t.getLevel()));
        assertThat(d.outcome()).isEqualTo(Outcome.FAULT);
        assertThat(d.alarmType()).isEqualTo("INSTRUMENT_RANGE_FAULT");
        assertThat(d.clears()).isEmpty();
    }
}
