package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alarms open per device, as a stream of decisions leaves them: an ALARM decision opens its alarm type or
 * moves it to the decided level (upgrade, downgrade or unchanged), and every alarm type a decision
 * {@linkplain Decision#clears() clears} is closed. FAULT, REJECTED and SUPPRESSED decisions leave open alarms as
 * they are: a broken reading says nothing about the hazard.
 *
 * <p>These are the semantics the rules assume when an {@link Observation} is given the device's open alarms, so
 * the replay harness and the service track alarms the same way. Immutable: {@link #apply} returns a new value.
 */
public final class ActiveAlarms {

    public static final ActiveAlarms NONE = new ActiveAlarms(Map.of());

    private final Map<String, Map<String, Level>> byDevice;

    private ActiveAlarms(Map<String, Map<String, Level>> byDevice) {
        this.byDevice = byDevice;
    }

    /** One device's open alarms after a decision about it, from those before. The argument is not changed. */
    public static Map<String, Level> after(Map<String, Level> before, Decision decision) {
        Map<String, Level> next = new LinkedHashMap<>(before);
        decision.clears().forEach(next::remove);
        if (decision.outcome() == Outcome.ALARM && decision.alarmType() != null && decision.level() != null) {
            next.put(decision.alarmType(), decision.level());
        }
        return Map.copyOf(next);
    }

    public ActiveAlarms apply(Decision decision) {
        Map<String, Level> next = after(of(decision.deviceId()), decision);
        Map<String, Map<String, Level>> devices = new HashMap<>(byDevice);
        if (next.isEmpty()) devices.remove(decision.deviceId());
        else devices.put(decision.deviceId(), next);
        return new ActiveAlarms(Map.copyOf(devices));
    }

    public ActiveAlarms applyAll(List<Decision> decisions) {
        ActiveAlarms alarms = this;
        for (Decision d : decisions) alarms = alarms.apply(d);
        return alarms;
    }

    /** The alarm types open for a device with their levels; empty when none. */
    public Map<String, Level> of(String deviceId) {
        return byDevice.getOrDefault(deviceId, Map.of());
    }

    @Override
    public String toString() {
        return "ActiveAlarms" + byDevice;
    }
}
