package org.citysafe.routes.codec;

import org.citysafe.routes.gb26875.Gb26875ReadingMapper;
import org.citysafe.routes.hj212.Hj212ReadingMapper;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The protocol tables speak the catalogue's language: every metric exists there, in its canonical unit. */
class MetricTableCatalogueTest {

    private final MetricCatalog catalogue = MetricCatalog.bundled();

    @Test
    void everyBundledRowNamesACatalogueMetricInItsCanonicalUnit() {
        List<MetricTable.Entry> rows = Stream.concat(Gb26875ReadingMapper.bundledAnalogueTable().entries().stream(),
                Hj212ReadingMapper.bundledFactorTable().entries().stream()).toList();

        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            Metric metric = catalogue.find(row.metric()).orElse(null);
            assertThat(metric).as("catalogue metric for code %s (%s)", row.code(), row.metric()).isNotNull();
            assertThat(row.unit()).as("unit of code %s", row.code()).isEqualTo(metric.canonicalUnit());
        });
    }

    @Test
    void theGbStateMetricsAreInTheCatalogue() {
        assertThat(List.of(Gb26875ReadingMapper.FIRE, Gb26875ReadingMapper.FAULT, Gb26875ReadingMapper.SUPERVISORY,
                Gb26875ReadingMapper.SHIELDED)).allSatisfy(name -> assertThat(catalogue.find(name))
                .hasValueSatisfying(m -> assertThat(m.canonicalUnit()).isEqualTo(Gb26875ReadingMapper.STATE_UNIT)));
    }
}
