package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.state.DecisionState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Hazards held back for time are re-examined when the time has passed, even if the device says nothing more. */
class RechecksTest {

    final DecisionState state = new DecisionState();
    final Rechecks rechecks = new Rechecks(1000);
    Policy policy = Policy.defaults();
    int seq;

    static Device device(String id, String type, String site, String... tags) {
        return TemporalConditionsTest.device(id, type, site, tags);
    }

    static Instant local(String hhmmss) {
        return TemporalConditionsTest.local(hhmmss);
    }

    DecisionEngine.Input input(Device d, String metric, double value, Instant ts, String... flags) {
        var m = RuleFixture.METRICS.find(metric).orElseThrow();
        return new DecisionEngine.Input(new Reading(d.deviceId(), metric, value, m.canonicalUnit(), ts, "m-" + (++seq),
                "test", Set.of(flags)), d, m, policy);
    }

    /** Decides on event time, as the replay does: the clock is the reading's own time. */
    List<Decision> decide(List<DecisionEngine.Input> inputs) {
        List<Decision> decisions = DecisionEngine.decide(RuleFixture.rules(), inputs, ReplayContext.over(state));
        rechecks.after(inputs, decisions, null);
        return decisions;
    }

    Decision decide(DecisionEngine.Input in) {
        return decide(List.of(in)).get(0);
    }

    @Test
    void aDetectorThatReportsSmokeOnceAndFallsSilentIsPushedWhenTheVerificationTimeHasPassed() {
        Device shop = device("smoke-r1", "smoke-detector", "shop-r1");
        Decision first = decide(input(shop, "smoke.alarm", 1, local("02:00:00")));
        assertThat(first.outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(first.recheckAt()).isEqualTo(local("02:01:00"));

        assertThat(rechecks.due(local("02:00:59"))).isEmpty();
        List<DecisionEngine.Input> due = rechecks.due(local("02:01:00"));
        assertThat(due).hasSize(1);
        Reading held = due.get(0).reading();
        assertThat(held.ts()).isEqualTo(local("02:01:00"));
        assertThat(held.value()).isEqualTo(1);
        assertThat(held.flags()).containsExactly(Rechecks.HELD);
        assertThat(held.source()).isEqualTo(Rechecks.SOURCE);
        assertThat(held.messageId()).isEqualTo("m-1#held@" + local("02:01:00").getEpochSecond());

        Decision pushed = decide(due.get(0));
        assertThat(pushed.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(pushed.level()).isEqualTo(Level.ORANGE);
        assertThat(pushed.recheckAt()).isNull();
        assertThat(rechecks.size()).as("nothing waits once the alarm is out").isZero();
    }

    @Test
    void steamThatClearsBeforeTheTimeIsUpLeavesNothingToRecheck() {
        Device flat = device("smoke-r2", "smoke-detector", "flat-r2");
        decide(input(flat, "smoke.alarm", 1, local("07:00:00")));
        assertThat(rechecks.size()).isEqualTo(1);
        Decision cleared = decide(input(flat, "smoke.alarm", 0, local("07:00:30")));
        assertThat(cleared.outcome()).isEqualTo(Outcome.NORMAL);
        assertThat(rechecks.due(local("07:05:00"))).isEmpty();
    }

    @Test
    void aLateReadingOlderThanTheOneWaitingDoesNotCancelIt() {
        Device flat = device("smoke-r3", "smoke-detector", "flat-r3");
        decide(input(flat, "smoke.alarm", 1, local("07:00:00")));
        decide(input(flat, "smoke.alarm", 0, local("06:59:00")));
        assertThat(rechecks.due(local("07:01:00"))).hasSize(1);
    }

    @Test
    void aRisingGasLeakIsReexaminedAtEachLevelsConfirmationTime() {
        Device gas = device("gas-r4", "restaurant-gas-detector", "restaurant-r4");
        Decision yellow = decide(input(gas, "gas.concentration", 12, local("09:00:00")));
        assertThat(yellow.level()).isEqualTo(Level.YELLOW);
        assertThat(yellow.recheckAt()).isEqualTo(local("09:00:20"));
        Decision pushed = decide(rechecks.due(local("09:00:20"))).get(0);
        assertThat(pushed.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(pushed.level()).isEqualTo(Level.YELLOW);
    }

    @Test
    void repetitionWaitsForReadingsNotForTime() {
        Map<String, Double> params = new HashMap<>(policy.parameters());
        params.put("confirm.count.gas.restaurant.ORANGE", 2.0);
        params.put("confirm.window.gas.restaurant.ORANGE", 3.0);
        policy = new Policy("n-of-m", policy.allThresholds(), params, policy.settings());
        Device gas = device("gas-r5", "restaurant-gas-detector", "restaurant-r5");
        Decision d = decide(input(gas, "gas.concentration", 30, local("09:00:00")));
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r.ruleId()).isEqualTo("suppression.repeat"));
        assertThat(d.recheckAt()).as("YELLOW's 20 s is the only wait the clock can end")
                .isEqualTo(local("09:00:20"));
    }

    @Test
    void aSilenceThatHoldsAConfirmedHazardBackLeavesNothingWaiting() {
        Device flat = device("smoke-r6", "smoke-detector", "flat-r6");
        Decision d = decide(input(flat, "smoke.alarm", 1, local("07:00:00"), "MAINTENANCE"));
        assertThat(d.outcome()).isEqualTo(Outcome.SUPPRESSED);
        Decision later = decide(input(flat, "smoke.alarm", 1, local("07:01:10"), "MAINTENANCE"));
        assertThat(later.outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(later.recheckAt()).isNull();
        assertThat(rechecks.size()).isZero();
    }

    @Test
    void onTheWallClockTheWaitIsShiftedByHowLateTheReadingArrived() {
        Device shop = device("smoke-r7", "smoke-detector", "shop-r7");
        DecisionEngine.Input in = input(shop, "smoke.alarm", 1, local("02:00:00"));
        List<Decision> decisions = DecisionEngine.decide(RuleFixture.rules(), List.of(in), ReplayContext.over(state));
        Instant arrived = local("02:10:00"); // the device's clock is ten minutes behind
        rechecks.after(List.of(in), decisions, arrived);
        assertThat(rechecks.nextFireAt()).isEqualTo(local("02:11:00"));
        assertThat(rechecks.due(local("02:10:59"))).isEmpty();
        assertThat(rechecks.due(local("02:11:00"))).singleElement()
                .satisfies(held -> assertThat(held.reading().ts()).isEqualTo(local("02:01:00")));
    }

    @Test
    void clearAfterQuietKeepsAFlappingAlarmOpenAndClearsItOnTheClockOnceTheConditionHasBeenAbsentLongEnough() {
        Map<String, Double> params = new HashMap<>(policy.parameters());
        params.put("clear.quiet.seconds.gas.restaurant", 60.0);
        policy = new Policy("quiet", policy.allThresholds(), params, policy.settings());
        Device gas = device("gas-q1", "restaurant-gas-detector", "restaurant-q1");
        assertThat(decide(input(gas, "gas.concentration", 30, local("09:00:00"))).level()).isEqualTo(Level.ORANGE);

        Decision dip = decide(input(gas, "gas.concentration", 2, local("09:00:10")));
        assertThat(dip.outcome()).isEqualTo(Outcome.NORMAL);
        assertThat(dip.clears()).as("not absent long enough: the alarm stays open").isEmpty();
        assertThat(dip.reasons().get(0).message()).contains("clears once that has lasted 60 s (0 s so far)");
        assertThat(dip.reasons().get(0).messageZh()).contains("预警须如此持续 60 秒后解除");
        assertThat(dip.recheckAt()).isEqualTo(local("09:01:10"));

        Decision back = decide(input(gas, "gas.concentration", 30, local("09:00:40")));
        assertThat(back.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(back.level()).as("the same alarm goes on: no second alarm for a flap").isEqualTo(Level.ORANGE);
        assertThat(back.reasons().get(0).message()).doesNotContain("upgraded");

        decide(input(gas, "gas.concentration", 2, local("09:00:50")));
        assertThat(decide(input(gas, "gas.concentration", 1, local("09:01:20"))).clears()).isEmpty();
        List<DecisionEngine.Input> due = rechecks.due(local("09:01:50"));
        assertThat(due).as("quiet since 09:00:50: due at 09:01:50 without another reading").hasSize(1);
        Decision cleared = decide(due.get(0));
        assertThat(cleared.clears()).containsExactly("COMBUSTIBLE_GAS");
        assertThat(state.openAlarms("gas-q1")).isEmpty();
    }

    @Test
    void itHoldsAtMostItsCapacityAndCountsWhatItTurnedAway() {
        Rechecks small = new Rechecks(2);
        for (int i = 0; i < 3; i++) {
            Device d = device("smoke-cap-" + i, "smoke-detector", "shop-cap-" + i);
            DecisionEngine.Input in = input(d, "smoke.alarm", 1, local("02:00:00"));
            small.after(List.of(in), DecisionEngine.decide(RuleFixture.rules(), List.of(in), ReplayContext.over(state)), null);
        }
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.dropped()).isEqualTo(1);
    }
}
