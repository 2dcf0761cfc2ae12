package org.citysafe.benchmarks;

import org.citysafe.rules.Level;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;

import java.util.List;

/** Baseline 2, the practical limit: the same thresholds checked in a hand-written loop, most severe first. */
public final class JavaThresholdLoop {

    private final Policy policy;

    public JavaThresholdLoop(Policy policy) {
        this.policy = policy;
    }

    /** The most severe level each sample crosses, null where it crosses none. */
    public Level[] levels(List<Sample> samples) {
        Level[] out = new Level[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            for (Threshold t : policy.thresholds(s.getScenario(), s.getMetric())) {
                if (t.crossedBy(s.getValue()) && (out[i] == null || t.getLevel().severity() > out[i].severity())) {
                    out[i] = t.getLevel();
                }
            }
        }
        return out;
    }
}
