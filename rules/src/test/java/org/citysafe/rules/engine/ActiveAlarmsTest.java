package org.citysafe.rules.engine;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ActiveAlarmsTest {

    static Decision alarm(String device, String type, Level level) {
        return new Decision(device, "m", Outcome.ALARM, level, type, null, List.of(), List.of(), null, "p");
    }

    static Decision clear(String device, String... types) {
        return new Decision(device, "m", Outcome.NORMAL, null, null, null, List.of(), List.of(), null, "p",
                List.of(types));
    }

    @Test
    void alarmsOpenMoveAndClearPerDevice() {
        ActiveAlarms a = ActiveAlarms.NONE
                .apply(alarm("d1", "SMOKE", Level.ORANGE))
                .apply(alarm("d2", "COMBUSTIBLE_GAS", Level.YELLOW))
                .apply(alarm("d1", "HIGH_TEMPERATURE", Level.BLUE))
                .apply(alarm("d1", "SMOKE", Level.RED));
        assertThat(a.of("d1")).containsOnly(Map.entry("SMOKE", Level.RED), Map.entry("HIGH_TEMPERATURE", Level.BLUE));
        assertThat(a.of("d2")).containsOnly(Map.entry("COMBUSTIBLE_GAS", Level.YELLOW));

        ActiveAlarms cleared = a.apply(clear("d1", "SMOKE"));
        assertThat(cleared.of("d1")).containsOnly(Map.entry("HIGH_TEMPERATURE", Level.BLUE));
        assertThat(a.of("d1")).hasSize(2);
        assertThat(cleared.apply(clear("d1", "HIGH_TEMPERATURE")).of("d1")).isEmpty();
    }

    @Test
    void faultsRejectionsAndPlainNormalsChangeNothing() {
        ActiveAlarms a = ActiveAlarms.NONE.apply(alarm("d1", "SMOKE", Level.ORANGE));
        Decision fault = new Decision("d1", "m", Outcome.FAULT, null, "LOW_BATTERY", null, List.of(), List.of(),
                null, "p");
        Decision rejected = Decision.rejected("d1", "m", Reason.of("ingest.unit", "unknown unit", "未知单位"));
        Decision normal = clear("d1");
        assertThat(a.applyAll(List.of(fault, rejected, normal)).of("d1"))
                .containsOnly(Map.entry("SMOKE", Level.ORANGE));
    }

    @Test
    void theOlderConstructorAndFactoriesClearNothing() {
        assertThat(alarm("d1", "SMOKE", Level.RED).clears()).isEmpty();
        assertThat(Decision.rejected("d1", "m", Reason.of("r", "x", "y")).clears()).isEmpty();
        assertThat(clear("d1", "SMOKE").withAlarmId("a-1").clears()).containsExactly("SMOKE");
    }
}
