package org.citysafe.rules.engine;

import org.citysafe.rules.Level;
import org.citysafe.rules.network.AssetNetwork;
import org.citysafe.rules.state.DecisionState;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What one decision may know beyond its own reading, in one place: the {@link DecisionState} (each series' history,
 * the devices of each site, the alarms the batch's devices hold, silences in force, each device's verdict history),
 * the asset network, the alarms other devices hold open, and the hazard alarms open near a reading.
 *
 * <p>The service fills one per batch from its caches and PostgreSQL; a replay ({@link ReplayContext}) keeps one in
 * memory for a whole stream. {@link DecisionEngine} decides through either the same way, so a preview, a rule test or
 * the replay corpus decides as the service does.
 */
public interface DecisionContext {

    /** The state the engine reads and moves on: every decision is recorded in it before the next wave. */
    DecisionState state();

    /** The networks coupled risks are looked for in. */
    AssetNetwork network();

    /**
     * The hazard alarms the given devices hold open, by device and alarm type, for devices whose alarms the state does
     * not hold (a coupled asset's devices, which are not in the batch).
     */
    Map<String, Map<String, Level>> openAlarmsOf(Collection<String> deviceIds);

    /** For each observation, the hazard alarms open at its site or within the search radius of its device. */
    List<Nearby> nearby(List<Observation> observations);
}
