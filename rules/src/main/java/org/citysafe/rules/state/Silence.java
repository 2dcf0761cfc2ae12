package org.citysafe.rules.state;

import org.citysafe.rules.Device;
import org.citysafe.rules.Level;

import java.time.Instant;
import java.util.Set;

/**
 * A maintenance window or silence, in the manner of Alertmanager: from {@code startsAt} to {@code endsAt} (event
 * time of the reading), for a scope, for some or all alarm types, hazards up to {@code maxLevel} are held back.
 * A silence never holds back a hazard above its {@code maxLevel}: by default RED gets through.
 *
 * @param scopeType  DISTRICT (the path and everything below it), SITE or DEVICE
 * @param alarmTypes the alarm types it covers; empty means all
 */
public record Silence(String id, String scopeType, String scope, Set<String> alarmTypes, Level maxLevel,
                      Instant startsAt, Instant endsAt, String author, String reason) {

    public Silence {
        alarmTypes = alarmTypes == null ? Set.of() : Set.copyOf(alarmTypes);
    }

    public boolean covers(Device device, Instant at) {
        if (at.isBefore(startsAt) || !at.isBefore(endsAt)) return false;
        return switch (scopeType) {
            case "DEVICE" -> scope.equals(device.deviceId());
            case "SITE" -> scope.equals(device.siteId());
            case "DISTRICT" -> device.districtPath() != null
                    && (device.districtPath().equals(scope) || device.districtPath().startsWith(scope + "/"));
            default -> false;
        };
    }

    public boolean coversType(String alarmType) {
        return alarmTypes.isEmpty() || alarmTypes.contains(alarmType);
    }

    /** Whether a hazard at this level may be held back by this silence. */
    public boolean mayHoldBack(Level level) {
        return level != null && maxLevel != null && !level.isMoreSevereThan(maxLevel);
    }
}
