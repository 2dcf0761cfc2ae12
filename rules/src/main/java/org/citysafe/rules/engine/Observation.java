package org.citysafe.rules.engine;

import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;

import java.util.List;
import java.util.Map;

/**
 * A reading seen in its context: the device that sent it, the metric's definition and the policy in force for the
 * device's district. This is the fact rules match on; everything a rule needs is one property away.
 */
public final class Observation {

    private final Reading reading;
    private final Device device;
    private final Metric metric;
    private final Policy policy;
    private final Map<String, Level> activeAlarms;

    public Observation(Reading reading, Device device, Metric metric, Policy policy) {
        this(reading, device, metric, policy, Map.of());
    }

    /**
     * @param activeAlarms the alarms open for this device right now, by alarm type, with their current level;
     *                     clear and downgrade rules (hysteresis) need to know what is already raised
     */
    public Observation(Reading reading, Device device, Metric metric, Policy policy, Map<String, Level> activeAlarms) {
        this.reading = reading;
        this.device = device;
        this.metric = metric;
        this.policy = policy;
        this.activeAlarms = Map.copyOf(activeAlarms);
    }

    public Reading getReading() {
        return reading;
    }

    public Device getDevice() {
        return device;
    }

    public Metric getMetricDefinition() {
        return metric;
    }

    public Policy getPolicy() {
        return policy;
    }

    public String getDeviceId() {
        return reading.deviceId();
    }

    public String getMetric() {
        return reading.metric();
    }

    public double getValue() {
        return reading.value();
    }

    public String getUnit() {
        return metric.canonicalUnit();
    }

    public String getScenario() {
        return device.scenario();
    }

    public String getSiteId() {
        return device.siteId();
    }

    public Map<String, Level> getActiveAlarms() {
        return activeAlarms;
    }

    /** The level of the open alarm of this type, or null when none is open. */
    public Level activeLevel(String alarmType) {
        return activeAlarms.get(alarmType);
    }

    public boolean isWithinInstrumentRange() {
        return metric.withinInstrumentRange(reading.value());
    }

    /** The policy's thresholds for this reading's scenario and metric, most severe first. */
    public List<Threshold> thresholds() {
        return policy.thresholds(device.scenario(), reading.metric());
    }

    /**
     * The thresholds of one direction that this reading reaches for an alarm of the given type, most severe first.
     * With no alarm of that type open, a threshold is reached when the reading crosses it. While one is open, a
     * threshold at or below the open level is also reached as long as the reading has not fallen back past its
     * clear value (hysteresis); a more severe threshold must still be crossed (upgrade).
     *
     * @param alarmType the alarm these thresholds grade; one alarm type per metric and direction
     */
    public List<Threshold> thresholdsReached(Direction direction, String alarmType) {
        Level open = activeLevel(alarmType);
        double value = getValue();
        return thresholds().stream()
                .filter(t -> t.getDirection() == direction)
                .filter(t -> t.crossedBy(value)
                        || (open != null && t.getLevel().severity() <= open.severity() && t.heldBy(value)))
                .toList();
    }

    /** The level an alarm of this type has after this reading: the most severe threshold reached, or null. */
    public Level levelReached(Direction direction, String alarmType) {
        List<Threshold> reached = thresholdsReached(direction, alarmType);
        return reached.isEmpty() ? null : reached.get(0).getLevel();
    }

    /** An alarm of this type is open and the reading has fallen back past the clear value of every level. */
    public boolean clearsAlarm(Direction direction, String alarmType) {
        return activeLevel(alarmType) != null && thresholdsReached(direction, alarmType).isEmpty();
    }

    /** A named number from the policy; a rule that needs a parameter the policy lacks is a policy error. */
    public double parameter(String name) {
        return policy.parameter(name).orElseThrow(() -> new IllegalStateException(
                "policy " + policy.version() + " has no parameter '" + name + "'"));
    }

    @Override
    public String toString() {
        return "Observation[" + reading.deviceId() + " " + reading.metric() + "=" + reading.value() + "]";
    }
}
