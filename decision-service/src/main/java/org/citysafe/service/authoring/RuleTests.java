package org.citysafe.service.authoring;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Location;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.Reason;
import org.citysafe.rules.catalog.DeviceType;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.engine.DecisionEngine;
import org.citysafe.rules.engine.Finding;
import org.citysafe.rules.engine.Nearby;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.engine.ReplayContext;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;
import org.citysafe.rules.state.DecisionState;
import org.citysafe.service.alarm.AlarmStore;
import org.citysafe.service.network.AssetNetworkStore;
import org.citysafe.service.policy.PolicyService;
import org.citysafe.service.registry.DeviceRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Test before publish: a draft rule set and the published one decide the package's test cases and, if asked, recent
 * stored readings; the report says which cases pass and which decisions the draft would change.
 */
@Component
public class RuleTests {

    /**
     * One test case: a device, what is open around it, readings oldest first (the earlier ones are its history) and
     * what the decision on the last reading must be.
     */
    public record TestCase(String name, TestDevice device, Map<String, Level> openAlarms, List<TestNearby> nearby,
                           List<TestReading> readings, Expectation expect) {
    }

    public record TestDevice(String deviceType, String siteId, String districtPath, Location location) {
    }

    /** @param secondsAgo event time before the test runs; by default readings are a minute apart, ending now */
    public record TestReading(String metric, double value, String unit, Integer secondsAgo, Set<String> flags) {
    }

    public record TestNearby(String relation, String siteId, String alarmType, Level level, Double distanceMetres) {
    }

    /** Level and alarm type are checked only when given. */
    public record Expectation(Outcome outcome, Level level, String alarmType) {
    }

    /** What a decision concluded, in short. */
    public record Verdict(Outcome outcome, Level level, String alarmType, List<String> reasons) {
        static Verdict of(Decision d) {
            return new Verdict(d.outcome(), d.level(), d.alarmType(),
                    d.reasons().stream().map(r -> r.ruleId() + ": " + r.message()).toList());
        }

        boolean sameAs(Verdict o) {
            return outcome == o.outcome && level == o.level && Objects.equals(alarmType, o.alarmType);
        }
    }

    /** @param draft null when the case could not be run ({@code error} says why) */
    public record CaseResult(String name, boolean passed, Expectation expected, Verdict draft, Verdict published,
                             boolean changed, String error) {
    }

    public record ChangedDecision(long readingId, String deviceId, String metric, double value, Instant ts,
                                  Verdict published, Verdict draft) {
    }

    public record Report(int passed, int failed, List<CaseResult> cases, int replayed,
                         List<ChangedDecision> changed) {
    }

    private final DeviceTypeCatalog deviceTypes;
    private final MetricCatalog metrics;
    private final PolicyService policies;
    private final DeviceRegistry registry;
    private final AlarmStore alarms;
    private final AssetNetworkStore assets;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public RuleTests(DeviceTypeCatalog deviceTypes, MetricCatalog metrics, PolicyService policies,
                     DeviceRegistry registry, AlarmStore alarms, AssetNetworkStore assets, JdbcTemplate jdbc,
                     Clock clock) {
        this.deviceTypes = deviceTypes;
        this.metrics = metrics;
        this.policies = policies;
        this.registry = registry;
        this.alarms = alarms;
        this.assets = assets;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Problems with a test case's content, as a form would list them; empty when it can run. */
    public List<String> problems(TestCase c) {
        List<String> problems = new ArrayList<>();
        if (c.name() == null || c.name().isBlank()) problems.add("name is missing");
        if (c.device() == null || c.device().deviceType() == null) {
            problems.add("device.deviceType is missing");
        } else if (deviceTypes.find(c.device().deviceType()).isEmpty()) {
            problems.add("device.deviceType '" + c.device().deviceType() + "' is unknown");
        }
        if (c.readings() == null || c.readings().isEmpty()) problems.add("readings: at least one is needed");
        else {
            for (int i = 0; i < c.readings().size(); i++) {
                TestReading r = c.readings().get(i);
                Metric m = r.metric() == null ? null : metrics.find(r.metric()).orElse(null);
                if (m == null) problems.add("readings[" + i + "].metric '" + r.metric() + "' is unknown");
                else if (r.unit() != null && !r.unit().isBlank() && m.toCanonical(r.value(), r.unit()).isEmpty()) {
                    problems.add("readings[" + i + "].unit '" + r.unit() + "' is not a unit of " + r.metric());
                }
            }
        }
        if (c.expect() == null || c.expect().outcome() == null) problems.add("expect.outcome is missing");
        return problems;
    }

    /** Runs the cases through both rule sets, and the newest {@code recent} stored readings of the package's domain. */
    public Report run(String domain, RuleSet draft, RuleSet published, List<TestCase> cases, int recent) {
        List<CaseResult> results = new ArrayList<>();
        for (TestCase c : cases) results.add(runCase(c, draft, published));
        results.addAll(runawayProbes(domain, draft));
        List<ChangedDecision> changed = new ArrayList<>();
        int replayed = 0;
        if (recent > 0 && published != null) {
            List<StoredReading> stored = recentReadings(domain, Math.min(recent, 1000));
            replayed = stored.size();
            changed = replay(stored, draft, published);
        }
        int passed = (int) results.stream().filter(CaseResult::passed).count();
        return new Report(passed, results.size() - passed, results, replayed, changed);
    }

    /**
     * A case decided as the service decides: every reading in order through the decision engine, so the earlier ones
     * are the series' history (sustained and N-of-M rules, rate of rise, stuck values) and their decisions move the
     * device's alarms on; the verdict is the decision on the last reading.
     */
    CaseResult runCase(TestCase c, RuleSet draft, RuleSet published) {
        List<String> problems = problems(c);
        if (!problems.isEmpty()) {
            return new CaseResult(c.name(), false, c.expect(), null, null, false, String.join("; ", problems));
        }
        try {
            DeviceType type = deviceTypes.find(c.device().deviceType()).orElseThrow();
            TestDevice td = c.device();
            Device device = new Device("test-device", type.name(), type.scenario(),
                    td.siteId() == null ? "test-site" : td.siteId(),
                    td.districtPath() == null ? "test/test" : td.districtPath(), null, 60, td.location(), List.of());
            Instant now = clock.instant();
            List<DecisionEngine.Input> inputs = new ArrayList<>();
            for (int i = 0; i < c.readings().size(); i++) {
                TestReading r = c.readings().get(i);
                Metric m = metrics.find(r.metric()).orElseThrow();
                double value = r.unit() == null || r.unit().isBlank() ? r.value()
                        : m.toCanonical(r.value(), r.unit()).orElseThrow();
                int ago = r.secondsAgo() != null ? r.secondsAgo() : 60 * (c.readings().size() - 1 - i);
                Reading reading = new Reading(device.deviceId(), m.name(), value, m.canonicalUnit(),
                        now.minusSeconds(ago), "test-" + i, "test", r.flags() == null ? Set.of() : r.flags());
                inputs.add(new DecisionEngine.Input(reading, device, m, policies.policyFor(device)));
            }
            Decision decided = last(DecisionEngine.decide(draft, inputs, caseContext(c, device)));
            Verdict d = Verdict.of(decided);
            String stopped = stopped(decided);
            if (stopped != null) {
                return new CaseResult(c.name(), false, c.expect(), d, null, false, "the draft was stopped: " + stopped);
            }
            Verdict p = published == null ? null
                    : Verdict.of(last(DecisionEngine.decide(published, inputs, caseContext(c, device))));
            Expectation e = c.expect();
            boolean passed = d.outcome() == e.outcome() && (e.level() == null || e.level() == d.level())
                    && (e.alarmType() == null || e.alarmType().isBlank() || e.alarmType().equals(d.alarmType()));
            return new CaseResult(c.name(), passed, e, d, p, p != null && !p.sameAs(d), null);
        } catch (RuntimeException ex) {
            return new CaseResult(c.name(), false, c.expect(), null, null, false,
                    "the rules failed on this case: " + ex.getMessage());
        }
    }

    /**
     * The draft decides one reading of every metric of each of the domain's device types, at zero and past the
     * highest threshold the policy has for it, through the decision engine. Only probes the engine had to stop (or
     * the rules failed on) are reported, as failed cases: a draft whose rules never come to rest is refused at test
     * and publish even when no test case reaches it.
     */
    List<CaseResult> runawayProbes(String domain, RuleSet draft) {
        List<CaseResult> stopped = new ArrayList<>();
        Instant now = clock.instant();
        for (DeviceType type : deviceTypes.all()) {
            if (!type.scenario().startsWith(domain + ".")) continue;
            Device device = new Device("probe-device", type.name(), type.scenario(), "probe-site", "test/test", null,
                    60, null, List.of());
            Policy policy = policies.policyFor(device);
            for (String metricName : type.metrics()) {
                Metric m = metrics.find(metricName).orElse(null);
                if (m == null) continue;
                double top = policy.thresholds(type.scenario(), metricName).stream()
                        .mapToDouble(Threshold::getValue).max().orElse(0);
                for (double value : new double[]{0, top + 1}) {
                    Reading r = new Reading(device.deviceId(), m.name(), value, m.canonicalUnit(), now,
                            "probe-" + type.name() + "-" + metricName + "-" + value, "test", Set.of());
                    String probe = "runaway probe: " + type.name() + " " + metricName + " = " + Finding.number(value);
                    try {
                        Decision d = DecisionEngine.decide(draft, List.of(new DecisionEngine.Input(r, device, m,
                                policy)), new ReplayContext()).get(0);
                        String why = stopped(d);
                        if (why != null) {
                            stopped.add(new CaseResult(probe, false, null, Verdict.of(d), null, false,
                                    "the draft was stopped: " + why));
                        }
                    } catch (RuntimeException e) {
                        stopped.add(new CaseResult(probe, false, null, null, null, false,
                                "the rules failed on this reading: " + e.getMessage()));
                    }
                }
            }
        }
        return stopped;
    }

    /** Why the engine stopped the rules on this decision ({@link RuleSet.Limits}), or null if it did not. */
    static String stopped(Decision d) {
        return d.reasons().stream().filter(r -> Finding.STOPPED.equals(r.ruleId())).map(Reason::message).findFirst()
                .orElse(null);
    }

    private static Decision last(List<Decision> decisions) {
        return decisions.get(decisions.size() - 1);
    }

    /** A fresh replay context with the case's open alarms, answering the case's nearby alarms for every reading. */
    private static ReplayContext caseContext(TestCase c, Device device) {
        DecisionState state = new DecisionState();
        state.addDevice(device);
        state.putOpenAlarms(device.deviceId(), c.openAlarms() == null ? Map.of() : c.openAlarms());
        List<TestNearby> given = c.nearby() == null ? List.of() : c.nearby();
        return ReplayContext.over(state).withNearby(observations -> {
            List<Nearby> nearby = new ArrayList<>();
            for (Observation o : observations) {
                for (TestNearby n : given) {
                    boolean sameSite = Nearby.SAME_SITE.equals(n.relation());
                    nearby.add(new Nearby(o, sameSite ? Nearby.SAME_SITE : Nearby.WITHIN_RADIUS,
                            n.siteId() == null ? (sameSite ? device.siteId() : "nearby-site") : n.siteId(),
                            "nearby-device", null, n.alarmType(), n.level(),
                            sameSite || n.distanceMetres() == null ? 0 : n.distanceMetres()));
                }
            }
            return nearby;
        });
    }

    private record StoredReading(long id, Reading reading) {
    }

    private List<StoredReading> recentReadings(String domain, int limit) {
        Set<String> scenarios = new HashSet<>();
        for (DeviceType t : deviceTypes.all()) {
            if (t.scenario().startsWith(domain + ".")) scenarios.add(t.scenario());
        }
        String filter = scenarios.isEmpty() ? "" : " where d.scenario = any(?)";
        Object[] args = scenarios.isEmpty() ? new Object[]{limit} : new Object[]{scenarios.toArray(String[]::new), limit};
        return jdbc.query("""
                select r.id, r.device_id, r.metric, r.value, r.unit, r.ts, r.message_id, r.source, r.flags
                from reading r join device d on d.device_id = r.device_id""" + filter + " order by r.id desc limit ?",
                (rs, i) -> {
                    Array flags = rs.getArray("flags");
                    Set<String> set = flags == null ? Set.of() : new HashSet<>(Arrays.asList((String[]) flags.getArray()));
                    return new StoredReading(rs.getLong("id"), new Reading(rs.getString("device_id"),
                            rs.getString("metric"), rs.getDouble("value"), rs.getString("unit"),
                            rs.getTimestamp("ts").toInstant(), rs.getString("message_id"), rs.getString("source"), set));
                }, args);
    }

    /**
     * The stored readings decided again by both rule sets through the decision engine, in event time from the alarms
     * open now (an alarm's level at the time of the reading is not kept), with the asset network; only the decisions
     * that differ are returned.
     */
    private List<ChangedDecision> replay(List<StoredReading> stored, RuleSet draft, RuleSet published) {
        List<StoredReading> usable = new ArrayList<>();
        List<DecisionEngine.Input> inputs = new ArrayList<>();
        List<Device> devices = new ArrayList<>();
        List<StoredReading> inOrder = new ArrayList<>(stored);
        inOrder.sort(Comparator.comparing((StoredReading s) -> s.reading().ts()).thenComparing(StoredReading::id));
        for (StoredReading s : inOrder) {
            Device device = registry.find(s.reading().deviceId()).orElse(null);
            Metric metric = metrics.find(s.reading().metric()).orElse(null);
            if (device == null || metric == null) continue;
            usable.add(s);
            devices.add(device);
            inputs.add(new DecisionEngine.Input(s.reading(), device, metric, policies.policyFor(device)));
        }
        if (inputs.isEmpty()) return List.of();
        Map<String, Map<String, Level>> open = alarms.openAlarmsFor(devices);
        List<Decision> before = DecisionEngine.decide(published, inputs, replayContext(devices, open));
        List<Decision> after = DecisionEngine.decide(draft, inputs, replayContext(devices, open));
        List<ChangedDecision> changed = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Verdict b = Verdict.of(before.get(i));
            Verdict a = Verdict.of(after.get(i));
            if (!b.sameAs(a)) {
                Reading r = usable.get(i).reading();
                changed.add(new ChangedDecision(usable.get(i).id(), r.deviceId(), r.metric(), r.value(), r.ts(), b, a));
            }
        }
        return changed;
    }

    private ReplayContext replayContext(List<Device> devices, Map<String, Map<String, Level>> open) {
        DecisionState state = new DecisionState();
        for (Device d : devices) {
            state.addDevice(d);
            state.putOpenAlarms(d.deviceId(), open.getOrDefault(d.deviceId(), Map.of()));
        }
        return new ReplayContext(state, assets.network(), ReplayContext.DEFAULT_NEARBY_RADIUS_METRES);
    }
}
