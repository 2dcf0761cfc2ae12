package org.citysafe.rules.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric the service accepts, read from {@code catalog/metrics.tsv} on the classpath.
 *
 * <p>Columns (tab-separated): name, canonical unit, instrument min, instrument max, English name, Chinese name,
 * accepted units as {@code unit=factor[,offset]} separated by {@code ;}. The canonical unit is always accepted.
 */
public final class MetricCatalog {

    private static final String RESOURCE = "/org/citysafe/rules/catalog/metrics.tsv";
    private final Map<String, Metric> metrics;

    private MetricCatalog(Map<String, Metric> metrics) {
        this.metrics = Map.copyOf(metrics);
    }

    public static MetricCatalog bundled() {
        try (InputStream in = MetricCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing " + RESOURCE);
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MetricCatalog parse(InputStream in) throws IOException {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] cols = line.split("\t", -1);
            if (cols.length < 6) throw new IllegalStateException(RESOURCE + ":" + lineNo + ": expected 7 columns");
            String canonicalUnit = cols[1].trim();
            Map<String, Metric.LinearConversion> units = new LinkedHashMap<>();
            units.put(UnitNames.normalise(canonicalUnit), Metric.LinearConversion.IDENTITY);
            if (cols.length > 6 && !cols[6].isBlank()) {
                for (String spec : cols[6].split(";")) {
                    String[] unitAndFactor = spec.split("=", 2);
                    String[] factorAndOffset = unitAndFactor[1].split(",");
                    double factor = Double.parseDouble(factorAndOffset[0].trim());
                    double offset = factorAndOffset.length > 1 ? Double.parseDouble(factorAndOffset[1].trim()) : 0;
                    units.put(UnitNames.normalise(unitAndFactor[0].trim()), new Metric.LinearConversion(factor, offset));
                }
            }
            Metric metric = new Metric(cols[0].trim(), canonicalUnit, Double.parseDouble(cols[2].trim()),
                    Double.parseDouble(cols[3].trim()), cols[4].trim(), cols[5].trim(), units);
            metrics.put(metric.name(), metric);
        }
        return new MetricCatalog(metrics);
    }

    public Optional<Metric> find(String name) {
        return Optional.ofNullable(name == null ? null : metrics.get(name));
    }

    public Collection<Metric> all() {
        return metrics.values();
    }
}
