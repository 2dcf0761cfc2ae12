package org.citysafe.benchmarks;

/** A reading as the baselines see it: where it belongs in the batch, its scenario, metric and canonical value. */
public final class Sample {

    private final int index;
    private final String scenario;
    private final String metric;
    private final double value;

    public Sample(int index, String scenario, String metric, double value) {
        this.index = index;
        this.scenario = scenario;
        this.metric = metric;
        this.value = value;
    }

    public int getIndex() {
        return index;
    }

    public String getScenario() {
        return scenario;
    }

    public String getMetric() {
        return metric;
    }

    public double getValue() {
        return value;
    }
}
