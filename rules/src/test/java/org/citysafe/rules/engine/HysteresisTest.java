package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.rules.engine.RuleFixture.decide;
import static org.citysafe.rules.engine.RuleFixture.device;

/**
 * Restaurant gas defaults: BLUE 5 (clears below 3), YELLOW 10 (7), ORANGE 25 (20), RED 50 (45) %LEL.
 */
class HysteresisTest {

    static final Device KITCHEN = device("restaurant-gas-detector");
    static final String GAS = "COMBUSTIBLE_GAS";

    static Decision gas(double value, Level open) {
        return decide(KITCHEN, "gas.concentration", value, open == null ? Map.of() : Map.of(GAS, open));
    }

    @Test
    void withNoOpenAlarmOnlyACrossedThresholdCounts() {
        assertThat(gas(24.9, null).level()).isEqualTo(Level.YELLOW);
        assertThat(gas(2, null).outcome()).isEqualTo(Outcome.NORMAL);
        assertThat(gas(2, null).clears()).isEmpty();
        assertThat(gas(2, null).reasons()).isEmpty();
    }

    @Test
    void anOpenAlarmHoldsItsLevelInsideTheBand() {
        Decision d = gas(22, Level.ORANGE);
        assertThat(d.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(d.level()).isEqualTo(Level.ORANGE);
        assertThat(d.reasons().get(0).message())
                .contains("22 %LEL has not fallen below 20 %LEL, the clear level of the ORANGE threshold (25 %LEL)")
                .doesNotContain("graded");
        assertThat(d.reasons().get(0).messageZh()).contains("预警保持橙色");
    }

    @Test
    void theClearValueItselfStillHolds() {
        assertThat(gas(20, Level.ORANGE).level()).isEqualTo(Level.ORANGE);
        assertThat(gas(3, Level.BLUE).level()).isEqualTo(Level.BLUE);
    }

    @Test
    void fallingPastTheClearValueDowngradesToTheHighestLevelStillHeld() {
        Decision d = gas(19.9, Level.ORANGE);
        assertThat(d.level()).isEqualTo(Level.YELLOW);
        assertThat(d.reasons().get(0).message()).contains("the open ORANGE alarm is downgraded to YELLOW");
        assertThat(d.reasons().get(0).messageZh()).contains("原橙色预警降级为黄色");
        assertThat(gas(6.9, Level.YELLOW).level()).isEqualTo(Level.BLUE);
    }

    @Test
    void aHigherLevelNeedsItsThresholdCrossedNotJustItsBand() {
        assertThat(gas(49, Level.ORANGE).level()).isEqualTo(Level.ORANGE);
        Decision d = gas(50, Level.ORANGE);
        assertThat(d.level()).isEqualTo(Level.RED);
        assertThat(d.reasons().get(0).message()).contains("at or above the RED threshold of 50 %LEL")
                .contains("the open ORANGE alarm is upgraded to RED");
        assertThat(d.reasons().get(0).messageZh()).contains("原橙色预警升级为红色");
    }

    @Test
    void fallingPastTheLowestClearValueClearsTheAlarm() {
        Decision d = gas(2.9, Level.BLUE);
        assertThat(d.outcome()).isEqualTo(Outcome.NORMAL);
        assertThat(d.level()).isNull();
        assertThat(d.alarmType()).isNull();
        assertThat(d.clears()).containsExactly(GAS);
        assertThat(d.reasons()).singleElement().satisfies(r -> {
            assertThat(r.ruleId()).isEqualTo("gas.restaurant.concentration.clear");
            assertThat(r.message()).contains("2.9 %LEL is back below 3 %LEL, the clear level of the lowest (BLUE)"
                    + " threshold; the open BLUE alarm clears");
            assertThat(r.messageZh()).contains("餐饮场所可燃气体浓度回落，预警解除").contains("解除值 3 %LEL");
        });
        assertThat(gas(1, Level.RED).clears()).containsExactly(GAS);
    }

    @Test
    void aValueHoveringAtAThresholdDoesNotFlap() {
        ActiveAlarms alarms = ActiveAlarms.NONE;
        List<Level> levels = new ArrayList<>();
        for (double v : new double[]{25, 24.5, 25.1, 20.5, 24, 25, 21}) {
            Decision d = decide(KITCHEN, "gas.concentration", v, alarms.of(KITCHEN.deviceId()));
            alarms = alarms.apply(d);
            levels.add(d.level());
        }
        assertThat(levels).containsOnly(Level.ORANGE);
        assertThat(alarms.of(KITCHEN.deviceId())).containsExactly(Map.entry(GAS, Level.ORANGE));
    }

    @Test
    void aFaultyReadingNeitherHoldsNorClearsTheOpenAlarm() {
        Decision d = gas(130, Level.ORANGE);
        assertThat(d.outcome()).isEqualTo(Outcome.FAULT);
        assertThat(d.clears()).isEmpty();
        assertThat(ActiveAlarms.after(Map.of(GAS, Level.ORANGE), d)).containsExactly(Map.entry(GAS, Level.ORANGE));
    }

    @Test
    void anOpenAlarmOfAnotherTypeDoesNotHoldThisOne() {
        Decision d = decide(KITCHEN, "gas.concentration", 22, Map.of("HIGH_TEMPERATURE", Level.RED));
        assertThat(d.level()).isEqualTo(Level.YELLOW);
        assertThat(d.clears()).isEmpty();
    }

    @Test
    void aSwingFromLowToHighPressureRaisesOneAlarmAndClearsTheOther() {
        Device gauge = device("gas-pipeline-pressure-gauge");
        Decision d = decide(gauge, "gas.pipeline.pressure", 0.45, Map.of("GAS_PRESSURE_LOW", Level.YELLOW));
        assertThat(d.outcome()).isEqualTo(Outcome.ALARM);
        assertThat(d.alarmType()).isEqualTo("GAS_PRESSURE_HIGH");
        assertThat(d.level()).isEqualTo(Level.RED);
        assertThat(d.clears()).containsExactly("GAS_PRESSURE_LOW");
        assertThat(ActiveAlarms.after(Map.of("GAS_PRESSURE_LOW", Level.YELLOW), d))
                .containsExactly(Map.entry("GAS_PRESSURE_HIGH", Level.RED));
    }
}
