package org.citysafe.service.decision;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.routes.ingest.ReadingSink;
import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.Reason;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.coupling.CouplingRules;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.engine.StatefulDecider;
import org.citysafe.rules.state.DecisionState;
import org.citysafe.service.suppression.SilenceStore;
import org.citysafe.service.alarm.AlarmStore;
import org.citysafe.service.deadletter.DeadLetterStore;
import org.citysafe.service.ingest.IngestMeters;
import org.citysafe.service.escalation.EscalationScheduler;
import org.citysafe.service.escalation.EscalationView;
import org.citysafe.service.health.OfflineDetector;
import org.citysafe.service.policy.PolicyService;
import org.citysafe.service.policy.PolicySnapshot;
import org.citysafe.service.registry.DeviceRegistry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The way of one batch of readings: context from the registry, duplicates refused, the district's policy, the rules,
 * then alarms (and their escalation chains) and history stored in one transaction. Every route and the HTTP API come
 * through here. An ALARM decision carries its alarm's escalation: the chain and the next step.
 */
@Service
public class DecisionService implements ReadingSink {

    private final DeviceRegistry registry;
    private final DeviceTypeCatalog deviceTypes;
    private final MetricCatalog metrics;
    private final PolicyService policies;
    private final ActiveRules rules;
    private final AlarmStore alarms;
    private final EscalationScheduler escalations;
    private final ReadingLog readingLog;
    private final DeadLetterStore deadLetters;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final IngestMeters ingestMeters;
    private final SeriesCache series;
    private final SilenceStore silences;
    private final org.citysafe.service.alarm.VerdictStore verdicts;
    private final Surroundings surroundings;
    private final org.citysafe.service.network.AssetNetworkStore assets;
    private HeldConditions held;
    private org.citysafe.service.suppression.DownstreamSilences downstreamSilences;
    private ReadingValidation validation;

    public DecisionService(DeviceRegistry registry, DeviceTypeCatalog deviceTypes, MetricCatalog metrics,
                           PolicyService policies, ActiveRules rules, AlarmStore alarms,
                           EscalationScheduler escalations, ReadingLog readingLog, DeadLetterStore deadLetters,
                           TransactionTemplate tx, MeterRegistry meters, SeriesCache series,
                           SilenceStore silences, org.citysafe.service.alarm.VerdictStore verdicts,
                           Surroundings surroundings, org.citysafe.service.network.AssetNetworkStore assets) {
        this.assets = assets;
        this.registry = registry;
        this.deviceTypes = deviceTypes;
        this.metrics = metrics;
        this.policies = policies;
        this.rules = rules;
        this.alarms = alarms;
        this.escalations = escalations;
        this.readingLog = readingLog;
        this.deadLetters = deadLetters;
        this.tx = tx;
        this.meters = meters;
        this.ingestMeters = new IngestMeters(meters);
        this.series = series;
        this.silences = silences;
        this.verdicts = verdicts;
        this.surroundings = surroundings;
    }

    /** Told of every committed decision, so that hazards held back for time are re-examined on the clock. */
    @org.springframework.beans.factory.annotation.Autowired
    void setHeldConditions(HeldConditions held) {
        this.held = held;
    }

    /** Silences on an asset and everything downstream of it reach the rules as device silences. */
    @org.springframework.beans.factory.annotation.Autowired
    void setDownstreamSilences(org.citysafe.service.suppression.DownstreamSilences downstreamSilences) {
        this.downstreamSilences = downstreamSilences;
    }

    /** Ids and timestamps are checked before anything of a reading is stored, on every route. */
    @org.springframework.beans.factory.annotation.Autowired
    void setValidation(ReadingValidation validation) {
        this.validation = validation;
    }

    @Override
    public List<Decision> submit(String route, String peer, List<ParsedReading> readings) {
        return decide(route, peer, readings, false);
    }

    @Override
    public void refuse(String route, String peer, byte[] raw, String reason) {
        deadLetters.store(new DeadLetterStore.Refusal(route, peer, reason, null, null, raw));
    }

    /**
     * Decides a batch, in order. With {@code dryRun} nothing is written: no alarm, no history, no dead letter, and
     * duplicates are not checked, so the same readings can be tried again and again.
     */
    public List<Decision> decide(String route, String peer, List<ParsedReading> readings, boolean dryRun) {
        Timer.Sample sample = Timer.start(meters);
        List<ParsedReading> checked = validation.check(readings);
        List<Decision> decisions = tx.execute(status -> decideInTransaction(route, peer, checked, dryRun));
        long nanos = sample.stop(meters.timer("citysafe.decision.batch", "route", route));
        if (!dryRun) {
            ingestMeters.latency(route, java.time.Duration.ofNanos(nanos));
            ingestMeters.accepted(route, (int) decisions.stream().filter(d -> d.outcome() != Outcome.REJECTED).count());
        }
        for (Decision d : decisions) {
            meters.counter("citysafe.decisions", "route", route, "outcome", d.outcome().name()).increment();
        }
        return decisions;
    }

    private record Candidate(int index, Reading reading, Device device, String raw) {
    }

    private List<Decision> decideInTransaction(String route, String peer, List<ParsedReading> readings, boolean dryRun) {
        Decision[] out = new Decision[readings.size()];
        List<DeadLetterStore.Refusal> refusals = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();
        for (int i = 0; i < readings.size(); i++) {
            ParsedReading parsed = readings.get(i);
            String refusal = null;
            String deviceId = null;
            String messageId = null;
            if (parsed instanceof ParsedReading.Refused r) {
                refusal = r.reason();
                deviceId = r.deviceId();
                messageId = r.messageId();
            } else if (parsed instanceof ParsedReading.Accepted a) {
                Reading reading = a.reading();
                deviceId = reading.deviceId();
                messageId = reading.messageId();
                Device device = registry.find(deviceId).orElse(null);
                if (device == null) {
                    refusal = "unknown device '" + deviceId + "': register it with POST /api/v1/devices";
                } else if (!reportsMetric(device, reading.metric())) {
                    refusal = "device '" + deviceId + "' of type " + device.deviceType() + " does not report "
                            + reading.metric();
                } else if (!dryRun && !inBatch.add(deviceId + '\u0000' + messageId)) {
                    refusal = "duplicate: message '" + messageId + "' of device '" + deviceId
                            + "' appears earlier in this batch";
                } else {
                    candidates.add(new Candidate(i, reading, device, a.raw()));
                }
            }
            if (refusal != null) {
                out[i] = Decision.rejected(deviceId, messageId, Reason.of("ingest.rejected", refusal, null));
                refusals.add(new DeadLetterStore.Refusal(route, peer, refusal, deviceId, messageId,
                        parsed.raw().getBytes(StandardCharsets.UTF_8)));
            }
        }
        if (!dryRun && !candidates.isEmpty()) {
            Set<String> known = readingLog.alreadyDecided(candidates.stream().map(Candidate::reading).toList());
            List<Candidate> fresh = new ArrayList<>();
            for (Candidate c : candidates) {
                if (known.contains(c.reading().deviceId() + '\u0000' + c.reading().messageId())) {
                    String refusal = "duplicate: message '" + c.reading().messageId() + "' of device '"
                            + c.reading().deviceId() + "' was already decided";
                    out[c.index()] = Decision.rejected(c.reading().deviceId(), c.reading().messageId(),
                            Reason.of("ingest.duplicate", refusal, null));
                    refusals.add(new DeadLetterStore.Refusal(route, peer, refusal, c.reading().deviceId(),
                            c.reading().messageId(), c.raw().getBytes(StandardCharsets.UTF_8)));
                } else {
                    fresh.add(c);
                }
            }
            candidates = fresh;
        }

        Map<String, Map<String, Level>> open = alarms.openAlarmsFor(candidates.stream().map(Candidate::device).toList());
        // one snapshot for the whole batch: a policy published meanwhile applies from the next batch, never half-way
        PolicySnapshot policy = policies.current();
        DecisionState state = stateFor(candidates, open, policy);
        List<StatefulDecider.Input> inputs = candidates.stream()
                .map(c -> new StatefulDecider.Input(c.reading(), c.device(),
                        metrics.find(c.reading().metric()).orElseThrow(), policy.policyFor(c.device())))
                .toList();
        RuleSet ruleSet = rules.get();
        // guided rules may name History and Nearby facts: loaded only when the rule set uses them
        // coupled risks: the reading's asset and what is linked to it; the batch's devices answer from the state
        // (those looked up in PostgreSQL are asked once per batch)
        Map<String, Map<String, Level>> looked = new HashMap<>();
        StatefulDecider.Coupler coupler = (o, d, st) -> CouplingRules.apply(o, d, assets.network(), ids -> {
            Map<String, Map<String, Level>> found = new HashMap<>();
            List<String> stored = new ArrayList<>();
            for (String id : ids) {
                if (st.knowsOpenAlarms(id)) found.put(id, st.openAlarms(id));
                else if (looked.containsKey(id)) found.put(id, looked.get(id));
                else stored.add(id);
            }
            if (!stored.isEmpty()) {
                Map<String, Map<String, Level>> fromDb = alarms.openAlarmsOf(stored);
                for (String id : stored) looked.put(id, fromDb.getOrDefault(id, Map.of()));
                found.putAll(fromDb);
            }
            return found;
        });
        List<Decision> decided = StatefulDecider.decide(ruleSet, state, inputs, wave -> surroundings.of(ruleSet, wave),
                coupler);
        List<Candidate> decidedCandidates = List.copyOf(candidates);
        List<Decision> decidedFirst = decided;
        if (!dryRun) {
            // remembered only once the readings are: a batch that rolls back is decided again from the same state
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            for (Candidate c : decidedCandidates) {
                                String metric = c.reading().metric();
                                series.put(c.device().deviceId(), metric, state.series(c.device().deviceId(), metric));
                            }
                            if (held != null) held.decided(inputs, decidedFirst);
                        }
                    });
        }

        if (!dryRun) {
            List<AlarmStore.Trigger> triggers = new ArrayList<>();
            List<Integer> triggerAt = new ArrayList<>();
            for (int k = 0; k < decided.size(); k++) {
                Outcome outcome = decided.get(k).outcome();
                if (outcome == Outcome.ALARM || outcome == Outcome.FAULT) {
                    Candidate c = candidates.get(k);
                    triggers.add(new AlarmStore.Trigger(c.reading(), c.device(), decided.get(k)));
                    triggerAt.add(k);
                }
            }
            List<String> alarmIds = alarms.raise(triggers);
            List<AlarmStore.Clearance> clearances = new ArrayList<>();
            for (int k = 0; k < decided.size(); k++) {
                Decision d = decided.get(k);
                for (String type : d.clears()) {
                    clearances.add(new AlarmStore.Clearance(candidates.get(k).device(), type,
                            d.reasons().stream().filter(r -> r.ruleId().endsWith(".clear")).findFirst()
                                    .orElse(d.reasons().isEmpty() ? null : d.reasons().get(0))));
                }
            }
            alarms.clear(clearances);
            List<Decision> withAlarms = new ArrayList<>(decided);
            Map<String, EscalationView> views = new HashMap<>();
            for (int t = 0; t < triggerAt.size(); t++) {
                int k = triggerAt.get(t);
                Decision d = decided.get(k).withAlarmId(alarmIds.get(t));
                if (d.outcome() == Outcome.ALARM) {
                    EscalationView view = views.computeIfAbsent(d.alarmId(),
                            id -> escalations.view(id, false).orElse(null));
                    d = d.withEscalation(view);
                }
                withAlarms.set(k, d);
            }
            decided = withAlarms;
            List<ReadingLog.Entry> entries = new ArrayList<>();
            for (int k = 0; k < decided.size(); k++) entries.add(new ReadingLog.Entry(candidates.get(k).reading(), decided.get(k)));
            readingLog.append(entries);
            deadLetters.storeAll(refusals);
            Map<String, java.time.Instant> newest = new java.util.HashMap<>();
            for (Candidate c : candidates) {
                // a held reading is the service re-examining a value, not the device reporting
                if (org.citysafe.rules.engine.Rechecks.SOURCE.equals(c.reading().source())) continue;
                newest.merge(c.device().deviceId(), c.reading().ts(), (a, b) -> a.isAfter(b) ? a : b);
            }
            registry.markHeard(newest);
            List<String> backOnline = newest.keySet().stream()
                    .filter(id -> open.getOrDefault(id, Map.of()).containsKey(OfflineDetector.OFFLINE)).toList();
            alarms.resolveOnDevices(OfflineDetector.OFFLINE, backOnline, "the device reported again");
        }
        if (dryRun) {
            List<Decision> previewed = new ArrayList<>(decided);
            for (int k = 0; k < decided.size(); k++) {
                Decision d = decided.get(k);
                if (d.outcome() == Outcome.ALARM) {
                    previewed.set(k, d.withEscalation(escalations.preview(candidates.get(k).device(), d.level())
                            .orElse(null)));
                }
            }
            decided = previewed;
        }
        for (int k = 0; k < decided.size(); k++) out[candidates.get(k).index()] = decided.get(k);
        return Arrays.asList(out);
    }

    /**
     * The state the batch is decided in: each series as remembered (rebuilt from the reading log if need be), the
     * alarms each device holds, the newest readings of the other devices at the batch's sites, and the silences.
     */
    private DecisionState stateFor(List<Candidate> candidates, Map<String, Map<String, Level>> open,
                                   PolicySnapshot policy) {
        DecisionState state = new DecisionState();
        if (candidates.isEmpty()) return state;
        java.time.Instant earliest = candidates.get(0).reading().ts();
        java.time.Instant latest = earliest;
        Set<String> sites = new HashSet<>();
        // the batch's own series: from memory, the rest rebuilt from the reading log in one query
        List<SeriesCache.Wanted> wanted = candidates.stream()
                .map(c -> new SeriesCache.Wanted(c.device(), metrics.find(c.reading().metric()).orElseThrow()))
                .toList();
        series.getAll(wanted, policy::policyFor).forEach((device, byMetric) -> byMetric.forEach((metric, s) ->
                state.putSeries(device, metric, s)));
        for (Candidate c : candidates) {
            Device d = c.device();
            state.addDevice(d);
            state.putOpenAlarms(d.deviceId(), open.getOrDefault(d.deviceId(), Map.of()));
            sites.add(d.siteId());
            if (c.reading().ts().isBefore(earliest)) earliest = c.reading().ts();
            if (c.reading().ts().isAfter(latest)) latest = c.reading().ts();
        }
        List<Device> neighbours = registry.atSites(sites);
        // neighbours' newest readings after a restart; an hour back is beyond any corroboration window
        java.time.Instant since = earliest.minusSeconds(3600);
        Map<String, List<String>> notInMemory = new java.util.LinkedHashMap<>();
        for (Device n : neighbours) {
            state.addDevice(n);
            for (String metric : deviceTypes.find(n.deviceType()).map(t -> t.metrics()).orElse(Set.of())) {
                if (state.seriesOf(n.deviceId()).containsKey(metric)) continue;
                var cached = series.peek(n.deviceId(), metric);
                if (cached != null) state.putSeries(n.deviceId(), metric, cached);
                else if (!series.knownAbsent(n.deviceId(), metric, since)) {
                    notInMemory.computeIfAbsent(n.deviceId(), k -> new ArrayList<>()).add(metric);
                }
            }
        }
        var newest = series.newestOf(notInMemory, since);
        newest.forEach((device, byMetric) -> byMetric.forEach(
                (metric, s) -> {
                    if (!state.seriesOf(device).containsKey(metric)) state.putSeries(device, metric, s);
                }));
        notInMemory.forEach((device, metrics) -> metrics.forEach(metric -> {
            if (!newest.getOrDefault(device, Map.of()).containsKey(metric)) series.markAbsent(device, metric, since);
        }));
        state.setSilences(downstreamSilences.expand(silences.inForce(earliest, latest)));
        double windowDays = policies.defaults().parameter("learning.window.days").orElse(30);
        verdicts.falseAlarmsSinceConfirmed(candidates.stream().map(c -> c.device().deviceId()).distinct().toList(),
                java.time.Instant.now().minusSeconds((long) (windowDays * 86_400))).forEach(state::setFalseAlarms);
        return state;
    }

    private boolean reportsMetric(Device device, String metric) {
        return deviceTypes.find(device.deviceType()).map(t -> t.reports(metric)).orElse(false);
    }
}
