package org.citysafe.service.decision;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reason;
import org.citysafe.rules.engine.DecisionEngine;
import org.citysafe.rules.engine.Rechecks;
import org.citysafe.rules.state.DecisionState;
import org.citysafe.service.alarm.AlarmStore;
import org.citysafe.service.deadletter.DeadLetterStore;
import org.citysafe.service.escalation.EscalationScheduler;
import org.citysafe.service.escalation.EscalationView;
import org.citysafe.service.health.OfflineDetector;
import org.citysafe.service.registry.DeviceRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last step of a batch, in its transaction: alarms raised, moved and cleared (with their escalation chains),
 * the readings and their decisions appended to the reading log, refusals kept as dead letters, devices marked as
 * heard (an OFFLINE alarm resolves when its device reports again). Once committed, the series cache and the held
 * conditions move on; a batch that rolls back is decided again from the same state.
 */
@Component
public class DecisionRecorder {

    private final AlarmStore alarms;
    private final EscalationScheduler escalations;
    private final ReadingLog readingLog;
    private final DeadLetterStore deadLetters;
    private final DeviceRegistry registry;
    private final SeriesCache series;
    private HeldConditions held;

    public DecisionRecorder(AlarmStore alarms, EscalationScheduler escalations, ReadingLog readingLog,
                            DeadLetterStore deadLetters, DeviceRegistry registry, SeriesCache series) {
        this.alarms = alarms;
        this.escalations = escalations;
        this.readingLog = readingLog;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.series = series;
    }

    /** Told of every committed decision, so that hazards held back for time are re-examined on the clock. */
    @Autowired
    void setHeldConditions(HeldConditions held) {
        this.held = held;
    }

    /** Stores what was decided; returns the decisions with their alarm ids and escalations. */
    public List<Decision> record(List<ReadingAdmission.Candidate> candidates, List<DecisionEngine.Input> inputs,
                                 List<Decision> decided, StoredContext context,
                                 List<DeadLetterStore.Refusal> refusals) {
        afterCommit(candidates, inputs, decided, context.state());
        List<Decision> out = withAlarms(candidates, decided);
        List<ReadingLog.Entry> entries = new ArrayList<>();
        for (int k = 0; k < out.size(); k++) entries.add(new ReadingLog.Entry(candidates.get(k).reading(), out.get(k)));
        readingLog.append(entries);
        deadLetters.storeAll(refusals);
        heard(candidates, context.openAtStart());
        return out;
    }

    /** A dry run's decisions, each ALARM with the escalation it would follow; nothing is stored. */
    public List<Decision> preview(List<ReadingAdmission.Candidate> candidates, List<Decision> decided) {
        List<Decision> previewed = new ArrayList<>(decided);
        for (int k = 0; k < decided.size(); k++) {
            Decision d = decided.get(k);
            if (d.outcome() == Outcome.ALARM) {
                previewed.set(k, d.withEscalation(escalations.preview(candidates.get(k).device(), d.level())
                        .orElse(null)));
            }
        }
        return previewed;
    }

    private void afterCommit(List<ReadingAdmission.Candidate> candidates, List<DecisionEngine.Input> inputs,
                             List<Decision> decided, DecisionState state) {
        List<ReadingAdmission.Candidate> committed = List.copyOf(candidates);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                for (ReadingAdmission.Candidate c : committed) {
                    String metric = c.reading().metric();
                    series.put(c.device().deviceId(), metric, state.series(c.device().deviceId(), metric));
                }
                if (held != null) held.decided(inputs, decided);
            }
        });
    }

    /** Raises and clears alarms; the decisions carry their alarm's id and, for ALARM, its escalation. */
    private List<Decision> withAlarms(List<ReadingAdmission.Candidate> candidates, List<Decision> decided) {
        List<AlarmStore.Trigger> triggers = new ArrayList<>();
        List<Integer> triggerAt = new ArrayList<>();
        List<AlarmStore.Clearance> clearances = new ArrayList<>();
        for (int k = 0; k < decided.size(); k++) {
            Decision d = decided.get(k);
            ReadingAdmission.Candidate c = candidates.get(k);
            if (d.outcome() == Outcome.ALARM || d.outcome() == Outcome.FAULT) {
                triggers.add(new AlarmStore.Trigger(c.reading(), c.device(), d));
                triggerAt.add(k);
            }
            for (String type : d.clears()) clearances.add(new AlarmStore.Clearance(c.device(), type, clearReason(d)));
        }
        List<String> alarmIds = alarms.raise(triggers);
        alarms.clear(clearances);
        List<Decision> out = new ArrayList<>(decided);
        Map<String, EscalationView> views = new HashMap<>();
        for (int t = 0; t < triggerAt.size(); t++) {
            int k = triggerAt.get(t);
            Decision d = decided.get(k).withAlarmId(alarmIds.get(t));
            if (d.outcome() == Outcome.ALARM) {
                d = d.withEscalation(views.computeIfAbsent(d.alarmId(), id -> escalations.view(id, false).orElse(null)));
            }
            out.set(k, d);
        }
        return out;
    }

    private static Reason clearReason(Decision d) {
        return d.reasons().stream().filter(r -> r.ruleId().endsWith(".clear")).findFirst()
                .orElse(d.reasons().isEmpty() ? null : d.reasons().get(0));
    }

    /** Devices reported: they are heard, and an OFFLINE alarm they held resolves. */
    private void heard(List<ReadingAdmission.Candidate> candidates, Map<String, Map<String, Level>> open) {
        Map<String, Instant> newest = new HashMap<>();
        for (ReadingAdmission.Candidate c : candidates) {
            // a held reading is the service re-examining a value, not the device reporting
            if (Rechecks.SOURCE.equals(c.reading().source())) continue;
            newest.merge(c.device().deviceId(), c.reading().ts(), (a, b) -> a.isAfter(b) ? a : b);
        }
        registry.markHeard(newest);
        List<String> backOnline = newest.keySet().stream()
                .filter(id -> open.getOrDefault(id, Map.of()).containsKey(OfflineDetector.OFFLINE)).toList();
        alarms.resolveOnDevices(OfflineDetector.OFFLINE, backOnline, "the device reported again");
    }
}
