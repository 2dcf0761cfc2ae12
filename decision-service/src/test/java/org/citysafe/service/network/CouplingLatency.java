package org.citysafe.service.network;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceInstance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * Measures, not a test (docs/COUPLING.md has the command and the numbers): the time of {@code POST
 * /api/v1/decisions} for one hazard reading, through the whole service (HTTP, PostgreSQL, alarm, escalation), on a
 * network of 100,000 assets imported through the API, for a detector on a well (coupling evaluated: searches, the
 * open alarms of the gas gauges nearby asked of PostgreSQL, no risk found) and for the same detector type on no
 * asset (coupling skipped at once), interleaved. Every reading opens a new YELLOW alarm at a new site.
 *
 * <p>Arguments: readings of each kind (default 300), warm-up readings (default 50).
 */
public final class CouplingLatency {

    static final int BLOCKS_X = 100;
    static final int BLOCKS_Y = 50;
    static final double BLOCK = 0.00135;
    static final String DISTRICT = "hefei/shushan/sanlidun/a";

    private CouplingLatency() {
    }

    public static void main(String[] args) throws Exception {
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             ServiceInstance service = ServiceInstance.start("coupling-latency", pg.getJdbcUrl("postgres", "postgres"),
                     "postgres", null, null, Map.of())) {
            Api platform = service.platform();
            long t0 = System.nanoTime();
            int[] counts = importNetwork(platform);
            System.out.printf(Locale.ROOT, "imported %,d assets and %,d links through the API in %.1f s%n",
                    counts[0], counts[1], (System.nanoTime() - t0) / 1e9);

            // blocks whose well 2 is not connected to the power manhole: the coupling searches find nothing
            List<Integer> blocks = new ArrayList<>();
            for (int b = 1; blocks.size() < readings + warmUp; b++) if (b % 3 != 0) blocks.add(b);
            StringBuilder devices = new StringBuilder("deviceId,deviceType,siteId,districtPath,assetId\n");
            for (int b : blocks) {
                devices.append("wg-").append(b).append(",well-gas-detector,s-wg-").append(b).append(',')
                        .append(DISTRICT).append(",b").append(b).append("-w2\n");
                devices.append("gg-").append(b).append(",gas-pipeline-pressure-gauge,s-gg-").append(b).append(',')
                        .append(DISTRICT).append(",b").append(b).append("-gp0\n");
                devices.append("nx-").append(b).append(",well-gas-detector,s-nx-").append(b).append(',')
                        .append(DISTRICT).append(",\n");
            }
            Api.Response r = platform.post("/api/v1/devices", "text/csv", devices.toString());
            if (r.status() != 200) throw new IllegalStateException(r.body());

            List<Double> coupled = new ArrayList<>();
            List<Double> plain = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                int b = blocks.get(i);
                double withNetwork = decide(platform, "wg-" + b, "lat-wg-" + b);
                double withoutNetwork = decide(platform, "nx-" + b, "lat-nx-" + b);
                if (i >= warmUp) {
                    coupled.add(withNetwork);
                    plain.add(withoutNetwork);
                }
            }
            System.out.printf(Locale.ROOT, "%n%d readings of each kind after %d warm-up, %d CPUs, Java %s%n", readings,
                    warmUp, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.println("| reading | p50 ms | p95 ms | mean ms |");
            System.out.println("|---|---|---|---|");
            print("detector on no asset (coupling skipped)", plain);
            print("detector on a well in the network (coupling evaluated)", coupled);
        }
        System.exit(0);
    }

    static double decide(Api platform, String device, String messageId) {
        long start = System.nanoTime();
        Api.Response r = platform.post("/api/v1/decisions", batch(false,
                reading(device, "gas.concentration", 12, "%LEL", messageId, 1)));
        double ms = (System.nanoTime() - start) / 1e6;
        if (r.status() != 200 || !r.body().contains("\"level\":\"YELLOW\"")) {
            throw new IllegalStateException("unexpected decision for " + device + ": " + r.body());
        }
        return ms;
    }

    /** The benchmark city of the scenarios module's CouplingBenchmark, as CSV, 20,000 rows per request. */
    static int[] importNetwork(Api platform) {
        List<String> assets = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (int bx = 0; bx < BLOCKS_X; bx++) {
            for (int by = 0; by < BLOCKS_Y; by++) {
                int block = bx * BLOCKS_Y + by;
                double lat = 31.80 + by * BLOCK, lon = 117.20 + bx * BLOCK;
                String p = "b" + block + "-";
                for (int k = 0; k < 3; k++) assets.add(asset(p + "gp" + k, "gas-pipe", lat, lon + k * 0.0004));
                assets.add(asset(p + "gv", "gas-valve", lat, lon + 0.0012));
                links.add(p + "gp0,connects," + p + "gp1,40");
                links.add(p + "gp1,connects," + p + "gp2,40");
                links.add(p + "gp2,connects," + p + "gv,30");
                for (int k = 0; k < 5; k++) {
                    assets.add(asset(p + "w" + k, "drainage-well", lat + 0.0003, lon + k * 0.00025));
                    if (k > 0) links.add(p + "w" + k + ",downstream-of," + p + "w" + (k - 1) + ",25");
                }
                if (by > 0) links.add(p + "w0,downstream-of,b" + (block - 1) + "-w4,60");
                assets.add(asset(p + "dp", block % 25 == 0 ? "pump-station" : "drainage-pipe", lat + 0.0004, lon + 0.0012));
                links.add(p + "dp,downstream-of," + p + "w4,20");
                assets.add(asset(p + "ct", "cable-trench", lat + 0.0006, lon + 0.0005));
                assets.add(asset(p + "pm", block % 25 == 12 ? "substation" : "power-manhole", lat + 0.0006, lon + 0.0008));
                links.add(p + "pm,shares-space," + p + "ct,10");
                if (block % 3 == 0) links.add(p + "w2,connects," + p + "pm,30");
                assets.add(asset(p + "wm0", "water-main", lat + 0.0009, lon));
                assets.add(asset(p + "wm1", "water-main", lat + 0.0009, lon + 0.0006));
                assets.add(asset(p + "hy", "hydrant", lat + 0.0009, lon + 0.0010));
                links.add(p + "wm0,connects," + p + "wm1,60");
                links.add(p + "wm1,connects," + p + "hy,15");
                assets.add(asset(p + "hp", "heating-pipe", lat + 0.0011, lon + 0.0003));
                assets.add(asset(p + "rs0", "road-section", lat + 0.0010, lon + 0.0002));
                assets.add(asset(p + "rs1", block % 30 == 0 ? "underpass" : "road-section", lat + 0.0010, lon + 0.0009));
                links.add(p + "wm0,crosses," + p + "rs0,5");
                links.add(p + "hp,crosses," + p + "rs0,8");
                links.add(p + "w3,connects," + p + "rs1,12");
                links.add(p + "gp1,within-distance," + p + "w1,35");
                assets.add(asset(p + "bd0", "building", lat + 0.0012, lon + 0.0001));
                assets.add(asset(p + "bd1", "building", lat + 0.0012, lon + 0.0010));
                links.add(p + "bd0,within-distance," + p + "rs0,15");
                links.add(p + "bd1,within-distance," + p + "rs1,15");
            }
        }
        post(platform, "id,kind,districtPath,lat,lon", assets);
        post(platform, "from,relation,to,metres", links);
        return new int[]{assets.size(), links.size()};
    }

    static String asset(String id, String kind, double lat, double lon) {
        return String.format(Locale.ROOT, "%s,%s,%s,%.6f,%.6f", id, kind, DISTRICT, lat, lon);
    }

    static void post(Api platform, String header, List<String> rows) {
        for (int from = 0; from < rows.size(); from += 20_000) {
            String body = header + "\n" + String.join("\n", rows.subList(from, Math.min(rows.size(), from + 20_000)));
            Api.Response r = platform.post("/api/v1/assets", "text/csv", body);
            if (r.status() != 200) throw new IllegalStateException(r.body().substring(0, Math.min(2000, r.body().length())));
        }
    }

    static void print(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", what, percentile(sorted, 50),
                percentile(sorted, 95), mean);
    }

    static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
