package org.citysafe.service.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Inheritance city → district → street → community, the most specific value winning, and validation of documents. */
class PolicySnapshotTest {

    private final Policy defaults = Policy.defaults();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final PolicyValidator validator = new PolicyValidator(MetricCatalog.bundled(), json);

    private static PolicySnapshot.Layer layer(String scope, int version, PolicyDocument document) {
        return new PolicySnapshot.Layer(scope, version, false, document);
    }

    private static PolicyDocument thresholds(PolicyDocument.ThresholdOverride... overrides) {
        return new PolicyDocument(List.of(overrides), Map.of(), Map.of(), List.of());
    }

    private static PolicyDocument.ThresholdOverride gas(Level level, double value) {
        return new PolicyDocument.ThresholdOverride("gas.restaurant", "gas.concentration", level, Direction.ABOVE, value,
                null);
    }

    private static Threshold threshold(Policy p, Level level) {
        return p.thresholds("gas.restaurant", "gas.concentration").stream().filter(t -> t.getLevel() == level)
                .findFirst().orElseThrow();
    }

    private PolicyValidator.Result validate(String scope, String document, PolicySnapshot current) throws Exception {
        return validator.validate(scope, json.readTree(document), current);
    }

    @Test
    void theMostSpecificScopeWinsAndEveryValueNamesItsSource() {
        PolicySnapshot snapshot = new PolicySnapshot(defaults, Map.of(
                "yangzhou", layer("yangzhou", 2, new PolicyDocument(List.of(gas(Level.YELLOW, 18), gas(Level.BLUE, 8)),
                        Map.of("kitchen.smoke.sustain.seconds", 120.0), Map.of(), List.of())),
                "yangzhou/guangling", layer("yangzhou/guangling", 5, thresholds(gas(Level.YELLOW, 15))),
                "yangzhou/guangling/dongguan/wenhe", layer("yangzhou/guangling/dongguan/wenhe", 1,
                        new PolicyDocument(List.of(), Map.of("kitchen.smoke.sustain.seconds", 150.0),
                                Map.of("schedule.cooking", "10:30-13:30"), List.of()))));

        PolicySnapshot.Resolved community = snapshot.resolve("yangzhou/guangling/dongguan/wenhe");
        assertThat(threshold(community.policy(), Level.YELLOW).getValue()).isEqualTo(15);
        assertThat(community.thresholdSources().get("gas.restaurant|gas.concentration|ABOVE|YELLOW").label())
                .isEqualTo("yangzhou/guangling@v5");
        assertThat(threshold(community.policy(), Level.BLUE).getValue()).isEqualTo(8);
        assertThat(community.thresholdSources().get("gas.restaurant|gas.concentration|ABOVE|BLUE").label()).isEqualTo("yangzhou@v2");
        assertThat(community.thresholdSources().get("gas.restaurant|gas.concentration|ABOVE|RED").label()).isEqualTo("defaults");
        assertThat(community.policy().parameter("kitchen.smoke.sustain.seconds").orElseThrow()).isEqualTo(150);
        assertThat(community.policy().setting("schedule.cooking")).contains("10:30-13:30");
        assertThat(community.parameterSources().get("schedule.cooking").label()).isEqualTo("yangzhou/guangling/dongguan/wenhe@v1");
        assertThat(community.policy().version())
                .isEqualTo("yangzhou@v2+yangzhou/guangling@v5+yangzhou/guangling/dongguan/wenhe@v1");

        // a sibling street inherits the district's and the city's values only
        Policy street = snapshot.resolve("yangzhou/guangling/wenchang").policy();
        assertThat(threshold(street, Level.YELLOW).getValue()).isEqualTo(15);
        assertThat(street.parameter("kitchen.smoke.sustain.seconds").orElseThrow()).isEqualTo(120);
        assertThat(street.version()).isEqualTo("yangzhou@v2+yangzhou/guangling@v5");

        // another city runs on the defaults, and its decisions say so
        Device elsewhere = new Device("d", "restaurant-gas-detector", "gas.restaurant", "s", "nanjing/xuanwu", null,
                null, null, List.of());
        assertThat(snapshot.policyFor(elsewhere).version()).isEqualTo("defaults");
        assertThat(threshold(snapshot.policyFor(elsewhere), Level.YELLOW).getValue())
                .isEqualTo(threshold(defaults, Level.YELLOW).getValue());
    }

    @Test
    void aThresholdWithoutClearValueKeepsItsHysteresisBand() {
        Threshold inherited = threshold(defaults, Level.YELLOW);
        PolicySnapshot snapshot = new PolicySnapshot(defaults, Map.of("yangzhou", layer("yangzhou", 1,
                thresholds(gas(Level.YELLOW, inherited.getValue() + 3)))));
        Threshold moved = threshold(snapshot.resolve("yangzhou").policy(), Level.YELLOW);
        assertThat(moved.getValue() - moved.getClearValue()).isEqualTo(inherited.getValue() - inherited.getClearValue());
    }

    @Test
    void badValuesAreRefusedFieldByField() throws Exception {
        PolicySnapshot current = PolicySnapshot.defaultsOnly(defaults);
        PolicyValidator.Result r = validate("yangzhou/guangling", """
                {"thresholds":[
                   {"scenario":"gas.restaurant","metric":"gas.concentration","level":"ORANGE","value":140},
                   {"scenario":"gas.restaurant","metric":"gas.concentration","level":"YELLOW","value":60},
                   {"scenario":"gas.restaurant","metric":"gas.concentration","level":"PURPLE","value":1},
                   {"scenario":"gas.restaurant","metric":"no.such.metric","level":"RED","value":1}],
                 "parameters":{"kitchen.smoke.sustain.seconds":-5,"learning.min.false.alarms":2.5,
                   "schedule.cooking":"25:00-26:00","timezone":"Mars/Olympus","no.such.parameter":1},
                 "escalationChains":[{"name":"nobody","steps":[]}]}
                """, current);
        assertThat(r.valid()).isFalse();
        assertThat(r.errors()).anySatisfy(e -> assertThat(e).startsWith("thresholds[0].value: 140 %LEL is outside the instrument range 0 to 100"))
                .anySatisfy(e -> assertThat(e).startsWith("thresholds[2].level: 'PURPLE'"))
                .anySatisfy(e -> assertThat(e).startsWith("thresholds[3]: there is no RED threshold for gas.restaurant / no.such.metric"))
                .anySatisfy(e -> assertThat(e).isEqualTo("parameters.kitchen.smoke.sustain.seconds: -5: a duration cannot be negative"))
                .anySatisfy(e -> assertThat(e).startsWith("parameters.learning.min.false.alarms: 2.5: a count must be a whole number"))
                .anySatisfy(e -> assertThat(e).startsWith("parameters.schedule.cooking: '25:00-26:00' has 25:00"))
                .anySatisfy(e -> assertThat(e).startsWith("parameters.timezone: 'Mars/Olympus' is not a time zone"))
                .anySatisfy(e -> assertThat(e).startsWith("parameters.no.such.parameter: unknown parameter"))
                .anySatisfy(e -> assertThat(e).startsWith("escalationChains[0].steps: no step reaches anyone"));

        PolicyValidator.Result ordering = validate("yangzhou/guangling", """
                {"thresholds":[{"scenario":"gas.restaurant","metric":"gas.concentration","level":"YELLOW","value":60}]}
                """, current);
        assertThat(ordering.errors()).singleElement().asString()
                .startsWith("thresholds[0].value: gas.restaurant / gas.concentration ABOVE: YELLOW 60 (this draft) would lie beyond ORANGE");
    }

    @Test
    void aChangeAboveIsCheckedAgainstWhatTheScopesBelowSet() throws Exception {
        PolicySnapshot current = new PolicySnapshot(defaults, Map.of("yangzhou/guangling/dongguan", layer(
                "yangzhou/guangling/dongguan", 3, thresholds(gas(Level.YELLOW, 22)))));
        PolicyValidator.Result r = validate("yangzhou/guangling", """
                {"thresholds":[{"scenario":"gas.restaurant","metric":"gas.concentration","level":"ORANGE","value":20}]}
                """, current);
        assertThat(r.errors()).singleElement().asString().contains("YELLOW 22 (yangzhou/guangling/dongguan@v3)")
                .contains("ORANGE 20 (this draft)").contains("in yangzhou/guangling/dongguan");
        assertThat(validate("yangzhou/guangling", """
                {"thresholds":[{"scenario":"gas.restaurant","metric":"gas.concentration","level":"ORANGE","value":30}]}
                """, current).errors()).isEmpty();
    }

    @Test
    void parametersNamedAfterAScenarioOrLevelMaySetWhatShipsUnset() throws Exception {
        PolicySnapshot current = new PolicySnapshot(defaults, Map.of());
        PolicyValidator.Result r = validate("yangzhou/guangling", """
                {"parameters":{"clear.quiet.seconds.gas.restaurant":120,
                               "confirm.sustain.seconds.fire.smoke-detector.YELLOW":30,
                               "fault.stuck.count.drainage.level":10,
                               "clear.quiet.seconds.drainage.rainfall":-1,
                               "confirm.sustain.seconds.gas.restaurant.PURPLE":5}}
                """, current);
        assertThat(r.errors()).containsExactlyInAnyOrder(
                "parameters.clear.quiet.seconds.drainage.rainfall: -1: a duration cannot be negative",
                "parameters.confirm.sustain.seconds.gas.restaurant.PURPLE: unknown parameter (the rules read only "
                        + "those listed at GET /api/v1/policies/catalog)");
        PolicyValidator.Result ok = validate("yangzhou/guangling", """
                {"parameters":{"clear.quiet.seconds.gas.restaurant":120}}
                """, current);
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.document().parameters()).containsEntry("clear.quiet.seconds.gas.restaurant", 120.0);
    }

    private static Threshold band(Policy p, String scenario, String metric, Direction direction, Level level) {
        return p.thresholds(scenario, metric).stream()
                .filter(t -> t.getDirection() == direction && t.getLevel() == level).findFirst().orElseThrow();
    }

    /** A water main's pressure has a low band (burst) and a high band (surge) at every level: neither hides the other. */
    @Test
    void bothDirectionsOfAMetricAreInForceAndEachIsSetOnItsOwn() throws Exception {
        PolicySnapshot defaultsOnly = PolicySnapshot.defaultsOnly(defaults);
        Policy shipped = defaultsOnly.resolve("yangzhou").policy();
        for (Level level : Level.values()) {
            assertThat(band(shipped, "water.supply", "water.pressure", Direction.BELOW, level).getValue())
                    .isEqualTo(band(defaults, "water.supply", "water.pressure", Direction.BELOW, level).getValue());
            assertThat(band(shipped, "water.supply", "water.pressure", Direction.ABOVE, level).getValue())
                    .isEqualTo(band(defaults, "water.supply", "water.pressure", Direction.ABOVE, level).getValue());
        }
        assertThat(shipped.allThresholds()).hasSameSizeAs(defaults.allThresholds());

        PolicyValidator.Result r = validate("yangzhou", """
                {"thresholds":[
                  {"scenario":"water.supply","metric":"water.pressure","level":"RED","direction":"BELOW","value":0.08},
                  {"scenario":"water.supply","metric":"water.pressure","level":"RED","direction":"ABOVE","value":0.9}]}
                """, defaultsOnly);
        assertThat(r.errors()).isEmpty();
        PolicySnapshot.Resolved resolved = new PolicySnapshot(defaults, Map.of("yangzhou", layer("yangzhou", 3,
                r.document()))).resolve("yangzhou/guangling");
        assertThat(band(resolved.policy(), "water.supply", "water.pressure", Direction.BELOW, Level.RED).getValue())
                .isEqualTo(0.08);
        assertThat(band(resolved.policy(), "water.supply", "water.pressure", Direction.ABOVE, Level.RED).getValue())
                .isEqualTo(0.9);
        assertThat(resolved.thresholdSources().get("water.supply|water.pressure|BELOW|RED").label())
                .isEqualTo("yangzhou@v3");
        assertThat(resolved.thresholdSources().get("water.supply|water.pressure|BELOW|ORANGE").label())
                .isEqualTo("defaults");
    }

    @Test
    void aBandOfAMetricWithTwoDirectionsMustNameItsDirection() throws Exception {
        PolicySnapshot current = PolicySnapshot.defaultsOnly(defaults);
        assertThat(validate("yangzhou", """
                {"thresholds":[{"scenario":"water.supply","metric":"water.pressure","level":"RED","value":0.08}]}
                """, current).errors()).singleElement().asString()
                .startsWith("thresholds[0].direction: is missing; water.supply / water.pressure has bands");
        assertThat(validate("yangzhou", """
                {"thresholds":[{"scenario":"water.supply","metric":"water.pressure","level":"RED","direction":"SIDEWAYS","value":0.08}]}
                """, current).errors()).singleElement().asString()
                .startsWith("thresholds[0].direction: 'SIDEWAYS' is not ABOVE, BELOW or BEYOND");
        assertThat(validate("yangzhou", """
                {"thresholds":[{"scenario":"gas.restaurant","metric":"gas.concentration","level":"RED","direction":"BELOW","value":3}]}
                """, current).errors()).singleElement().asString()
                .startsWith("thresholds[0]: there is no RED BELOW threshold for gas.restaurant / gas.concentration");
        // one direction only: it may be left out
        PolicyValidator.Result implied = validate("yangzhou", """
                {"thresholds":[{"scenario":"gas.restaurant","metric":"gas.concentration","level":"YELLOW","value":18}]}
                """, current);
        assertThat(implied.errors()).isEmpty();
        assertThat(implied.document().thresholds().get(0).direction()).isEqualTo(Direction.ABOVE);
    }

    /** Levels are ordered within a direction: a low-pressure RED lies below its ORANGE, a high-pressure RED above. */
    @Test
    void levelOrderIsCheckedPerDirection() throws Exception {
        PolicySnapshot current = PolicySnapshot.defaultsOnly(defaults);
        assertThat(validate("yangzhou", """
                {"thresholds":[{"scenario":"water.supply","metric":"water.pressure","level":"ORANGE","direction":"ABOVE","value":0.75}]}
                """, current).errors()).isEmpty();
        assertThat(validate("yangzhou", """
                {"thresholds":[{"scenario":"water.supply","metric":"water.pressure","level":"ORANGE","direction":"BELOW","value":0.05}]}
                """, current).errors()).singleElement().asString()
                .contains("water.supply / water.pressure BELOW: ORANGE 0.05 (this draft) would lie beyond RED 0.1 (defaults)");
    }
}
