package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BundledRulesTest {

    static RuleSet rules;
    static final Device KITCHEN = new Device("gas-1", "restaurant-gas-detector", "gas.restaurant", "site-1",
            "yangzhou/guangling/dongguan/wenhe", null, 60, null, List.of());
    static final Device SMOKE = new Device("smoke-1", "smoke-detector", "fire.smoke-detector", "site-2",
            "yangzhou/guangling/dongguan/wenhe", null, 300, null, List.of());

    @BeforeAll
    static void compile() {
        rules = RuleFixture.rules();
    }

    static Observation observe(Device device, String metric, double value, Policy policy) {
        return RuleFixture.observe(device, metric, value, Map.of(), policy);
    }

    static Decision decide(Device device, String metric, double value) {
        return decide(device, metric, value, RuleFixture.DEFAULTS);
    }

    static Decision decide(Device device, String metric, double value, Policy policy) {
        return Decider.decide(rules, List.of(observe(device, metric, value, policy))).get(0);
    }

    @Test
    void gasBelowTheLowestThresholdIsNormal() {
        Decision d = decide(KITCHEN, "gas.concentration", 4.9);
        assertThat(d.outcome()).isEqualTo(Outcome.NORMAL);
        assertThat(d.level()).isNull();
        assertThat(d.reasons()).isEmpty();
        assertThat(d.policyVersion()).isEqualTo("defaults");
    }

    @Test
    void gasExactlyAtAThresholdTakesThatLevel() {
        Decision d = decide(KITCHEN, "gas.concentration", 25.0);
        assertThat(d.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(d.level()).isEqualTo(Level.ORANGE);
        assertThat(d.alarmType()).isEqualTo("COMBUSTIBLE_GAS");
    }

    @Test
    void theMostSevereCrossedThresholdDecidesAndIsTheReasonGiven() {
        Decision d = decide(KITCHEN, "gas.concentration", 60.0);
        assertThat(d.level()).isEqualTo(Level.RED);
        assertThat(d.reasons()).hasSize(1);
        assertThat(d.reasons().get(0).ruleId()).isEqualTo("gas.restaurant.concentration");
        assertThat(d.reasons().get(0).message())
                .contains("Combustible gas in a restaurant reaches an alarm threshold")
                .contains("60 %LEL").contains("RED threshold of 50 %LEL");
        assertThat(d.reasons().get(0).messageZh()).contains("红色预警阈值 50 %LEL");
    }

    @Test
    void gasAboveTheInstrumentRangeIsAFaultNotAHazard() {
        Decision d = decide(KITCHEN, "gas.concentration", 130.0);
        assertThat(d.outcome()).isEqualTo(Outcome.FAULT);
        assertThat(d.level()).isNull();
        assertThat(d.alarmType()).isEqualTo("INSTRUMENT_RANGE_FAULT");
        assertThat(d.reasons()).singleElement().extracting(r -> r.message()).asString()
                .contains("outside the instrument range 0 to 100 %LEL");
    }

    @Test
    void smokeAlarmStateIsOrangeUntilVerified() {
        assertThat(decide(SMOKE, "smoke.alarm", 1).level()).isEqualTo(Level.ORANGE);
        assertThat(decide(SMOKE, "smoke.alarm", 1).alarmType()).isEqualTo("SMOKE");
        assertThat(decide(SMOKE, "smoke.alarm", 0).outcome()).isEqualTo(Outcome.NORMAL);
    }

    @Test
    void heatAtASmokeDetectorIsGraded() {
        assertThat(decide(SMOKE, "temperature", 49.9).outcome()).isEqualTo(Outcome.NORMAL);
        assertThat(decide(SMOKE, "temperature", 54).level()).isEqualTo(Level.YELLOW);
        assertThat(decide(SMOKE, "temperature", 90).level()).isEqualTo(Level.RED);
        assertThat(decide(SMOKE, "temperature", 90).alarmType()).isEqualTo("HIGH_TEMPERATURE");
    }

    @Test
    void lowBatteryIsAFault() {
        Decision d = decide(SMOKE, "battery.level", 15);
        assertThat(d.outcome()).isEqualTo(Outcome.FAULT);
        assertThat(d.alarmType()).isEqualTo("LOW_BATTERY");
        assertThat(decide(SMOKE, "battery.level", 80).outcome()).isEqualTo(Outcome.NORMAL);
    }

    @Test
    void thresholdsComeFromThePolicyNotFromTheRules() {
        Policy strict = new Policy("district-strict-1",
                List.of(new Threshold("gas.restaurant", "gas.concentration", Level.RED, Direction.ABOVE, 8)),
                Map.of("device.battery.low.percent", 20.0));
        Decision d = decide(KITCHEN, "gas.concentration", 9, strict);
        assertThat(d.level()).isEqualTo(Level.RED);
        assertThat(d.policyVersion()).isEqualTo("district-strict-1");
        assertThat(decide(KITCHEN, "gas.concentration", 9).level()).isEqualTo(Level.BLUE);
    }

    @Test
    void aBatchIsDecidedInOrderWithEachReadingOnItsOwn() {
        List<Observation> batch = List.of(observe(KITCHEN, "gas.concentration", 3, RuleFixture.DEFAULTS),
                observe(SMOKE, "smoke.alarm", 1, RuleFixture.DEFAULTS),
                observe(KITCHEN, "gas.concentration", 55, RuleFixture.DEFAULTS));
        List<Decision> decisions = Decider.decide(rules, batch);
        assertThat(decisions).extracting(Decision::outcome)
                .containsExactly(Outcome.NORMAL, Outcome.ALARM, Outcome.ALARM);
        assertThat(decisions).extracting(Decision::level).containsExactly(null, Level.ORANGE, Level.RED);
    }

    @Test
    void compileErrorsNameFileLineAndColumn() {
        String drl = """
                package org.citysafe.rules.test;
                import org.citysafe.rules.engine.Observation;
                rule "broken"
                when
                    $o : Observation( metrik == "x" )
                then
                end
                """;
        try {
            RuleSet.compile("t", List.of(new RuleSource("org/citysafe/rules/test/broken.drl", drl)));
            throw new AssertionError("expected a compile error");
        } catch (RuleCompilationException e) {
            assertThat(e.problems()).isNotEmpty();
            CompilationProblem p = e.problems().get(0);
            assertThat(p.path()).isEqualTo("org/citysafe/rules/test/broken.drl");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).contains("metrik");
        }
    }
}
