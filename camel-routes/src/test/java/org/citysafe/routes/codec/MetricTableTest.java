package org.citysafe.routes.codec;

import org.assertj.core.api.Assertions;
import org.citysafe.routes.gb26875.Gb26875ReadingMapper;
import org.citysafe.routes.hj212.Hj212ReadingMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricTableTest {

    @Test
    void loadsTheBundledTables() {
        MetricTable analogue = Gb26875ReadingMapper.bundledAnalogueTable();
        MetricTable factors = Hj212ReadingMapper.bundledFactorTable();

        assertThat(analogue.find("5")).hasValueSatisfying(e -> {
            assertThat(e.metric()).isEqualTo("hydrant.pressure");
            assertThat(e.unit()).isEqualTo("MPa");
            assertThat(e.apply(3500)).isEqualTo(0.35, Assertions.within(1e-12));
        });
        assertThat(analogue.find("7")).isEmpty();
        assertThat(factors.find("xg0101")).hasValueSatisfying(e -> {
            assertThat(e.metric()).isEqualTo("gas.concentration");
            assertThat(e.convention()).isEqualTo("citysafe");
        });
        assertThat(factors.entries()).extracting(MetricTable.Entry::code)
                .filteredOn(code -> code.startsWith("x"))
                .allSatisfy(code -> assertThat(factors.find(code).orElseThrow().convention()).isEqualTo("citysafe"));
    }

    @Test
    void letsASiteTableReplaceAndAddRows() {
        MetricTable base = new MetricTable(List.of(new MetricTable.Entry("1", "a", "m", 1, "", ""),
                new MetricTable.Entry("2", "b", "m", 1, "", "")));
        MetricTable site = new MetricTable(List.of(new MetricTable.Entry("2", "c", "cm", 100, "site", ""),
                new MetricTable.Entry("3", "d", "s", 1, "site", "")));

        MetricTable merged = base.overriddenBy(site);

        assertThat(merged.find("1").orElseThrow().metric()).isEqualTo("a");
        assertThat(merged.find("2").orElseThrow().metric()).isEqualTo("c");
        assertThat(merged.find("3")).isPresent();
    }

    @Test
    void refusesABrokenTableSayingWhere() {
        assertThatThrownBy(() -> parse("# header\n1\ta\tm\n")).hasMessageStartingWith("test:2: expected code, metric");
        assertThatThrownBy(() -> parse("1\ta\tm\tx\n")).hasMessageContaining("test:1");
        assertThatThrownBy(() -> parse("1\ta\tm\t1\n1\tb\tm\t1\n")).hasMessage("test:2: code 1 twice");
        assertThatThrownBy(() -> parse("1\ta\tm\t0\n")).hasMessage("test:1: bad scale for 1");
    }

    private static MetricTable parse(String text) throws Exception {
        return MetricTable.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test");
    }
}
