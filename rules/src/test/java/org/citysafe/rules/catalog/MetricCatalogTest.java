package org.citysafe.rules.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricCatalogTest {

    final MetricCatalog catalog = MetricCatalog.bundled();

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
    }

    @Test
    void aUnitTheMetricDoesNotAcceptIsRefused() {
        assertThat(catalog.find("gas.concentration").orElseThrow().toCanonical(3, "MPa")).isEmpty();
        assertThat(catalog.find("temperature").orElseThrow().toCanonical(3, null)).isEmpty();
    }

    @Test
    void everyDeviceTypeReportsOnlyCataloguedMetrics() {
        for (DeviceType type : DeviceTypeCatalog.bundled().all()) {
            for (String metric : type.metrics()) {
                assertThat(catalog.find(metric)).as(type.name() + " reports " + metric).isPresent();
            }
        }
    }
}
