package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reason;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sandbox cannot see in the text, a rule set that never comes to rest, is stopped when it runs: each
 * draft of {@code sandbox/runaway} passes the sandbox, and every decision it takes part in is still answered, with
 * the shipped rules' conclusion and a reason that names the rule stopped.
 */
class RuleLimitsTest {

    private static RuleSet withDraft(Path draft) {
        RuleSource s = new RuleSource("org/citysafe/rules/fire/" + draft.getFileName(), SandboxCorpusTest.read(draft));
        assertThat(DrlSandbox.check(s)).as("the sandbox cannot see a runaway in the text").isEmpty();
        List<RuleSource> sources = new ArrayList<>(BundledRules.sources());
        sources.add(s);
        return RuleSet.compile("runaway", sources);
    }

    @TestFactory
    Stream<DynamicTest> aRunawayDraftIsStoppedAndTheDecisionStillAnswered() {
        return SandboxCorpusTest.files("runaway").stream().map(p -> DynamicTest.dynamicTest(
                p.getFileName().toString(), () -> {
                    RuleSet rules = withDraft(p).withLimits(new RuleSet.Limits(500, Duration.ofMinutes(10)));
                    Observation smoke = RuleFixture.observe(RuleFixture.device("smoke-detector"), "smoke.alarm", 1,
                            Map.of(), RuleFixture.DEFAULTS);
                    Decision d = Decider.decide(rules, List.of(smoke)).get(0);
                    Reason stop = d.reasons().stream().filter(r -> r.ruleId().equals(Finding.STOPPED)).findFirst()
                            .orElseThrow(() -> new AssertionError("not stopped: " + d.reasons()));
                    assertThat(stop.message()).contains("fired 500 times").containsPattern("rule \"(Every|Ping|Pong)");
                    assertThat(stop.messageZh()).contains("规则执行被中止");
                    // what the shipped smoke rule found is still there (the draft may hold it back, as drafts may)
                    assertThat(d.outcome()).isIn(Outcome.ALARM, Outcome.SUPPRESSED);
                    assertThat(d.alarmType()).isEqualTo("SMOKE");
                }));
    }

    @Test
    void theFiringLimitCountsPerObservationOfABatch() {
        RuleSet rules = withDraft(SandboxCorpusTest.files("runaway").get(0))
                .withLimits(new RuleSet.Limits(200, Duration.ofMinutes(10)));
        List<Observation> batch = List.of(
                RuleFixture.observe(RuleFixture.device("smoke-detector"), "smoke.alarm", 1, Map.of(), RuleFixture.DEFAULTS),
                RuleFixture.observe(RuleFixture.device("smoke-detector"), "smoke.alarm", 0, Map.of(), RuleFixture.DEFAULTS));
        for (Decision d : Decider.decide(rules, batch)) {
            assertThat(d.reasons()).anySatisfy(r -> assertThat(r.message()).contains("fired 400 times"));
        }
    }

    @Test
    void aTimeBudgetOfZeroStopsAtTheFirstFiring() {
        RuleSet rules = BundledRules.compile().withLimits(new RuleSet.Limits(10_000, Duration.ZERO));
        Observation smoke = RuleFixture.observe(RuleFixture.device("smoke-detector"), "smoke.alarm", 1, Map.of(),
                RuleFixture.DEFAULTS);
        Decision d = Decider.decide(rules, List.of(smoke)).get(0);
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r.message()).contains("past the time budget"));
    }

    @Test
    void theShippedRulesDecideWithinTheDefaultLimits() {
        RuleSet rules = BundledRules.compile();
        assertThat(rules.limits()).isEqualTo(RuleSet.Limits.DEFAULT);
        Observation smoke = RuleFixture.observe(RuleFixture.device("smoke-detector"), "smoke.alarm", 1, Map.of(),
                RuleFixture.DEFAULTS);
        Decision d = Decider.decide(rules, List.of(smoke)).get(0);
        assertThat(d.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(d.reasons()).noneMatch(r -> r.ruleId().equals(Finding.STOPPED));
    }
}
