package org.citysafe.service.ruleset;

import org.citysafe.rules.Device;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.engine.BundledRules;
import org.citysafe.rules.engine.DecisionEngine;
import org.citysafe.rules.engine.ReplayContext;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.policy.Policy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rule set decisions are made with. Compiled and warmed while the application starts, so the service reports
 * ready only once the first decision is as fast as the rest. A swap replaces the reference atomically: a decision
 * in flight finishes on the rule set it started with.
 */
@Component
public class ActiveRules {

    private static final Logger log = LoggerFactory.getLogger(ActiveRules.class);
    private final AtomicReference<RuleSet> current = new AtomicReference<>();
    private final MetricCatalog metrics;

    /** The bundled rules run within the limits authored rule sets get ({@code RuleCompiler}): the same properties. */
    public ActiveRules(MetricCatalog metrics,
                       @Value("${citysafe.rules.max-firings-per-decision:10000}") int maxFirings,
                       @Value("${citysafe.rules.time-per-decision:1s}") Duration timePerDecision) {
        this.metrics = metrics;
        long start = System.nanoTime();
        RuleSet rules = BundledRules.compile().withLimits(new RuleSet.Limits(maxFirings, timePerDecision));
        long compiled = System.nanoTime();
        warm(rules, metrics);
        current.set(rules);
        log.info("Rules compiled in {} ms and warmed in {} ms: {} rules", (compiled - start) / 1_000_000,
                (System.nanoTime() - compiled) / 1_000_000, rules.ruleNames().size());
    }

    public RuleSet get() {
        return current.get();
    }

    public void swap(RuleSet rules) {
        current.set(rules);
    }

    /** Warms a newly compiled rule set, then swaps it in; returns the one it replaces. */
    public RuleSet install(RuleSet rules) {
        warm(rules, metrics);
        return current.getAndSet(rules);
    }

    /** Runs every metric once through the rules so that lazy compilation happens now, not on a user's request. */
    private static void warm(RuleSet rules, MetricCatalog metrics) {
        Device device = new Device("warm-up", "warm-up", "warm-up", "warm-up", "warm-up", null, null, null, List.of());
        Policy policy = Policy.defaults();
        List<DecisionEngine.Input> inputs = metrics.all().stream()
                .map(m -> new DecisionEngine.Input(new Reading("warm-up", m.name(), m.instrumentMin(), m.canonicalUnit(),
                        Instant.EPOCH, "warm-up", "warm-up", Set.of()), device, m, policy))
                .toList();
        DecisionEngine.decide(rules, inputs, new ReplayContext());
    }
}
