package org.citysafe.scenarios;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.DeviceType;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.engine.Decider;
import org.citysafe.rules.engine.Finding;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.policy.Policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of a {@code .scesim} test scenario: a reading from a device type (GIVEN), optionally with one alarm
 * already open on the device, and the decision expected for it (EXPECT). The scesim runner fills and reads the
 * fields by reflection, so they are plain mutable fields; absent values read as {@code none}.
 */
public class ReadingCase {

    private static final MetricCatalog METRICS = MetricCatalog.bundled();
    private static final DeviceTypeCatalog TYPES = DeviceTypeCatalog.bundled();
    /**
     * One row is one reading: rows judge it against its thresholds, so the confirmation requirements (confirm.*,
     * which need a stream of readings) are left out; the replay streams cover those.
     */
    private static final Policy DEFAULTS = Policy.defaults().withoutParameters("confirm.");

    // GIVEN
    private String deviceType;
    private String metric;
    private double value;
    private String unit;
    private String openAlarm;
    private String openLevel;

    // EXPECT
    private String outcome;
    private String level;
    private String alarmType;
    private String clears;
    private String ruleId;

    private Observation observation;
    private boolean decided;

    /** The reading as the service would see it: in the metric's canonical unit, with the device's open alarm. */
    public Observation observe() {
        DeviceType type = TYPES.find(deviceType)
                .orElseThrow(() -> new IllegalArgumentException("unknown device type " + deviceType));
        Metric m = METRICS.find(metric).orElseThrow(() -> new IllegalArgumentException("unknown metric " + metric));
        String given = unit == null || unit.isBlank() ? m.canonicalUnit() : unit;
        double canonical = m.toCanonical(value, given).orElseThrow(
                () -> new IllegalArgumentException(metric + " does not accept unit " + given));
        Device device = new Device("scesim-" + deviceType, deviceType, type.scenario(), "site-scesim",
                "yangzhou/guangling/dongguan/wenhe", null, 60, null, List.of());
        Reading reading = new Reading(device.deviceId(), metric, canonical, m.canonicalUnit(),
                Instant.parse("2026-11-22T02:15:30Z"), "scesim-" + metric + "-" + value, "scesim", Set.of());
        Map<String, Level> open = openAlarm == null || openAlarm.isBlank() ? Map.of()
                : Map.of(openAlarm, Level.valueOf(openLevel));
        observation = new Observation(reading, device, m, DEFAULTS, open);
        return observation;
    }

    public void decide(List<Finding> findings) {
        Decision d = Decider.decide(observation, findings);
        outcome = d.outcome().name();
        level = d.level() == null ? "none" : d.level().name();
        alarmType = d.alarmType() == null ? "none" : d.alarmType();
        clears = d.clears().isEmpty() ? "none" : String.join(",", d.clears());
        ruleId = d.reasons().isEmpty() ? "none" : d.reasons().get(0).ruleId();
        decided = true;
    }

    public Observation getObservation() {
        return observation;
    }

    public boolean isDecided() {
        return decided;
    }
}
