package org.citysafe.rules.engine;

import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Location;
import org.citysafe.rules.network.AssetNetwork;
import org.citysafe.rules.state.DecisionState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A decision context kept in memory for a whole stream of readings: what a replay of recorded readings knows is
 * what the readings before have left in its state. Policy previews, experts' rule tests, the replay corpus, the
 * quality report and the benchmarks decide through it, with the same {@link DecisionEngine} as the service.
 *
 * <p>Every device's open alarms are in the state (the stream opened them), so the alarms of a coupled asset's devices
 * and the hazards open nearby are answered from it; a context seeded with the alarms open at the start of a replay
 * ({@link DecisionState#putOpenAlarms}) answers those too.
 */
public final class ReplayContext implements DecisionContext {

    /** The radius the service looks for hazards open nearby in by default ({@code citysafe.decision.nearby-radius-metres}). */
    public static final double DEFAULT_NEARBY_RADIUS_METRES = 500;

    private final DecisionState state;
    private final AssetNetwork network;
    private final double nearbyRadiusMetres;

    /** An empty state, no asset network, the default radius. */
    public ReplayContext() {
        this(new DecisionState(), new AssetNetwork(), DEFAULT_NEARBY_RADIUS_METRES);
    }

    /** A replay over a state of its own, without an asset network (nothing couples). */
    public static ReplayContext over(DecisionState state) {
        return new ReplayContext(state, new AssetNetwork(), DEFAULT_NEARBY_RADIUS_METRES);
    }

    public ReplayContext(DecisionState state, AssetNetwork network, double nearbyRadiusMetres) {
        this.state = state;
        this.network = network;
        this.nearbyRadiusMetres = nearbyRadiusMetres;
    }

    @Override
    public DecisionState state() {
        return state;
    }

    @Override
    public AssetNetwork network() {
        return network;
    }

    @Override
    public Map<String, Map<String, Level>> openAlarmsOf(Collection<String> deviceIds) {
        Map<String, Map<String, Level>> found = new HashMap<>();
        for (String id : deviceIds) found.put(id, state.openAlarms(id));
        return found;
    }

    @Override
    public List<Nearby> nearby(List<Observation> observations) {
        List<Nearby> nearby = new ArrayList<>();
        for (Observation o : observations) {
            Location here = o.getDevice().location();
            state.allOpenAlarms().forEach((deviceId, alarms) -> {
                Device d = state.device(deviceId).orElse(null);
                if (d == null || alarms.isEmpty()) return;
                boolean sameSite = d.siteId() != null && d.siteId().equals(o.getSiteId());
                double metres = sameSite ? 0 : here == null || d.location() == null ? Double.NaN
                        : AssetNetwork.metresBetween(here, d.location());
                if (!sameSite && !(metres <= nearbyRadiusMetres)) return;
                alarms.forEach((type, level) -> nearby.add(new Nearby(o, sameSite ? Nearby.SAME_SITE
                        : Nearby.WITHIN_RADIUS, d.siteId(), deviceId, d.scenario(), type, level, metres)));
            });
        }
        return nearby;
    }
}
