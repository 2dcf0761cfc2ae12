package org.citysafe.rules.coupling;

import org.citysafe.rules.CoupledRisk;
import org.citysafe.rules.Decision;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reason;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.network.Asset;
import org.citysafe.rules.network.AssetKind;
import org.citysafe.rules.network.AssetNetwork;
import org.citysafe.rules.network.Relation;
import org.citysafe.rules.network.Route;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Coupled risks across the gas, drainage, power, water, heating and road networks: a hazard decided on one reading
 * is looked at together with the assets its device's asset is linked to, and with the alarms open on the devices of
 * those assets. Plain Java over the {@link AssetNetwork}: each rule is one bounded search (hops and metres) from the
 * reading's asset. Every bound and every relation list is a policy parameter ({@code coupling.*} in
 * default-parameters.tsv), so a district's policy tunes it.
 *
 * <p>Only ALARM decisions are looked at: a hazard still pending confirmation couples once it is confirmed. A risk
 * raises the decision's level to its own (the most severe wins); probable biogas lowers it, unless another risk
 * raises it again. Each risk adds a reason in English and Chinese and names the path that links the assets.
 */
public final class CouplingRules {

    public static final String GAS_LEAK_MIGRATION = "GAS_LEAK_MIGRATION";
    public static final String IGNITION_RISK = "IGNITION_RISK";
    public static final String PROBABLE_BIOGAS = "PROBABLE_BIOGAS";
    public static final String SUBSIDENCE_RISK = "SUBSIDENCE_RISK";
    public static final String FLOODING_RISK = "FLOODING_RISK";
    public static final String OVERFLOW_RISK = "OVERFLOW_RISK";
    public static final String HEATING_LEAK_WATERLOGGING = "HEATING_LEAK_WATERLOGGING";

    /** The scenario of rain gauges; they must be attached with it ({@link AssetNetwork#attach(String, String, String)}). */
    public static final String RAINFALL_SCENARIO = "drainage.rainfall";
    private static final Set<String> GAS_IN_WELL_SCENARIOS = Set.of("drainage.well-gas", "gas.underground-space");
    private static final Set<String> GAS_MAIN_ANOMALIES = Set.of("GAS_PRESSURE_LOW", "GAS_FLOW_HIGH");
    private static final Set<AssetKind> POWER = Set.of(AssetKind.CABLE_TRENCH, AssetKind.POWER_MANHOLE,
            AssetKind.SUBSTATION);
    private static final Set<AssetKind> UNDERGROUND_SPACES = Set.of(AssetKind.DRAINAGE_WELL, AssetKind.DRAINAGE_PIPE,
            AssetKind.UTILITY_WELL, AssetKind.POWER_MANHOLE, AssetKind.CABLE_TRENCH);
    private static final Set<AssetKind> ROADS = Set.of(AssetKind.ROAD_SECTION, AssetKind.UNDERPASS);
    private static final Set<AssetKind> FLOOD_TARGETS = Set.of(AssetKind.SUBSTATION, AssetKind.PUMP_STATION,
            AssetKind.UNDERPASS);

    private CouplingRules() {
    }

    /** The decision with the coupled risks of its reading, its level raised or lowered by them. */
    public static Decision apply(Observation o, Decision d, AssetNetwork network, OpenAlarms alarms) {
        if (d.outcome() != Outcome.ALARM || d.level() == null || d.alarmType() == null) return d;
        String assetId = network.assetOf(o.getDeviceId()).orElse(o.getDevice().assetId());
        if (assetId == null) return d;
        Asset asset = network.asset(assetId).orElse(null);
        if (asset == null) return d;
        Context c = new Context(o, d, network, alarms, asset);
        List<CoupledRisk> risks = new ArrayList<>();
        if (GAS_IN_WELL_SCENARIOS.contains(o.getScenario()) && "COMBUSTIBLE_GAS".equals(d.alarmType())) {
            gasInWell(c, risks);
        }
        if ("gas.pipeline".equals(o.getScenario()) && GAS_MAIN_ANOMALIES.contains(d.alarmType())) {
            gasMainNearGasInWell(c, risks);
        }
        if ("water.supply".equals(o.getScenario())
                && ("WATER_PRESSURE_LOW".equals(d.alarmType()) || "WATER_VELOCITY_HIGH".equals(d.alarmType()))) {
            subsidence(c, risks);
        }
        if ("drainage.network".equals(o.getScenario()) && "DRAINAGE_LEVEL_HIGH".equals(d.alarmType())) {
            flooding(c, risks);
        }
        if ("POWER_OUTAGE".equals(d.alarmType())) overflow(c, risks);
        if ("heating.network".equals(o.getScenario()) && "HEATING_PRESSURE_LOW".equals(d.alarmType())) {
            heatingWaterlogging(c, risks);
        }
        return risks.isEmpty() ? d : withRisks(d, risks);
    }

    // ---- the rules ----

    /**
     * Combustible gas in a sewer or utility well: with a gas asset nearby showing a pressure drop or flow anomaly it
     * is a leak migrating into the well (upgraded); with a link to a power cable trench or substation it is an
     * ignition risk (RED); in a drainage well with no gas asset within the radius it is probably biogas (lowered,
     * for drainage maintenance rather than the gas company).
     */
    private static void gasInWell(Context c, List<CoupledRisk> risks) {
        double radius = c.number("coupling.gas.radius.metres", 200);
        Predicate<Asset> gas = a -> a.kind().isGas();
        Map<String, Route> gasAssets = new LinkedHashMap<>();
        for (Route r : c.network.reach(c.asset.id(), c.relations("coupling.gas.relations",
                "connects,shares-space,crosses,within-distance"), c.hops("coupling.gas.hops", 3), radius, false, gas)) {
            gasAssets.putIfAbsent(r.target().id(), r);
        }
        for (Route r : c.network.within(c.asset.id(), radius, gas)) gasAssets.putIfAbsent(r.target().id(), r);

        Found anomaly = c.firstWithAlarm(gasAssets.values(), GAS_MAIN_ANOMALIES, Level.BLUE);
        if (anomaly != null) {
            Level level = Level.max(c.stepsUp(c.d.level(), Math.max(0, (int) c.number("coupling.gas-migration.upgrade.steps", 1))),
                    c.severity("coupling.gas-migration.min.severity", 3));
            risks.add(c.risk(GAS_LEAK_MIGRATION, level, anomaly.route, "GAS_UTILITY", String.format(Locale.ROOT,
                            "combustible gas in %s and a %s alarm on %s (%s): gas is probably leaking from the main "
                                    + "and migrating into the well", c.asset.labelEn(), anomaly.alarmType,
                            anomaly.route.target().labelEn(), anomaly.route.describeEn(c.network)),
                    String.format(Locale.ROOT, "%s 内检测到可燃气体，且 %s 出现%s告警（%s）：疑似燃气管道泄漏并向井内迁移",
                            c.asset.labelZh(), anomaly.route.target().labelZh(), alarmZh(anomaly.alarmType),
                            anomaly.route.describeZh(c.network))));
        }

        List<Route> power = c.network.reach(c.asset.id(), c.relations("coupling.ignition.relations",
                        "connects,shares-space"), c.hops("coupling.ignition.hops", 2),
                c.number("coupling.ignition.max.metres", 500), false, a -> POWER.contains(a.kind()));
        if (!power.isEmpty()) {
            Route r = power.get(0);
            risks.add(c.risk(IGNITION_RISK, c.severity("coupling.ignition.severity", 4), r, "POWER_UTILITY",
                    String.format(Locale.ROOT, "combustible gas in %s, which is linked to %s (%s): gas can reach "
                            + "live cables and ignite", c.asset.labelEn(), r.target().labelEn(), r.describeEn(c.network)),
                    String.format(Locale.ROOT, "%s 内检测到可燃气体，该井与 %s 相连（%s）：燃气可能进入带电电缆空间，存在引燃爆炸风险",
                            c.asset.labelZh(), r.target().labelZh(), r.describeZh(c.network))));
        }

        if (gasAssets.isEmpty() && "drainage.well-gas".equals(c.o.getScenario())) {
            Level level = c.stepsUp(c.d.level(), -(int) c.number("coupling.biogas.lower.steps", 1));
            risks.add(c.risk(PROBABLE_BIOGAS, level, null, "DRAINAGE_MAINTENANCE", String.format(Locale.ROOT,
                            "combustible gas in %s with no gas asset within %s m: probably biogas from the sewer; "
                                    + "for drainage maintenance, not the gas company", c.asset.labelEn(),
                            metres(radius)),
                    String.format(Locale.ROOT, "%s 内检测到可燃气体，%s 米范围内无燃气设施：疑似污水管道沼气，由排水养护单位处置，无需通知燃气公司",
                            c.asset.labelZh(), metres(radius))));
        }
    }

    /**
     * The same coupling seen from the main: a gas asset losing pressure (or with a flow anomaly) while a well or
     * underground space within the radius holds a combustible-gas alarm. The main's alarm is upgraded as the well's
     * would be; the well's own alarm is upgraded when it next reports.
     */
    private static void gasMainNearGasInWell(Context c, List<CoupledRisk> risks) {
        double radius = c.number("coupling.gas.radius.metres", 200);
        Predicate<Asset> underground = a -> UNDERGROUND_SPACES.contains(a.kind());
        Map<String, Route> spaces = new LinkedHashMap<>();
        for (Route r : c.network.reach(c.asset.id(), c.relations("coupling.gas.relations",
                "connects,shares-space,crosses,within-distance"), c.hops("coupling.gas.hops", 3), radius, false,
                underground)) {
            spaces.putIfAbsent(r.target().id(), r);
        }
        for (Route r : c.network.within(c.asset.id(), radius, underground)) spaces.putIfAbsent(r.target().id(), r);
        Found gas = c.firstWithAlarm(spaces.values(), Set.of("COMBUSTIBLE_GAS"), Level.BLUE);
        if (gas == null) return;
        Level level = Level.max(c.stepsUp(c.d.level(), Math.max(0, (int) c.number("coupling.gas-migration.upgrade.steps", 1))),
                c.severity("coupling.gas-migration.min.severity", 3));
        risks.add(c.risk(GAS_LEAK_MIGRATION, level, gas.route, "GAS_UTILITY", String.format(Locale.ROOT,
                        "%s on %s and a %s combustible-gas alarm in %s (%s): gas is probably leaking from the main "
                                + "and migrating underground", c.d.alarmType(), c.asset.labelEn(), gas.level,
                        gas.route.target().labelEn(), gas.route.describeEn(c.network)),
                String.format(Locale.ROOT, "%s 出现%s告警，且 %s 内存在%s可燃气体告警（%s）：疑似燃气管道泄漏并向地下空间迁移",
                        c.asset.labelZh(), alarmZh(c.d.alarmType()), gas.route.target().labelZh(), gas.level.nameZh(),
                        gas.route.describeZh(c.network))));
    }

    /** A water main burst (pressure drop with a flow surge on the same or a connected main) under a road. */
    private static void subsidence(Context c, List<CoupledRisk> risks) {
        String other = "WATER_PRESSURE_LOW".equals(c.d.alarmType()) ? "WATER_VELOCITY_HIGH" : "WATER_PRESSURE_LOW";
        List<Route> mains = new ArrayList<>();
        mains.add(new Route(c.asset, List.of(), 0));
        mains.addAll(c.network.reach(c.asset.id(), Set.of(Relation.CONNECTS), c.hops("coupling.burst.hops", 1),
                c.number("coupling.burst.max.metres", 500), false, a -> a.kind() == AssetKind.WATER_MAIN));
        Found burst = c.firstWithAlarm(mains, Set.of(other), Level.BLUE);
        if (burst == null) return;
        List<Route> roads = c.network.reach(c.asset.id(), c.relations("coupling.subsidence.relations",
                        "crosses,shares-space,within-distance"), c.hops("coupling.subsidence.hops", 1),
                c.number("coupling.subsidence.max.metres", 50), false, a -> ROADS.contains(a.kind()));
        if (roads.isEmpty()) return;
        Route r = roads.get(0);
        Level level = Level.max(c.d.level(), c.severity("coupling.subsidence.min.severity", 3));
        risks.add(c.risk(SUBSIDENCE_RISK, level, r, "ROAD_AUTHORITY", String.format(Locale.ROOT,
                        "%s shows a burst (%s here, %s on %s) and runs under %s (%s): the road may be washed out and "
                                + "collapse", c.asset.labelEn(), c.d.alarmType(), other, burst.route.target().id(),
                        r.target().labelEn(), r.describeEn(c.network)),
                String.format(Locale.ROOT, "%s 疑似爆管（%s，%s 出现%s），其上方为 %s（%s）：存在路面冲刷塌陷风险",
                        c.asset.labelZh(), alarmZh(c.d.alarmType()), burst.route.target().id(), alarmZh(other),
                        r.target().labelZh(), r.describeZh(c.network))));
    }

    /** Heavy rain and the level rising in a well upstream of a substation, a pump station or an underpass. */
    private static void flooding(Context c, List<CoupledRisk> risks) {
        List<Route> targets = c.network.reach(c.asset.id(), c.relations("coupling.flooding.relations",
                        "downstream-of,connects"), c.hops("coupling.flooding.hops", 3),
                c.number("coupling.flooding.max.metres", 1000), true, a -> FLOOD_TARGETS.contains(a.kind()));
        if (targets.isEmpty()) return;
        Found rain = c.rain();
        if (rain == null) return;
        Route r = targets.get(0);
        Level level = Level.max(c.d.level(), c.severity("coupling.flooding.min.severity", 3));
        risks.add(c.risk(FLOODING_RISK, level, r, "DRAINAGE_MAINTENANCE", String.format(Locale.ROOT,
                        "water rising in %s during heavy rain (%s) upstream of %s (%s): flooding of the %s",
                        c.asset.labelEn(), rainEn(rain), r.target().labelEn(), r.describeEn(c.network),
                        r.target().kind().nameEn()),
                String.format(Locale.ROOT, "强降雨期间（%s）%s 水位上涨，其下游为 %s（%s）：%s存在被淹风险",
                        rainZh(rain), c.asset.labelZh(), r.target().labelZh(), r.describeZh(c.network),
                        r.target().kind().nameZh())));
    }

    /** Supply lost at a drainage pump station (or at what feeds one) while it rains. */
    private static void overflow(Context c, List<CoupledRisk> risks) {
        List<Route> pumps = new ArrayList<>();
        if (c.asset.kind() == AssetKind.PUMP_STATION) pumps.add(new Route(c.asset, List.of(), 0));
        pumps.addAll(c.network.reach(c.asset.id(), c.relations("coupling.overflow.relations", "connects"),
                c.hops("coupling.overflow.hops", 1), c.number("coupling.overflow.max.metres", 2000), false,
                a -> a.kind() == AssetKind.PUMP_STATION));
        if (pumps.isEmpty()) return;
        Found rain = c.rain();
        if (rain == null) return;
        Route r = pumps.get(0);
        Level level = Level.max(c.d.level(), c.severity("coupling.overflow.min.severity", 3));
        String via = r.hops() == 0 ? "" : ", which drives " + r.target().labelEn() + " (" + r.describeEn(c.network) + ")";
        String viaZh = r.hops() == 0 ? "" : "，影响 " + r.target().labelZh() + "（" + r.describeZh(c.network) + "）";
        risks.add(c.risk(OVERFLOW_RISK, level, r.hops() == 0 ? rain.route : r, "DRAINAGE_MAINTENANCE",
                String.format(Locale.ROOT, "supply lost at %s%s during heavy rain (%s): the pumps stop and the "
                        + "network upstream overflows", c.asset.labelEn(), via, rainEn(rain)),
                String.format(Locale.ROOT, "强降雨期间（%s）%s 供电中断%s：泵站停运，上游管网存在溢流风险", rainZh(rain),
                        c.asset.labelZh(), viaZh)));
    }

    /** A heating pipe losing pressure (a leak) at a point prone to waterlogging. */
    private static void heatingWaterlogging(Context c, List<CoupledRisk> risks) {
        Route r = null;
        if (c.asset.flag("waterloggingProne")) {
            r = new Route(c.asset, List.of(), 0);
        } else {
            List<Route> near = c.network.reach(c.asset.id(), c.relations("coupling.waterlogging.relations",
                            "crosses,shares-space,within-distance"), c.hops("coupling.waterlogging.hops", 1),
                    c.number("coupling.waterlogging.max.metres", 100), false, a -> true);
            for (Route n : near) {
                if (n.target().flag("waterloggingProne")) {
                    r = n;
                    break;
                }
            }
            if (r == null) {
                Found ponding = c.firstWithAlarm(near, Set.of("PONDING"), Level.BLUE);
                if (ponding != null) r = ponding.route;
            }
        }
        if (r == null) return;
        Level level = Level.max(c.d.level(), c.severity("coupling.waterlogging.min.severity", 3));
        String where = r.hops() == 0 ? "it is marked waterlogging-prone"
                : r.target().labelEn() + " is prone to waterlogging (" + r.describeEn(c.network) + ")";
        String whereZh = r.hops() == 0 ? "该管段位于易涝点" : r.target().labelZh() + " 为易涝点（" + r.describeZh(c.network) + "）";
        risks.add(c.risk(HEATING_LEAK_WATERLOGGING, level, r, "HEATING_UTILITY", String.format(Locale.ROOT,
                        "%s is leaking and %s: hot water under standing water scalds and hides the leak",
                        c.asset.labelEn(), where),
                String.format(Locale.ROOT, "%s 疑似泄漏，%s：积水掩盖热水泄漏，存在烫伤和路面塌陷风险", c.asset.labelZh(), whereZh)));
    }

    // ---- the decision with its risks ----

    private static Decision withRisks(Decision d, List<CoupledRisk> found) {
        Level level = d.level();
        for (CoupledRisk r : found) {
            if (PROBABLE_BIOGAS.equals(r.type())) level = r.level();
        }
        for (CoupledRisk r : found) {
            if (!PROBABLE_BIOGAS.equals(r.type())) level = Level.max(level, r.level());
        }
        // the risk that sets the level first; it says how the level changed
        List<CoupledRisk> risks = new ArrayList<>(found);
        risks.sort(Comparator.comparing((CoupledRisk r) -> -r.level().severity()));
        List<Reason> reasons = new ArrayList<>();
        for (CoupledRisk r : risks) {
            boolean first = reasons.isEmpty();
            // the rules' own reasons follow and speak of the reading's own level (and of the open alarm's)
            String change = !first || level == d.level() ? "" : String.format(Locale.ROOT,
                    "; %s from the reading's own %s to %s",
                    level.isMoreSevereThan(d.level()) ? "upgraded" : "lowered", d.level(), level);
            String changeZh = !first || level == d.level() ? "" : String.format(Locale.ROOT, "，由读数本身的%s%s为%s",
                    d.level().nameZh(), level.isMoreSevereThan(d.level()) ? "升级" : "降级", level.nameZh());
            reasons.add(Reason.of("coupling." + r.type().toLowerCase(Locale.ROOT).replace('_', '-'),
                    "Coupled risk " + r.type() + ": " + r.explanation() + change,
                    "耦合风险 " + r.type() + "：" + r.explanationZh() + changeZh));
        }
        reasons.addAll(d.reasons());
        return new Decision(d.deviceId(), d.messageId(), d.outcome(), level, d.alarmType(), d.alarmId(), reasons,
                risks, d.escalation(), d.policyVersion(), d.clears());
    }

    private static String rainEn(Found rain) {
        return String.format(Locale.ROOT, "a heavy-rainfall alarm at %s from rain gauge %s on %s, %s m away", rain.level,
                rain.deviceId, rain.route.target().labelEn(), metres(rain.route.metres()));
    }

    private static String rainZh(Found rain) {
        return String.format(Locale.ROOT, "%s 上的雨量计 %s（%s 米外）发出强降雨%s预警", rain.route.target().labelZh(),
                rain.deviceId, metres(rain.route.metres()), rain.level.nameZh());
    }

    private static String alarmZh(String alarmType) {
        return switch (alarmType) {
            case "GAS_PRESSURE_LOW" -> "燃气压力过低";
            case "GAS_FLOW_HIGH" -> "燃气流量异常";
            case "WATER_PRESSURE_LOW" -> "供水压力骤降";
            case "WATER_VELOCITY_HIGH" -> "供水流速突增";
            case "HEAVY_RAINFALL" -> "强降雨";
            case "PONDING" -> "道路积水";
            default -> alarmType;
        };
    }

    private static String metres(double m) {
        return String.valueOf(Math.round(m));
    }

    /** A route to an asset one of whose devices holds an alarm of interest. */
    private record Found(Route route, String deviceId, String alarmType, Level level) {
    }

    /** What one evaluation needs at hand. */
    private record Context(Observation o, Decision d, AssetNetwork network, OpenAlarms alarms, Asset asset) {

        double number(String name, double fallback) {
            return o.parameterOr(name, fallback);
        }

        int hops(String name, int fallback) {
            return (int) Math.round(o.parameterOr(name, fallback));
        }

        Set<Relation> relations(String name, String fallback) {
            return Relation.parse(o.getPolicy().setting(name).orElse(fallback));
        }

        /** A level from a policy number: 1 BLUE, 2 YELLOW, 3 ORANGE, 4 RED. */
        Level severity(String name, int fallback) {
            int s = (int) Math.round(o.parameterOr(name, fallback));
            for (Level l : Level.values()) if (l.severity() == Math.max(1, Math.min(4, s))) return l;
            return Level.RED;
        }

        /** A level some steps up (negative: down), within BLUE and RED. */
        Level stepsUp(Level from, int steps) {
            int s = Math.max(1, Math.min(4, from.severity() + steps));
            for (Level l : Level.values()) if (l.severity() == s) return l;
            return from;
        }

        /** The nearest of these assets with a device holding one of the alarm types at least at {@code min}. */
        Found firstWithAlarm(Collection<Route> routes, Set<String> types, Level min) {
            Map<String, Route> byDevice = new LinkedHashMap<>();
            for (Route r : routes) {
                for (String device : network.devicesOn(r.target().id())) {
                    if (!device.equals(o.getDeviceId())) byDevice.putIfAbsent(device, r);
                }
            }
            if (byDevice.isEmpty()) return null;
            Map<String, Map<String, Level>> open = alarms.of(byDevice.keySet());
            Found best = null;
            for (var e : byDevice.entrySet()) {
                for (var a : open.getOrDefault(e.getKey(), Map.of()).entrySet()) {
                    if (!types.contains(a.getKey()) || a.getValue() == null || min.isMoreSevereThan(a.getValue())) continue;
                    if (best == null || e.getValue().metres() < best.route.metres()) {
                        best = new Found(e.getValue(), e.getKey(), a.getKey(), a.getValue());
                    }
                }
            }
            return best;
        }

        /** A heavy-rainfall alarm at least at {@code coupling.rain.min.severity} within the rain radius. */
        Found rain() {
            // rain gauges are few: measure the way to each rather than search every asset around
            double radius = number("coupling.rain.radius.metres", 3000);
            Map<String, Route> around = new LinkedHashMap<>();
            for (String gauge : network.devicesOfScenario(RAINFALL_SCENARIO)) {
                Asset at = network.assetOf(gauge).flatMap(network::asset).orElse(null);
                if (at == null || around.containsKey(at.id())) continue;
                double d = at.id().equals(asset.id()) ? 0
                        : AssetNetwork.metresBetween(asset.location(), at.location());
                if (d > radius) continue;
                around.put(at.id(), at.id().equals(asset.id()) ? new Route(asset, List.of(), 0)
                        : new Route(at, List.of(new CoupledRisk.Step(asset.id(), Relation.WITHIN_DISTANCE.code(),
                        at.id(), d, false)), d));
            }
            return firstWithAlarm(around.values(), Set.of("HEAVY_RAINFALL"), severity("coupling.rain.min.severity", 2));
        }

        CoupledRisk risk(String type, Level level, Route route, String routeTo, String en, String zh) {
            List<String> assets = new ArrayList<>();
            assets.add(asset.id());
            if (route != null) {
                for (String id : route.assetIds()) if (!assets.contains(id)) assets.add(id);
            }
            return new CoupledRisk(type, level, assets, route == null ? List.of() : route.steps(), en, zh, routeTo);
        }
    }
}
