package org.citysafe.benchmarks;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmarks measure what they claim: every reading of a batch is decided, the workload raises alarms, and the
 * two baselines agree reading by reading. The JMH harness itself runs once, in-process and briefly: a smoke test,
 * not a measurement (docs/BENCHMARKS.md has the commands for those).
 */
class DecisionPathBenchmarkTest {

    @Test
    void fullRuleSetDecidesEveryReadingOfABatchAndRaisesAlarmsAtTheWorkloadsRate() {
        DecisionPathBenchmark benchmark = new DecisionPathBenchmark();
        DecisionPathBenchmark.Engines engines = new DecisionPathBenchmark.Engines();
        engines.compile();
        DecisionPathBenchmark.Stream stream = new DecisionPathBenchmark.Stream();
        stream.start(engines);

        int batches = 2 * DecisionPathBenchmark.DEVICES / DecisionPathBenchmark.BATCH; // every device twice
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        for (int b = 0; b < batches; b++) {
            List<Decision> decisions = benchmark.fullRuleSet(engines, stream);
            assertThat(decisions).hasSize(DecisionPathBenchmark.BATCH).doesNotContainNull();
            decisions.forEach(d -> outcomes.merge(d.outcome(), 1L, Long::sum));
        }
        assertThat(outcomes).doesNotContainKey(Outcome.REJECTED);
        long hazards = outcomes.getOrDefault(Outcome.ALARM, 0L) + outcomes.getOrDefault(Outcome.SUPPRESSED, 0L);
        // one reading in twenty is past ORANGE; some are held back (not yet sustained, not corroborated)
        assertThat(hazards).isEqualTo(2L * DecisionPathBenchmark.DEVICES / Workload.HAZARD_EVERY);
        assertThat(outcomes.get(Outcome.ALARM)).isPositive();
    }

    @Test
    void bothBaselinesFindTheSameLevelForEveryReading() {
        DecisionPathBenchmark.Engines engines = new DecisionPathBenchmark.Engines();
        engines.compile();
        DecisionPathBenchmark.Stream stream = new DecisionPathBenchmark.Stream();
        stream.start(engines);
        for (int b = 0; b < 40; b++) {
            List<Sample> samples = stream.nextSamples();
            Level[] drools = stream.droolsSession.levels(samples);
            Level[] java = engines.javaLoop.levels(samples);
            assertThat(drools).containsExactly(java);
            assertThat(Arrays.stream(java).filter(l -> l != null).count())
                    .isEqualTo(DecisionPathBenchmark.BATCH / Workload.HAZARD_EVERY);
        }
    }

    @Test
    void jmhHarnessRunsAllThreeBenchmarks() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(DecisionPathBenchmark.class.getName())
                .forks(0).threads(1)
                .warmupIterations(0)
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(200))
                .shouldFailOnError(true)
                .build()).run();
        Map<String, Double> scores = results.stream().collect(Collectors.toMap(
                r -> r.getParams().getBenchmark().replaceFirst(".*\\.", ""),
                r -> r.getPrimaryResult().getScore()));
        assertThat(scores).containsOnlyKeys("fullRuleSet", "droolsThresholdsOnly", "javaThresholdLoop");
        assertThat(scores.values()).allSatisfy(score -> assertThat(score).isPositive());
    }
}
