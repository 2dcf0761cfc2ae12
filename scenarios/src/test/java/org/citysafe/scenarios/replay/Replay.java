package org.citysafe.scenarios.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Reading;
import org.citysafe.rules.Reason;
import org.citysafe.rules.catalog.DeviceType;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.engine.ActiveAlarms;
import org.citysafe.rules.engine.DecisionEngine;
import org.citysafe.rules.engine.ReplayContext;
import org.citysafe.rules.state.DecisionState;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.CoupledRisk;
import org.citysafe.rules.Location;
import org.citysafe.rules.network.Asset;
import org.citysafe.rules.network.AssetKind;
import org.citysafe.rules.network.AssetNetwork;
import org.citysafe.rules.network.Link;
import org.citysafe.rules.network.Relation;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays one recorded stream (the JSONL format of scenarios/README.md) through the rules, one reading at a time,
 * through {@link DecisionEngine} in a {@link ReplayContext} (history, open alarms, site, silences and the asset
 * network carried from reading to reading, exactly as the service does), and compares every
 * decision with the one the stream expects. Returns the mismatches; an empty list is a pass.
 */
final class Replay {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MetricCatalog METRICS = MetricCatalog.bundled();
    private static final DeviceTypeCatalog TYPES = DeviceTypeCatalog.bundled();
    private static final Instant EPOCH = Instant.parse("2026-11-22T00:00:00Z");

    private final String name;
    private final RuleSet rules;
    private final Policy policy;
    private final Map<String, Device> devices = new HashMap<>();
    private final List<String> mismatches = new ArrayList<>();
    private final DecisionState state = new DecisionState();
    private final AssetNetwork network = new AssetNetwork();
    private final ReplayContext context = new ReplayContext(state, network, ReplayContext.DEFAULT_NEARBY_RADIUS_METRES);
    private int readings;

    private Replay(String name, RuleSet rules, Policy policy) {
        this.name = name;
        this.rules = rules;
        this.policy = policy;
    }

    /** Runs the stream; each line is a comment ({@code #}), a device, or a reading with its expected decision. */
    static Replay run(String name, String jsonl, RuleSet rules, Policy policy) throws IOException {
        Replay replay = new Replay(name, rules, policy);
        int lineNo = 0;
        for (String line : jsonl.lines().toList()) {
            lineNo++;
            if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
            JsonNode node = JSON.readTree(line);
            if (node.has("device")) replay.register(node.get("device"));
            else if (node.has("asset")) replay.asset(node.get("asset"));
            else if (node.has("link")) replay.link(node.get("link"));
            else replay.step(lineNo, node);
        }
        return replay;
    }

    /** Decisions that carried at least one coupled risk, and those checked to carry none. */
    int coupledChecked;
    int uncoupledChecked;

    List<String> mismatches() {
        return mismatches;
    }

    int readings() {
        return readings;
    }

    private void register(JsonNode d) {
        String id = d.get("deviceId").asText();
        String typeName = d.get("deviceType").asText();
        DeviceType type = TYPES.find(typeName)
                .orElseThrow(() -> new IllegalArgumentException(name + ": unknown device type " + typeName));
        Set<String> tags = new LinkedHashSet<>();
        if (d.has("tags")) d.get("tags").forEach(t -> tags.add(t.asText()));
        String assetId = text(d, "assetId", null);
        devices.put(id, new Device(id, typeName, type.scenario(), text(d, "siteId", "site-" + id),
                text(d, "districtPath", "yangzhou/guangling/dongguan/wenhe"), assetId, 60, null, List.of(), tags));
        if (assetId != null) network.attach(id, assetId, type.scenario());
    }

    /** An asset of the network: {@code {"asset": {"id", "kind", "lat", "lon", "attributes": {...}}}}. */
    private void asset(JsonNode a) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (a.has("attributes")) a.get("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(),
                e.getValue().asText()));
        String kind = a.get("kind").asText();
        network.apply(List.of(new Asset(a.get("id").asText(), AssetKind.of(kind).orElseThrow(
                        () -> new IllegalArgumentException(name + ": unknown asset kind " + kind)), text(a, "name", null),
                text(a, "districtPath", "yangzhou/guangling/dongguan/wenhe"),
                new Location(a.get("lat").asDouble(), a.get("lon").asDouble()), attributes)), List.of());
    }

    /** A link: {@code {"link": {"from", "relation", "to", "metres"}}}. */
    private void link(JsonNode l) {
        String relation = l.get("relation").asText();
        network.apply(List.of(), List.of(new Link(l.get("from").asText(), l.get("to").asText(),
                Relation.of(relation).orElseThrow(() -> new IllegalArgumentException(name + ": unknown relation "
                        + relation)), l.get("metres").asDouble())));
    }

    private void step(int lineNo, JsonNode step) {
        readings++;
        String deviceId = step.get("deviceId").asText();
        Device device = devices.get(deviceId);
        if (device == null) throw new IllegalArgumentException(name + ":" + lineNo + ": device " + deviceId
                + " is not registered above this line");
        Decision decision = decide(lineNo, device, step);
        JsonNode expect = step.get("expect");
        if (expect != null) check(lineNo, step, decision, expect);
    }

    /** What the service does with a reading: normalise its unit, observe it with the open alarms, decide. */
    private Decision decide(int lineNo, Device device, JsonNode step) {
        String metricName = step.get("metric").asText();
        String messageId = text(step, "messageId", name + ":" + lineNo);
        Optional<Metric> metric = METRICS.find(metricName);
        if (metric.isEmpty()) {
            return Decision.rejected(device.deviceId(), messageId, Reason.of("ingest.unknown-metric",
                    "unknown metric " + metricName, "未知监测指标 " + metricName));
        }
        Metric m = metric.get();
        String unit = text(step, "unit", m.canonicalUnit());
        double raw = step.get("value").asDouble();
        Optional<Double> value = m.toCanonical(raw, unit);
        if (value.isEmpty()) {
            return Decision.rejected(device.deviceId(), messageId, Reason.of("ingest.unit-not-accepted",
                    metricName + " is not reported in " + unit, metricName + " 不接受单位 " + unit));
        }
        Instant ts = step.has("ts") ? Instant.parse(step.get("ts").asText())
                : EPOCH.plus(Duration.ofMinutes(lineNo));
        Set<String> flags = new LinkedHashSet<>();
        if (step.has("flags")) step.get("flags").forEach(f -> flags.add(f.asText()));
        Reading reading = new Reading(device.deviceId(), metricName, value.get(), m.canonicalUnit(), ts, messageId,
                "replay", flags);
        return DecisionEngine.decide(rules, List.of(new DecisionEngine.Input(reading, device, m, policy)), context)
                .get(0);
    }

    private void check(int lineNo, JsonNode step, Decision d, JsonNode expect) {
        String where = name + ":" + lineNo + (step.has("note") ? " (" + step.get("note").asText() + ")" : "");
        compare(where, "outcome", expect, d.outcome() == null ? null : d.outcome().name());
        compare(where, "level", expect, d.level() == null ? null : d.level().name());
        compare(where, "alarmType", expect, d.alarmType());
        compare(where, "ruleId", expect, d.reasons().isEmpty() ? null : d.reasons().get(0).ruleId());
        if (expect.has("clears")) {
            List<String> clears = new ArrayList<>();
            expect.get("clears").forEach(c -> clears.add(c.asText()));
            if (!clears.equals(d.clears())) mismatches.add(where + ": clears " + d.clears() + ", expected " + clears);
        }
        if (expect.has("open")) {
            Map<String, Level> open = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = expect.get("open").fields(); it.hasNext(); ) {
                var e = it.next();
                open.put(e.getKey(), Level.valueOf(e.getValue().asText()));
            }
            Map<String, Level> actual = state.openAlarms(d.deviceId());
            if (!open.equals(actual)) mismatches.add(where + ": open alarms " + actual + ", expected " + open);
        }
        if (expect.has("coupled")) {
            if (expect.get("coupled").isEmpty()) uncoupledChecked++;
            else coupledChecked++;
            List<String> types = new ArrayList<>();
            expect.get("coupled").forEach(c -> types.add(c.asText()));
            List<String> actual = d.coupledRisks().stream().map(CoupledRisk::type).toList();
            if (!types.equals(actual)) mismatches.add(where + ": coupled risks " + actual + ", expected " + types);
        }
        if (expect.has("coupledAssets")) {
            List<String> assets = new ArrayList<>();
            expect.get("coupledAssets").forEach(c -> assets.add(c.asText()));
            List<String> actual = d.coupledRisks().isEmpty() ? List.of() : d.coupledRisks().get(0).assets();
            if (!assets.equals(actual)) mismatches.add(where + ": coupled assets " + actual + ", expected " + assets);
        }
        compare(where, "routeTo", expect, d.coupledRisks().isEmpty() ? null : d.coupledRisks().get(0).routeTo());
        contains(where, "explanation", expect, d.coupledRisks().isEmpty() ? "" : d.coupledRisks().get(0).explanation());
        contains(where, "explanationZh", expect,
                d.coupledRisks().isEmpty() ? "" : d.coupledRisks().get(0).explanationZh());
        contains(where, "reason", expect, d.reasons().isEmpty() ? "" : d.reasons().get(0).message());
        contains(where, "reasonZh", expect, d.reasons().isEmpty() ? "" : d.reasons().get(0).messageZh());
    }

    private void compare(String where, String field, JsonNode expect, String actual) {
        if (!expect.has(field)) return;
        JsonNode e = expect.get(field);
        String expected = e.isNull() ? null : e.asText();
        if (expected == null ? actual != null : !expected.equals(actual)) {
            mismatches.add(where + ": " + field + " " + actual + ", expected " + expected);
        }
    }

    private void contains(String where, String field, JsonNode expect, String actual) {
        if (expect.has(field) && !actual.contains(expect.get(field).asText())) {
            mismatches.add(where + ": " + field + " \"" + actual + "\" lacks \"" + expect.get(field).asText() + "\"");
        }
    }

    private static String text(JsonNode node, String field, String otherwise) {
        return node.hasNonNull(field) ? node.get(field).asText() : otherwise;
    }
}
