package org.citysafe.service.policy;

import org.citysafe.rules.Level;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Policy;
import org.citysafe.service.escalation.EscalationChain;

import java.util.List;
import java.util.Map;

/**
 * What one scope's policy version sets over what the scope inherits, typed and validated (see
 * {@link PolicyValidator}). As JSON: {@code {"thresholds":[{"scenario","metric","level","direction","value","clearValue"}],
 * "parameters":{"name": number or text}, "escalationChains":[chain...]}}.
 *
 * @param parameters       numbers: durations, counts, radii, percentages
 * @param settings         text: schedules and quiet hours ({@code 22:00-06:00}), the time zone
 * @param escalationChains chains for alarms in the scope; each chain's district is the scope
 */
public record PolicyDocument(List<ThresholdOverride> thresholds, Map<String, Double> parameters,
                             Map<String, String> settings, List<EscalationChain> escalationChains) {

    /**
     * One band of a graded threshold: a metric may have bands in two directions (a water main's pressure too low and
     * too high), so a band is named by scenario, metric, direction and level.
     *
     * @param clearValue null: the inherited hysteresis band moves with the value
     */
    public record ThresholdOverride(String scenario, String metric, Level level, Direction direction, double value,
                                    Double clearValue) {
        public String key() {
            return Policy.bandKey(scenario, metric, direction, level);
        }

        public Policy.Band band() {
            return new Policy.Band(scenario, metric, direction, level, value, clearValue);
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
