package org.citysafe.scenarios.quality;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.engine.Rechecks;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.engine.DecisionEngine;
import org.citysafe.rules.engine.ReplayContext;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.state.DecisionState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The assembly the replay harness decides with (the corpus in {@code replay/Corpus}): {@link DecisionEngine} in a
 * {@link ReplayContext} over one {@link DecisionState} per episode, as the service keeps state per device, and {@link Rechecks} run on event
 * time, as the service runs them on the clock, so a held-back condition of a silent device is re-examined.
 */
final class ReplayAssembly implements EpisodeDecider {

    private static final MetricCatalog METRICS = MetricCatalog.bundled();
    private final RuleSet rules;
    private final Policy policy;

    ReplayAssembly(RuleSet rules, Policy policy) {
        this.rules = rules;
        this.policy = policy;
    }

    @Override
    public List<Decided> decide(List<Device> devices, List<Reading> readings) {
        DecisionState state = new DecisionState();
        devices.forEach(state::addDevice);
        Map<String, Device> byId = new HashMap<>();
        devices.forEach(d -> byId.put(d.deviceId(), d));
        Rechecks rechecks = new Rechecks(10_000);
        List<Decided> out = new ArrayList<>(readings.size() + 8);
        Instant newest = Instant.MIN;
        for (Reading r : readings) {
            if (r.ts().isAfter(newest)) newest = r.ts();
            for (DecisionEngine.Input held : rechecks.due(newest.minusNanos(1))) decide(state, rechecks, held, out);
            var input = new DecisionEngine.Input(r, byId.get(r.deviceId()), METRICS.find(r.metric()).orElseThrow(), policy);
            decide(state, rechecks, input, out);
        }
        for (DecisionEngine.Input held : rechecks.due(Instant.MAX)) decide(state, rechecks, held, out);
        return out;
    }

    private void decide(DecisionState state, Rechecks rechecks, DecisionEngine.Input in, List<Decided> out) {
        Decision d = DecisionEngine.decide(rules, List.of(in), ReplayContext.over(state)).get(0);
        rechecks.after(List.of(in), List.of(d), null);
        out.add(new Decided(in.reading(), d));
    }
}
