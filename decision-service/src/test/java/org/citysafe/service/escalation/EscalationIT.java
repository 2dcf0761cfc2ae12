package org.citysafe.service.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.OpsCentreFeed;
import org.citysafe.service.support.RecordingReceiver;
import org.citysafe.service.support.ServiceTestBase;
import org.citysafe.service.support.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.contact;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;
import static org.citysafe.service.support.Fixtures.verifiedSmoke;

/**
 * The default escalation chains end to end, with waits of seconds: the service sends to real HTTP receivers (the
 * SMS/WeChat gateway, the duty centre and the 119 gateway of {@link TestInfrastructure}) and to the real Kafka
 * topic of the operations centre.
 */
class EscalationIT extends ServiceTestBase {

    static final RecordingReceiver GATEWAY = TestInfrastructure.GATEWAY;
    static final RecordingReceiver DUTY_CENTRE = TestInfrastructure.DUTY_CENTRE;
    static final RecordingReceiver FIRE_119 = TestInfrastructure.FIRE_119;
    static final Duration CHAIN = Duration.ofSeconds(30);

    @AfterEach
    void receiversBehaveAgain() {
        FIRE_119.restart();
        FIRE_119.refuse(r -> false);
        FIRE_119.loseAnswerOnce(r -> false);
        GATEWAY.refuse(r -> false);
    }

    /** A restaurant's gas detector whose contacts cover every role of the default chains. */
    String restaurantWithEveryContact(String site) {
        String gas = unique("gas");
        assertThat(platform.post("/api/v1/devices", devices(device(gas, "restaurant-gas-detector", site, DISTRICT,
                contact("Wang Wei", "OWNER", "13800000001", "wx-wangwei"),
                contact("Li Na", "SAFETY_MANAGER", "13800000002", null),
                contact("Zhao Gang", "GRID_OFFICER", "13800000003", null),
                contact("Sun Li", "PROPERTY_MANAGEMENT", "13800000004", null)))).status()).isEqualTo(200);
        return gas;
    }

    JsonNode decide(String deviceId, double percentLel) {
        Api.Response r = platform.post("/api/v1/decisions", batch(false,
                reading(deviceId, "gas.concentration", percentLel, "%LEL", unique("m"), 1)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("decisions").get(0);
    }

    JsonNode alarm(String id) {
        return operator.get("/api/v1/alarms/" + id).json();
    }

    static List<String> eventTypes(JsonNode alarm) {
        List<String> types = new ArrayList<>();
        alarm.get("timeline").forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    /** "SMS OWNER 0": channel, recipient role and repeat pass of each message, in arrival order. */
    static List<String> steps(List<RecordingReceiver.Request> requests) {
        return requests.stream().map(r -> r.body().get("channel").asText() + " "
                + (r.body().has("to") ? r.body().get("to").get("role").asText() : "-") + " "
                + r.body().get("escalation").get("loop").asInt()).toList();
    }

    /** No message of the alarm is waiting to be sent (each was delivered or given up on). */
    static boolean deliveriesSettled(JsonNode alarm) {
        for (JsonNode d : alarm.get("deliveries")) {
            if (d.get("status").asText().equals("PENDING")) return false;
        }
        return true;
    }

    static boolean onlyHeldStepsLeft(JsonNode alarm) {
        for (JsonNode t : alarm.get("escalation").get("timers")) {
            if (t.get("state").asText().equals("WAITING")) return false;
        }
        return true;
    }

    @Test
    void theDefaultChainTellsTheOwnerThenTheDutyCentreThenGridAndPropertyAndReaches119OnlyOnceConfirmed() {
        String site = unique("restaurant");
        String gas = restaurantWithEveryContact(site);
        JsonNode decision = decide(gas, 30); // ORANGE
        String id = decision.get("alarmId").asText();

        JsonNode escalation = decision.get("escalation");
        assertThat(escalation.get("chain").asText()).isEqualTo("verify-before-119");
        assertThat(escalation.get("run").asInt()).isEqualTo(1);
        assertThat(escalation.get("selfConfirming").asBoolean()).isFalse();
        assertThat(escalation.get("steps")).hasSize(8);
        assertThat(escalation.get("nextStep").get("channel").asText()).isIn("SMS", "WECHAT");

        // the first pass and the repeat pass, then only the held steps (119, operations centre) remain
        await().atMost(CHAIN).until(() -> onlyHeldStepsLeft(alarm(id)));
        // a fired step is in the outbox; its delivery follows on the relay's lane
        await().atMost(CHAIN).untilAsserted(() -> assertThat(steps(GATEWAY.acceptedFor(id))).containsExactlyInAnyOrder(
                "SMS OWNER 0", "WECHAT OWNER 0", "SMS SAFETY_MANAGER 0", "SMS GRID_OFFICER 0", "SMS PROPERTY_MANAGEMENT 0",
                "SMS OWNER 1", "WECHAT OWNER 1", "SMS SAFETY_MANAGER 1", "SMS GRID_OFFICER 1", "SMS PROPERTY_MANAGEMENT 1"));
        await().atMost(CHAIN).untilAsserted(() -> assertThat(steps(DUTY_CENTRE.acceptedFor(id)))
                .containsExactly("PHONE_TASK - 0", "PHONE_TASK - 1"));
        assertThat(FIRE_119.requestsFor(id)).isEmpty();

        // in order: owner first, then the duty centre's phone task, then grid officer and property management
        long ownerAt = arrival(GATEWAY, id, "SMS OWNER 0");
        long phoneAt = arrival(DUTY_CENTRE, id, "PHONE_TASK - 0");
        long gridAt = arrival(GATEWAY, id, "SMS GRID_OFFICER 0");
        assertThat(ownerAt).isLessThan(phoneAt);
        assertThat(phoneAt).isLessThan(gridAt);
        JsonNode sms = GATEWAY.acceptedFor(id).get(0).body();
        assertThat(sms.get("deliveryId").asText()).isEqualTo(GATEWAY.acceptedFor(id).get(0).deliveryId());
        assertThat(sms.get("text").asText()).contains(site).contains("橙色预警").contains("可燃气体泄漏报警");
        assertThat(sms.get("texts").get("en").asText()).contains("ORANGE combustible gas alarm");
        JsonNode task = DUTY_CENTRE.acceptedFor(id).get(0).body();
        assertThat(task.get("task").asText()).isEqualTo("VERIFY_BY_PHONE");
        assertThat(task.get("call").findValuesAsText("phone")).contains("13800000001", "13800000003");

        try (OpsCentreFeed feed = new OpsCentreFeed(TestInfrastructure.kafka().getBrokersAsString(),
                environment.getProperty("citysafe.notify.ops-centre.topic"))) {
            assertThat(operator.post("/api/v1/alarms/" + id + "/verify",
                    "{\"verdict\":\"CONFIRMED\",\"note\":\"owner saw the flame on the stove\"}").status()).isEqualTo(200);

            await().atMost(CHAIN).until(() -> FIRE_119.acceptedFor(id).size() == 1 && feed.eventsFor(id).size() == 1);
            RecordingReceiver.Request dispatch = FIRE_119.acceptedFor(id).get(0);
            JsonNode dossier = dispatch.body();
            assertThat(dispatch.authorization()).isEqualTo("Bearer " + TestInfrastructure.FIRE_119_TOKEN);
            assertThat(dossier.get("schema").asText()).isEqualTo("citysafe.dispatch-119.v1");
            assertThat(dossier.get("deliveryId").asText()).isEqualTo(dispatch.deliveryId());
            assertThat(dossier.get("alarm").get("level").asText()).isEqualTo("ORANGE");
            assertThat(dossier.get("alarm").get("type").asText()).isEqualTo("COMBUSTIBLE_GAS");
            assertThat(dossier.get("site").get("siteId").asText()).isEqualTo(site);
            assertThat(dossier.get("site").get("district").get("community").asText()).isEqualTo("wenhe");
            assertThat(dossier.get("site").get("location").get("lat").asDouble()).isEqualTo(32.39);
            assertThat(dossier.get("evidence").get(0).get("metric").asText()).isEqualTo("gas.concentration");
            assertThat(dossier.get("evidence").get(0).get("value").asDouble()).isEqualTo(30.0);
            assertThat(dossier.get("reasons").get(0).get("ruleId").asText()).isEqualTo("gas.restaurant.concentration");
            assertThat(dossier.get("coupledRisks").isArray()).isTrue();
            assertThat(dossier.get("contacts").findValuesAsText("role")).contains("OWNER", "GRID_OFFICER");
            assertThat(dossier.get("verification").get("verdict").asText()).isEqualTo("CONFIRMED");
            assertThat(dossier.get("verification").get("by").asText()).isEqualTo("operator");
            assertThat(dossier.get("verification").get("note").asText()).isEqualTo("owner saw the flame on the stove");
            assertThat(dossier.get("text").asText()).contains("已由operator核实确认");
            assertThat(dossier.get("texts").get("en").asText()).contains("confirmed by operator");

            OpsCentreFeed.Event event = feed.eventsFor(id).get(0);
            assertThat(event.key()).isEqualTo(id);
            assertThat(event.deliveryIdHeader()).isEqualTo(event.body().get("deliveryId").asText());
            assertThat(event.body().get("verification").get("verdict").asText()).isEqualTo("CONFIRMED");
        }

        await().atMost(CHAIN).until(() -> alarm(id).get("status").asText().equals("DISPATCHED")
                && deliveriesSettled(alarm(id)));
        JsonNode alarm = alarm(id);
        assertThat(alarm.get("escalation").get("state").asText()).isEqualTo("ENDED");
        assertThat(eventTypes(alarm)).contains("ESCALATION_STARTED", "STEP_FIRED", "VERIFIED", "STEPS_RELEASED",
                "DELIVERED", "DISPATCHED");
        for (JsonNode e : alarm.get("timeline")) {
            if (e.get("type").asText().equals("DISPATCHED")) assertThat(e.get("actor").asText()).isEqualTo("escalation");
            if (e.get("type").asText().equals("VERIFIED")) assertThat(e.get("actor").asText()).isEqualTo("operator");
        }
        assertThat(alarm.get("deliveries").findValuesAsText("status")).hasSize(14).containsOnly("DELIVERED");
        assertThat(GATEWAY.duplicates()).doesNotContainAnyElementsOf(GATEWAY.acceptedFor(id).stream()
                .map(RecordingReceiver.Request::deliveryId).toList());
    }

    @Test
    void aRedHazardConfirmsItselfAndReachesOwnerDutyCentreAnd119AtOnce() {
        String site = unique("restaurant");
        String gas = restaurantWithEveryContact(site);
        JsonNode decision = decide(gas, 60); // RED
        String id = decision.get("alarmId").asText();
        assertThat(decision.get("escalation").get("chain").asText()).isEqualTo("red-self-confirming");
        assertThat(decision.get("escalation").get("selfConfirming").asBoolean()).isTrue();
        for (JsonNode step : decision.get("escalation").get("steps")) {
            assertThat(step.get("delay").asText()).isEqualTo("PT0S");
            assertThat(step.get("after").asText()).isEqualTo("OPENED");
        }

        await().atMost(CHAIN).until(() -> FIRE_119.acceptedFor(id).size() == 1
                && DUTY_CENTRE.acceptedFor(id).size() >= 1 && GATEWAY.acceptedFor(id).size() >= 3);
        assertThat(steps(GATEWAY.acceptedFor(id))).contains("SMS OWNER 0", "WECHAT OWNER 0", "SMS SAFETY_MANAGER 0");
        assertThat(steps(DUTY_CENTRE.acceptedFor(id))).contains("PHONE_TASK - 0");
        JsonNode verification = FIRE_119.acceptedFor(id).get(0).body().get("verification");
        assertThat(verification.get("selfConfirming").asBoolean()).isTrue();
        assertThat(verification.get("verdict").isNull()).isTrue();
        assertThat(verification.get("basis").asText()).contains("RED").contains("red-self-confirming");

        await().atMost(CHAIN).until(() -> alarm(id).get("escalation").get("state").asText().equals("ENDED"));
        assertThat(alarm(id).get("status").asText()).isEqualTo("DISPATCHED");
        assertThat(FIRE_119.requestsFor(id)).hasSize(1); // 119 is dispatched once, repeats or not
    }

    @Test
    void aDryRunShowsTheChainThatWouldRunAndADeviceFaultHasNone() {
        String site = unique("restaurant");
        String gas = restaurantWithEveryContact(site);
        JsonNode dry = platform.post("/api/v1/decisions", batch(true,
                reading(gas, "gas.concentration", 60, "%LEL", unique("m"), 1))).json().get("decisions").get(0);
        assertThat(dry.get("alarmId").isNull()).isTrue();
        assertThat(dry.get("escalation").get("state").asText()).isEqualTo("PREVIEW");
        assertThat(dry.get("escalation").get("chain").asText()).isEqualTo("red-self-confirming");
        assertThat(dry.get("escalation").get("nextStep").get("channel").asText()).isEqualTo("SMS");

        JsonNode fault = decide(gas, 140); // outside the instrument's range
        assertThat(fault.get("outcome").asText()).isEqualTo("FAULT");
        assertThat(fault.get("escalation").isNull()).isTrue();
        assertThat(alarm(fault.get("alarmId").asText()).get("escalation").isNull()).isTrue();
        assertThat(GATEWAY.requestsFor(fault.get("alarmId").asText())).isEmpty();
    }

    @Test
    void acknowledgingStopsTheStepsThatAcknowledgementStops() {
        String site = unique("restaurant");
        String gas = restaurantWithEveryContact(site);
        String id = decide(gas, 30).get("alarmId").asText();
        JsonNode acked = operator.post("/api/v1/alarms/" + id + "/ack", "{\"note\":\"on it\"}").json();
        assertThat(acked.get("status").asText()).isEqualTo("ACKNOWLEDGED");

        // the owner's notices are sent regardless; the phone task, grid, property and every repeat are stopped
        await().atMost(CHAIN).until(() -> onlyHeldStepsLeft(alarm(id)));
        JsonNode alarm = alarm(id);
        Instant latestDue = Instant.EPOCH;
        for (JsonNode t : alarm.get("escalation").get("timers")) {
            String state = t.get("state").asText();
            if (t.get("channel").asText().equals("PHONE_TASK") || t.get("loop").asInt() > 0) {
                assertThat(state).isEqualTo("CANCELLED");
                assertThat(t.get("outcome").asText()).isEqualTo("stopped: ACKNOWLEDGED by operator");
                Instant due = Instant.parse(t.get("dueAt").asText());
                if (due.isAfter(latestDue)) latestDue = due;
            }
        }
        assertThat(eventTypes(alarm)).contains("ACKNOWLEDGED", "STEPS_STOPPED");
        assertThat(alarm.get("timeline").findValuesAsText("actor")).contains("operator");

        Instant quiet = latestDue.plusSeconds(1);
        await().atMost(CHAIN).until(() -> Instant.now().isAfter(quiet));
        assertThat(DUTY_CENTRE.requestsFor(id)).isEmpty();
        assertThat(steps(GATEWAY.acceptedFor(id))).containsExactlyInAnyOrder("SMS OWNER 0", "WECHAT OWNER 0",
                "SMS SAFETY_MANAGER 0");
    }

    @Test
    void aFalseAlarmVerdictClosesTheAlarmAndNothingReaches119() {
        String smoke = unique("smoke");
        String site = unique("shop");
        platform.post("/api/v1/devices", devices(device(smoke, "smoke-detector", site, DISTRICT)));
        Api.Response r = platform.post("/api/v1/decisions", batch(false, verifiedSmoke(smoke, 1)));
        String id = r.json().get("decisions").get(1).get("alarmId").asText();

        JsonNode closed = operator.post("/api/v1/alarms/" + id + "/verify",
                "{\"verdict\":\"FALSE_ALARM\",\"note\":\"cooking steam\"}").json();
        assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
        assertThat(closed.get("verdict").asText()).isEqualTo("FALSE_ALARM");
        assertThat(closed.get("closedAt").isNull()).isFalse();
        assertThat(closed.get("escalation").get("state").asText()).isEqualTo("ENDED");
        Instant latestDue = Instant.EPOCH;
        for (JsonNode t : closed.get("escalation").get("timers")) {
            if (t.get("channel").asText().equals("DISPATCH_119")) {
                assertThat(t.get("state").asText()).isEqualTo("CANCELLED");
                assertThat(t.get("outcome").asText()).isEqualTo("stopped: CLOSED by operator");
            }
            if (t.hasNonNull("dueAt") && Instant.parse(t.get("dueAt").asText()).isAfter(latestDue)) {
                latestDue = Instant.parse(t.get("dueAt").asText());
            }
        }
        assertThat(eventTypes(closed)).contains("VERIFIED", "ESCALATION_STOPPED");

        Instant quiet = latestDue.plusSeconds(1);
        await().atMost(CHAIN).until(() -> Instant.now().isAfter(quiet));
        assertThat(FIRE_119.requestsFor(id)).isEmpty();
        assertThat(DUTY_CENTRE.requestsFor(id)).isEmpty();
        assertThat(operator.post("/api/v1/alarms/" + id + "/verify", "{\"verdict\":\"CONFIRMED\"}").status())
                .isEqualTo(409);
    }

    @Test
    void aHigherLevelRestartsTheChainWithTheChainOfThatLevel() {
        String site = unique("restaurant");
        String gas = restaurantWithEveryContact(site);
        JsonNode yellow = decide(gas, 30); // ORANGE: any level below RED has the verify-before-119 chain
        String id = yellow.get("alarmId").asText();
        assertThat(yellow.get("escalation").get("chain").asText()).isEqualTo("verify-before-119");

        JsonNode red = decide(gas, 60);
        assertThat(red.get("alarmId").asText()).isEqualTo(id);
        assertThat(red.get("escalation").get("chain").asText()).isEqualTo("red-self-confirming");
        assertThat(red.get("escalation").get("run").asInt()).isEqualTo(2);

        await().atMost(CHAIN).until(() -> FIRE_119.acceptedFor(id).size() == 1);
        assertThat(FIRE_119.acceptedFor(id).get(0).body().get("escalation").get("run").asInt()).isEqualTo(2);
        JsonNode alarm = alarm(id);
        assertThat(eventTypes(alarm)).containsSubsequence("ESCALATION_STARTED", "LEVEL_RAISED", "ESCALATION_RESTARTED");
        assertThat(alarm.get("escalation").get("run").asInt()).isEqualTo(2);
    }

    @Test
    void a119GatewayThatIsDownGetsTheDossierWhenItComesBackExactlyOnce() {
        String site = unique("restaurant");
        String gas = restaurantWithEveryContact(site);
        String id = decide(gas, 30).get("alarmId").asText();
        FIRE_119.stop();
        operator.post("/api/v1/alarms/" + id + "/verify", "{\"verdict\":\"CONFIRMED\"}");

        await().atMost(CHAIN).until(() -> delivery(id, "DISPATCH_119") != null
                && delivery(id, "DISPATCH_119").get("attempts").asInt() >= 1
                && delivery(id, "DISPATCH_119").hasNonNull("lastError"));
        FIRE_119.restart();

        await().atMost(CHAIN).until(() -> FIRE_119.acceptedFor(id).size() == 1
                && delivery(id, "DISPATCH_119").get("status").asText().equals("DELIVERED"));
        JsonNode d = delivery(id, "DISPATCH_119");
        assertThat(d.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(FIRE_119.requestsFor(id)).hasSize(1);
        assertThat(FIRE_119.acceptedFor(id).get(0).deliveryId()).isEqualTo(d.get("deliveryId").asText());
        assertThat(alarm(id).get("timeline").findValuesAsText("cause"))
                .anySatisfy(c -> assertThat(c).startsWith("DISPATCH_119 to FIRE_119 119 delivered on attempt"));
    }

    @Test
    void aRetryOfADossierTheReceiverAlreadyHasIsDroppedByItsDeliveryId() {
        String site = unique("restaurant");
        String gas = restaurantWithEveryContact(site);
        String id = decide(gas, 30).get("alarmId").asText();
        FIRE_119.loseAnswerOnce(r -> id.equals(r.alarmId()));
        operator.post("/api/v1/alarms/" + id + "/verify", "{\"verdict\":\"CONFIRMED\"}");

        await().atMost(CHAIN).until(() -> delivery(id, "DISPATCH_119") != null
                && delivery(id, "DISPATCH_119").get("status").asText().equals("DELIVERED"));
        List<RecordingReceiver.Request> requests = FIRE_119.requestsFor(id);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).deliveryId()).isEqualTo(requests.get(0).deliveryId());
        assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        assertThat(FIRE_119.acceptedFor(id)).hasSize(1);
        assertThat(FIRE_119.duplicates()).contains(requests.get(0).deliveryId());
    }

    @Test
    void aMessageThatCannotBeDeliveredFailsAfterTheLastAttemptAndTheTimelineSaysSo() {
        String smoke = unique("smoke");
        String site = unique("shop");
        platform.post("/api/v1/devices", devices(device(smoke, "smoke-detector", site, DISTRICT)));
        GATEWAY.refuse(r -> r.body().path("text").asText().contains(site));
        String id = platform.post("/api/v1/decisions", batch(false, verifiedSmoke(smoke, 1))).json()
                .get("decisions").get(1).get("alarmId").asText();

        await().atMost(CHAIN).until(() -> eventTypes(alarm(id)).contains("DELIVERY_FAILED"));
        JsonNode d = delivery(id, "SMS");
        assertThat(d.get("status").asText()).isEqualTo("FAILED");
        assertThat(d.get("attempts").asInt()).isEqualTo(6);
        assertThat(d.get("lastError").asText()).contains("503");
        assertThat(GATEWAY.requestsFor(id).stream().filter(r -> r.deliveryId().equals(d.get("deliveryId").asText())))
                .hasSize(6);
        assertThat(alarm(id).get("timeline").findValuesAsText("cause"))
                .anySatisfy(c -> assertThat(c).contains("failed after 6 attempts").contains("503"));
    }

    /** The first outbound message of a channel for an alarm, as the alarm view lists it. */
    private JsonNode delivery(String alarmId, String channel) {
        for (JsonNode d : alarm(alarmId).get("deliveries")) {
            if (d.get("channel").asText().equals(channel)) return d;
        }
        return null;
    }

    private static long arrival(RecordingReceiver receiver, String alarmId, String step) {
        for (RecordingReceiver.Request r : receiver.acceptedFor(alarmId)) {
            if (steps(List.of(r)).get(0).equals(step)) return r.nanoTime();
        }
        throw new AssertionError("no " + step + " for " + alarmId);
    }
}
