package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.state.DecisionState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides readings in order with memory: each reading sees the history of its series, the alarms its device holds
 * and the newest readings of the other devices at its site, as left by every reading before it.
 *
 * <p>A batch is cut into waves: the first reading of every site, then the second, and so on. Readings of one wave
 * belong to different sites and cannot influence each other, so a wave is evaluated in one rule session; the state
 * moves on between waves. A batch of readings from many sites is one wave.
 */
public final class StatefulDecider {

    private StatefulDecider() {
    }

    /** One reading to decide, with its device, metric definition and the policy in force for the device. */
    public record Input(Reading reading, Device device, Metric metric, Policy policy) {
    }

    public static List<Decision> decide(RuleSet rules, DecisionState state, List<Input> inputs) {
        return decide(rules, state, inputs, wave -> List.of());
    }

    /**
     * As {@link #decide(RuleSet, DecisionState, List)}, with further facts inserted beside each wave's observations
     * (the History and Nearby facts that guided rules may name).
     */
    public static List<Decision> decide(RuleSet rules, DecisionState state, List<Input> inputs,
                                        java.util.function.Function<List<Observation>, java.util.Collection<?>> context) {
        return decide(rules, state, inputs, context, Coupler.NONE);
    }

    /**
     * What a decision becomes once the reading's surroundings on other networks are looked at (coupled risks): a
     * stage after the rules, before the state remembers the decision, so that the alarm a device then holds is at
     * the coupled level. Readings earlier in the batch are already in the state.
     */
    @FunctionalInterface
    public interface Coupler {
        Coupler NONE = (o, d, state) -> d;

        Decision couple(Observation observation, Decision decision, DecisionState state);
    }

    /** As {@link #decide(RuleSet, DecisionState, List, java.util.function.Function)}, each decision then coupled. */
    public static List<Decision> decide(RuleSet rules, DecisionState state, List<Input> inputs,
                                        java.util.function.Function<List<Observation>, java.util.Collection<?>> context,
                                        Coupler coupler) {
        for (Input in : inputs) state.addDevice(in.device());
        Map<String, Integer> perSite = new HashMap<>();
        List<List<Integer>> waves = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Device d = inputs.get(i).device();
            String site = d.siteId() != null ? d.siteId() : "device:" + d.deviceId();
            int wave = perSite.merge(site, 1, Integer::sum) - 1;
            while (waves.size() <= wave) waves.add(new ArrayList<>());
            waves.get(wave).add(i);
        }
        Decision[] out = new Decision[inputs.size()];
        for (List<Integer> wave : waves) {
            List<Observation> observations = new ArrayList<>(wave.size());
            for (int i : wave) {
                Input in = inputs.get(i);
                String deviceId = in.device().deviceId();
                observations.add(new Observation(in.reading(), in.device(), in.metric(), in.policy(),
                        state.openAlarms(deviceId), state.series(deviceId, in.reading().metric()),
                        state.siteView(in.device(), in.reading().metric()), state.silences(), state.falseAlarms(deviceId)));
            }
            List<Decision> decisions = Decider.decide(rules, observations, context.apply(observations));
            for (int k = 0; k < wave.size(); k++) {
                Decision decision = coupler.couple(observations.get(k), decisions.get(k), state);
                state.record(observations.get(k), decision);
                out[wave.get(k)] = decision;
            }
        }
        return List.of(out);
    }
}
