package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.DeviceType;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.policy.Policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Devices and readings for rule tests; the bundled rules are compiled once per test run. */
final class RuleFixture {

    static final MetricCatalog METRICS = MetricCatalog.bundled();
    static final DeviceTypeCatalog TYPES = DeviceTypeCatalog.bundled();
    /**
     * The shipped thresholds and parameters without the confirmation requirements (confirm.*): these tests judge
     * one reading against its thresholds; confirmation over time is tested in TemporalConditionsTest.
     */
    static final Policy DEFAULTS = Policy.defaults().withoutParameters("confirm.");
    private static RuleSet rules;

    private RuleFixture() {
    }

    static synchronized RuleSet rules() {
        if (rules == null) rules = BundledRules.compile();
        return rules;
    }

    static Device device(String deviceType) {
        DeviceType type = TYPES.find(deviceType).orElseThrow(() -> new AssertionError("no device type " + deviceType));
        return new Device(deviceType + "-1", type.name(), type.scenario(), "site-1",
                "yangzhou/guangling/dongguan/wenhe", null, 60, null, List.of());
    }

    /** A device of the first type that reports this metric under this scenario. */
    static Device deviceFor(String scenario, String metric) {
        return TYPES.all().stream().filter(t -> t.scenario().equals(scenario) && t.reports(metric)).findFirst()
                .map(t -> device(t.name()))
                .orElseThrow(() -> new AssertionError("no device type reports " + metric + " under " + scenario));
    }

    static Observation observe(Device device, String metric, double value, Map<String, Level> open, Policy policy) {
        var m = METRICS.find(metric).orElseThrow(() -> new AssertionError("no metric " + metric));
        Reading r = new Reading(device.deviceId(), metric, value, m.canonicalUnit(),
                Instant.parse("2026-11-22T02:15:30Z"), "m-" + value, "test", Set.of());
        return new Observation(r, device, m, policy, open);
    }

    static Decision decide(Device device, String metric, double value, Map<String, Level> open) {
        return Decider.decide(rules(), List.of(observe(device, metric, value, open, DEFAULTS))).get(0);
    }

    static Decision decide(Device device, String metric, double value) {
        return decide(device, metric, value, Map.of());
    }
}
