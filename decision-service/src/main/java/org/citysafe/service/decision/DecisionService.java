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
import org.citysafe.rules.engine.Decider;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.service.alarm.AlarmStore;
import org.citysafe.service.deadletter.DeadLetterStore;
import org.citysafe.service.policy.PolicyService;
import org.citysafe.service.registry.DeviceRegistry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The way of one batch of readings: context from the registry, duplicates refused, the district's policy, the rules,
 * then alarms and history stored in one transaction. Every route and the HTTP API come through here.
 */
@Service
public class DecisionService implements ReadingSink {

    private final DeviceRegistry registry;
    private final DeviceTypeCatalog deviceTypes;
    private final MetricCatalog metrics;
    private final PolicyService policies;
    private final ActiveRules rules;
    private final AlarmStore alarms;
    private final ReadingLog readingLog;
    private final DeadLetterStore deadLetters;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Surroundings surroundings;

    public DecisionService(DeviceRegistry registry, DeviceTypeCatalog deviceTypes, MetricCatalog metrics,
                           PolicyService policies, ActiveRules rules, AlarmStore alarms, ReadingLog readingLog,
                           DeadLetterStore deadLetters, TransactionTemplate tx, MeterRegistry meters,
                           Surroundings surroundings) {
        this.registry = registry;
        this.deviceTypes = deviceTypes;
        this.metrics = metrics;
        this.policies = policies;
        this.rules = rules;
        this.alarms = alarms;
        this.readingLog = readingLog;
        this.deadLetters = deadLetters;
        this.tx = tx;
        this.meters = meters;
        this.surroundings = surroundings;
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
        List<Decision> decisions = tx.execute(status -> decideInTransaction(route, peer, readings, dryRun));
        sample.stop(meters.timer("citysafe.decision.batch", "route", route));
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
        List<Observation> observations = candidates.stream()
                .map(c -> new Observation(c.reading(), c.device(), metrics.find(c.reading().metric()).orElseThrow(),
                        policies.policyFor(c.device()), open.getOrDefault(c.device().deviceId(), Map.of())))
                .toList();
        RuleSet ruleSet = rules.get();
        List<Decision> decided = Decider.decide(ruleSet, observations, surroundings.of(ruleSet, observations));

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
            List<Decision> withAlarms = new ArrayList<>(decided);
            for (int t = 0; t < triggerAt.size(); t++) {
                int k = triggerAt.get(t);
                withAlarms.set(k, decided.get(k).withAlarmId(alarmIds.get(t)));
            }
            decided = withAlarms;
            List<ReadingLog.Entry> entries = new ArrayList<>();
            for (int k = 0; k < decided.size(); k++) entries.add(new ReadingLog.Entry(candidates.get(k).reading(), decided.get(k)));
            readingLog.append(entries);
            deadLetters.storeAll(refusals);
        }
        for (int k = 0; k < decided.size(); k++) out[candidates.get(k).index()] = decided.get(k);
        return Arrays.asList(out);
    }

    private boolean reportsMetric(Device device, String metric) {
        return deviceTypes.find(device.deviceType()).map(t -> t.reports(metric)).orElse(false);
    }
}
