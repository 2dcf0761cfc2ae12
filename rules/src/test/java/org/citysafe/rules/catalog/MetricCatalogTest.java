package org.citysafe.rules.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricCatalogTest {

    final MetricCatalog catalog = MetricCatalog.bundled();

    double canonical(String metric, double value, String unit) {
        return catalog.find(metric).orElseThrow().toCanonical(value, unit)
                .orElseThrow(() -> new AssertionError(metric + " does not accept " + unit));
    }

    @Test
    void methaneByVolumeIsConvertedToPercentOfTheLowerExplosiveLimit() {
        Metric gas = catalog.find("gas.concentration").orElseThrow();
        assertThat(gas.toCanonical(1.0, "%VOL")).hasValueSatisfying(v -> assertThat(v).isCloseTo(20.0, within(1e-9)));
        assertThat(gas.toCanonical(500, "ppm")).hasValueSatisfying(v -> assertThat(v).isCloseTo(1.0, within(1e-9)));
        assertThat(gas.toCanonical(12.5, "% lel")).contains(12.5);
    }

    @Test
    void temperatureAcceptsCelsiusSpellingsKelvinAndFahrenheit() {
        Metric t = catalog.find("temperature").orElseThrow();
        assertThat(t.toCanonical(60, "℃")).contains(60.0);
        assertThat(t.toCanonical(60, "°C")).contains(60.0);
        assertThat(t.toCanonical(333.15, "K")).hasValueSatisfying(v -> assertThat(v).isCloseTo(60.0, within(1e-9)));
        assertThat(t.toCanonical(140, "°F")).hasValueSatisfying(v -> assertThat(v).isCloseTo(60.0, within(1e-6)));
        assertThat(canonical("cable.temperature", 363.15, "K")).isCloseTo(90.0, within(1e-9));
    }

    @Test
    void pressuresAcceptKilopascalsBarAndPsi() {
        assertThat(canonical("gas.pipeline.pressure", 350, "kPa")).isCloseTo(0.35, within(1e-12));
        assertThat(canonical("gas.pipeline.pressure", 3.5, "bar")).isCloseTo(0.35, within(1e-12));
        assertThat(canonical("water.pressure", 140, "kpa")).isCloseTo(0.14, within(1e-12));
        assertThat(canonical("hydrant.pressure", 100, "psi")).isCloseTo(0.6895, within(1e-4));
        assertThat(canonical("heating.pressure", 1.6, "MPa")).isEqualTo(1.6);
    }

    @Test
    void ratesAndFlowsConvertBetweenTimeUnits() {
        assertThat(canonical("rainfall.intensity", 1.5, "mm/min")).isCloseTo(90, within(1e-9));
        assertThat(canonical("rainfall.intensity", 2, "mm/5min")).isCloseTo(24, within(1e-9));
        assertThat(canonical("hydrant.flow", 54, "m3/h")).isCloseTo(15, within(1e-6));
        assertThat(canonical("gas.pipeline.flow", 1, "m3/s")).isCloseTo(3600, within(1e-9));
        assertThat(canonical("water.flow.velocity", 150, "cm/s")).isCloseTo(1.5, within(1e-12));
        assertThat(canonical("drainage.level", 15, "cm")).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void structuralUnitsConvert() {
        assertThat(canonical("bridge.acceleration", 0.1, "g")).isCloseTo(0.980665, within(1e-9));
        assertThat(canonical("bridge.acceleration", 50, "gal")).isCloseTo(0.5, within(1e-12));
        assertThat(canonical("bridge.tilt", 0.01, "rad")).isCloseTo(0.5729578, within(1e-6));
        assertThat(canonical("bridge.crack.width", 200, "μm")).isCloseTo(0.2, within(1e-12));
        assertThat(canonical("electrical.residual.current", 0.3, "A")).isCloseTo(300, within(1e-9));
        assertThat(canonical("wind.speed", 90, "km/h")).isCloseTo(25, within(1e-6));
    }

    @Test
    void aUnitTheMetricDoesNotAcceptIsRefused() {
        assertThat(catalog.find("gas.concentration").orElseThrow().toCanonical(3, "MPa")).isEmpty();
        assertThat(catalog.find("temperature").orElseThrow().toCanonical(3, null)).isEmpty();
        assertThat(catalog.find("water.pressure").orElseThrow().toCanonical(3, "m/s")).isEmpty();
    }

    @Test
    void stateMetricsAreZeroOrOneWithoutAUnit() {
        for (String name : List.of("smoke.alarm", "fac.fire", "fac.fault", "fac.supervisory", "fac.shielded",
                "power.outage", "water.immersion", "charging.indoor.detected", "gas.construction.detected")) {
            Metric m = catalog.find(name).orElseThrow(() -> new AssertionError("missing " + name));
            assertThat(m.canonicalUnit()).isEqualTo("state");
            assertThat(m.instrumentMin()).isZero();
            assertThat(m.instrumentMax()).isEqualTo(1);
            assertThat(m.toCanonical(1, "")).contains(1.0);
        }
    }

    @Test
    void everyIndicatorOfTheBriefTablesIsCatalogued() {
        Set<String> names = catalog.all().stream().map(Metric::name).collect(Collectors.toSet());
        assertThat(names).contains(
                // Table 1 gas, Table 2 water and hydrants, Table 3 drainage, Table 4 heating
                "gas.pipeline.pressure", "gas.pipeline.flow", "gas.pipeline.vibration", "gas.construction.detected",
                "gas.concentration", "gas.station.path.concentration", "water.pressure", "water.flow.velocity",
                "water.leak.noise", "hydrant.pressure", "hydrant.flow", "rainfall.intensity", "drainage.level",
                "drainage.flow.velocity", "river.level", "river.flow.velocity", "heating.pressure", "heating.flow",
                // Table 5 bridges
                "bridge.tilt", "bridge.displacement", "bridge.crack.width", "bridge.strain", "bridge.cable.force",
                "bridge.acceleration", "bridge.dynamic.strain", "bridge.deflection", "bridge.bearing.reaction",
                "bridge.corrosion.potential", "bridge.scour.depth", "bridge.traffic.flow", "bridge.vehicle.weight",
                "bridge.impact.acceleration", "bridge.seismic.acceleration", "temperature", "humidity",
                "wind.speed", "wind.direction", "wind.pressure", "visibility", "bridge.deck.temperature",
                "bridge.deck.ice.thickness",
                // fire, electrical fire, charging, power
                "smoke.alarm", "electrical.residual.current", "cable.temperature", "charging.temperature",
                "power.outage", "water.immersion");
    }

    @Test
    void everyMetricIsWellFormed() {
        for (Metric m : catalog.all()) {
            assertThat(m.name()).as("name").matches("[a-z]+(\\.[a-z]+)*");
            assertThat(m.instrumentMin()).as(m.name() + " range").isLessThan(m.instrumentMax());
            assertThat(m.nameEn()).as(m.name()).isNotBlank();
            assertThat(m.nameZh()).as(m.name()).isNotBlank();
            assertThat(m.toCanonical(1, m.canonicalUnit())).as(m.name() + " accepts its own unit").contains(1.0);
        }
    }

    @Test
    void theBriefTablesRangesAreKept() {
        assertThat(catalog.find("hydrant.pressure").orElseThrow().instrumentMax()).isEqualTo(1.6);
        assertThat(catalog.find("hydrant.flow").orElseThrow().instrumentMax()).isEqualTo(50);
        assertThat(catalog.find("water.pressure").orElseThrow().instrumentMax()).isEqualTo(2.5);
        assertThat(catalog.find("water.flow.velocity").orElseThrow().instrumentMax()).isEqualTo(5);
        assertThat(catalog.find("water.leak.noise").orElseThrow().instrumentMax()).isEqualTo(100);
        assertThat(catalog.find("heating.flow").orElseThrow().instrumentMax()).isEqualTo(1000);
        assertThat(catalog.find("heating.pressure").orElseThrow().instrumentMax()).isEqualTo(2.5);
        assertThat(catalog.find("gas.station.path.concentration").orElseThrow().instrumentMax()).isEqualTo(50000);
    }

    @Test
    void everyDeviceTypeReportsOnlyCataloguedMetrics() {
        for (DeviceType type : DeviceTypeCatalog.bundled().all()) {
            assertThat(type.nameEn()).isNotBlank();
            assertThat(type.nameZh()).isNotBlank();
            for (String metric : type.metrics()) {
                assertThat(catalog.find(metric)).as(type.name() + " reports " + metric).isPresent();
            }
        }
    }
}
