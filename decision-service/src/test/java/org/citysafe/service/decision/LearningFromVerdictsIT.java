package org.citysafe.service.decision;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;

/** A device whose alarms were verified false needs more evidence; never for long at RED; CONFIRMED resets it. */
class LearningFromVerdictsIT extends ServiceTestBase {

    String gas;

    JsonNode decide(double lel, int secondsAgo) {
        String ts = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusSeconds(secondsAgo).truncatedTo(ChronoUnit.SECONDS).toString();
        return platform.post("/api/v1/decisions", "{\"readings\":[{\"deviceId\":\"" + gas + "\",\"metric\":\"gas.concentration\","
                + "\"value\":" + lel + ",\"unit\":\"%LEL\",\"ts\":\"" + ts + "\",\"messageId\":\"" + unique("m") + "\"}]}")
                .json().get("decisions").get(0);
    }

    /**
     * A condition that lasts: one reading, then another 30 s later (one sample of a gas reading is not pushed until
     * the next confirms it, docs/THRESHOLDS.md "Signal kinds"); the decision on the second.
     */
    JsonNode sustained(double lel, int secondsAgo) {
        decide(lel, secondsAgo + 30);
        return decide(lel + 0.5, secondsAgo);
    }

    void verify(JsonNode decision, String verdict) {
        assertThat(operator.post("/api/v1/alarms/" + decision.get("alarmId").asText() + "/verify",
                "{\"verdict\":\"" + verdict + "\",\"note\":\"checked on site\"}").status()).isEqualTo(200);
    }

    @Test
    void twoFalseAlarmsMakeTheNextOneWaitButARedConditionGetsThroughAndAConfirmationResetsIt() {
        gas = unique("gas");
        platform.post("/api/v1/devices", devices(device(gas, "restaurant-gas-detector", unique("restaurant"), DISTRICT)));

        JsonNode first = sustained(30, 600);
        assertThat(first.get("outcome").asText()).isEqualTo("ALARM");
        verify(first, "FALSE_ALARM");
        decide(1, 590);
        JsonNode second = sustained(30, 550);
        assertThat(second.get("outcome").asText()).as("one false alarm is not yet a pattern").isEqualTo("ALARM");
        verify(second, "FALSE_ALARM");
        decide(1, 540);

        JsonNode third = decide(30, 530);
        assertThat(third.get("outcome").asText()).isEqualTo("SUPPRESSED");
        assertThat(third.get("reasons").get(0).get("ruleId").asText()).isEqualTo("suppression.learning");
        assertThat(third.get("reasons").get(0).get("message").asText())
                .contains("last 2 alarms were verified false").contains("of the 120 s now required");

        assertThat(decide(70, 520).get("outcome").asText()).as("RED is delayed at most 30 s").isEqualTo("SUPPRESSED");
        JsonNode red = decide(70.5, 470);
        assertThat(red.get("outcome").asText()).isEqualTo("ALARM");
        assertThat(red.get("level").asText()).isEqualTo("RED");

        verify(red, "CONFIRMED");
        assertThat(operator.post("/api/v1/alarms/" + red.get("alarmId").asText() + "/resolve", "{}").status()).isEqualTo(200);
        decide(1, 460);
        assertThat(sustained(30, 420).get("outcome").asText()).as("a confirmed alarm restores trust").isEqualTo("ALARM");
    }
}
