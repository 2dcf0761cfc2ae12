package org.citysafe.service.policy;

import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.rules.CoupledRisk;
import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.engine.DecisionEngine;
import org.citysafe.rules.engine.ReplayContext;
import org.citysafe.rules.state.DecisionState;
import org.citysafe.service.ruleset.ActiveRules;
import org.citysafe.service.network.AssetNetworkStore;
import org.citysafe.service.registry.DeviceRegistry;
import org.citysafe.service.registry.DistrictPath;
import org.citysafe.service.suppression.DownstreamSilences;
import org.citysafe.service.suppression.SilenceStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Preview against history: the readings stored for a scope's devices over the last days (or a scenario set given with
 * the request), decided again, in event time from a fresh state, once with the policy in force and once with the draft in its place, by the live rules and
 * without storing anything. What changes is counted as alarm decisions gained and lost per level and per scenario,
 * with examples. Both runs see the same silences and the same rules, so the difference is the policy's alone.
 */
@Component
public class PolicyPreview {

    private static final int EXAMPLES = 20;
    private static final int CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final DeviceRegistry registry;
    private final MetricCatalog metrics;
    private final ActiveRules rules;
    private final SilenceStore silences;
    private final DownstreamSilences downstream;
    private final AssetNetworkStore assets;
    private final Clock clock;
    private final int maxReadings;
    private final double nearbyRadiusMetres;

    public PolicyPreview(JdbcTemplate jdbc, DeviceRegistry registry, MetricCatalog metrics, ActiveRules rules,
                         SilenceStore silences, DownstreamSilences downstream, AssetNetworkStore assets, Clock clock,
                         @Value("${citysafe.policy.preview-max-readings:50000}") int maxReadings,
                         @Value("${citysafe.decision.nearby-radius-metres:500}") double nearbyRadiusMetres) {
        this.downstream = downstream;
        this.assets = assets;
        this.nearbyRadiusMetres = nearbyRadiusMetres;
        this.jdbc = jdbc;
        this.registry = registry;
        this.metrics = metrics;
        this.rules = rules;
        this.silences = silences;
        this.clock = clock;
        this.maxReadings = maxReadings;
    }

    /** Alarm decisions at one level (or in one scenario at one level): before, after, gained, lost. */
    public record Counts(int current, int draft, int gained, int lost) {
        Counts add(Level before, Level after, Level at) {
            return new Counts(current + (before == at ? 1 : 0), draft + (after == at ? 1 : 0),
                    gained + (after == at && before != at ? 1 : 0), lost + (before == at && after != at ? 1 : 0));
        }
    }

    public record ScenarioCounts(String scenario, Level level, Counts counts) {
    }

    /** What one decision was under the policy in force and would be under the draft. */
    public record Verdict(Outcome outcome, Level level, String alarmType, String policyVersion, String reason,
                          List<String> coupledRisks) {
        static Verdict of(Decision d) {
            return new Verdict(d.outcome(), d.level(), d.alarmType(), d.policyVersion(),
                    d.reasons().isEmpty() ? null : d.reasons().get(0).message(),
                    d.coupledRisks().stream().map(CoupledRisk::type).toList());
        }

        Level alarmLevel() {
            return outcome == Outcome.ALARM ? level : null;
        }
    }

    public record Example(String deviceId, String siteId, String districtPath, String scenario, String metric,
                          double value, String unit, Instant ts, Verdict current, Verdict draft) {
    }

    /**
     * @param readings   readings decided again (at most {@code citysafe.policy.preview-max-readings}, oldest first)
     * @param truncated  there were more readings in the window than that
     * @param changed    decisions whose outcome, level, alarm type or coupled risks differ
     * @param byCoupledRisk per coupled-risk type (GAS_LEAK_MIGRATION, SUBSIDENCE_RISK, ...): the decisions carrying it
     *                   under each policy, gained and lost (a {@code coupling.*} parameter changes these)
     */
    public record Report(String scope, String source, int days, Instant from, Instant to, int readings, int devices,
                         boolean truncated, List<String> refused, String currentVersion, String draftVersion,
                         int changed, Map<Level, Counts> byLevel, List<ScenarioCounts> byScenario,
                         Map<String, Counts> byCoupledRisk, List<Example> examples) {
    }

    private record Stored(Reading reading, Device device, Metric metric) {
    }

    /** The scope's stored readings of the last {@code days} days. */
    public Report run(String scope, int days, PolicySnapshot current, PolicySnapshot draft) {
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofDays(days));
        List<Stored> stored = readings(scope, from);
        boolean truncated = stored.size() > maxReadings;
        if (truncated) stored = stored.subList(0, maxReadings);
        return report(scope, "history", days, from, to, stored, truncated, List.of(), current, draft);
    }

    /**
     * A scenario set instead of history: readings given with the request (decoded as the decision API decodes
     * them), of devices registered in the scope, replayed in event time. A reading that cannot be used is listed in
     * {@code refused} with the reason; the others are still replayed.
     */
    public Report run(String scope, List<ParsedReading> given, PolicySnapshot current, PolicySnapshot draft) {
        List<Stored> stored = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Map<String, Device> devices = new HashMap<>();
        for (int i = 0; i < given.size(); i++) {
            ParsedReading p = given.get(i);
            if (p instanceof ParsedReading.Refused r) {
                refused.add("readings[" + i + "]: " + r.reason());
                continue;
            }
            Reading r = ((ParsedReading.Accepted) p).reading();
            Device device = devices.computeIfAbsent(r.deviceId(), id -> registry.find(id).orElse(null));
            if (device == null || !DistrictPath.within(device.districtPath(), scope)) {
                refused.add("readings[" + i + "]: device '" + r.deviceId() + "' is not registered in " + scope);
                continue;
            }
            Metric metric = metrics.find(r.metric()).orElse(null);
            if (metric == null) continue; // the codec refuses unknown metrics
            stored.add(new Stored(r, device, metric));
        }
        stored.sort(Comparator.comparing((Stored s) -> s.reading().ts()));
        boolean truncated = stored.size() > maxReadings;
        if (truncated) stored = stored.subList(0, maxReadings);
        Instant from = stored.isEmpty() ? clock.instant() : stored.get(0).reading().ts();
        Instant to = stored.isEmpty() ? from : stored.get(stored.size() - 1).reading().ts();
        return report(scope, "readings", 0, from, to, stored, truncated, refused, current, draft);
    }

    private Report report(String scope, String source, int days, Instant from, Instant to, List<Stored> stored,
                          boolean truncated, List<String> refused, PolicySnapshot current, PolicySnapshot draft) {
        RuleSet ruleSet = rules.get();
        List<Decision> before = replay(ruleSet, stored, current, from, to);
        List<Decision> after = replay(ruleSet, stored, draft, from, to);

        Map<Level, Counts> byLevel = new TreeMap<>();
        for (Level l : Level.values()) byLevel.put(l, new Counts(0, 0, 0, 0));
        Map<String, Counts> byScenario = new TreeMap<>();
        Map<String, Counts> byCoupledRisk = new TreeMap<>();
        List<Example> examples = new ArrayList<>();
        Set<String> devices = new HashSet<>();
        int changed = 0;
        for (int i = 0; i < stored.size(); i++) {
            Stored s = stored.get(i);
            devices.add(s.device().deviceId());
            Verdict b = Verdict.of(before.get(i));
            Verdict a = Verdict.of(after.get(i));
            for (Level l : Level.values()) {
                byLevel.compute(l, (k, c) -> c.add(b.alarmLevel(), a.alarmLevel(), l));
                if (b.alarmLevel() == l || a.alarmLevel() == l) {
                    byScenario.merge(s.device().scenario() + '|' + l, new Counts(0, 0, 0, 0).add(b.alarmLevel(),
                            a.alarmLevel(), l), (x, y) -> new Counts(x.current() + y.current(), x.draft() + y.draft(),
                            x.gained() + y.gained(), x.lost() + y.lost()));
                }
            }
            Set<String> risks = new TreeSet<>(b.coupledRisks());
            risks.addAll(a.coupledRisks());
            for (String risk : risks) {
                boolean was = b.coupledRisks().contains(risk);
                boolean is = a.coupledRisks().contains(risk);
                byCoupledRisk.merge(risk, new Counts(was ? 1 : 0, is ? 1 : 0, is && !was ? 1 : 0, was && !is ? 1 : 0),
                        (x, y) -> new Counts(x.current() + y.current(), x.draft() + y.draft(),
                                x.gained() + y.gained(), x.lost() + y.lost()));
            }
            if (b.outcome() != a.outcome() || b.level() != a.level() || !Objects.equals(b.alarmType(), a.alarmType())
                    || !b.coupledRisks().equals(a.coupledRisks())) {
                changed++;
                if (examples.size() < EXAMPLES) {
                    Reading r = s.reading();
                    examples.add(new Example(r.deviceId(), s.device().siteId(), s.device().districtPath(),
                            s.device().scenario(), r.metric(), r.value(), r.unit(), r.ts(), b, a));
                }
            }
        }
        List<ScenarioCounts> scenarios = byScenario.entrySet().stream().map(e -> {
            String[] k = e.getKey().split("\\|");
            return new ScenarioCounts(k[0], Level.valueOf(k[1]), e.getValue());
        }).toList();
        return new Report(scope, source, days, from, to, stored.size(), devices.size(), truncated,
                refused.size() > EXAMPLES ? refused.subList(0, EXAMPLES) : refused,
                current.resolve(scope).policy().version(), draft.resolve(scope).policy().version(), changed, byLevel,
                scenarios, byCoupledRisk, examples);
    }

    /**
     * The readings decided again through the decision engine from a fresh state, in event time, with the silences of
     * the window and the asset network as it is now: the coupled risks among the replayed devices are decided too.
     */
    private List<Decision> replay(RuleSet ruleSet, List<Stored> stored, PolicySnapshot snapshot, Instant from,
                                  Instant to) {
        DecisionState state = new DecisionState();
        state.setSilences(downstream.expand(silences.overlapping(from, to)));
        ReplayContext context = new ReplayContext(state, assets.network(), nearbyRadiusMetres);
        List<Decision> out = new ArrayList<>(stored.size());
        for (int start = 0; start < stored.size(); start += CHUNK) {
            List<DecisionEngine.Input> inputs = new ArrayList<>();
            for (Stored s : stored.subList(start, Math.min(stored.size(), start + CHUNK))) {
                inputs.add(new DecisionEngine.Input(s.reading(), s.device(), s.metric(), snapshot.policyFor(s.device())));
            }
            out.addAll(DecisionEngine.decide(ruleSet, inputs, context));
        }
        return out;
    }

    private List<Stored> readings(String scope, Instant from) {
        Map<String, Device> devices = new HashMap<>();
        List<Stored> out = new ArrayList<>();
        jdbc.query("""
                select r.device_id, r.metric, r.value, r.unit, r.ts, r.message_id, r.source, r.flags
                from reading r join device d on d.device_id = r.device_id
                where (d.district_path = ? or starts_with(d.district_path, ? || '/')) and r.ts >= ?
                order by r.ts, r.id limit ?
                """, rs -> {
            String deviceId = rs.getString("device_id");
            Device device = devices.computeIfAbsent(deviceId, id -> registry.find(id).orElse(null));
            Metric metric = metrics.find(rs.getString("metric")).orElse(null);
            if (device == null || metric == null) return;
            Array flags = rs.getArray("flags");
            Set<String> set = flags == null ? Set.of() : new HashSet<>(Arrays.asList((String[]) flags.getArray()));
            out.add(new Stored(new Reading(deviceId, rs.getString("metric"), rs.getDouble("value"), rs.getString("unit"),
                    rs.getTimestamp("ts").toInstant(), rs.getString("message_id"), rs.getString("source"), set),
                    device, metric));
        }, scope, scope, Timestamp.from(from), maxReadings + 1);
        return out;
    }
}
