package org.citysafe.scenarios.bench;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Location;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.coupling.OpenAlarms;
import org.citysafe.rules.engine.BundledRules;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.engine.DecisionEngine;
import org.citysafe.rules.engine.ReplayContext;
import org.citysafe.rules.network.Asset;
import org.citysafe.rules.network.AssetKind;
import org.citysafe.rules.network.AssetNetwork;
import org.citysafe.rules.network.Link;
import org.citysafe.rules.network.Relation;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.state.DecisionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What coupled-risk evaluation costs per reading on a generated city of 100,000 assets: the rules path with and
 * without coupling, and the coupling stage alone. Not a test of speed (nothing here is timed against a limit): it
 * prints the numbers for docs/COUPLING.md, and runs only when asked:
 *
 * <pre>./mvnw -q -o -pl scenarios -am test -Dtest=CouplingBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dcoupling.benchmark=true</pre>
 *
 * <p>The city: 5,000 blocks of 150 m, each with 20 assets (gas pipes and a valve, five drainage wells in a
 * downstream chain and a pipe or pump station, a cable trench and a power manhole or substation, two water mains and
 * a hydrant, a heating pipe, two road sections or an underpass, two buildings) and about 19 links, the drainage
 * chain continuing from block to block. Seven devices per block; 5 % of gas gauges and water flow meters and half the
 * rain gauges hold an alarm. Every reading is a hazard of a kind a coupling rule looks at (the worst case: NORMAL
 * readings skip coupling at once).
 */
class CouplingBenchmark {

    static final int BLOCKS_X = 100;
    static final int BLOCKS_Y = 50;
    static final double BLOCK_DEGREES = 0.00135; // about 150 m
    static final String DISTRICT = "hefei/shushan/sanlidun/a";

    final AssetNetwork network = new AssetNetwork();
    final List<Device> devices = new ArrayList<>();
    final Map<String, Map<String, Level>> openAlarms = new HashMap<>();
    final Random random = new Random(7);

    @Test
    @EnabledIfSystemProperty(named = "coupling.benchmark", matches = "true")
    void measure() {
        main(new String[0]);
    }

    public static void main(String[] args) {
        new CouplingBenchmark().run();
    }

    void run() {
        long t0 = System.nanoTime();
        generate();
        long built = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "network: %,d assets, %,d links, %,d devices, built in %d ms%n",
                network.size(), network.linkCount(), devices.size(), built / 1_000_000);

        RuleSet rules = BundledRules.compile();
        Policy policy = Policy.defaults();
        MetricCatalog metrics = MetricCatalog.bundled();
        List<DecisionEngine.Input> inputs = readings(policy, metrics);
        OpenAlarms alarms = ids -> {
            Map<String, Map<String, Level>> found = new HashMap<>();
            for (String id : ids) {
                Map<String, Level> open = openAlarms.get(id);
                if (open != null) found.put(id, open);
            }
            return found;
        };
        int batch = 100;
        AssetNetwork none = new AssetNetwork();
        // warm up both paths (JIT, Drools)
        for (int round = 0; round < 2; round++) {
            decideAll(rules, inputs, batch, none, alarms, null);
            decideAll(rules, inputs, batch, network, alarms, null);
        }
        int rounds = 5;
        long without = 0, with = 0;
        List<Decision> coupledRun = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            without += decideAll(rules, inputs, batch, none, alarms, null);
            with += decideAll(rules, inputs, batch, network, alarms, round == 0 ? coupledRun : null);
        }
        int coupled = 0;
        Map<String, Integer> types = new TreeMap<>();
        for (Decision d : coupledRun) {
            if (!d.coupledRisks().isEmpty()) coupled++;
            d.coupledRisks().forEach(r -> types.merge(r.type(), 1, Integer::sum));
        }
        long n = (long) inputs.size() * rounds;
        System.out.printf(Locale.ROOT, "readings: %,d per round x %d rounds, batches of %d, every one a hazard%n",
                inputs.size(), rounds, batch);
        System.out.printf(Locale.ROOT, "decision engine, no asset network: %.1f µs per reading%n", without / 1000.0 / n);
        System.out.printf(Locale.ROOT, "decision engine, with the network: %.1f µs per reading (+%.1f %%: the coupling)%n",
                with / 1000.0 / n, 100.0 * (with - without) / without);
        System.out.printf(Locale.ROOT, "decisions with a coupled risk in one round: %,d of %,d %s%n", coupled,
                inputs.size(), types);
    }

    /**
     * Decides every input in batches through the decision engine as the service does (a fresh state per batch, the
     * alarms of other devices looked up); returns the nanoseconds.
     */
    long decideAll(RuleSet rules, List<DecisionEngine.Input> inputs, int batch, AssetNetwork network,
                   OpenAlarms openAlarms, List<Decision> keep) {
        long start = System.nanoTime();
        int alarms = 0;
        for (int from = 0; from < inputs.size(); from += batch) {
            List<DecisionEngine.Input> slice = inputs.subList(from, Math.min(inputs.size(), from + batch));
            ReplayContext context = new ReplayContext(new DecisionState(), network, 500).withOtherAlarms(openAlarms);
            for (Decision d : DecisionEngine.decide(rules, slice, context)) {
                if (d.outcome() == Outcome.ALARM) alarms++;
                if (keep != null) keep.add(d);
            }
        }
        if (alarms == 0) throw new IllegalStateException("no alarms: the benchmark readings are wrong");
        return System.nanoTime() - start;
    }

    List<DecisionEngine.Input> readings(Policy policy, MetricCatalog metrics) {
        List<DecisionEngine.Input> inputs = new ArrayList<>();
        Instant ts = Instant.parse("2026-11-22T02:00:00Z");
        int i = 0;
        for (Device d : devices) {
            String metric;
            double value;
            switch (d.deviceType()) {
                case "well-gas-detector" -> { metric = "gas.concentration"; value = 12; }
                case "water-pressure-gauge" -> { metric = "water.pressure"; value = 0.19; }
                case "drainage-level-gauge" -> { metric = "drainage.level"; value = 1.6; }
                case "heating-pipe-monitor" -> { metric = "heating.pressure"; value = 0.35; }
                case "power-supply-monitor" -> { metric = "power.outage"; value = 1; }
                default -> { continue; }
            }
            if (i++ % 3 != 0) continue; // a third of the devices: 10,000 readings
            inputs.add(new DecisionEngine.Input(new Reading(d.deviceId(), metric, value,
                    metrics.find(metric).orElseThrow().canonicalUnit(), ts.plusSeconds(i), "m-" + i, "bench", null),
                    d, metrics.find(metric).orElseThrow(), policy));
        }
        Collections.shuffle(inputs, random);
        return inputs;
    }

    void generate() {
        DeviceTypeCatalog types = DeviceTypeCatalog.bundled();
        List<Asset> assets = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        String previousLastWell = null;
        for (int bx = 0; bx < BLOCKS_X; bx++) {
            for (int by = 0; by < BLOCKS_Y; by++) {
                int block = bx * BLOCKS_Y + by;
                double lat = 31.80 + by * BLOCK_DEGREES;
                double lon = 117.20 + bx * BLOCK_DEGREES;
                String p = "b" + block + "-";
                // gas: three pipe segments in a chain and a valve
                for (int k = 0; k < 3; k++) assets.add(asset(p + "gp" + k, AssetKind.GAS_PIPE, lat, lon + k * 0.0004));
                assets.add(asset(p + "gv", AssetKind.GAS_VALVE, lat, lon + 0.0012));
                links.add(link(p + "gp0", Relation.CONNECTS, p + "gp1", 40));
                links.add(link(p + "gp1", Relation.CONNECTS, p + "gp2", 40));
                links.add(link(p + "gp2", Relation.CONNECTS, p + "gv", 30));
                // drainage: five wells in a downstream chain, then a pipe (a pump station every 25th block)
                for (int k = 0; k < 5; k++) {
                    assets.add(asset(p + "w" + k, AssetKind.DRAINAGE_WELL, lat + 0.0003, lon + k * 0.00025));
                    if (k > 0) links.add(link(p + "w" + k, Relation.DOWNSTREAM_OF, p + "w" + (k - 1), 25));
                }
                if (previousLastWell != null && by > 0) {
                    links.add(link(p + "w0", Relation.DOWNSTREAM_OF, previousLastWell, 60));
                }
                previousLastWell = p + "w4";
                boolean pump = block % 25 == 0;
                assets.add(asset(p + "dp", pump ? AssetKind.PUMP_STATION : AssetKind.DRAINAGE_PIPE, lat + 0.0004,
                        lon + 0.0012));
                links.add(link(p + "dp", Relation.DOWNSTREAM_OF, p + "w4", 20));
                // power: a cable trench and a manhole (a substation every 25th block); a third of wells connect
                assets.add(asset(p + "ct", AssetKind.CABLE_TRENCH, lat + 0.0006, lon + 0.0005));
                assets.add(asset(p + "pm", block % 25 == 12 ? AssetKind.SUBSTATION : AssetKind.POWER_MANHOLE,
                        lat + 0.0006, lon + 0.0008));
                links.add(link(p + "pm", Relation.SHARES_SPACE, p + "ct", 10));
                if (block % 3 == 0) links.add(link(p + "w2", Relation.CONNECTS, p + "pm", 30));
                // water: two mains and a hydrant; the first main crosses the road
                assets.add(asset(p + "wm0", AssetKind.WATER_MAIN, lat + 0.0009, lon));
                assets.add(asset(p + "wm1", AssetKind.WATER_MAIN, lat + 0.0009, lon + 0.0006));
                assets.add(asset(p + "hy", AssetKind.HYDRANT, lat + 0.0009, lon + 0.0010));
                links.add(link(p + "wm0", Relation.CONNECTS, p + "wm1", 60));
                links.add(link(p + "wm1", Relation.CONNECTS, p + "hy", 15));
                // heating, roads (an underpass every 30th block), buildings
                assets.add(asset(p + "hp", AssetKind.HEATING_PIPE, lat + 0.0011, lon + 0.0003,
                        block % 10 == 0 ? Map.of("waterloggingProne", "true") : Map.of()));
                assets.add(asset(p + "rs0", AssetKind.ROAD_SECTION, lat + 0.0010, lon + 0.0002));
                assets.add(asset(p + "rs1", block % 30 == 0 ? AssetKind.UNDERPASS : AssetKind.ROAD_SECTION,
                        lat + 0.0010, lon + 0.0009));
                links.add(link(p + "wm0", Relation.CROSSES, p + "rs0", 5));
                links.add(link(p + "hp", Relation.CROSSES, p + "rs0", 8));
                links.add(link(p + "w3", Relation.CONNECTS, p + "rs1", 12));
                links.add(link(p + "gp1", Relation.WITHIN_DISTANCE, p + "w1", 35));
                assets.add(asset(p + "bd0", AssetKind.BUILDING, lat + 0.0012, lon + 0.0001));
                assets.add(asset(p + "bd1", AssetKind.BUILDING, lat + 0.0012, lon + 0.0010));
                links.add(link(p + "bd0", Relation.WITHIN_DISTANCE, p + "rs0", 15));
                links.add(link(p + "bd1", Relation.WITHIN_DISTANCE, p + "rs1", 15));

                device(types, p + "wg", "well-gas-detector", p + "w2", lat, lon);
                device(types, p + "gg", "gas-pipeline-pressure-gauge", p + "gp0", lat, lon);
                if (random.nextInt(20) == 0) openAlarms.put(p + "gg", Map.of("GAS_PRESSURE_LOW", Level.ORANGE));
                device(types, p + "dl", "drainage-level-gauge", p + "w0", lat, lon);
                device(types, p + "wp", "water-pressure-gauge", p + "wm0", lat, lon);
                device(types, p + "wf", "water-flow-meter", p + "wm0", lat, lon);
                if (random.nextInt(20) == 0) openAlarms.put(p + "wf", Map.of("WATER_VELOCITY_HIGH", Level.ORANGE));
                device(types, p + "hm", "heating-pipe-monitor", p + "hp", lat, lon);
                if (pump || block % 25 == 12) device(types, p + "ps", "power-supply-monitor", p + "dp", lat, lon);
                if (block % 10 == 5) {
                    device(types, p + "rg", "rain-gauge", p + "rs0", lat, lon);
                    if (random.nextBoolean()) openAlarms.put(p + "rg", Map.of("HEAVY_RAINFALL", Level.YELLOW));
                }
            }
        }
        network.apply(assets, links);
    }

    void device(DeviceTypeCatalog types, String id, String type, String assetId, double lat, double lon) {
        Device d = new Device(id, type, types.find(type).orElseThrow().scenario(), "site-" + id, DISTRICT, assetId,
                60, new Location(lat, lon), List.of());
        devices.add(d);
        network.attach(id, assetId, d.scenario());
    }

    static Asset asset(String id, AssetKind kind, double lat, double lon) {
        return asset(id, kind, lat, lon, Map.of());
    }

    static Asset asset(String id, AssetKind kind, double lat, double lon, Map<String, String> attributes) {
        return new Asset(id, kind, null, DISTRICT, new Location(lat, lon), attributes);
    }

    static Link link(String from, Relation relation, String to, double metres) {
        return new Link(from, to, relation, metres);
    }
}
