package org.citysafe.service.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.NewTopic;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.RecordingReceiver;
import org.citysafe.service.support.ServiceInstance;
import org.citysafe.service.support.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.contact;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * The service stops in the middle of a chain and starts again: the steps that came due while it was down are sent
 * when it is back, each once, and nothing sent before the stop is sent again. The database must outlive the
 * service, so this test starts its own PostgreSQL and the service itself, twice.
 */
class EscalationRestartIT {

    static EmbeddedPostgres postgres;
    static final RecordingReceiver GATEWAY = TestInfrastructure.GATEWAY;
    static final RecordingReceiver DUTY_CENTRE = TestInfrastructure.DUTY_CENTRE;
    static final RecordingReceiver FIRE_119 = TestInfrastructure.FIRE_119;
    /** Long enough to stop the first instance before the duty centre's phone task is due. */
    static final Map<String, String> CHAIN = Map.of("citysafe.escalation.waits.owner-acknowledge", "4s");

    @BeforeAll
    static void database() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void dropDatabase() throws IOException {
        postgres.close();
    }

    static ServiceInstance instance(String name, String opsTopic) {
        return ServiceInstance.start(name, postgres.getJdbcUrl("postgres", "postgres"), "postgres", null, opsTopic,
                CHAIN);
    }

    @Test
    void aRestartInTheMiddleOfAChainLosesNoStepAndRepeatsNone() {
        String opsTopic = "citysafe-restart-" + UUID.randomUUID() + ".alarms";
        TestInfrastructure.kafka().addTopics(new NewTopic(opsTopic, 1, (short) 1));
        String site = "restaurant-" + UUID.randomUUID();
        String gas = "gas-" + UUID.randomUUID();
        String id;
        Instant phoneTaskDue;
        try (ServiceInstance before = instance("before-restart", opsTopic)) {
            before.platform().post("/api/v1/devices", devices(device(gas, "restaurant-gas-detector", site, DISTRICT,
                    contact("Wang Wei", "OWNER", "13800000001", "wx-wangwei"),
                    contact("Zhao Gang", "GRID_OFFICER", "13800000003", null))));
            Api.Response decided = before.platform().post("/api/v1/decisions", batch(false,
                    reading(gas, "gas.concentration", 30, "%LEL", "restart-1", 1)));
            id = decided.json().get("decisions").get(0).get("alarmId").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> GATEWAY.acceptedFor(id).size() == 2);

            JsonNode phoneTask = timer(before.operator(), id, "PHONE_TASK", 0);
            assertThat(phoneTask.get("state").asText()).isEqualTo("WAITING");
            phoneTaskDue = Instant.parse(phoneTask.get("dueAt").asText());
        }
        assertThat(DUTY_CENTRE.requestsFor(id)).isEmpty();
        // while no instance runs, the phone task and the grid officer's SMS come due
        Instant gridDue = phoneTaskDue.plusSeconds(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(gridDue));

        try (ServiceInstance after = instance("after-restart", opsTopic)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> EscalationIT.onlyHeldStepsLeft(alarm(after, id)));
            after.operator().post("/api/v1/alarms/" + id + "/verify", "{\"verdict\":\"CONFIRMED\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonNode alarm = alarm(after, id);
                return alarm.get("escalation").get("state").asText().equals("ENDED")
                        && EscalationIT.deliveriesSettled(alarm) && !FIRE_119.acceptedFor(id).isEmpty();
            });

            // every step once: the first pass and the repeat pass, the owner's notices of the first pass included
            assertThat(EscalationIT.steps(GATEWAY.requestsFor(id))).containsExactlyInAnyOrder(
                    "SMS OWNER 0", "WECHAT OWNER 0", "SMS GRID_OFFICER 0",
                    "SMS OWNER 1", "WECHAT OWNER 1", "SMS GRID_OFFICER 1");
            assertThat(EscalationIT.steps(DUTY_CENTRE.requestsFor(id))).containsExactlyInAnyOrder(
                    "PHONE_TASK - 0", "PHONE_TASK - 1");
            assertThat(FIRE_119.requestsFor(id)).hasSize(1);
            Set<String> ids = new HashSet<>();
            for (RecordingReceiver r : List.of(GATEWAY, DUTY_CENTRE, FIRE_119)) {
                for (RecordingReceiver.Request q : r.requestsFor(id)) assertThat(ids.add(q.deliveryId())).isTrue();
            }

            JsonNode alarm = alarm(after, id);
            Map<String, JsonNode> sent = new HashMap<>();
            for (RecordingReceiver r : List.of(GATEWAY, DUTY_CENTRE, FIRE_119)) {
                for (RecordingReceiver.Request q : r.requestsFor(id)) sent.put(q.deliveryId(), q.body());
            }
            for (JsonNode d : alarm.get("deliveries")) {
                assertThat(d.get("status").asText()).isEqualTo("DELIVERED");
                assertThat(d.get("attempts").asInt()).isEqualTo(1);
                JsonNode body = sent.get(d.get("deliveryId").asText()); // none for the operations centre (Kafka)
                boolean beforeStop = body != null && body.get("escalation").get("loop").asInt() == 0
                        && body.path("to").path("role").asText().equals("OWNER");
                assertThat(d.get("sentBy").asText()).isEqualTo(beforeStop ? "before-restart" : "after-restart");
            }
            long fired = 0;
            for (JsonNode t : alarm.get("escalation").get("timers")) if (t.get("state").asText().equals("FIRED")) fired++;
            assertThat(alarm.get("timeline").findValuesAsText("type").stream().filter("STEP_FIRED"::equals).count())
                    .isEqualTo(fired);
        }
    }

    static JsonNode alarm(ServiceInstance instance, String id) {
        return instance.operator().get("/api/v1/alarms/" + id).json();
    }

    static JsonNode timer(Api operator, String alarmId, String channel, int loop) {
        for (JsonNode t : operator.get("/api/v1/alarms/" + alarmId).json().get("escalation").get("timers")) {
            if (t.get("channel").asText().equals(channel) && t.get("loop").asInt() == loop) return t;
        }
        throw new AssertionError("no " + channel + " timer in pass " + loop);
    }
}
