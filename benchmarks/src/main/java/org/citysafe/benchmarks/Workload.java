package org.citysafe.benchmarks;

import org.citysafe.rules.Device;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.DeviceType;
import org.citysafe.rules.catalog.DeviceTypeCatalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The devices and readings every benchmark uses, so that the in-process numbers and the end-to-end ones describe
 * the same mix: a city's sensors across fire, gas, water, drainage, heating, bridges and power, two devices per
 * site, and one reading in {@code hazardEvery} above its ORANGE threshold (the rest normal): {@value #HAZARD_EVERY}
 * in the in-process benchmarks, to work the rules hard; the load generator defaults to 1 in 1,000, as alarms are
 * rare in a city and each one sets off an escalation chain. Deterministic: the same arguments give the same
 * devices and readings.
 */
public final class Workload {

    /** One reading in this many is a hazard, in the in-process benchmarks. */
    public static final int HAZARD_EVERY = 20;

    public static final String DISTRICT = "yangzhou/guangling/dongguan/wenhe";

    /** A device type, the metric it reports in the workload, a normal value and a value past ORANGE. */
    public record Kind(String deviceType, String metric, String unit, double normal, double hazard) {
    }

    public static final List<Kind> KINDS = List.of(
            new Kind("smoke-detector", "smoke.alarm", "state", 0, 1),
            new Kind("heat-detector", "temperature", "°C", 22, 75),
            new Kind("restaurant-gas-detector", "gas.concentration", "%LEL", 1.5, 30),
            new Kind("electrical-fire-detector", "electrical.residual.current", "mA", 80, 600),
            new Kind("smart-hydrant", "hydrant.pressure", "MPa", 0.3, 0.04),
            new Kind("ebike-charging-monitor", "charging.temperature", "°C", 30, 70),
            new Kind("gas-pipeline-pressure-gauge", "gas.pipeline.pressure", "MPa", 0.3, 0.42),
            new Kind("water-pressure-gauge", "water.pressure", "MPa", 0.35, 0.1),
            new Kind("drainage-level-gauge", "drainage.level", "m", 0.6, 2.5),
            new Kind("heating-pipe-monitor", "heating.temperature", "°C", 90, 145),
            new Kind("bridge-inclinometer", "bridge.tilt", "°", 0.05, 0.7),
            new Kind("cable-trench-monitor", "cable.temperature", "°C", 35, 85));

    private static final DeviceTypeCatalog TYPES = DeviceTypeCatalog.bundled();

    private Workload() {
    }

    public static Kind kindOf(int deviceIndex) {
        return KINDS.get(deviceIndex % KINDS.size());
    }

    public static String deviceId(String prefix, int deviceIndex) {
        return prefix + "-dev-" + deviceIndex;
    }

    /** Two devices share a site. */
    public static String siteId(String prefix, int deviceIndex) {
        return prefix + "-site-" + deviceIndex / 2;
    }

    public static Device device(String prefix, int deviceIndex) {
        Kind kind = kindOf(deviceIndex);
        DeviceType type = TYPES.find(kind.deviceType())
                .orElseThrow(() -> new IllegalStateException("unknown device type " + kind.deviceType()));
        return new Device(deviceId(prefix, deviceIndex), kind.deviceType(), type.scenario(),
                siteId(prefix, deviceIndex), DISTRICT, null, null, null, List.of(), Set.of());
    }

    public static List<Device> devices(String prefix, int count) {
        List<Device> devices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) devices.add(device(prefix, i));
        return devices;
    }

    /**
     * Whether a device's {@code round}-th reading is a hazard: each device reports normal values
     * {@code hazardEvery - 1} times and then once past ORANGE, devices out of step with each other, so that alarms
     * open and clear all the time.
     */
    public static boolean isHazard(int deviceIndex, long round, int hazardEvery) {
        return (round + deviceIndex) % hazardEvery == hazardEvery - 1;
    }

    /**
     * The {@code sequence}-th reading of the stream: devices report in turn, device {@code sequence % devices} in
     * round {@code sequence / devices}.
     */
    public static Reading reading(String prefix, int devices, long sequence, Instant ts) {
        return reading(prefix, devices, sequence, ts, HAZARD_EVERY);
    }

    public static Reading reading(String prefix, int devices, long sequence, Instant ts, int hazardEvery) {
        int index = (int) (sequence % devices);
        Kind kind = kindOf(index);
        double value = isHazard(index, sequence / devices, hazardEvery) ? kind.hazard() : normal(kind, sequence);
        return new Reading(deviceId(prefix, index), kind.metric(), value, kind.unit(), ts,
                prefix + "-m-" + sequence, "benchmark", Set.of());
    }

    /**
     * A normal value with a little noise (within ±2 %), as real sensors report: a value repeated exactly for long is
     * a stuck sensor, which the device-health rules report as a fault. States (smoke alarm) stay as they are.
     */
    private static double normal(Kind kind, long sequence) {
        if (kind.unit().equals("state")) return kind.normal();
        double noise = ((sequence * 7919) % 41 - 20) / 1000.0;
        return Math.round(kind.normal() * (1 + noise) * 10_000) / 10_000.0;
    }

    /** The reading as the JSON of the HTTP API and MQTT payloads. */
    public static String json(Reading r) {
        return String.format(Locale.ROOT,
                "{\"deviceId\":\"%s\",\"metric\":\"%s\",\"value\":%s,\"unit\":\"%s\",\"ts\":\"%s\",\"messageId\":\"%s\"}",
                r.deviceId(), r.metric(), r.value(), r.unit(), r.ts(), r.messageId());
    }

    /** The registration of devices as the body of {@code POST /api/v1/devices}. */
    public static String registrationJson(List<Device> devices) {
        StringBuilder sb = new StringBuilder("{\"devices\":[");
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"deviceId\":\"").append(d.deviceId()).append("\",\"deviceType\":\"").append(d.deviceType())
                    .append("\",\"siteId\":\"").append(d.siteId()).append("\",\"districtPath\":\"")
                    .append(d.districtPath()).append("\"}");
        }
        return sb.append("]}").toString();
    }
}
