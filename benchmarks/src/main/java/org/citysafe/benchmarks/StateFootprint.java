package org.citysafe.benchmarks;

import org.citysafe.rules.Contact;
import org.citysafe.rules.Device;
import org.citysafe.rules.Location;
import org.citysafe.rules.Level;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Threshold;
import org.citysafe.rules.state.SeriesState;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How much heap the service's per-device memory takes for N devices: the device registry's cache (one
 * {@link Device} per device, as read from PostgreSQL: its own strings, a contact, a location) and the series
 * cache (one full {@link SeriesState} of {@value SeriesState#CAPACITY} readings, with threshold run starts, per
 * series), in the same maps and keys as {@code DeviceRegistry} and {@code SeriesCache}. Prints the heap used after
 * a full GC before and after filling them.
 *
 * <pre>java -Xmx2g -cp ... org.citysafe.benchmarks.StateFootprint [devices=1000000] [seriesPerDevice=2]</pre>
 */
public final class StateFootprint {

    public static void main(String[] args) {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int seriesPerDevice = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Result r = measure(devices, seriesPerDevice);
        System.out.printf("devices: %,d, series per device: %d (%,d series of %d readings)%n", devices,
                seriesPerDevice, r.series(), SeriesState.CAPACITY);
        System.out.printf("heap used after GC: before %,d MB, after %,d MB: %,d MB for the state (%,d bytes a device)%n",
                r.before() >> 20, r.after() >> 20, (r.after() - r.before()) >> 20,
                (r.after() - r.before()) / devices);
        System.out.printf("max heap: %,d MB%n", Runtime.getRuntime().maxMemory() >> 20);
    }

    public record Result(long before, long after, long series, Map<String, Device> registry,
                         Map<String, SeriesState> seriesCache) {
    }

    public static Result measure(int devices, int seriesPerDevice) {
        DeviceTypeCatalog types = DeviceTypeCatalog.bundled();
        long before = heapUsedAfterGc();
        Map<String, Device> registry = new ConcurrentHashMap<>();
        Map<String, SeriesState> seriesCache = new ConcurrentHashMap<>();
        Instant start = Instant.parse("2026-11-22T00:00:00Z");
        Threshold blue = new Threshold("any", "any", Level.BLUE, Direction.ABOVE, 1);
        long series = 0;
        for (int i = 0; i < devices; i++) {
            Device template = Workload.device("city", i);
            // as the registry reads it from a row: every string its own object
            Device d = new Device(new String(template.deviceId()), new String(template.deviceType()),
                    new String(template.scenario()), new String(template.siteId()),
                    new String(template.districtPath()), null, 300,
                    new Location(32.39 + i * 1e-7, 119.43 + i * 1e-7),
                    List.of(new Contact("Owner " + i, "OWNER", "1380000" + String.format("%04d", i % 10_000),
                            null)), Set.of());
            registry.put(d.deviceId(), d);
            List<String> metrics = new ArrayList<>(new TreeSet<>(types.find(d.deviceType()).orElseThrow().metrics()));
            for (int m = 0; m < seriesPerDevice && m < metrics.size(); m++) {
                SeriesState s = SeriesState.EMPTY;
                for (int k = 0; k < SeriesState.CAPACITY; k++) {
                    s = s.append(start.plusSeconds(60L * k), 20 + k % 3, k % 4 == 0 ? List.of() : List.of(Observation.thresholdKey(blue)));
                }
                seriesCache.put(d.deviceId() + '\u0000' + metrics.get(m), s);
                series++;
            }
        }
        long after = heapUsedAfterGc();
        return new Result(before, after, series, registry, seriesCache);
    }

    private static long heapUsedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
