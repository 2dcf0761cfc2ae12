package org.citysafe.service.policy;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.rules.Level;
import org.citysafe.rules.catalog.DeviceType;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.policy.Direction;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * Every row of the shipped threshold table is reachable through the service as it runs: for each row, readings just
 * past it (sustained for twenty minutes, so any confirmation the rules ask for is met) are decided by
 * {@code POST /api/v1/decisions} and raise the row's level with the alarm type of
 * {@code threshold-alarm-types.tsv}; a reading back past the row's clear value leaves that level, and one past every
 * clear value of the direction clears the alarm. Once on the defaults (a district without policy) and once in a
 * district whose published policy overrides every row, naming its direction, with a more extreme value: there a
 * reading past the default but short of the override must not reach the row's level.
 */
class ThresholdCompletenessIT extends ServiceTestBase {

    private static final String POLICY_ROOT = "/org/citysafe/rules/policy/";
    private static final int SUSTAINED_READINGS = 20;
    private static final int INTERVAL_SECONDS = 60;

    record Row(String scenario, String metric, Level level, Direction direction, double value, double clear) {
        String label() {
            return scenario + " / " + metric + " " + level + " " + direction + " " + fmt(value);
        }

        String series() {
            return scenario + '|' + metric + '|' + direction;
        }
    }

    private final MetricCatalog metrics = MetricCatalog.bundled();
    private final DeviceTypeCatalog deviceTypes = DeviceTypeCatalog.bundled();

    @TestFactory
    Stream<DynamicTest> everyDefaultThresholdIsReachedAndClearedThroughTheService() {
        List<Row> rows = rows();
        String district = "policytown/" + unique("complete-defaults");
        return cases(rows, rows, district, false);
    }

    @TestFactory
    Stream<DynamicTest> everyThresholdOverriddenByADistrictIsReachedAndClearedThroughTheService() {
        List<Row> defaults = rows();
        List<Row> overridden = defaults.stream().map(r -> overridden(r, defaults)).toList();
        String district = "policytown/" + unique("complete-override");
        // the devices first: a policy can only be published for a district that has some
        Stream<DynamicTest> cases = cases(overridden, defaults, district, true);
        publish(district, overridden);
        JsonNode resolved = ok(cityRegulator.get("/api/v1/policies/resolved?district=" + district));
        Map<String, JsonNode> shown = new HashMap<>();
        resolved.get("thresholds").forEach(t -> shown.put(t.get("scenario").asText() + '|' + t.get("metric").asText()
                + '|' + t.get("direction").asText() + '|' + t.get("level").asText(), t));
        for (Row r : overridden) {
            JsonNode t = shown.get(r.series() + '|' + r.level());
            assertThat(t).as("resolved view shows " + r.label()).isNotNull();
            assertThat(t.get("value").asDouble()).as(r.label()).isEqualTo(r.value());
            assertThat(t.get("source").asText()).as(r.label()).isEqualTo(district + "@v1");
        }
        return cases;
    }

    private Stream<DynamicTest> cases(List<Row> rows, List<Row> defaults, String district, boolean override) {
        Map<String, String> alarmTypes = alarmTypes();
        List<String> registrations = new ArrayList<>();
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String type = deviceTypeFor(row);
            List<Double> signs = row.direction() == Direction.BEYOND ? List.of(1.0, -1.0) : List.of(1.0);
            for (double sign : signs) {
                String id = unique("thr");
                registrations.add(device(id, type, unique("site"), district));
                cases.add(new Case(row, defaults.get(i), id, sign, alarmTypes.get(row.series())));
            }
        }
        for (int from = 0; from < registrations.size(); from += 100) {
            Api.Response r = platform.post("/api/v1/devices", devices(registrations
                    .subList(from, Math.min(from + 100, registrations.size())).toArray(String[]::new)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(
                (override ? "override " : "default ") + c.row().label() + (c.sign() < 0 ? " (negative side)" : ""),
                () -> check(c, rows, override)));
    }

    private record Case(Row row, Row defaultRow, String deviceId, double sign, String alarmType) {
    }

    private void check(Case c, List<Row> rows, boolean override) {
        Row row = c.row();
        assertThat(c.alarmType()).as("threshold-alarm-types.tsv names the alarm type of " + row.series()).isNotNull();
        Metric metric = metrics.find(row.metric()).orElseThrow();
        List<Row> series = rows.stream().filter(r -> r.series().equals(row.series()))
                .sorted(Comparator.comparingInt((Row r) -> r.level().severity())).toList();
        Row severer = series.stream().filter(r -> r.level().severity() > row.level().severity()).findFirst().orElse(null);
        double step = step(row, severer, metric);
        int secondsAgo = SUSTAINED_READINGS * INTERVAL_SECONDS + 300;

        if (override && c.defaultRow().value() != row.value()) {
            // past the shipped value but short of the district's: the district's value is the one in force
            double between = (c.defaultRow().value() + row.value()) / 2;
            List<Double> sustained = new ArrayList<>();
            for (int i = 0; i < SUSTAINED_READINGS; i++) sustained.add(c.sign() * between);
            List<JsonNode> tried = decide(c, sustained, secondsAgo, true);
            JsonNode d = tried.get(tried.size() - 1);
            assertThat(d.path("level").isNull() || Level.valueOf(d.get("level").asText()).severity()
                    < row.level().severity()).as(row.label() + ": " + fmt(between) + " is short of the override: " + d)
                    .isTrue();
        }

        List<Double> past = new ArrayList<>();
        for (int i = 0; i < SUSTAINED_READINGS; i++) past.add(c.sign() * toward(row, row.value(), step * (1 + i % 3)));
        List<JsonNode> raised = decide(c, past, secondsAgo, false);
        JsonNode last = raised.get(raised.size() - 1);
        assertThat(last.get("outcome").asText()).as(row.label() + " sustained: " + last).isEqualTo("ALARM");
        assertThat(last.get("level").asText()).as(row.label() + ": " + last).isEqualTo(row.level().name());
        assertThat(last.get("alarmType").asText()).as(row.label()).isEqualTo(c.alarmType());
        String alarmId = last.get("alarmId").asText();
        secondsAgo -= SUSTAINED_READINGS * INTERVAL_SECONDS;

        Row milder = series.stream().filter(r -> r.level().severity() < row.level().severity())
                .max(Comparator.comparingInt(r -> r.level().severity())).orElse(null);
        if (milder != null) {
            double backPastClear = awayFrom(row, row.clear(), Math.min(step, gap(row.clear(), milder.value()) / 2));
            JsonNode d = decide(c, List.of(c.sign() * backPastClear), secondsAgo, false).get(0);
            assertThat(d.path("level").isNull() || Level.valueOf(d.get("level").asText()).severity()
                    < row.level().severity()).as(row.label() + ": " + fmt(backPastClear) + " is past the clear value "
                    + fmt(row.clear()) + ": " + d).isTrue();
            secondsAgo -= INTERVAL_SECONDS;
        }
        double mildestClear = series.get(0).clear();
        // an on/off state resets to 0; a measured value goes 5 % back past the mildest clear value
        double safe = step == 0 ? metric.instrumentMin()
                : awayFrom(row, mildestClear, Math.max(step, Math.abs(mildestClear) * 0.05));
        safe = Math.max(metric.instrumentMin(), Math.min(metric.instrumentMax(), safe));
        if (row.direction() == Direction.BEYOND) safe = Math.max(0, safe);
        JsonNode cleared = decide(c, List.of(c.sign() * safe), secondsAgo, false).get(0);
        assertThat(cleared.get("clears")).as(row.label() + ": " + fmt(safe) + " is past every clear value: " + cleared)
                .anyMatch(t -> t.asText().equals(c.alarmType()));
        JsonNode alarm = ok(operator.get("/api/v1/alarms/" + alarmId));
        assertThat(alarm.get("status").asText()).as(row.label() + " alarm after the clear").isEqualTo("RESOLVED");
    }

    private List<JsonNode> decide(Case c, List<Double> values, int firstSecondsAgo, boolean dryRun) {
        Metric metric = metrics.find(c.row().metric()).orElseThrow();
        String[] readings = new String[values.size()];
        for (int i = 0; i < values.size(); i++) {
            readings[i] = reading(c.deviceId(), metric.name(), fmt(values.get(i)), metric.canonicalUnit(), unique("m"),
                    firstSecondsAgo - i * INTERVAL_SECONDS);
        }
        Api.Response r = platform.post("/api/v1/decisions", batch(dryRun, readings));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("decisions").forEach(out::add);
        return out;
    }

    /**
     * How far past a value the readings go: a tenth of the way to the next more severe level (so they stay at this
     * level), or 1 % of the value where there is none, within the instrument range; 0 for on/off states.
     */
    private static double step(Row row, Row severer, Metric metric) {
        double room = severer != null ? gap(row.value(), severer.value())
                : row.direction() == Direction.BELOW ? row.value() - metric.instrumentMin()
                : metric.instrumentMax() - row.value();
        double step = severer != null ? room / 10 : Math.min(room / 10, Math.max(Math.abs(row.value()) * 0.01, 1e-6));
        return Math.max(0, step);
    }

    private static double gap(double a, double b) {
        return Math.abs(a - b);
    }

    private static double toward(Row row, double from, double by) {
        return row.direction() == Direction.BELOW ? from - by : from + by;
    }

    private static double awayFrom(Row row, double from, double by) {
        return row.direction() == Direction.BELOW ? from + by : from - by;
    }

    /**
     * The row with a more extreme value: a third of the way to the next more severe level, or 5 % further for the
     * most severe one, so every level keeps its order; on/off states keep 1.
     */
    private Row overridden(Row row, List<Row> all) {
        Metric metric = metrics.find(row.metric()).orElseThrow();
        Row severer = all.stream().filter(r -> r.series().equals(row.series())
                        && r.level().severity() > row.level().severity())
                .min(Comparator.comparingInt(r -> r.level().severity())).orElse(null);
        double by = severer != null ? gap(row.value(), severer.value()) / 3 : Math.abs(row.value()) * 0.05;
        double value = toward(row, row.value(), by);
        if (value > metric.instrumentMax() || value < metric.instrumentMin()) value = row.value();
        value = Math.round(value * 1e6) / 1e6;
        return new Row(row.scenario(), row.metric(), row.level(), row.direction(), value,
                value - (row.value() - row.clear()));
    }

    private void publish(String scope, List<Row> rows) {
        StringBuilder thresholds = new StringBuilder();
        for (Row r : rows) {
            if (!thresholds.isEmpty()) thresholds.append(',');
            thresholds.append("""
                    {"scenario":"%s","metric":"%s","level":"%s","direction":"%s","value":%s}"""
                    .formatted(r.scenario(), r.metric(), r.level(), r.direction(), fmt(r.value())));
        }
        String document = "{\"thresholds\":[" + thresholds + "]}";
        JsonNode draft = ok(cityRegulator.post("/api/v1/policies", """
                {"scope":"%s","document":%s,"comment":"every row, more extreme"}""".formatted(scope, document)));
        long id = draft.get("id").asLong();
        JsonNode validation = ok(cityRegulator.post("/api/v1/policies/" + id + "/validate", ""));
        assertThat(validation.get("valid").asBoolean()).as(validation.toString()).isTrue();
        ok(cityRegulator.post("/api/v1/policies/" + id + "/preview", "{\"days\":1}"));
        ok(cityRegulator.post("/api/v1/policies/" + id + "/approve", "{\"comment\":\"completeness test\"}"));
        ok(cityRegulator.post("/api/v1/policies/" + id + "/publish", "{\"comment\":\"completeness test\"}"));
    }

    private String deviceTypeFor(Row row) {
        return deviceTypes.all().stream()
                .filter(t -> t.scenario().equals(row.scenario()) && t.reports(row.metric()))
                .map(DeviceType::name).sorted().findFirst()
                .orElseThrow(() -> new AssertionError("no device type of " + row.scenario() + " reports " + row.metric()));
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
        return r.json();
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String[] c : tsv("default-thresholds.tsv")) {
            double value = Double.parseDouble(c[4]);
            rows.add(new Row(c[0], c[1], Level.valueOf(c[2]), Direction.valueOf(c[3]), value,
                    c.length > 5 && !c[5].isEmpty() ? Double.parseDouble(c[5]) : value));
        }
        return rows;
    }

    static Map<String, String> alarmTypes() {
        Map<String, String> types = new HashMap<>();
        for (String[] c : tsv("threshold-alarm-types.tsv")) types.put(c[0] + '|' + c[1] + '|' + c[2], c[3]);
        return types;
    }

    private static List<String[]> tsv(String name) {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = ThresholdCompletenessIT.class.getResourceAsStream(POLICY_ROOT + name)) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] cols = line.split("\t", -1);
                for (int i = 0; i < cols.length; i++) cols[i] = cols[i].trim();
                out.add(cols);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    private static String fmt(double d) {
        return BigDecimal.valueOf(d).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
    }
}
