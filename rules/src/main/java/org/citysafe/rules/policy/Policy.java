package org.citysafe.rules.policy;

import org.citysafe.rules.Level;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * The parameters in force for one device: graded thresholds per scenario and metric, and named numbers
 * (durations, counts, percentages). Immutable; the version travels with every decision made under it.
 */
public final class Policy {

    private final String version;
    private final Map<String, List<Threshold>> thresholds;
    private final Map<String, Double> parameters;
    private final Map<String, String> settings;

    public Policy(String version, List<Threshold> thresholds, Map<String, Double> parameters) {
        this(version, thresholds, parameters, Map.of());
    }

    /**
     * @param settings named values that are not numbers: schedules such as {@code 10:00-14:00,16:30-21:00}, a
     *                 time zone
     */
    public Policy(String version, List<Threshold> thresholds, Map<String, Double> parameters,
                  Map<String, String> settings) {
        this.version = version;
        this.settings = Map.copyOf(settings);
        Map<String, List<Threshold>> byKey = new LinkedHashMap<>();
        for (Threshold t : thresholds) {
            byKey.computeIfAbsent(key(t.getScenario(), t.getMetric()), k -> new ArrayList<>()).add(t);
        }
        // most severe first, so that readers of a decision see the level that matters on top
        byKey.replaceAll((k, list) -> list.stream()
                .sorted(Comparator.comparing((Threshold t) -> t.getLevel().severity()).reversed()).toList());
        this.thresholds = Map.copyOf(byKey);
        this.parameters = Map.copyOf(parameters);
    }

    /** The defaults shipped with the rules, each with its source in docs/THRESHOLDS.md. */
    public static Policy defaults() {
        List<Threshold> thresholds = new ArrayList<>();
        readTsv("/org/citysafe/rules/policy/default-thresholds.tsv", cols -> {
            double value = Double.parseDouble(cols[4]);
            double clearValue = cols.length > 5 && !cols[5].isEmpty() ? Double.parseDouble(cols[5]) : value;
            thresholds.add(new Threshold(cols[0], cols[1], Level.valueOf(cols[2]), Direction.valueOf(cols[3]),
                    value, clearValue));
        });
        Map<String, Double> parameters = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        readTsv("/org/citysafe/rules/policy/default-parameters.tsv", cols -> {
            try {
                parameters.put(cols[0], Double.parseDouble(cols[1]));
            } catch (NumberFormatException notANumber) {
                settings.put(cols[0], cols[1]);
            }
        });
        return new Policy("defaults", thresholds, parameters, settings);
    }

    private static void readTsv(String resource, Consumer<String[]> row) {
        try (InputStream in = Policy.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing " + resource);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] cols = line.split("\t", -1);
                for (int i = 0; i < cols.length; i++) cols[i] = cols[i].trim();
                row.accept(cols);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String scenario, String metric) {
        return scenario + '\u0000' + metric;
    }

    public String version() {
        return version;
    }

    /** Thresholds for a scenario and metric, most severe first. */
    public List<Threshold> thresholds(String scenario, String metric) {
        return thresholds.getOrDefault(key(scenario, metric), List.of());
    }

    public List<Threshold> allThresholds() {
        return thresholds.values().stream().flatMap(List::stream).toList();
    }

    public OptionalDouble parameter(String name) {
        Double value = parameters.get(name);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    public Map<String, Double> parameters() {
        return parameters;
    }

    /** A named value that is not a number (a schedule, a time zone), when the policy has it. */
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    public Map<String, String> settings() {
        return settings;
    }

    /**
     * The same thresholds and settings without the parameters whose names start with {@code prefix}: e.g. without
     * {@code confirm.} for judging single readings against their thresholds alone.
     */
    public Policy withoutParameters(String prefix) {
        Map<String, Double> kept = new LinkedHashMap<>(parameters);
        kept.keySet().removeIf(name -> name.startsWith(prefix));
        return new Policy(version, allThresholds(), kept, settings);
    }

    /**
     * One band a scope sets over what it inherits, named as {@link #bandKey}: a metric may have bands in two
     * directions (a water main's pressure too low and too high), each set on its own.
     *
     * @param clearValue null: the inherited hysteresis band moves with the value
     */
    public record Band(String scenario, String metric, Direction direction, Level level, double value,
                       Double clearValue) {
        public String key() {
            return bandKey(scenario, metric, direction, level);
        }
    }

    /** The identity of a graded threshold: scenario, metric, direction and level. */
    public static String bandKey(String scenario, String metric, Direction direction, Level level) {
        return scenario + '|' + metric + '|' + direction + '|' + level;
    }

    public static String bandKey(Threshold t) {
        return bandKey(t.getScenario(), t.getMetric(), t.getDirection(), t.getLevel());
    }

    /** The inherited threshold with a band's value; without a clear value the band keeps its width. */
    public static Threshold overridden(Threshold inherited, Band band) {
        double clear;
        if (band.clearValue() != null) {
            clear = band.clearValue();
        } else {
            clear = band.value() - (inherited.getValue() - inherited.getClearValue());
            if (inherited.getDirection() == Direction.BEYOND && clear < 0) clear = 0;
        }
        return new Threshold(inherited.getScenario(), inherited.getMetric(), inherited.getLevel(),
                inherited.getDirection(), band.value(), clear);
    }

    /**
     * This policy with a scope's values over it, as district policy resolves a device's policy (the service's
     * {@code PolicySnapshot}, scope after scope): each band replaces the threshold with the same {@link #bandKey},
     * every other threshold stays; each parameter and setting replaces the one of the same name. A band this policy
     * does not have is ignored (validation refuses it before it is stored).
     */
    public Policy overriddenBy(String newVersion, List<Band> bands, Map<String, Double> newParameters,
                               Map<String, String> newSettings) {
        Map<String, Threshold> byBand = new LinkedHashMap<>();
        for (Threshold t : allThresholds()) byBand.put(bandKey(t), t);
        for (Band b : bands) byBand.computeIfPresent(b.key(), (k, inherited) -> overridden(inherited, b));
        Map<String, Double> p = new LinkedHashMap<>(parameters);
        p.putAll(newParameters);
        Map<String, String> st = new LinkedHashMap<>(settings);
        st.putAll(newSettings);
        return new Policy(newVersion, List.copyOf(byBand.values()), p, st);
    }

    /** A copy with a different version label, e.g. when a district's overrides have been applied. */
    public Policy withVersion(String newVersion) {
        return new Policy(newVersion, allThresholds(), parameters, settings);
    }
}
