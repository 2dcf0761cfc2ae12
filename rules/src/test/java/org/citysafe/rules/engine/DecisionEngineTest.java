package org.citysafe.rules.engine;

import org.citysafe.rules.CoupledRisk;
import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Location;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.network.Asset;
import org.citysafe.rules.network.AssetKind;
import org.citysafe.rules.network.AssetNetwork;
import org.citysafe.rules.network.Link;
import org.citysafe.rules.network.Relation;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;
import org.citysafe.rules.state.DecisionState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The one decision path: rules, coupling and state in {@link DecisionEngine}, over a {@link ReplayContext}. */
class DecisionEngineTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final Policy POLICY = Policy.defaults();

    private static DecisionEngine.Input input(Device device, String metric, double value, Instant ts) {
        Reading r = new Reading(device.deviceId(), metric, value, RuleFixture.METRICS.find(metric).orElseThrow()
                .canonicalUnit(), ts, device.deviceId() + "@" + ts, "test", Set.of());
        return new DecisionEngine.Input(r, device, RuleFixture.METRICS.find(metric).orElseThrow(), POLICY);
    }

    private static Device wellGas(String id, String site, String assetId, Location at) {
        return new Device(id, "well-gas-detector", "drainage.well-gas", site, "test/test", assetId, 60, at, List.of());
    }

    @Test
    void couplingRunsInsideTheEngineAndTheStateHoldsTheCoupledLevel() {
        AssetNetwork network = new AssetNetwork();
        Location here = new Location(31.9, 117.3);
        network.apply(List.of(new Asset("W1", AssetKind.DRAINAGE_WELL, null, "test/test", here, Map.of()),
                        new Asset("PM1", AssetKind.POWER_MANHOLE, null, "test/test", new Location(31.9001, 117.3), Map.of())),
                List.of(new Link("W1", "PM1", Relation.of("connects").orElseThrow(), 20)));
        Device gas = wellGas("wg-1", "site-1", "W1", here);
        network.attach(gas.deviceId(), "W1", gas.scenario());
        ReplayContext context = new ReplayContext(new DecisionState(), network, 500);

        // a concentration is held back until the next sample confirms it; the second, a minute on, is pushed
        List<DecisionEngine.Input> twoSamples = List.of(input(gas, "gas.concentration", 12, T0),
                input(gas, "gas.concentration", 12.5, T0.plusSeconds(60)));
        Decision d = DecisionEngine.decide(RuleFixture.rules(), twoSamples, context).get(1);

        assertThat(d.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(d.level()).isEqualTo(Level.RED);
        assertThat(d.coupledRisks()).extracting(CoupledRisk::type).contains("IGNITION_RISK");
        assertThat(context.state().openAlarms("wg-1")).containsEntry(d.alarmType(), Level.RED);

        // without the network the same reading is decided on its concentration alone
        Decision alone = DecisionEngine.decide(RuleFixture.rules(), twoSamples, new ReplayContext()).get(1);
        assertThat(alone.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(alone.coupledRisks()).isEmpty();
        assertThat(alone.level()).isNotEqualTo(Level.RED);
    }

    @Test
    void aHistoryIsAViewOverTheSeriesStateSoSustainedHasOneAnswer() {
        Device gas = new Device("rg-1", "restaurant-gas-detector", "gas.restaurant", "site-2", "test/test", null, 10,
                null, List.of());
        Threshold yellow = POLICY.thresholds("gas.restaurant", "gas.concentration").stream()
                .filter(t -> t.getLevel() == Level.YELLOW).findFirst().orElseThrow();
        DecisionState state = new DecisionState();
        // more readings than the series keeps: the run start is still exact
        List<Observation> seen = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            DecisionEngine.Input in = input(gas, "gas.concentration", yellow.getValue() + 1, T0.plusSeconds(10L * i));
            Observation o = DecisionEngine.observe(in, state);
            seen.add(o);
            DecisionEngine.decide(RuleFixture.rules(), List.of(in), ReplayContext.over(state));
        }
        for (Observation o : seen) {
            assertThat(History.of(o).secondsCrossing(yellow)).isEqualTo(o.sustainedSeconds(yellow));
        }
        assertThat(History.of(seen.get(39)).secondsCrossing(yellow)).isEqualTo(390);
        assertThat(History.of(seen.get(39)).getEarlier()).hasSizeLessThanOrEqualTo(16);
    }

    @Test
    void aReplayContextAnswersTheHazardsOpenAtTheSiteAndWithinTheRadius() {
        Location here = new Location(32.0, 118.0);
        Device near = wellGas("near", "site-a", null, new Location(32.0009, 118.0)); // ~100 m
        Device far = wellGas("far", "site-b", null, new Location(32.02, 118.0)); // ~2.2 km
        Device sameSite = wellGas("same", "site-c", null, null);
        Device observed = wellGas("observed", "site-c", null, here);
        DecisionState state = new DecisionState();
        for (Device d : List.of(near, far, sameSite, observed)) state.addDevice(d);
        state.putOpenAlarms("near", Map.of("COMBUSTIBLE_GAS", Level.ORANGE));
        state.putOpenAlarms("far", Map.of("COMBUSTIBLE_GAS", Level.RED));
        state.putOpenAlarms("same", Map.of("COMBUSTIBLE_GAS", Level.YELLOW));
        ReplayContext context = new ReplayContext(state, new AssetNetwork(), 500);
        Observation o = DecisionEngine.observe(input(observed, "gas.concentration", 1, T0), state);

        List<Nearby> nearby = context.nearby(List.of(o));

        assertThat(nearby).extracting(Nearby::deviceId).containsExactlyInAnyOrder("near", "same");
        assertThat(nearby).filteredOn(n -> n.deviceId().equals("same")).singleElement()
                .satisfies(n -> assertThat(n.relation()).isEqualTo(Nearby.SAME_SITE));
        assertThat(nearby).filteredOn(n -> n.deviceId().equals("near")).singleElement()
                .satisfies(n -> assertThat(n.distanceMetres()).isBetween(90.0, 110.0));
    }
}
