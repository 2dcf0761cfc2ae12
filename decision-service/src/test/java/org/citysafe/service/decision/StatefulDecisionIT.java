package org.citysafe.service.decision;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;

/** Decisions with memory, through the service: confirmation over time, silences, clearing, state after restart. */
class StatefulDecisionIT extends ServiceTestBase {

    @Autowired
    SeriesCache seriesCache;

    String site;
    String gasA;
    String gasB;

    @BeforeEach
    void devicesAtOneSite() {
        site = unique("restaurant");
        gasA = unique("gas");
        gasB = unique("gas");
        assertThat(platform.post("/api/v1/devices", devices(device(gasA, "restaurant-gas-detector", site, DISTRICT),
                device(gasB, "restaurant-gas-detector", site, DISTRICT))).status()).isEqualTo(200);
    }

    /** A reading at {@code minutesAgo} minutes and {@code secondsAgo} seconds before now, in China Standard Time. */
    static String gas(String deviceId, double lel, OffsetDateTime ts) {
        return "{\"deviceId\":\"" + deviceId + "\",\"metric\":\"gas.concentration\",\"value\":" + lel
                + ",\"unit\":\"%LEL\",\"ts\":\"" + ts.truncatedTo(ChronoUnit.SECONDS) + "\",\"messageId\":\""
                + unique("m") + "\"}";
    }

    JsonNode decide(String reading) {
        Api.Response r = platform.post("/api/v1/decisions", "{\"readings\":[" + reading + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("decisions").get(0);
    }

    static OffsetDateTime ago(int seconds) {
        return OffsetDateTime.now(ZoneOffset.ofHours(8)).minusSeconds(seconds);
    }

    JsonNode alarmAtSite(String type) {
        for (JsonNode a : operator.get("/api/v1/alarms?district=" + DISTRICT + "&limit=1000").json()) {
            if (a.get("siteId").asText().equals(site) && a.get("alarmType").asText().equals(type)) return a;
        }
        return null;
    }

    @Test
    void aLowLevelIsHeldBackUntilItHasLastedAndThenRaisesTheAlarm() {
        JsonNode first = decide(gas(gasA, 12, ago(60)));
        assertThat(first.get("outcome").asText()).isEqualTo("SUPPRESSED");
        assertThat(first.get("level").asText()).isEqualTo("YELLOW");
        assertThat(first.get("alarmId").isNull()).isTrue();
        assertThat(first.get("reasons").get(0).get("message").asText()).contains("has lasted 0 s of the 20 s required");
        assertThat(alarmAtSite("COMBUSTIBLE_GAS")).isNull();

        JsonNode second = decide(gas(gasA, 12, ago(30)));
        assertThat(second.get("outcome").asText()).isEqualTo("ALARM");
        assertThat(second.get("level").asText()).isEqualTo("YELLOW");
        assertThat(alarmAtSite("COMBUSTIBLE_GAS").get("id").asText()).isEqualTo(second.get("alarmId").asText());
    }

    @Test
    void whatWasSustainedBeforeMemoryIsLostStillCountsAfterwards() {
        assertThat(decide(gas(gasA, 12, ago(60))).get("outcome").asText()).isEqualTo("SUPPRESSED");
        seriesCache.clear(); // what a restart does to memory: the series is rebuilt from the reading log
        JsonNode after = decide(gas(gasA, 12, ago(30)));
        assertThat(after.get("outcome").asText()).isEqualTo("ALARM");
    }

    @Test
    void aSiteAlarmHeldByTwoDevicesTakesTheHigherLevelAndClearsWhenBothHaveCleared() {
        String alarmId = decide(gas(gasA, 60, ago(120))).get("alarmId").asText();
        assertThat(decide(gas(gasB, 30, ago(110))).get("alarmId").asText()).isEqualTo(alarmId);
        JsonNode cleared = decide(gas(gasA, 1, ago(100)));
        assertThat(cleared.get("outcome").asText()).isEqualTo("NORMAL");
        assertThat(cleared.get("clears").get(0).asText()).isEqualTo("COMBUSTIBLE_GAS");
        JsonNode alarm = operator.get("/api/v1/alarms/" + alarmId).json();
        assertThat(alarm.get("status").asText()).as("RED went to 119 at once; it is still open")
                .isIn("OPEN", "DISPATCHED");
        assertThat(alarm.get("level").asText()).as("device B still holds it at ORANGE").isEqualTo("ORANGE");

        decide(gas(gasB, 1, ago(90)));
        alarm = operator.get("/api/v1/alarms/" + alarmId).json();
        assertThat(alarm.get("status").asText()).isEqualTo("RESOLVED");
        List<String> events = new ArrayList<>();
        alarm.get("timeline").forEach(e -> {
            if (e.get("actor").asText().equals("rules")) events.add(e.get("type").asText());
        });
        assertThat(events).containsExactly("OPENED", "LEVEL_LOWERED", "CLEARED");
    }

    @Test
    void aSilenceHoldsBackOrangeButNotRedAndCanBeCancelled() {
        Api.Response created = operator.post("/api/v1/silences", """
                {"scopeType":"SITE","scope":"%s","maxLevel":"ORANGE","startsAt":"%s","endsAt":"%s",
                 "reason":"detector replaced today"}
                """.formatted(site, OffsetDateTime.now(ZoneOffset.UTC).minusHours(1),
                OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("author").asText()).isEqualTo("operator");

        JsonNode orange = decide(gas(gasA, 30, ago(50)));
        assertThat(orange.get("outcome").asText()).isEqualTo("SUPPRESSED");
        assertThat(orange.get("reasons").get(0).get("message").asText()).contains("detector replaced today");
        JsonNode red = decide(gas(gasB, 70, ago(40)));
        assertThat(red.get("outcome").asText()).isEqualTo("ALARM");
        assertThat(red.get("level").asText()).isEqualTo("RED");

        assertThat(operator.post("/api/v1/silences", "{\"scopeType\":\"SITE\",\"scope\":\"x\"}").json().get("details"))
                .extracting(JsonNode::asText).contains("reason: say why alarms are held back", "endsAt: is missing");
        String id = created.json().get("id").asText();
        assertThat(operator.delete("/api/v1/silences/" + id).status()).isEqualTo(204);
        assertThat(decide(gas(gasA, 30, ago(20))).get("outcome").asText()).isEqualTo("ALARM");
    }

    @Test
    void smokeInAKitchenAtLunchWaitsForEvidenceButNotAtNight() {
        OffsetDateTime lunch = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(1).withHour(12).withMinute(0);
        JsonNode atLunch = kitchenSmokeAt(lunch);
        assertThat(atLunch.get("outcome").asText()).isEqualTo("SUPPRESSED");
        assertThat(atLunch.get("reasons").get(0).get("ruleId").asText()).isEqualTo("fire.kitchen.cooking-hours");
        JsonNode atNight = kitchenSmokeAt(lunch.withHour(3));
        assertThat(atNight.get("outcome").asText()).as("at night only the 60 s alarm verification every detector gets")
                .isEqualTo("SUPPRESSED");
        assertThat(atNight.get("reasons").get(0).get("ruleId").asText()).isEqualTo("suppression.sustain");
        assertThat(atNight.get("level").asText()).isEqualTo("ORANGE");
    }

    /** Smoke from a new kitchen detector (its own site) at the given local time. */
    JsonNode kitchenSmokeAt(OffsetDateTime ts) {
        String kitchen = unique("smoke");
        platform.post("/api/v1/devices", "{\"devices\":[{\"deviceId\":\"" + kitchen + "\",\"deviceType\":\"smoke-detector\","
                + "\"siteId\":\"" + unique("canteen") + "\",\"districtPath\":\"" + DISTRICT + "\",\"tags\":[\"kitchen\"]}]}");
        return decide("{\"deviceId\":\"" + kitchen + "\",\"metric\":\"smoke.alarm\",\"value\":1,\"unit\":\"state\","
                + "\"ts\":\"" + ts.truncatedTo(ChronoUnit.SECONDS) + "\",\"messageId\":\"" + unique("m") + "\"}");
    }
}
