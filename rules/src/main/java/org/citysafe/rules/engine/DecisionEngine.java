package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.coupling.CouplingRules;
import org.citysafe.rules.coupling.OpenAlarms;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.state.DecisionState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way a batch of readings is decided, wherever it comes from: the service, a policy preview, an expert's rule
 * test, the replay corpus, the quality report and the benchmarks all call {@link #decide(RuleSet, List,
 * DecisionContext)}; they differ only in the {@link DecisionContext} they give.
 *
 * <p>Readings are decided in order with memory: each sees the history of its series, the alarms its device holds and
 * the newest readings of the other devices at its site, as left by every reading before it. A batch is cut into
 * waves: the first reading of every site, then the second, and so on. Readings of one wave belong to different sites
 * and cannot influence each other, so a wave is evaluated in one rule session; the state moves on between waves.
 *
 * <p>Per wave: the rules (with the {@link History} and {@link Nearby} facts when the rule set names them), then the
 * coupled risks of each ALARM decision on the asset network, then the state records each decision, so that the alarm
 * a device then holds is at the coupled level.
 */
public final class DecisionEngine {

    private DecisionEngine() {
    }

    /** One reading to decide, with its device, metric definition and the policy in force for the device. */
    public record Input(Reading reading, Device device, Metric metric, Policy policy) {
    }

    /** Decisions in the order of the inputs. */
    public static List<Decision> decide(RuleSet rules, List<Input> inputs, DecisionContext context) {
        DecisionState state = context.state();
        for (Input in : inputs) state.addDevice(in.device());
        boolean histories = rules.mentions("History");
        boolean nearby = rules.mentions("Nearby");
        // the alarms of devices outside the state are asked for once per batch
        Map<String, Map<String, Level>> looked = new HashMap<>();
        OpenAlarms openAlarms = ids -> openAlarms(ids, state, context, looked);
        Decision[] out = new Decision[inputs.size()];
        for (List<Integer> wave : waves(inputs)) {
            List<Observation> observations = new ArrayList<>(wave.size());
            for (int i : wave) observations.add(observe(inputs.get(i), state));
            List<Object> facts = new ArrayList<>();
            if (histories) for (Observation o : observations) facts.add(History.of(o));
            if (nearby) facts.addAll(context.nearby(observations));
            List<Decision> decisions = Decider.decide(rules, observations, facts);
            for (int k = 0; k < wave.size(); k++) {
                Observation o = observations.get(k);
                Decision decision = CouplingRules.apply(o, decisions.get(k), context.network(), openAlarms);
                state.record(o, decision);
                out[wave.get(k)] = decision;
            }
        }
        return List.of(out);
    }

    /** The observation of an input in the state as it stands. */
    static Observation observe(Input in, DecisionState state) {
        String deviceId = in.device().deviceId();
        String metric = in.reading().metric();
        return new Observation(in.reading(), in.device(), in.metric(), in.policy(), state.openAlarms(deviceId),
                state.series(deviceId, metric), state.siteView(in.device(), metric), state.silences(),
                state.falseAlarms(deviceId));
    }

    private static List<List<Integer>> waves(List<Input> inputs) {
        Map<String, Integer> perSite = new HashMap<>();
        List<List<Integer>> waves = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Device d = inputs.get(i).device();
            String site = d.siteId() != null ? d.siteId() : "device:" + d.deviceId();
            int wave = perSite.merge(site, 1, Integer::sum) - 1;
            while (waves.size() <= wave) waves.add(new ArrayList<>());
            waves.get(wave).add(i);
        }
        return waves;
    }

    private static Map<String, Map<String, Level>> openAlarms(Collection<String> ids, DecisionState state,
                                                              DecisionContext context,
                                                              Map<String, Map<String, Level>> looked) {
        Map<String, Map<String, Level>> found = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            if (state.knowsOpenAlarms(id)) found.put(id, state.openAlarms(id));
            else if (looked.containsKey(id)) found.put(id, looked.get(id));
            else unknown.add(id);
        }
        if (!unknown.isEmpty()) {
            Map<String, Map<String, Level>> fromContext = context.openAlarmsOf(unknown);
            for (String id : unknown) {
                Map<String, Level> alarms = fromContext.getOrDefault(id, Map.of());
                looked.put(id, alarms);
                found.put(id, alarms);
            }
        }
        return found;
    }
}
