package org.citysafe.rules.authoring;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.Reason;
import org.citysafe.rules.authoring.GuidedRule.Shape;
import org.citysafe.rules.authoring.GuidedRule.Spec;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.engine.BundledRules;
import org.citysafe.rules.engine.Decider;
import org.citysafe.rules.engine.DecisionEngine;
import org.citysafe.rules.engine.ReplayContext;
import org.citysafe.rules.engine.DrlSandbox;
import org.citysafe.rules.engine.Nearby;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.engine.RuleSource;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Policy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each shape's DRL passes the sandbox, compiles beside the bundled rules, and decides as the form says. */
class GuidedRuleTest {

    static final MetricCatalog METRICS = MetricCatalog.bundled();
    static final Device KITCHEN = new Device("gas-1", "restaurant-gas-detector", "gas.restaurant", "site-1",
            "yangzhou/guangling/dongguan/wenhe", null, 60, null, List.of());
    static final Device SMOKE = new Device("smoke-1", "smoke-detector", "fire.smoke-detector", "site-1",
            "yangzhou/guangling/dongguan/wenhe", null, 300, null, List.of());
    static final Instant NOW = Instant.parse("2026-11-22T02:15:30Z");

    static Spec spec(Shape shape, String name, String id, String alarmType) {
        return new Spec(shape, name, null, id, "gas.restaurant", "gas.concentration", Direction.ABOVE, alarmType,
                List.of(), false, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    static RuleSet compileWith(Spec spec) {
        GuidedRule.Generated g = GuidedRule.generate(spec);
        String file = GuidedRule.insertInto("", "gas", g);
        RuleSource authored = new RuleSource("org/citysafe/rules/gas/authored.drl", file);
        assertThat(DrlSandbox.check(authored)).as(file).isEmpty();
        List<RuleSource> sources = new ArrayList<>(BundledRules.sources());
        sources.add(authored);
        return RuleSet.compile("guided", sources);
    }

    static Observation observe(Device device, String metric, double value, int secondsAgo, Set<String> flags,
                               Map<String, Level> open) {
        Reading r = new Reading(device.deviceId(), metric, value, METRICS.find(metric).orElseThrow().canonicalUnit(),
                NOW.minusSeconds(secondsAgo), "m-" + value + "-" + secondsAgo, "test", flags);
        return new Observation(r, device, METRICS.find(metric).orElseThrow(), Policy.defaults(), open);
    }

    static Decision decide(RuleSet rules, Observation o, Object... context) {
        return Decider.decide(rules, List.of(o), List.of(context)).get(0);
    }

    /**
     * The decision on the last of a series of readings a minute apart, ending now, decided in order through the
     * decision engine as the service decides them: the earlier ones are the last one's history.
     */
    static Decision decideSeries(RuleSet rules, Device device, String metric, double... values) {
        List<DecisionEngine.Input> inputs = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            int ago = 60 * (values.length - 1 - i);
            Reading r = new Reading(device.deviceId(), metric, values[i],
                    METRICS.find(metric).orElseThrow().canonicalUnit(), NOW.minusSeconds(ago), "m-" + i, "test",
                    Set.of());
            inputs.add(new DecisionEngine.Input(r, device, METRICS.find(metric).orElseThrow(), Policy.defaults()));
        }
        List<Decision> decisions = DecisionEngine.decide(rules, inputs, new ReplayContext());
        return decisions.get(decisions.size() - 1);
    }

    @Test
    void aThresholdRuleReadsThePolicyAndGradesOnlyTheChosenLevels() {
        Spec s = new Spec(Shape.THRESHOLD, "Combustible gas in a kitchen reaches a serious level", "紧急燃气",
                "gas.kitchen.serious", "gas.restaurant", "gas.concentration", Direction.ABOVE, "KITCHEN_GAS",
                List.of(Level.RED, Level.ORANGE), false, null, null, null, null, null, null, null, null, null, null,
                null, null);
        GuidedRule.Generated g = GuidedRule.generate(s);
        assertThat(g.rule()).contains("rule \"Combustible gas in a kitchen reaches a serious level\"")
                .contains("@id(\"gas.kitchen.serious\")")
                .contains("from $o.thresholdsReached(Direction.ABOVE, \"KITCHEN_GAS\")")
                .contains("level in (Level.RED, Level.ORANGE)");
        RuleSet rules = compileWith(s);
        Decision orange = decide(rules, observe(KITCHEN, "gas.concentration", 30, 0, Set.of(), Map.of()));
        assertThat(orange.reasons()).extracting(r -> r.ruleId()).contains("gas.kitchen.serious");
        Decision blue = decide(rules, observe(KITCHEN, "gas.concentration", 6, 0, Set.of(), Map.of()));
        assertThat(blue.reasons()).extracting(r -> r.ruleId()).doesNotContain("gas.kitchen.serious");
    }

    @Test
    void aClearConditionIsWrittenOnlyWhereTheEngineCanClear() {
        Spec s = new Spec(Shape.THRESHOLD, "Gas clears", null, "gas.kitchen.clearing", "gas.restaurant",
                "gas.concentration", Direction.ABOVE, "KITCHEN_GAS", List.of(), true, null, null, null, null, null,
                null, null, null, null, null, null, null);
        GuidedRule.Generated g = GuidedRule.generate(s);
        if (GuidedRule.engineHasHysteresis()) {
            assertThat(g.rule()).contains("clearsAlarm(Direction.ABOVE, \"KITCHEN_GAS\")").contains("Finding.cleared");
        } else {
            assertThat(g.rule()).doesNotContain("clearsAlarm");
            assertThat(g.warnings()).singleElement().asString().contains("no hysteresis");
        }
        compileWith(s);
    }

    @Test
    void aSustainedRuleFiresOnlyAfterTheReadingsStayAcross() {
        Spec s = spec(Shape.SUSTAINED, "Gas stays above a threshold for five minutes", "gas.kitchen.sustained",
                "GAS_SUSTAINED");
        s = new Spec(s.shape(), s.name(), null, s.id(), s.scenario(), s.metric(), s.direction(), s.alarmType(),
                List.of(), false, "300", null, null, null, null, null, null, null, null, null, null, null);
        RuleSet rules = compileWith(s);
        assertThat(decideSeries(rules, KITCHEN, "gas.concentration", 3, 12, 28, 26, 27, 30).reasons())
                .extracting(r -> r.ruleId()).doesNotContain("gas.kitchen.sustained");
        Decision sustained = decideSeries(rules, KITCHEN, "gas.concentration", 12, 28, 26, 27, 29, 31, 30);
        assertThat(sustained.reasons()).extracting(r -> r.ruleId()).contains("gas.kitchen.sustained");
    }

    @Test
    void anNOfMRuleCountsTheRecentCrossings() {
        Spec base = spec(Shape.N_OF_M, "Gas crosses a threshold in 3 of the last 5 readings", "gas.kitchen.3of5",
                "GAS_REPEATED");
        Spec s = new Spec(base.shape(), base.name(), null, base.id(), base.scenario(), base.metric(),
                base.direction(), base.alarmType(), List.of(Level.BLUE), false, null, "3", "5", null, null, null,
                null, null, null, null, null, null);
        RuleSet rules = compileWith(s);
        assertThat(decideSeries(rules, KITCHEN, "gas.concentration", 6, 1, 1, 1, 6).reasons())
                .extracting(r -> r.ruleId()).doesNotContain("gas.kitchen.3of5");
        assertThat(decideSeries(rules, KITCHEN, "gas.concentration", 1, 6, 1, 7, 6).reasons())
                .extracting(r -> r.ruleId()).contains("gas.kitchen.3of5");
    }

    @Test
    void aCouplingRuleNeedsTheAlarmNearbyWithinTheRadius() {
        Spec s = new Spec(Shape.COUPLING, "Gas in a kitchen next to smoke", null, "coupled.gas-smoke",
                "gas.restaurant", "gas.concentration", Direction.ABOVE, null, List.of(), false, null, null, null,
                "WITHIN_RADIUS", "50", "SMOKE", "FIRE_AND_GAS", Level.RED, null, null, null, null);
        RuleSet rules = compileWith(s);
        Observation o = observe(KITCHEN, "gas.concentration", 6, 0, Set.of(), Map.of());
        Nearby near = new Nearby(o, Nearby.WITHIN_RADIUS, "site-2", "smoke-2", "fire.smoke-detector", "SMOKE",
                Level.ORANGE, 35);
        Nearby far = new Nearby(o, Nearby.WITHIN_RADIUS, "site-3", "smoke-3", "fire.smoke-detector", "SMOKE",
                Level.ORANGE, 120);
        Decision coupled = decide(rules, o, near);
        assertThat(coupled.level()).isEqualTo(Level.RED);
        assertThat(coupled.alarmType()).isEqualTo("FIRE_AND_GAS");
        assertThat(coupled.reasons().get(0).message()).contains("35 m away at site site-2")
                .contains("coupled risk FIRE_AND_GAS");
        assertThat(decide(rules, o, far).alarmType()).isEqualTo("COMBUSTIBLE_GAS");
    }

    @Test
    void aSuppressionRuleHoldsTheHazardBackAndSaysWhy() {
        Spec s = new Spec(Shape.SUPPRESSION, "Smoke from a detector under maintenance is held back", null,
                "suppression.smoke.maintenance", null, null, null, "SMOKE", List.of(Level.ORANGE), false, null,
                null, null, null, null, null, null, null, "FLAG", "MAINTENANCE", "the detector is under maintenance",
                "探测器维护中");
        RuleSet rules = compileWith(s);
        Decision held = decide(rules, observe(SMOKE, "smoke.alarm", 1, 0, Set.of("MAINTENANCE"), Map.of()));
        assertThat(held.outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(held.alarmType()).isEqualTo("SMOKE");
        assertThat(held.reasons().get(0)).satisfies(r -> {
            assertThat(r.ruleId()).isEqualTo("suppression.smoke.maintenance");
            assertThat(r.message()).contains("held back SMOKE ORANGE because the detector is under maintenance");
        });
        assertThat(decide(rules, observe(SMOKE, "smoke.alarm", 1, 0, Set.of(), Map.of())).reasons())
                .as("without the flag the rule does not apply").extracting(Reason::ruleId)
                .doesNotContain("suppression.smoke.maintenance");
    }

    @Test
    void anOpenAlarmInhibitsAnother() {
        Spec s = new Spec(Shape.SUPPRESSION, "High temperature during a fire alarm is not a second alarm", null,
                "suppression.heat.smoke", null, null, null, "HIGH_TEMPERATURE", List.of(), false, null, null, null,
                null, null, "SMOKE", null, null, "OPEN_ALARM", null, "a smoke alarm is already open at the site", null);
        RuleSet rules = compileWith(s);
        Observation during = observe(SMOKE, "temperature", 60, 0, Set.of(), Map.of("SMOKE", Level.ORANGE));
        assertThat(decide(rules, during).outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(decide(rules, observe(SMOKE, "temperature", 60, 0, Set.of(), Map.of())).outcome())
                .isEqualTo(Outcome.ALARM);
    }

    @Test
    void formValuesCannotInjectCode() {
        Spec s = new Spec(Shape.THRESHOLD, "x\" end rule \"y", null, "gas.x", "gas.restaurant\", System.exit(0)",
                "gas.concentration", Direction.ABOVE, "X); System.exit(0", List.of(), false, null, null, null, null,
                null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> GuidedRule.generate(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scenario must be").hasMessageContaining("alarmType must be");
        Spec quoted = new Spec(Shape.THRESHOLD, "Gas \"quoted\" \\u0041", null, "gas.x", "gas.restaurant",
                "gas.concentration", Direction.ABOVE, "X", List.of(), false, null, null, null, null, null, null, null,
                null, null, null, null, null);
        assertThat(GuidedRule.generate(quoted).rule()).contains("rule \"Gas 'quoted' u0041\"");
    }

    @Test
    void aRuleIsAddedToAnExistingFileWithTheImportsItLacks() {
        String file = BundledRules.sources().stream().filter(r -> r.path().endsWith("restaurant.drl")).findFirst()
                .orElseThrow().drl();
        GuidedRule.Generated g = GuidedRule.generate(new Spec(Shape.N_OF_M, "Repeated gas", null, "gas.repeated",
                "gas.restaurant", "gas.concentration", Direction.ABOVE, "GAS_REPEATED", List.of(), false, null, "2",
                "3", null, null, null, null, null, null, null, null, null));
        String merged = GuidedRule.insertInto(file, "gas", g);
        assertThat(merged).startsWith(file.substring(0, file.indexOf("import")));
        assertThat(merged).containsOnlyOnce("import org.citysafe.rules.engine.Observation;")
                .contains("import org.citysafe.rules.engine.History;").endsWith(g.rule());
        assertThat(merged.indexOf("import org.citysafe.rules.engine.History;"))
                .isLessThan(merged.indexOf("rule \""));
    }
}
