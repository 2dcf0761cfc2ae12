package org.citysafe.service.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;
import static org.citysafe.service.support.Fixtures.verifiedSmoke;

/** The alarm state machine over the API: what the duty centre may do in which status, and who did what. */
class AlarmLifecycleIT extends ServiceTestBase {

    @Autowired
    VerdictStore verdicts;

    record Site(String id, String gas, String smoke) {
    }

    Site site() {
        Site s = new Site(unique("restaurant"), unique("gas"), unique("smoke"));
        platform.post("/api/v1/devices", devices(device(s.gas(), "restaurant-gas-detector", s.id(), DISTRICT),
                device(s.smoke(), "smoke-detector", s.id(), DISTRICT)));
        return s;
    }

    String gasAlarm(Site s, double percentLel) {
        return platform.post("/api/v1/decisions", batch(false,
                        reading(s.gas(), "gas.concentration", percentLel, "%LEL", unique("m"), 1)))
                .json().get("decisions").get(0).get("alarmId").asText();
    }

    String smokeAlarm(Site s) {
        return platform.post("/api/v1/decisions", batch(false, verifiedSmoke(s.smoke(), 1)))
                .json().get("decisions").get(1).get("alarmId").asText();
    }

    Api.Response post(String id, String action, String body) {
        return operator.post("/api/v1/alarms/" + id + "/" + action, body);
    }

    static List<String> events(JsonNode alarm, String... types) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : alarm.get("timeline")) {
            if (List.of(types).contains(e.get("type").asText())) {
                out.add(e.get("type").asText() + " by " + e.get("actor").asText() + ": " + e.get("fromStatus").asText()
                        + "->" + e.get("toStatus").asText());
            }
        }
        return out;
    }

    @Test
    void theDutyCentreAcknowledgesVerifiesAndResolvesAndIllegalStepsAreRefusedWithTheReason() {
        Site s = site();
        String id = gasAlarm(s, 30);

        Api.Response early = post(id, "resolve", "");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("message").asText())
                .isEqualTo("cannot resolve alarm " + id + ", which is OPEN: acknowledge or verify it first");

        assertThat(post(id, "ack", "").json().get("status").asText()).isEqualTo("ACKNOWLEDGED");
        Api.Response twice = post(id, "ack", "{\"note\":\"again\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("message").asText()).contains("which is ACKNOWLEDGED: it is acknowledged already");

        JsonNode verified = post(id, "verify", "{\"verdict\":\"CONFIRMED\",\"note\":\"smell of gas on site\"}").json();
        assertThat(verified.get("status").asText()).isIn("VERIFIED", "DISPATCHED");
        assertThat(verified.get("verdict").asText()).isEqualTo("CONFIRMED");
        assertThat(post(id, "verify", "{\"verdict\":\"FALSE_ALARM\"}").json().get("message").asText())
                .contains("it was verified already (CONFIRMED)");

        // the confirmed alarm goes to 119; its delivery moves the alarm to DISPATCHED
        await().atMost(Duration.ofSeconds(20)).until(() ->
                operator.get("/api/v1/alarms/" + id).json().get("status").asText().equals("DISPATCHED"));
        JsonNode resolved = post(id, "resolve", "{\"note\":\"valve closed, ventilated\"}").json();
        assertThat(resolved.get("status").asText()).isEqualTo("RESOLVED");
        assertThat(resolved.get("closedAt").isNull()).isFalse();
        assertThat(events(resolved, "ACKNOWLEDGED", "VERIFIED", "DISPATCHED", "RESOLVED")).containsExactly(
                "ACKNOWLEDGED by operator: OPEN->ACKNOWLEDGED",
                "VERIFIED by operator: ACKNOWLEDGED->VERIFIED",
                "DISPATCHED by escalation: VERIFIED->DISPATCHED",
                "RESOLVED by operator: DISPATCHED->RESOLVED");
        for (JsonNode e : resolved.get("timeline")) {
            if (e.get("type").asText().equals("VERIFIED")) {
                assertThat(e.get("cause").asText()).isEqualTo("CONFIRMED: smell of gas on site");
                assertThat(e.get("detail").get("verdict").asText()).isEqualTo("CONFIRMED");
            }
        }

        // history: no more transitions, but a comment on what was found is still welcome
        assertThat(post(id, "ack", "").status()).isEqualTo(409);
        assertThat(post(id, "assign", "{\"assignee\":\"zhang\"}").json().get("message").asText()).contains("it is history");
        assertThat(post(id, "comment", "{\"text\":\"hose replaced\"}").status()).isEqualTo(200);

        // a new reading at the site opens a new alarm
        assertThat(gasAlarm(s, 31)).isNotEqualTo(id);
    }

    @Test
    void assignmentCommentsAndLevelChangesAreRecordedWithTheirActor() {
        Site s = site();
        String id = gasAlarm(s, 30);
        JsonNode assigned = post(id, "assign", "{\"assignee\":\"grid-officer-zhao\",\"note\":\"nearest\"}").json();
        assertThat(assigned.get("assignee").asText()).isEqualTo("grid-officer-zhao");
        post(id, "comment", "{\"text\":\"owner does not answer\"}");
        JsonNode lowered = post(id, "level", "{\"level\":\"YELLOW\",\"note\":\"reading drifting down\"}").json();
        assertThat(lowered.get("level").asText()).isEqualTo("YELLOW");
        assertThat(lowered.get("escalation").get("run").asInt()).isEqualTo(1);
        JsonNode raised = post(id, "level", "{\"level\":\"RED\",\"note\":\"flame seen on video\"}").json();
        assertThat(raised.get("level").asText()).isEqualTo("RED");
        assertThat(raised.get("escalation").get("chain").asText()).isEqualTo("red-self-confirming");
        assertThat(raised.get("escalation").get("run").asInt()).isEqualTo(2);
        assertThat(post(id, "level", "{\"level\":\"RED\"}").status()).isEqualTo(409);

        List<String> mine = new ArrayList<>();
        for (JsonNode e : raised.get("timeline")) {
            if (e.get("actor").asText().equals("operator")) mine.add(e.get("type").asText() + ": " + e.get("cause").asText());
        }
        assertThat(mine).containsExactly("ASSIGNED: nearest", "COMMENTED: owner does not answer",
                "LEVEL_LOWERED: reading drifting down", "LEVEL_RAISED: flame seen on video");
        assertThat(raised.get("timeline").findValuesAsText("type")).contains("ESCALATION_RESTARTED");
    }

    @Test
    void verdictsAreKeptPerDeviceAndPerSiteForLearningFromThem() {
        Instant before = Instant.now().minusSeconds(60);
        Site s = site();
        String smoke = smokeAlarm(s);
        String gas = gasAlarm(s, 30);
        post(smoke, "verify", "{\"verdict\":\"FALSE_ALARM\",\"note\":\"cooking steam\"}");
        post(gas, "verify", "{\"verdict\":\"CONFIRMED\"}");

        List<VerdictStore.VerdictRecord> device = verdicts.recentForDevice(s.smoke(), before);
        assertThat(device).hasSize(1);
        assertThat(device.get(0).verdict()).isEqualTo(Verdict.FALSE_ALARM);
        assertThat(device.get(0).alarmId()).isEqualTo(smoke);
        assertThat(device.get(0).alarmType()).isEqualTo("SMOKE");
        assertThat(device.get(0).note()).isEqualTo("cooking steam");
        assertThat(device.get(0).actor()).isEqualTo("operator");
        assertThat(verdicts.recentForSite(s.id(), before)).extracting(VerdictStore.VerdictRecord::verdict)
                .containsExactly(Verdict.CONFIRMED, Verdict.FALSE_ALARM);
        assertThat(verdicts.recentForSite(s.id(), Instant.now().plusSeconds(60))).isEmpty();
    }

    @Test
    void badRequestsAreAnsweredWithTheReason() {
        Site s = site();
        String id = gasAlarm(s, 30);
        assertThat(post(id, "verify", "{}").json().get("message").asText())
                .isEqualTo("verdict is missing: CONFIRMED or FALSE_ALARM");
        Api.Response maybe = post(id, "verify", "{\"verdict\":\"MAYBE\"}");
        assertThat(maybe.status()).isEqualTo(400);
        assertThat(maybe.json().get("details").get(0).asText()).contains("verdict");
        assertThat(post("no-such-alarm", "ack", "").status()).isEqualTo(404);
        assertThat(platform.post("/api/v1/alarms/" + id + "/ack", "").status()).isEqualTo(403);
        assertThat(post(id, "comment", "{}").status()).isEqualTo(400);
        assertThat(operator.get("/api/v1/alarms/" + id).json().get("status").asText()).isEqualTo("OPEN");
    }
}
