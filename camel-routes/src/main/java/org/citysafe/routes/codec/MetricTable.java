package org.citysafe.routes.codec;

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
 * Which canonical metric a protocol's measurement code becomes: GB/T 26875.3 analogue type codes, HJ 212 factor
 * codes. Configurable per deployment: the bundled tables are resources, and {@link #overriddenBy} lays a site's own
 * table over them.
 *
 * <p>File format, UTF-8, tab-separated, {@code #} starts a comment line:
 * <pre>code  metric  unit  scale  convention  description</pre>
 * {@code value in unit = wire value * scale}; {@code convention} says whose code it is (the standard's, or ours).
 */
public final class MetricTable {

    /** One row: wire {@code code} to {@code metric} in {@code unit}, after multiplying by {@code scale}. */
    public record Entry(String code, String metric, String unit, double scale, String convention, String description) {
        public Entry {
            if (code == null || code.isBlank()) throw new IllegalArgumentException("code is empty");
            if (metric == null || metric.isBlank()) throw new IllegalArgumentException("metric is empty for " + code);
            if (unit == null) throw new IllegalArgumentException("unit is missing for " + code);
            if (!Double.isFinite(scale) || scale == 0) throw new IllegalArgumentException("bad scale for " + code);
            convention = convention == null ? "" : convention;
            description = description == null ? "" : description;
        }

        public double apply(double wireValue) {
            return wireValue * scale;
        }
    }

    private final Map<String, Entry> entries;

    public MetricTable(Collection<Entry> entries) {
        Map<String, Entry> byCode = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (byCode.putIfAbsent(entry.code(), entry) != null) {
                throw new IllegalArgumentException("code " + entry.code() + " appears twice");
            }
        }
        this.entries = Map.copyOf(byCode);
    }

    /** Reads a table from the classpath; {@code resource} is absolute ({@code /org/citysafe/...}). */
    public static MetricTable fromResource(String resource) {
        try (InputStream in = MetricTable.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            return parse(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MetricTable parse(InputStream in, String sourceName) throws IOException {
        Map<String, Entry> rows = new LinkedHashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] cols = line.split("\t", -1);
            if (cols.length < 4) {
                throw new IllegalStateException(sourceName + ":" + lineNo + ": expected code, metric, unit, scale, "
                        + "convention, description separated by tabs");
            }
            try {
                Entry entry = new Entry(cols[0].trim(), cols[1].trim(), cols[2].trim(),
                        Double.parseDouble(cols[3].trim()), cols.length > 4 ? cols[4].trim() : "",
                        cols.length > 5 ? cols[5].trim() : "");
                if (rows.putIfAbsent(entry.code(), entry) != null) {
                    throw new IllegalStateException(sourceName + ":" + lineNo + ": code " + entry.code() + " twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(sourceName + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        return new MetricTable(rows.values());
    }

    public Optional<Entry> find(String code) {
        return Optional.ofNullable(code == null ? null : entries.get(code));
    }

    public Collection<Entry> entries() {
        return entries.values();
    }

    /** This table with {@code site}'s rows added or replacing ours, code by code. */
    public MetricTable overriddenBy(MetricTable site) {
        Map<String, Entry> merged = new LinkedHashMap<>(entries);
        merged.putAll(site.entries);
        return new MetricTable(merged.values());
    }
}
