package org.citysafe.service.policy;

import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;
import org.citysafe.service.escalation.EscalationChain;
import org.citysafe.service.registry.DistrictPath;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy of every scope in force at one moment, immutable: a decision (or a batch) takes one snapshot and
 * resolves every device's policy from it, so a publish in the middle never mixes two versions. Resolution starts
 * from the shipped defaults and applies each scope on the device's district path, city first: the most specific
 * value wins. Resolved policies are cached per district path for the snapshot's lifetime.
 */
public final class PolicySnapshot {

    /** Where a value came from: a scope's version, or the shipped defaults (scope null). */
    public record Source(String scope, Integer version) {
        static final Source DEFAULTS = new Source(null, null);

        public String label() {
            return scope == null ? "defaults" : scope + "@v" + version;
        }
    }

    /** A scope's version in force (or a draft put in its place for validation and preview). */
    public record Layer(String scope, int version, boolean draft, PolicyDocument document) {
        String label() {
            return scope + "@v" + version + (draft ? "-draft" : "");
        }
    }

    /** A district's policy with the source of each threshold (by {@link #key(Threshold)}) and parameter. */
    public record Resolved(String districtPath, Policy policy, Map<String, Source> thresholdSources,
                           Map<String, Source> parameterSources, List<EscalationChain> escalationChains,
                           List<Layer> layers) {
    }

    private final Policy defaults;
    private final Map<String, Layer> layers;
    private final Map<String, Resolved> cache = new ConcurrentHashMap<>();

    public PolicySnapshot(Policy defaults, Map<String, Layer> layers) {
        this.defaults = defaults;
        this.layers = Map.copyOf(layers);
    }

    public static PolicySnapshot defaultsOnly(Policy defaults) {
        return new PolicySnapshot(defaults, Map.of());
    }

    public Policy defaults() {
        return defaults;
    }

    public Map<String, Layer> layers() {
        return layers;
    }

    /** The same snapshot with a draft in place of a scope's version in force. */
    public PolicySnapshot withDraft(String scope, int version, PolicyDocument document) {
        Map<String, Layer> changed = new HashMap<>(layers);
        changed.put(scope, new Layer(scope, version, true, document));
        return new PolicySnapshot(defaults, changed);
    }

    public Policy policyFor(Device device) {
        return resolve(device.districtPath()).policy();
    }

    public Resolved resolve(String districtPath) {
        if (districtPath == null || districtPath.isBlank() || layers.isEmpty()) {
            return cache.computeIfAbsent("", p -> build(List.of(), ""));
        }
        return cache.computeIfAbsent(districtPath, p -> {
            List<Layer> applied = new ArrayList<>();
            for (String scope : DistrictPath.withAncestors(p)) {
                Layer layer = layers.get(scope);
                if (layer != null) applied.add(layer);
            }
            return build(applied, p);
        });
    }

    /**
     * The defaults with each applied scope over them, city first, through {@link Policy#overriddenBy} (the same
     * resolution the rules module's replays use); the source of every value is kept beside.
     */
    private Resolved build(List<Layer> applied, String districtPath) {
        Map<String, Source> thresholdSources = new LinkedHashMap<>();
        for (Threshold t : defaults.allThresholds()) thresholdSources.put(key(t), Source.DEFAULTS);
        Map<String, Source> parameterSources = new LinkedHashMap<>();
        defaults.parameters().keySet().forEach(k -> parameterSources.put(k, Source.DEFAULTS));
        defaults.settings().keySet().forEach(k -> parameterSources.put(k, Source.DEFAULTS));
        List<EscalationChain> chains = new ArrayList<>();
        Policy policy = defaults;
        for (Layer layer : applied) {
            Source source = new Source(layer.scope(), layer.version());
            List<Policy.Band> bands = new ArrayList<>();
            for (PolicyDocument.ThresholdOverride o : layer.document().thresholds()) {
                if (!thresholdSources.containsKey(o.key())) continue; // the validator refuses these; a stored one is ignored
                bands.add(o.band());
                thresholdSources.put(o.key(), source);
            }
            layer.document().parameters().keySet().forEach(k -> parameterSources.put(k, source));
            layer.document().settings().keySet().forEach(k -> parameterSources.put(k, source));
            policy = policy.overriddenBy(layer.label(), bands, layer.document().parameters(),
                    layer.document().settings());
            for (EscalationChain c : layer.document().escalationChains()) {
                chains.add(new EscalationChain(c.name(), c.level(), c.scenario(), layer.scope(), c.selfConfirming(),
                        c.steps(), c.repeat()));
            }
        }
        if (!applied.isEmpty()) policy = policy.withVersion(String.join("+", applied.stream().map(Layer::label).toList()));
        return new Resolved(districtPath, policy, thresholdSources, parameterSources, List.copyOf(chains),
                List.copyOf(applied));
    }

    /** The inherited threshold with the override's value; without a clear value the band keeps its width. */
    static Threshold override(Threshold inherited, PolicyDocument.ThresholdOverride o) {
        return Policy.overridden(inherited, o.band());
    }

    /** A band of a graded threshold: scenario, metric, direction and level (a metric may have two directions). */
    static String key(String scenario, String metric, Direction direction, Level level) {
        return Policy.bandKey(scenario, metric, direction, level);
    }

    static String key(Threshold t) {
        return Policy.bandKey(t);
    }
}
