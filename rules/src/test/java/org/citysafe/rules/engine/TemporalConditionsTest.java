package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.Reason;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.state.DecisionState;
import org.citysafe.rules.state.Silence;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Confirmation over time, corroboration at a site, silences and flags, and faults seen in a series' history. */
class TemporalConditionsTest {

    final DecisionState state = new DecisionState();
    Policy policy = Policy.defaults();
    int seq;

    static Device device(String id, String type, String site, String... tags) {
        return new Device(id, type, RuleFixture.TYPES.find(type).orElseThrow().scenario(), site, "yangzhou/guangling",
                null, 60, null, List.of(), Set.of(tags));
    }

    /** 2026-11-22 is a Sunday; 12:00 in Yangzhou is 04:00Z (cooking hours), 03:00 local is 19:00Z the day before. */
    static Instant local(String hhmmss) {
        return OffsetDateTime.parse("2026-11-22T" + hhmmss + "+08:00").toInstant();
    }

    Decision decide(Device d, String metric, double value, Instant ts, String... flags) {
        Reading r = new Reading(d.deviceId(), metric, value, RuleFixture.METRICS.find(metric).orElseThrow().canonicalUnit(),
                ts, "m-" + (++seq), "test", Set.of(flags));
        return DecisionEngine.decide(RuleFixture.rules(), List.of(new DecisionEngine.Input(r, d,
                RuleFixture.METRICS.find(metric).orElseThrow(), policy)), ReplayContext.over(state)).get(0);
    }

    @Test
    void aLowGasLevelIsPushedOnlyOnceItHasLastedItsConfirmationTime() {
        Device gas = device("gas-1", "restaurant-gas-detector", "r-1");
        Decision first = decide(gas, "gas.concentration", 12, local("09:00:00"));
        assertThat(first.outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(first.level()).isEqualTo(Level.YELLOW);
        assertThat(first.reasons().get(0).ruleId()).isEqualTo("suppression.sustain");
        assertThat(first.reasons().get(0).message()).contains("has lasted 0 s of the 20 s required");
        assertThat(decide(gas, "gas.concentration", 12.5, local("09:00:10")).outcome()).isEqualTo(Outcome.SUPPRESSED);
        Decision third = decide(gas, "gas.concentration", 11, local("09:00:20"));
        assertThat(third.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(third.level()).isEqualTo(Level.YELLOW);
    }

    @Test
    void aBriefWhiffThatFallsBackIsNeverPushedButABreakRestartsTheClock() {
        Device gas = device("gas-2", "restaurant-gas-detector", "r-2");
        assertThat(decide(gas, "gas.concentration", 12, local("09:00:00")).outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(decide(gas, "gas.concentration", 1, local("09:00:10")).outcome()).isEqualTo(Outcome.NORMAL);
        Decision again = decide(gas, "gas.concentration", 12, local("09:00:25"));
        assertThat(again.outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(again.reasons().get(0).message()).contains("has lasted 0 s");
    }

    @Test
    void aSevereLevelNeedsNoConfirmationAndALowerOneWaitingDoesNotHoldItBack() {
        Device gas = device("gas-3", "restaurant-gas-detector", "r-3");
        Decision d = decide(gas, "gas.concentration", 60, local("09:00:00"));
        assertThat(d.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(d.level()).isEqualTo(Level.RED);
    }

    @Test
    void nOfMRepetitionIsAPolicyParameter() {
        Map<String, Double> params = new HashMap<>(RuleFixture.DEFAULTS.parameters());
        params.put("confirm.count.gas.restaurant.ORANGE", 2.0);
        params.put("confirm.window.gas.restaurant.ORANGE", 3.0);
        policy = new Policy("n-of-m", RuleFixture.DEFAULTS.allThresholds(), params, RuleFixture.DEFAULTS.settings());
        Device gas = device("gas-4", "restaurant-gas-detector", "r-4");
        Decision first = decide(gas, "gas.concentration", 30, local("09:00:00"));
        assertThat(first.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(first.level()).as("YELLOW is confirmed, ORANGE waits for a second reading").isEqualTo(Level.YELLOW);
        assertThat(first.reasons()).anySatisfy(r -> assertThat(r.message()).contains("seen in 1 of the last 3 readings, 2 required"));
        assertThat(decide(gas, "gas.concentration", 30, local("09:00:10")).level()).isEqualTo(Level.ORANGE);
    }

    @Test
    void smokeInAKitchenDuringCookingHoursWaitsButNotAtNightNorInAWarehouse() {
        Device kitchen = device("smoke-k", "smoke-detector", "restaurant-1", "kitchen");
        Decision lunch = decide(kitchen, "smoke.alarm", 1, local("12:00:00"));
        assertThat(lunch.outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(lunch.reasons().get(0).ruleId()).isEqualTo("fire.kitchen.cooking-hours");
        assertThat(decide(kitchen, "smoke.alarm", 1, local("12:01:00")).outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(decide(kitchen, "smoke.alarm", 1, local("12:01:30")).outcome())
                .as("smoke that lasts 90 s is pushed even at lunchtime").isEqualTo(Outcome.ALARM);

        Device night = device("smoke-n", "smoke-detector", "restaurant-2", "kitchen");
        Decision atNight = decide(night, "smoke.alarm", 1, local("03:00:00"));
        assertThat(atNight.reasons()).as("at night only the alarm verification every detector gets applies")
                .extracting(Reason::ruleId).containsExactly("suppression.sustain", "fire.smoke-detector.smoke");
        assertThat(atNight.recheckAt()).isEqualTo(local("03:01:00"));
        assertThat(decide(night, "smoke.alarm", 1, local("03:01:00")).outcome()).isEqualTo(Outcome.ALARM);
        Device warehouse = device("smoke-w", "smoke-detector", "warehouse-1", "warehouse");
        assertThat(decide(warehouse, "smoke.alarm", 1, local("12:00:00")).recheckAt())
                .as("no kitchen, no cooking-hours wait").isEqualTo(local("12:01:00"));
    }

    @Test
    void aZeroThatCreptUpForADayIsADriftFaultButALeakFromZeroIsPushedAndAnOpenAlarmIsNotHeldBack() {
        Device drifting = device("gas-drift", "restaurant-gas-detector", "r-drift");
        Instant t = local("00:00:00");
        for (int h = 0; h < 24; h += 2) {
            Decision d = decide(drifting, "gas.concentration", 1.5 + h * 0.1, t.plusSeconds(3600L * h));
            assertThat(d.outcome()).as("hour " + h).isEqualTo(Outcome.NORMAL);
        }
        Decision drift = decide(drifting, "gas.concentration", 5.5, t.plusSeconds(3600L * 24));
        assertThat(drift.outcome()).isEqualTo(Outcome.FAULT);
        assertThat(drift.alarmType()).isEqualTo("DEVICE_DRIFT");
        assertThat(drift.reasons().get(0).message()).contains("has not read 1 %LEL or less for 24 h");
        assertThat(decide(drifting, "gas.concentration", 30, t.plusSeconds(3600L * 25)).level())
                .as("ORANGE is pushed however drifted the detector").isEqualTo(Level.ORANGE);

        Device leaking = device("gas-leak", "restaurant-gas-detector", "r-leak");
        decide(leaking, "gas.concentration", 0, t);
        assertThat(decide(leaking, "gas.concentration", 6, t.plusSeconds(60)).outcome()).isEqualTo(Outcome.SUPPRESSED);
        Decision leak = decide(leaking, "gas.concentration", 6, t.plusSeconds(90));
        assertThat(leak.outcome()).as("a leak starts from zero: pushed as gas").isEqualTo(Outcome.ALARM);
        for (int h = 1; h <= 25; h++) decide(leaking, "gas.concentration", 6, t.plusSeconds(90 + 3600L * h));
        Decision stillOpen = decide(leaking, "gas.concentration", 6, t.plusSeconds(90 + 3600L * 26));
        assertThat(stillOpen.outcome()).as("the open alarm is not taken back after a day").isEqualTo(Outcome.ALARM);
        assertThat(stillOpen.level()).isEqualTo(Level.BLUE);
    }

    @Test
    void oneDetectorsSmokeIsVerifiedForSixtySecondsAndSteamThatClearsIsNeverPushed() {
        Device flat = device("smoke-f", "smoke-detector", "flat-1");
        Decision first = decide(flat, "smoke.alarm", 1, local("07:30:00"));
        assertThat(first.outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(first.level()).isEqualTo(Level.ORANGE);
        assertThat(first.reasons().get(0).message()).contains("has lasted 0 s of the 60 s required");
        assertThat(decide(flat, "smoke.alarm", 0, local("07:30:40")).outcome()).isEqualTo(Outcome.NORMAL);
        Decision again = decide(flat, "smoke.alarm", 1, local("07:35:00"));
        assertThat(again.outcome()).isEqualTo(Outcome.SUPPRESSED);
        Decision persisted = decide(flat, "smoke.alarm", 1, local("07:36:00"));
        assertThat(persisted.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(persisted.level()).isEqualTo(Level.ORANGE);
        assertThat(persisted.recheckAt()).isNull();
    }

    @Test
    void smokeCorroboratedByHeatOrASecondDetectorIsAConfirmedFire() {
        Device kitchen = device("smoke-a", "smoke-detector", "restaurant-3", "kitchen");
        Device heat = device("heat-a", "heat-detector", "restaurant-3");
        decide(heat, "temperature", 61, local("12:00:00"));
        Decision smoke = decide(kitchen, "smoke.alarm", 1, local("12:00:30"));
        assertThat(smoke.outcome()).as("corroborated, so not held back at lunchtime").isEqualTo(Outcome.ALARM);
        assertThat(smoke.level()).isEqualTo(Level.RED);
        assertThat(smoke.reasons().get(0).ruleId()).isEqualTo("fire.confirm.smoke-and-heat");

        Device one = device("smoke-b1", "smoke-detector", "shop-9");
        Device two = device("smoke-b2", "smoke-detector", "shop-9");
        assertThat(decide(one, "smoke.alarm", 1, local("03:00:00")).level()).isEqualTo(Level.ORANGE);
        Decision second = decide(two, "smoke.alarm", 1, local("03:00:40"));
        assertThat(second.level()).isEqualTo(Level.RED);
        assertThat(second.reasons().get(0).ruleId()).isEqualTo("fire.confirm.two-detectors");

        Device stale = device("smoke-c", "smoke-detector", "shop-9");
        assertThat(decide(stale, "smoke.alarm", 1, local("03:30:00")).reasons().get(0).ruleId())
                .as("evidence older than the window corroborates nothing").isNotEqualTo("fire.confirm.two-detectors");
    }

    @Test
    void aFastTemperatureRiseIsRecognisedBeforeTheStaticThreshold() {
        Device smoke = device("smoke-r", "smoke-detector", "flat-1");
        assertThat(decide(smoke, "temperature", 25, local("03:00:00")).outcome()).isEqualTo(Outcome.NORMAL);
        Decision rising = decide(smoke, "temperature", 41, local("03:01:00"));
        assertThat(rising.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(rising.alarmType()).isEqualTo("HIGH_TEMPERATURE");
        assertThat(rising.reasons().get(0).ruleId()).isEqualTo("fire.rate-of-rise");
    }

    @Test
    void aSilenceHoldsBackUpToItsLevelButNeverARedCondition() {
        Device gas = device("gas-s", "restaurant-gas-detector", "r-9");
        state.setSilences(List.of(new Silence("s-1", "SITE", "r-9", Set.of(), Level.ORANGE,
                local("08:00:00"), local("10:00:00"), "li.duty", "replacing the detector")));
        Decision orange = decide(gas, "gas.concentration", 30, local("09:00:00"));
        assertThat(orange.outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(orange.level()).isEqualTo(Level.ORANGE);
        assertThat(orange.reasons().get(0).message()).contains("silence s-1 by li.duty").contains("replacing the detector");
        Decision red = decide(gas, "gas.concentration", 70, local("09:00:10"));
        assertThat(red.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(red.level()).isEqualTo(Level.RED);
        assertThat(red.reasons()).anySatisfy(r -> assertThat(r.ruleId()).isEqualTo("suppression.silence"));
        assertThat(decide(gas, "gas.concentration", 30, local("10:00:00")).outcome())
                .as("after the window the alarm is open again at ORANGE").isEqualTo(Outcome.ALARM);
    }

    @Test
    void aCalibrationRunPushesNothingEvenAtRed() {
        Device gas = device("gas-c", "restaurant-gas-detector", "r-10");
        Decision d = decide(gas, "gas.concentration", 60, local("09:00:00"), "CALIBRATION");
        assertThat(d.outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(d.reasons().get(0).ruleId()).isEqualTo("suppression.flagged");
        assertThat(d.reasons().get(0).messageZh()).contains("校准");
    }

    @Test
    void faultsSeenInTheHistory() {
        Device pipe = device("pipe-1", "gas-pipeline-pressure-gauge", "main-1");
        Decision d = null;
        for (int i = 0; i < 12; i++) d = decide(pipe, "gas.pipeline.pressure", 0.25, local("09:00:00").plusSeconds(60L * i));
        assertThat(d.outcome()).isEqualTo(Outcome.FAULT);
        assertThat(d.alarmType()).isEqualTo("STUCK_VALUE");

        Device smoke = device("smoke-j", "smoke-detector", "flat-2");
        decide(smoke, "temperature", 20, local("03:00:00"));
        Decision jump = decide(smoke, "temperature", 20, local("03:00:01"));
        assertThat(jump.outcome()).isEqualTo(Outcome.NORMAL);
        assertThat(decide(smoke, "device.tamper", 1, local("03:00:05")).alarmType()).isEqualTo("TAMPER");
        assertThat(decide(smoke, "smoke.alarm", 0, local("03:00:06"), "CLOCK_AHEAD").alarmType()).isEqualTo("CLOCK_SKEW");
    }

    @Test
    void anImplausibleJumpIsAFaultButNeverHidesAHazard() {
        Device smoke = device("smoke-x", "smoke-detector", "flat-3");
        decide(smoke, "temperature", 20, local("03:00:00"));
        Decision spike = decide(smoke, "temperature", 120, local("03:00:01"));
        assertThat(spike.outcome()).as("120 °C is a hazard, whatever the jump").isEqualTo(Outcome.ALARM);
        decide(smoke, "temperature", 20, local("03:10:00"));
        decide(smoke, "temperature", 20, local("03:20:00"));
        Decision glitch = decide(smoke, "temperature", -39, local("03:20:01"));
        assertThat(glitch.outcome()).isEqualTo(Outcome.FAULT);
        assertThat(glitch.alarmType()).isEqualTo("IMPLAUSIBLE_JUMP");
    }

    @Test
    void aReadingOutOfOrderDoesNotCountTowardsDuration() {
        Device gas = device("gas-o", "restaurant-gas-detector", "r-11");
        decide(gas, "gas.concentration", 12, local("09:00:30"));
        Decision late = decide(gas, "gas.concentration", 12, local("09:00:00"));
        assertThat(late.outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(late.reasons().get(0).message()).contains("has lasted 0 s");
    }
}
