package org.citysafe.benchmarks;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.engine.BundledRules;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.engine.DecisionEngine;
import org.citysafe.rules.engine.ReplayContext;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.state.DecisionState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The in-process decision path with the full bundled rule set, beside two baselines on the same readings: a plain
 * Drools stateless session with thresholds only, and a hand-written Java threshold loop. One operation is one
 * reading (a batch of {@value #BATCH} per invocation, as a busy route hands them over), so the scores read as
 * readings per second per thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DecisionPathBenchmark {

    public static final int BATCH = 500;
    /** Devices in the stream: each reports every DEVICES / BATCH invocations. */
    public static final int DEVICES = 10_000;

    /** What every thread shares: compiled rules, policy, catalogue. Compiled once per fork. */
    @State(Scope.Benchmark)
    public static class Engines {
        public RuleSet fullRuleSet;
        public ThresholdsOnlyDrools thresholdsOnly;
        public JavaThresholdLoop javaLoop;
        public Policy policy;
        public MetricCatalog metrics;

        @Setup(Level.Trial)
        public void compile() {
            policy = Policy.defaults();
            metrics = MetricCatalog.bundled();
            fullRuleSet = BundledRules.compile();
            thresholdsOnly = new ThresholdsOnlyDrools(policy);
            javaLoop = new JavaThresholdLoop(policy);
        }
    }

    /** One thread's stream of readings and the state its decisions leave behind (history, open alarms, sites). */
    @State(Scope.Thread)
    public static class Stream {
        private static final Instant START = Instant.parse("2026-11-22T00:00:00Z");
        private String prefix;
        private List<Device> devices;
        private long sequence;
        public DecisionState state;
        public ThresholdsOnlyDrools.Session droolsSession;

        @Setup(Level.Trial)
        public void start(Engines engines) {
            prefix = "t" + Thread.currentThread().getId();
            devices = Workload.devices(prefix, DEVICES);
            state = new DecisionState();
            droolsSession = engines.thresholdsOnly.newSession();
        }

        /** The next batch; event time moves 100 ms per reading, so each device reports every 1000 s. */
        public List<DecisionEngine.Input> nextInputs(Engines engines) {
            List<DecisionEngine.Input> inputs = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++, sequence++) {
                Reading r = Workload.reading(prefix, DEVICES, sequence, START.plusMillis(sequence * 100));
                Device d = devices.get((int) (sequence % DEVICES));
                inputs.add(new DecisionEngine.Input(r, d, engines.metrics.find(r.metric()).orElseThrow(),
                        engines.policy));
            }
            return inputs;
        }

        public List<Sample> nextSamples() {
            List<Sample> samples = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++, sequence++) {
                Reading r = Workload.reading(prefix, DEVICES, sequence, START.plusMillis(sequence * 100));
                Device d = devices.get((int) (sequence % DEVICES));
                samples.add(new Sample(i, d.scenario(), r.metric(), r.value()));
            }
            return samples;
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<Decision> fullRuleSet(Engines engines, Stream stream) {
        return DecisionEngine.decide(engines.fullRuleSet, stream.nextInputs(engines), ReplayContext.over(stream.state));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public org.citysafe.rules.Level[] droolsThresholdsOnly(Stream stream) {
        return stream.droolsSession.levels(stream.nextSamples());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public org.citysafe.rules.Level[] javaThresholdLoop(Engines engines, Stream stream) {
        return engines.javaLoop.levels(stream.nextSamples());
    }
}
