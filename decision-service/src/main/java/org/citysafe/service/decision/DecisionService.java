package org.citysafe.service.decision;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.routes.ingest.ReadingSink;
import org.citysafe.rules.Decision;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.engine.DecisionEngine;
import org.citysafe.service.deadletter.DeadLetterStore;
import org.citysafe.service.metrics.IngestMeters;
import org.citysafe.service.policy.PolicyService;
import org.citysafe.service.ruleset.ActiveRules;
import org.citysafe.service.policy.PolicySnapshot;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The way of one batch of readings, in one transaction: validation (ids, timestamps) and admission (unknown devices
 * and duplicates refused), the batch's context (series, site, open alarms, silences, network), the
 * {@link DecisionEngine} under one policy snapshot, then recording (alarms and their escalation chains, the reading log, dead letters). Every route and the
 * HTTP API come through here. An ALARM decision carries its alarm's escalation: the chain and the next step.
 */
@Service
public class DecisionService implements ReadingSink {

    private final ReadingValidation validation;
    private final ReadingAdmission admission;
    private final StoredContext.Loader contexts;
    private final PolicyService policies;
    private final ActiveRules rules;
    private final MetricCatalog metrics;
    private final DecisionRecorder recorder;
    private final DeadLetterStore deadLetters;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final IngestMeters ingestMeters;

    public DecisionService(ReadingValidation validation, ReadingAdmission admission, StoredContext.Loader contexts,
                           PolicyService policies,
                           ActiveRules rules, MetricCatalog metrics, DecisionRecorder recorder,
                           DeadLetterStore deadLetters, TransactionTemplate tx, MeterRegistry meters) {
        this.validation = validation;
        this.admission = admission;
        this.contexts = contexts;
        this.policies = policies;
        this.rules = rules;
        this.metrics = metrics;
        this.recorder = recorder;
        this.deadLetters = deadLetters;
        this.tx = tx;
        this.meters = meters;
        this.ingestMeters = new IngestMeters(meters);
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
        // ids and timestamps are checked before anything of a reading is stored, on every route
        List<ParsedReading> checked = validation.check(readings);
        List<Decision> decisions = tx.execute(status -> decideInTransaction(route, peer, checked, dryRun));
        long nanos = sample.stop(meters.timer("citysafe.decision.batch", "route", route));
        if (!dryRun) {
            ingestMeters.latency(route, Duration.ofNanos(nanos));
            ingestMeters.accepted(route, (int) decisions.stream().filter(d -> d.outcome() != Outcome.REJECTED).count());
        }
        for (Decision d : decisions) {
            meters.counter("citysafe.decisions", "route", route, "outcome", d.outcome().name()).increment();
        }
        return decisions;
    }

    private List<Decision> decideInTransaction(String route, String peer, List<ParsedReading> readings, boolean dryRun) {
        ReadingAdmission.Admitted admitted = admission.admit(route, peer, readings, dryRun);
        List<ReadingAdmission.Candidate> candidates = admitted.candidates();
        // one snapshot for the whole batch: a policy published meanwhile applies from the next batch, never half-way
        PolicySnapshot policy = policies.current();
        StoredContext context = contexts.load(candidates, policy);
        List<DecisionEngine.Input> inputs = candidates.stream()
                .map(c -> new DecisionEngine.Input(c.reading(), c.device(),
                        metrics.find(c.reading().metric()).orElseThrow(), policy.policyFor(c.device())))
                .toList();
        List<Decision> decided = DecisionEngine.decide(rules.get(), inputs, context);
        decided = dryRun ? recorder.preview(candidates, decided)
                : recorder.record(candidates, inputs, decided, context, admitted.refusals());
        Decision[] out = admitted.decisions();
        for (int k = 0; k < decided.size(); k++) out[candidates.get(k).index()] = decided.get(k);
        return Arrays.asList(out);
    }
}
