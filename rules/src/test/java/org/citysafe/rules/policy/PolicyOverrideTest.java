package org.citysafe.rules.policy;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * District policy resolves through {@link Policy#overriddenBy}: for every shipped threshold, a band set over the
 * defaults replaces that threshold alone, and every other band, the same metric's other direction included, stays.
 */
class PolicyOverrideTest {

    private static final Policy DEFAULTS = Policy.defaults();

    @Test
    void theDefaultsKeepEveryRowOfTheTableBandsInBothDirectionsIncluded() {
        long rows = DEFAULTS.allThresholds().stream().map(Policy::bandKey).distinct().count();
        assertThat(rows).isEqualTo(DEFAULTS.allThresholds().size());
        assertThat(DEFAULTS.thresholds("water.supply", "water.pressure")).extracting(Threshold::getDirection)
                .contains(Direction.ABOVE, Direction.BELOW);
    }

    @TestFactory
    Stream<DynamicTest> aBandSetOverTheDefaultsReplacesThatRowAlone() {
        return DEFAULTS.allThresholds().stream().map(row -> DynamicTest.dynamicTest(
                row.getScenario() + " / " + row.getMetric() + " " + row.getDirection() + " " + row.getLevel(), () -> {
                    double moved = row.getDirection() == Direction.BELOW ? row.getValue() * 0.9 : row.getValue() * 1.1;
                    Policy.Band band = new Policy.Band(row.getScenario(), row.getMetric(), row.getDirection(),
                            row.getLevel(), moved, null);
                    Policy p = DEFAULTS.overriddenBy("district@v1", List.of(band), Map.of(), Map.of());

                    assertThat(p.allThresholds()).hasSameSizeAs(DEFAULTS.allThresholds());
                    for (Threshold t : p.allThresholds()) {
                        Threshold before = DEFAULTS.allThresholds().stream()
                                .filter(d -> Policy.bandKey(d).equals(Policy.bandKey(t))).findFirst().orElseThrow();
                        if (Policy.bandKey(t).equals(band.key())) {
                            assertThat(t.getValue()).isEqualTo(moved);
                            assertThat(t.getValue() - t.getClearValue()).as("the hysteresis band keeps its width")
                                    .isCloseTo(before.getValue() - before.getClearValue(),
                                            offset(1e-9));
                        } else {
                            assertThat(t).isEqualTo(before);
                            assertThat(t.getClearValue()).isEqualTo(before.getClearValue());
                        }
                    }
                    assertThat(p.version()).isEqualTo("district@v1");
                }));
    }

    @Test
    void parametersAndSettingsOfAScopeReplaceThoseOfTheSameName() {
        Policy p = DEFAULTS.overriddenBy("d@v1", List.of(), Map.of("coupling.ignition.max.metres", 30.0),
                Map.of("schedule.cooking", "11:00-13:00"));
        assertThat(p.parameter("coupling.ignition.max.metres")).hasValue(30.0);
        assertThat(p.setting("schedule.cooking")).hasValue("11:00-13:00");
        assertThat(p.parameters()).hasSameSizeAs(DEFAULTS.parameters());
    }
}
