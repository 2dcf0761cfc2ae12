package org.citysafe.scenarios.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.Reason;
import org.citysafe.rules.catalog.DeviceType;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.engine.Decider;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.engine.Rechecks;
import org.citysafe.rules.engine.DecisionEngine;
import org.citysafe.rules.engine.ReplayContext;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.state.DecisionState;
import org.citysafe.rules.state.Silence;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays one labelled corpus file (scenarios/README.md, "Labelled corpus") twice: through {@link DecisionEngine}
 * with one {@link DecisionState} for the whole file, exactly as the service decides, and through a naive per-reading
 * threshold check (each reading alone, {@link Decider} on a fresh {@link Observation}: no history, no site, no
 * silences, no flags, no device tags, no confirmation parameters). Each reading's two decisions are tallied on the
 * event it belongs to.
 */
final class Corpus {

    enum Label { HAZARD, NUISANCE, FAULT }

    /** One labelled event and what both deciders made of its readings. */
    static final class Event {
        final String file;
        final String id;
        final Label label;
        final Instant onset;
        int readings;
        int alarms;
        int faults;
        int naiveAlarms;
        int naiveFaults;
        Instant firstAlarm;
        Instant naiveFirstAlarm;
        String firstAlarmWhat;

        Event(String file, String id, Label label, Instant onset) {
            this.file = file;
            this.id = id;
            this.label = label;
            this.onset = onset;
        }

        /** Seconds from onset to the first ALARM, or null when none. */
        Long secondsToAlarm() {
            return firstAlarm == null ? null : Duration.between(onset, firstAlarm).toSeconds();
        }

        Long naiveSecondsToAlarm() {
            return naiveFirstAlarm == null ? null : Duration.between(onset, naiveFirstAlarm).toSeconds();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MetricCatalog METRICS = MetricCatalog.bundled();
    private static final DeviceTypeCatalog TYPES = DeviceTypeCatalog.bundled();

    private final String name;
    private final RuleSet rules;
    private final Policy policy;
    private final Policy naivePolicy;
    private final DecisionState state = new DecisionState();
    private final Map<String, Device> devices = new HashMap<>();
    private final Map<String, Event> events = new LinkedHashMap<>();
    private final List<Silence> silences = new ArrayList<>();
    /** Hazards held back for time, re-examined on event time as the service does on the clock. */
    private final Rechecks rechecks = new Rechecks(100_000);
    private final Map<String, Event> eventOfMessage = new HashMap<>();
    private Event current;
    private int readings;

    private Corpus(String name, RuleSet rules, Policy policy) {
        this.name = name;
        this.rules = rules;
        this.policy = policy;
        this.naivePolicy = naive(policy);
    }

    /**
     * The policy of a plain threshold platform: the same thresholds, none of the confirmation parameters (sustain,
     * repeat, the kitchen's cooking-hours evidence).
     */
    static Policy naive(Policy policy) {
        Policy thresholdsOnly = policy.withoutParameters("confirm.");
        Map<String, Double> parameters = new LinkedHashMap<>(thresholdsOnly.parameters());
        parameters.put("kitchen.smoke.sustain.seconds", 0.0);
        return new Policy(policy.version() + "+naive", policy.allThresholds(), parameters, policy.settings());
    }

    static List<Event> run(String name, String jsonl, RuleSet rules, Policy policy) throws IOException {
        Corpus corpus = new Corpus(name, rules, policy);
        int lineNo = 0;
        for (String line : jsonl.lines().toList()) {
            lineNo++;
            if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
            JsonNode node = JSON.readTree(line);
            try {
                if (node.has("device")) corpus.register(node.get("device"));
                else if (node.has("silence")) corpus.silence(node.get("silence"));
                else if (node.has("event") && node.get("event").isObject()) corpus.declare(node.get("event"));
                else corpus.step(lineNo, node);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        if (corpus.readings == 0) throw new IllegalArgumentException(name + ": no readings");
        corpus.recheckUntil(Instant.MAX);
        return List.copyOf(corpus.events.values());
    }

    private void register(JsonNode d) {
        String id = d.get("deviceId").asText();
        String typeName = d.get("deviceType").asText();
        DeviceType type = TYPES.find(typeName)
                .orElseThrow(() -> new IllegalArgumentException("unknown device type " + typeName));
        Set<String> tags = new LinkedHashSet<>();
        if (d.has("tags")) d.get("tags").forEach(t -> tags.add(t.asText()));
        devices.put(id, new Device(id, typeName, type.scenario(), text(d, "siteId", "site-" + id),
                text(d, "districtPath", "yangzhou/guangling/dongguan/wenhe"), null,
                d.has("intervalSeconds") ? d.get("intervalSeconds").asInt() : 60, null, List.of(), tags));
    }

    /** An operator's silence (a permitted renovation, a maintenance window): in force for the rest of the file. */
    private void silence(JsonNode s) {
        Set<String> types = new LinkedHashSet<>();
        if (s.has("alarmTypes")) s.get("alarmTypes").forEach(t -> types.add(t.asText()));
        silences.add(new Silence(s.get("id").asText(), s.get("scopeType").asText(), s.get("scope").asText(), types,
                Level.valueOf(text(s, "maxLevel", "ORANGE")), OffsetDateTime.parse(s.get("startsAt").asText()).toInstant(),
                OffsetDateTime.parse(s.get("endsAt").asText()).toInstant(), text(s, "author", "operator"),
                text(s, "reason", "")));
        state.setSilences(silences);
    }

    private void declare(JsonNode e) {
        String id = e.get("id").asText();
        if (events.containsKey(id)) throw new IllegalArgumentException("event " + id + " declared twice");
        Label label = Label.valueOf(e.get("label").asText().toUpperCase(Locale.ROOT));
        Instant onset = OffsetDateTime.parse(e.get("onset").asText()).toInstant();
        current = new Event(name, id, label, onset);
        events.put(id, current);
    }

    private void step(int lineNo, JsonNode step) {
        readings++;
        String deviceId = step.get("deviceId").asText();
        Device device = devices.get(deviceId);
        if (device == null) throw new IllegalArgumentException("device " + deviceId + " is not registered above");
        Event event = current;
        if (step.hasNonNull("event")) {
            event = events.get(step.get("event").asText());
            if (event == null) throw new IllegalArgumentException("event " + step.get("event").asText()
                    + " is not declared above");
        }
        if (!step.has("ts")) throw new IllegalArgumentException("corpus readings need an explicit ts");
        String metricName = step.get("metric").asText();
        Instant ts = OffsetDateTime.parse(step.get("ts").asText()).toInstant();
        Set<String> flags = new LinkedHashSet<>();
        if (step.has("flags")) step.get("flags").forEach(f -> flags.add(f.asText()));
        String messageId = name + ":" + lineNo;

        Decision ours;
        Decision naive;
        Optional<Metric> metric = METRICS.find(metricName);
        Optional<Double> value = metric.flatMap(m -> m.toCanonical(step.get("value").asDouble(),
                text(step, "unit", m.canonicalUnit())));
        if (metric.isEmpty() || value.isEmpty()) {
            ours = naive = Decision.rejected(deviceId, messageId, Reason.of("ingest.refused",
                    "refused " + metricName, "拒收 " + metricName));
        } else {
            Metric m = metric.get();
            Reading reading = new Reading(deviceId, metricName, value.get(), m.canonicalUnit(), ts, messageId,
                    "corpus", flags);
            recheckUntil(ts.minusNanos(1));
            DecisionEngine.Input input = new DecisionEngine.Input(reading, device, m, policy);
            ours = DecisionEngine.decide(rules, List.of(input), ReplayContext.over(state)).get(0);
            rechecks.after(List.of(input), List.of(ours), null);
            if (event != null) eventOfMessage.put(messageId, event);
            Reading plain = new Reading(deviceId, metricName, value.get(), m.canonicalUnit(), ts, messageId,
                    "corpus", Set.of());
            Device untagged = new Device(device.deviceId(), device.deviceType(), device.scenario(), null,
                    device.districtPath(), null, device.reportingIntervalSeconds(), null, List.of(), Set.of());
            naive = Decider.decide(rules, List.of(new Observation(plain, untagged, m, naivePolicy))).get(0);
        }
        if (event == null) return;
        event.readings++;
        tally(event, ts, ours);
        if (naive.outcome() == Outcome.ALARM) {
            event.naiveAlarms++;
            if (event.naiveFirstAlarm == null) event.naiveFirstAlarm = ts;
        }
        if (naive.outcome() == Outcome.FAULT) event.naiveFaults++;
    }

    /**
     * Decides the held readings of everything whose confirmation time has passed by {@code until} with no newer
     * reading of its series; their decisions count for the event of the reading that was held back.
     */
    private void recheckUntil(Instant until) {
        for (DecisionEngine.Input held : rechecks.due(until)) {
            Decision d = DecisionEngine.decide(rules, List.of(held), ReplayContext.over(state)).get(0);
            rechecks.after(List.of(held), List.of(d), null);
            String original = Rechecks.originalMessageId(held.reading().messageId());
            Event event = eventOfMessage.get(original);
            if (event != null) {
                eventOfMessage.put(held.reading().messageId(), event);
                tally(event, held.reading().ts(), d);
            }
        }
    }

    private static void tally(Event event, Instant ts, Decision ours) {
        if (ours.outcome() == Outcome.ALARM) {
            event.alarms++;
            if (event.firstAlarm == null) {
                event.firstAlarm = ts;
                event.firstAlarmWhat = ours.level() + " " + ours.alarmType();
            }
        }
        if (ours.outcome() == Outcome.FAULT) event.faults++;
    }

    private static String text(JsonNode node, String field, String otherwise) {
        return node.hasNonNull(field) ? node.get(field).asText() : otherwise;
    }
}
