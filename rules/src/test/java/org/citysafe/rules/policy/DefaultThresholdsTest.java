package org.citysafe.rules.policy;

import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped defaults are coherent: in range, ordered by severity, with bands that nest. */
class DefaultThresholdsTest {

    final Policy defaults = Policy.defaults();
    final MetricCatalog metrics = MetricCatalog.bundled();

    @Test
    void everyThresholdAndClearValueLiesWithinItsInstrumentRange() {
        for (Threshold t : defaults.allThresholds()) {
            Metric m = metrics.find(t.getMetric()).orElseThrow(() -> new AssertionError("no metric for " + t));
            for (double v : new double[]{t.getValue(), t.getClearValue()}) {
                assertThat(m.withinInstrumentRange(v)).as("%s value %s in %s..%s", t, v, m.instrumentMin(),
                        m.instrumentMax()).isTrue();
                if (t.getDirection() == Direction.BEYOND) {
                    assertThat(m.withinInstrumentRange(-v)).as("%s -%s", t, v).isTrue();
                }
            }
        }
    }

    @Test
    void everyGradedScenarioHasADeviceTypeReportingTheMetric() {
        var types = DeviceTypeCatalog.bundled().all();
        for (Threshold t : defaults.allThresholds()) {
            assertThat(types).as("a device type for %s", t)
                    .anyMatch(d -> d.scenario().equals(t.getScenario()) && d.reports(t.getMetric()));
        }
    }

    @Test
    void moreSevereLevelsLieFurtherTowardsTheHazardAndBandsNest() {
        Map<String, List<Threshold>> groups = defaults.allThresholds().stream().collect(Collectors.groupingBy(
                t -> t.getScenario() + " " + t.getMetric() + " " + t.getDirection()));
        for (List<Threshold> group : groups.values()) {
            List<Threshold> bySeverity = group.stream()
                    .sorted((a, b) -> b.getLevel().severity() - a.getLevel().severity()).toList();
            assertThat(bySeverity.stream().map(Threshold::getLevel).distinct()).hasSameSizeAs(bySeverity);
            for (int i = 0; i + 1 < bySeverity.size(); i++) {
                Threshold higher = bySeverity.get(i);
                Threshold lower = bySeverity.get(i + 1);
                Direction d = higher.getDirection();
                assertThat(d.isMoreExtreme(higher.getValue(), lower.getValue()))
                        .as("%s lies beyond %s", higher, lower).isTrue();
                // an alarm held at the higher level is released before the reading is back under the lower one
                assertThat(d.isMoreExtreme(lower.getValue(), higher.getClearValue()))
                        .as("%s clears no further out than %s is raised", higher, lower).isFalse();
            }
        }
    }
}
