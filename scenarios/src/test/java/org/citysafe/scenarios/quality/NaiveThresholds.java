package org.citysafe.scenarios.quality;

import org.citysafe.rules.Device;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.engine.Decider;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.policy.Policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a plain threshold platform does: each reading alone against the same thresholds, with no confirmation
 * parameters ({@code confirm.*}, the kitchen's cooking-hours wait), no history, no site, no open alarms, and the
 * reading's flags and the device's tags dropped.
 */
final class NaiveThresholds implements EpisodeDecider {

    private static final MetricCatalog METRICS = MetricCatalog.bundled();
    private final RuleSet rules;
    private final Policy policy;

    NaiveThresholds(RuleSet rules, Policy policy) {
        this.rules = rules;
        Map<String, Double> parameters = new LinkedHashMap<>(policy.withoutParameters("confirm.").parameters());
        parameters.put("kitchen.smoke.sustain.seconds", 0.0);
        this.policy = new Policy(policy.version() + "+naive", policy.allThresholds(), parameters, policy.settings());
    }

    @Override
    public List<Decided> decide(List<Device> devices, List<Reading> readings) {
        Map<String, Device> plain = new HashMap<>();
        for (Device d : devices) {
            plain.put(d.deviceId(), new Device(d.deviceId(), d.deviceType(), d.scenario(), null, d.districtPath(), null,
                    d.reportingIntervalSeconds(), null, List.of(), Set.of()));
        }
        List<Observation> observations = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            Reading unflagged = new Reading(r.deviceId(), r.metric(), r.value(), r.unit(), r.ts(), r.messageId(),
                    r.source(), Set.of());
            observations.add(new Observation(unflagged, plain.get(r.deviceId()), METRICS.find(r.metric()).orElseThrow(),
                    policy));
        }
        var decisions = Decider.decide(rules, observations);
        List<Decided> out = new ArrayList<>(readings.size());
        for (int i = 0; i < readings.size(); i++) out.add(new Decided(readings.get(i), decisions.get(i)));
        return out;
    }
}
