package org.citysafe.rules.state;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.engine.ActiveAlarms;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.policy.Threshold;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a stateful decision remembers between readings, in memory and bounded per series: the history of
 * each device's metrics, the alarms each device holds open, which devices share a site, and the silences in force.
 * The replay harness keeps one for a whole stream; the service fills one per batch from its caches and PostgreSQL,
 * so both decide the same way.
 */
public final class DecisionState {

    private final Map<String, Map<String, SeriesState>> series = new HashMap<>();
    private final Map<String, Map<String, Level>> openAlarms = new HashMap<>();
    private final Map<String, Device> devices = new HashMap<>();
    private final Map<String, Set<String>> siteDevices = new HashMap<>();
    private final List<Silence> silences = new ArrayList<>();
    private final Map<String, Integer> falseAlarms = new HashMap<>();

    public SeriesState series(String deviceId, String metric) {
        return series.getOrDefault(deviceId, Map.of()).getOrDefault(metric, SeriesState.EMPTY);
    }

    public void putSeries(String deviceId, String metric, SeriesState state) {
        series.computeIfAbsent(deviceId, k -> new HashMap<>()).put(metric, state);
    }

    /** Every series known for a device, by metric. */
    public Map<String, SeriesState> seriesOf(String deviceId) {
        return series.getOrDefault(deviceId, Map.of());
    }

    public Map<String, Level> openAlarms(String deviceId) {
        return openAlarms.getOrDefault(deviceId, Map.of());
    }

    /** Whether the state holds this device's open alarms (the batch's devices), or they must be looked up. */
    public boolean knowsOpenAlarms(String deviceId) {
        return openAlarms.containsKey(deviceId);
    }

    public void putOpenAlarms(String deviceId, Map<String, Level> alarms) {
        openAlarms.put(deviceId, Map.copyOf(alarms));
    }

    /** A device the state knows (the batch's, and those sharing their sites). */
    public Optional<Device> device(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    /** The open alarms of every device whose alarms the state holds, by device. */
    public Map<String, Map<String, Level>> allOpenAlarms() {
        return Collections.unmodifiableMap(openAlarms);
    }

    /** Makes a device known, so that other devices at its site see its readings. */
    public void addDevice(Device device) {
        devices.put(device.deviceId(), device);
        if (device.siteId() != null) siteDevices.computeIfAbsent(device.siteId(), k -> new HashSet<>()).add(device.deviceId());
    }

    /** How many of the device's recent alarms were verified FALSE_ALARM since its last CONFIRMED one. */
    public int falseAlarms(String deviceId) {
        return falseAlarms.getOrDefault(deviceId, 0);
    }

    public void setFalseAlarms(String deviceId, int count) {
        falseAlarms.put(deviceId, count);
    }

    public void setSilences(List<Silence> active) {
        silences.clear();
        silences.addAll(active);
    }

    public List<Silence> silences() {
        return List.copyOf(silences);
    }

    /**
     * The newest reading of each metric of every other device at the device's site, and of the device's own other
     * metrics (a combined smoke and heat detector corroborates itself with its second sensor).
     */
    public SiteView siteView(Device device, String ownMetric) {
        List<SiteView.SiteReading> readings = new ArrayList<>();
        Set<String> site = device.siteId() == null ? Set.of(device.deviceId())
                : siteDevices.getOrDefault(device.siteId(), Set.of(device.deviceId()));
        for (String other : site) {
            Device d = devices.get(other);
            for (var e : seriesOf(other).entrySet()) {
                if (other.equals(device.deviceId()) && e.getKey().equals(ownMetric)) continue;
                SeriesState s = e.getValue();
                if (!s.isEmpty()) {
                    readings.add(new SiteView.SiteReading(other, d == null ? null : d.deviceType(), e.getKey(),
                            s.newestValue(), s.newestTime()));
                }
            }
        }
        return new SiteView(readings);
    }

    /** Remembers a decided reading: its series moves on, and the device's open alarms follow the decision. */
    public void record(Observation o, Decision decision) {
        addDevice(o.getDevice());
        String deviceId = o.getDeviceId();
        if (o.isWithinInstrumentRange()) {
            List<String> crossed = Observation.runKeys(o.getPolicy(), o.getScenario(), o.getMetric(), o.getValue());
            putSeries(deviceId, o.getMetric(), series(deviceId, o.getMetric()).append(o.getReading().ts(), o.getValue(), crossed));
        }
        putOpenAlarms(deviceId, ActiveAlarms.after(openAlarms(deviceId), decision));
    }
}
