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

    void verify(JsonNode decision, String verdict) {
        assertThat(operator.post("/api/v1/alarms/" + decision.get("alarmId").asText() + "/verify",
                "{\"verdict\":\"" + verdict + "\",\"note\":\"checked on site\"}").status()).isEqualTo(200);
    }

    @Test
    void twoFalseAlarmsMakeTheNextOneWaitButARedConditionGetsThroughAndAConfirmationResetsIt() {
        gas = unique("gas");
        platform.post("/api/v1/devices", devices(device(gas, "restaurant-gas-detector", unique("restaurant"), DISTRICT)));

        JsonNode first = decide(30, 600);
        assertThat(first.get("outcome").asText()).isEqualTo("ALARM");
        verify(first, "FALSE_ALARM");
        decide(1, 590);
        JsonNode second = decide(30, 580);
        assertThat(second.get("outcome").asText()).as("one false alarm is not yet a pattern").isEqualTo("ALARM");
        verify(second, "FALSE_ALARM");
        decide(1, 570);

        JsonNode third = decide(30, 560);
        assertThat(third.get("outcome").asText()).isEqualTo("SUPPRESSED");
        assertThat(third.get("reasons").get(0).get("ruleId").asText()).isEqualTo("suppression.learning");
        assertThat(third.get("reasons").get(0).get("message").asText())
                .contains("last 2 alarms were verified false").contains("of the 120 s now required");

        assertThat(decide(70, 550).get("outcome").asText()).as("RED is delayed at most 30 s").isEqualTo("SUPPRESSED");
        JsonNode red = decide(70, 500);
        assertThat(red.get("outcome").asText()).isEqualTo("ALARM");
        assertThat(red.get("level").asText()).isEqualTo("RED");

        verify(red, "CONFIRMED");
        assertThat(operator.post("/api/v1/alarms/" + red.get("alarmId").asText() + "/resolve", "{}").status()).isEqualTo(200);
        decide(1, 490);
        assertThat(decide(30, 480).get("outcome").asText()).as("a confirmed alarm restores trust").isEqualTo("ALARM");
    }
}
