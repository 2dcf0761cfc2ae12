package org.citysafe.service.policy;

import org.citysafe.rules.Level;
import org.citysafe.service.escalation.EscalationChain;

import java.util.List;
import java.util.Map;

/**
 * What one scope's policy version sets over what the scope inherits, typed and validated (see
 * {@link PolicyValidator}). As JSON: {@code {"thresholds":[{"scenario","metric","level","value","clearValue"}],
 * "parameters":{"name": number or text}, "escalationChains":[chain...]}}.
 *
 * @param parameters       numbers: durations, counts, radii, percentages
 * @param settings         text: schedules and quiet hours ({@code 22:00-06:00}), the time zone
 * @param escalationChains chains for alarms in the scope; each chain's district is the scope
 */
public record PolicyDocument(List<ThresholdOverride> thresholds, Map<String, Double> parameters,
                             Map<String, String> settings, List<EscalationChain> escalationChains) {

    /** @param clearValue null: the inherited hysteresis band moves with the value */
    public record ThresholdOverride(String scenario, String metric, Level level, double value, Double clearValue) {
        public String key() {
            return scenario + '|' + metric + '|' + level;
        }
    }

    public PolicyDocument {
        thresholds = List.copyOf(thresholds);
        parameters = Map.copyOf(parameters);
        settings = Map.copyOf(settings);
        escalationChains = List.copyOf(escalationChains);
    }

    public static final PolicyDocument EMPTY = new PolicyDocument(List.of(), Map.of(), Map.of(), List.of());
}
