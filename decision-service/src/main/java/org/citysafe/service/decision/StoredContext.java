package org.citysafe.service.decision;

import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.engine.DecisionContext;
import org.citysafe.rules.engine.Nearby;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.network.AssetNetwork;
import org.citysafe.rules.state.DecisionState;
import org.citysafe.service.alarm.AlarmStore;
import org.citysafe.service.alarm.VerdictStore;
import org.citysafe.service.network.AssetNetworkStore;
import org.citysafe.service.policy.PolicyService;
import org.citysafe.service.policy.PolicySnapshot;
import org.citysafe.service.registry.DeviceRegistry;
import org.citysafe.service.suppression.DownstreamSilences;
import org.citysafe.service.suppression.SilenceStore;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.catalog.MetricCatalog;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decision context of one batch as the service holds it: each series as remembered (rebuilt from the reading log
 * if need be), the alarms each device holds, the newest readings of the other devices at the batch's sites, the
 * silences, each device's verdict history; the asset network; and, asked as the engine needs them, the alarms of
 * other devices and the hazards open nearby, from PostgreSQL.
 */
public final class StoredContext implements DecisionContext {

    private final DecisionState state;
    private final Map<String, Map<String, Level>> openAtStart;
    private final AssetNetwork network;
    private final AlarmStore alarms;
    private final Surroundings surroundings;

    private StoredContext(DecisionState state, Map<String, Map<String, Level>> openAtStart, AssetNetwork network,
                          AlarmStore alarms, Surroundings surroundings) {
        this.state = state;
        this.openAtStart = openAtStart;
        this.network = network;
        this.alarms = alarms;
        this.surroundings = surroundings;
    }

    @Override
    public DecisionState state() {
        return state;
    }

    @Override
    public AssetNetwork network() {
        return network;
    }

    @Override
    public Map<String, Map<String, Level>> openAlarmsOf(Collection<String> deviceIds) {
        return alarms.openAlarmsOf(List.copyOf(deviceIds));
    }

    @Override
    public List<Nearby> nearby(List<Observation> observations) {
        return surroundings.nearby(observations);
    }

    /** The alarms the batch's devices held when the batch began. */
    public Map<String, Map<String, Level>> openAtStart() {
        return openAtStart;
    }

    /** Loads the context of a batch. */
    @Component
    public static class Loader {

        private final DeviceRegistry registry;
        private final DeviceTypeCatalog deviceTypes;
        private final MetricCatalog metrics;
        private final PolicyService policies;
        private final AlarmStore alarms;
        private final SeriesCache series;
        private final SilenceStore silences;
        private final VerdictStore verdicts;
        private final Surroundings surroundings;
        private final AssetNetworkStore assets;
        private DownstreamSilences downstreamSilences;

        public Loader(DeviceRegistry registry, DeviceTypeCatalog deviceTypes, MetricCatalog metrics,
                      PolicyService policies, AlarmStore alarms, SeriesCache series, SilenceStore silences,
                      VerdictStore verdicts, Surroundings surroundings, AssetNetworkStore assets) {
            this.registry = registry;
            this.deviceTypes = deviceTypes;
            this.metrics = metrics;
            this.policies = policies;
            this.alarms = alarms;
            this.series = series;
            this.silences = silences;
            this.verdicts = verdicts;
            this.surroundings = surroundings;
            this.assets = assets;
        }

        /** Silences on an asset and everything downstream of it reach the rules as device silences. */
        @Autowired
        void setDownstreamSilences(DownstreamSilences downstreamSilences) {
            this.downstreamSilences = downstreamSilences;
        }

        public StoredContext load(List<ReadingAdmission.Candidate> candidates, PolicySnapshot policy) {
            List<Device> devices = candidates.stream().map(ReadingAdmission.Candidate::device).toList();
            Map<String, Map<String, Level>> open = alarms.openAlarmsFor(devices);
            DecisionState state = new DecisionState();
            if (!candidates.isEmpty()) fill(state, candidates, open, policy);
            return new StoredContext(state, open, assets.network(), alarms, surroundings);
        }

        private void fill(DecisionState state, List<ReadingAdmission.Candidate> candidates,
                          Map<String, Map<String, Level>> open, PolicySnapshot policy) {
            Instant earliest = candidates.get(0).reading().ts();
            Instant latest = earliest;
            Set<String> sites = new HashSet<>();
            // the batch's own series: from memory, the rest rebuilt from the reading log in one query
            List<SeriesCache.Wanted> wanted = candidates.stream()
                    .map(c -> new SeriesCache.Wanted(c.device(), metrics.find(c.reading().metric()).orElseThrow()))
                    .toList();
            series.getAll(wanted, policy::policyFor).forEach((device, byMetric) -> byMetric.forEach((metric, s) ->
                    state.putSeries(device, metric, s)));
            for (ReadingAdmission.Candidate c : candidates) {
                Device d = c.device();
                state.addDevice(d);
                state.putOpenAlarms(d.deviceId(), open.getOrDefault(d.deviceId(), Map.of()));
                sites.add(d.siteId());
                if (c.reading().ts().isBefore(earliest)) earliest = c.reading().ts();
                if (c.reading().ts().isAfter(latest)) latest = c.reading().ts();
            }
            neighbours(state, sites, earliest);
            state.setSilences(downstreamSilences.expand(silences.inForce(earliest, latest)));
            double windowDays = policies.defaults().parameter("learning.window.days").orElse(30);
            verdicts.falseAlarmsSinceConfirmed(candidates.stream().map(c -> c.device().deviceId()).distinct().toList(),
                    Instant.now().minusSeconds((long) (windowDays * 86_400))).forEach(state::setFalseAlarms);
        }

        /** The newest readings of the other devices at the batch's sites (after a restart: from the reading log). */
        private void neighbours(DecisionState state, Set<String> sites, Instant earliest) {
            // an hour back is beyond any corroboration window
            Instant since = earliest.minusSeconds(3600);
            Map<String, List<String>> notInMemory = new LinkedHashMap<>();
            for (Device n : registry.atSites(sites)) {
                state.addDevice(n);
                for (String metric : deviceTypes.find(n.deviceType()).map(t -> t.metrics()).orElse(Set.of())) {
                    if (state.seriesOf(n.deviceId()).containsKey(metric)) continue;
                    var cached = series.peek(n.deviceId(), metric);
                    if (cached != null) state.putSeries(n.deviceId(), metric, cached);
                    else if (!series.knownAbsent(n.deviceId(), metric, since)) {
                        notInMemory.computeIfAbsent(n.deviceId(), k -> new ArrayList<>()).add(metric);
                    }
                }
            }
            var newest = series.newestOf(notInMemory, since);
            newest.forEach((device, byMetric) -> byMetric.forEach((metric, s) -> {
                if (!state.seriesOf(device).containsKey(metric)) state.putSeries(device, metric, s);
            }));
            notInMemory.forEach((device, metrics) -> metrics.forEach(metric -> {
                if (!newest.getOrDefault(device, Map.of()).containsKey(metric)) series.markAbsent(device, metric, since);
            }));
        }
    }
}
