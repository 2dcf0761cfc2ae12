package org.citysafe.rules.policy;

import org.citysafe.rules.Level;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdTest {

    @Test
    void anAboveThresholdIsCrossedAtItsValueAndHeldDownToItsClearValue() {
        Threshold t = new Threshold("gas.restaurant", "gas.concentration", Level.ORANGE, Direction.ABOVE, 25, 20);
        assertThat(t.crossedBy(25)).isTrue();
        assertThat(t.crossedBy(24.99)).isFalse();
        assertThat(t.heldBy(20)).isTrue();
        assertThat(t.heldBy(19.99)).isFalse();
    }

    @Test
    void aBelowThresholdHoldsUpToItsClearValue() {
        Threshold t = new Threshold("fire.hydrant", "hydrant.pressure", Level.YELLOW, Direction.BELOW, 0.10, 0.12);
        assertThat(t.crossedBy(0.10)).isTrue();
        assertThat(t.crossedBy(0.11)).isFalse();
        assertThat(t.heldBy(0.12)).isTrue();
        assertThat(t.heldBy(0.121)).isFalse();
    }

    @Test
    void aBeyondThresholdIsAMagnitudeOnEitherSide() {
        Threshold t = new Threshold("bridge.structure", "bridge.tilt", Level.RED, Direction.BEYOND, 0.8, 0.7);
        assertThat(t.crossedBy(0.8)).isTrue();
        assertThat(t.crossedBy(-0.8)).isTrue();
        assertThat(t.crossedBy(-0.79)).isFalse();
        assertThat(t.heldBy(-0.7)).isTrue();
        assertThat(t.heldBy(0.69)).isFalse();
    }

    @Test
    void withoutABandTheClearValueIsTheThreshold() {
        Threshold t = new Threshold("gas.restaurant", "gas.concentration", Level.RED, Direction.ABOVE, 50);
        assertThat(t.getClearValue()).isEqualTo(50);
        assertThat(t.heldBy(49.9)).isFalse();
    }

    @Test
    void aClearValueOnTheHazardSideIsRefused() {
        assertThatThrownBy(() -> new Threshold("s", "m", Level.RED, Direction.ABOVE, 50, 55))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hazard side");
        assertThatThrownBy(() -> new Threshold("s", "m", Level.RED, Direction.BELOW, 0.1, 0.05))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Threshold("s", "m", Level.RED, Direction.BEYOND, 0.1, -0.05))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultPolicyReadsTheClearColumn() {
        Threshold orange = Policy.defaults().thresholds("gas.restaurant", "gas.concentration").stream()
                .filter(t -> t.getLevel() == Level.ORANGE).findFirst().orElseThrow();
        assertThat(orange.getValue()).isEqualTo(25);
        assertThat(orange.getClearValue()).isEqualTo(20);
    }
}
