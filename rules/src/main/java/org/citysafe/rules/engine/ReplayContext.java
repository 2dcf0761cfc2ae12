package org.citysafe.rules.engine;

import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Location;
import org.citysafe.rules.coupling.OpenAlarms;
import org.citysafe.rules.network.AssetNetwork;
import org.citysafe.rules.state.DecisionState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
    private final OpenAlarms otherAlarms;
    private final Function<List<Observation>, List<Nearby>> givenNearby;

    /** An empty state, no asset network, the default radius. */
    public ReplayContext() {
        this(new DecisionState(), new AssetNetwork(), DEFAULT_NEARBY_RADIUS_METRES);
    }

    /** A replay over a state of its own, without an asset network (nothing couples). */
    public static ReplayContext over(DecisionState state) {
        return new ReplayContext(state, new AssetNetwork(), DEFAULT_NEARBY_RADIUS_METRES);
    }

    public ReplayContext(DecisionState state, AssetNetwork network, double nearbyRadiusMetres) {
        this(state, network, nearbyRadiusMetres, null, null);
    }

    private ReplayContext(DecisionState state, AssetNetwork network, double nearbyRadiusMetres, OpenAlarms otherAlarms,
                          Function<List<Observation>, List<Nearby>> givenNearby) {
        this.state = state;
        this.network = network;
        this.nearbyRadiusMetres = nearbyRadiusMetres;
        this.otherAlarms = otherAlarms;
        this.givenNearby = givenNearby;
    }

    /** The same replay, the alarms of devices outside the state answered by {@code alarms} (a recorded snapshot). */
    public ReplayContext withOtherAlarms(OpenAlarms alarms) {
        return new ReplayContext(state, network, nearbyRadiusMetres, alarms, givenNearby);
    }

    /** The same replay, the hazards open nearby given rather than found in the state (an expert's test case). */
    public ReplayContext withNearby(Function<List<Observation>, List<Nearby>> nearby) {
        return new ReplayContext(state, network, nearbyRadiusMetres, otherAlarms, nearby);
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
        if (otherAlarms != null) return otherAlarms.of(deviceIds);
        Map<String, Map<String, Level>> found = new HashMap<>();
        for (String id : deviceIds) found.put(id, state.openAlarms(id));
        return found;
    }

    @Override
    public List<Nearby> nearby(List<Observation> observations) {
        if (givenNearby != null) return givenNearby.apply(observations);
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
