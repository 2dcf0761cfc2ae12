package org.citysafe.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

class DecisionApiIT extends ServiceTestBase {

    String gas;
    String smoke;
    String site;

    @BeforeEach
    void registerDevices() {
        gas = unique("gas");
        smoke = unique("smoke");
        site = unique("restaurant");
        Api.Response r = platform.post("/api/v1/devices", devices(
                device(gas, "restaurant-gas-detector", site, DISTRICT),
                device(smoke, "smoke-detector", site, DISTRICT)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("registered").asInt()).isEqualTo(2);
    }

    JsonNode decide(String body) {
        Api.Response r = platform.post("/api/v1/decisions", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("decisions");
    }

    @Test
    void aGasReadingAboveTheAlarmThresholdRaisesAnAlarmWithItsReasons() {
        JsonNode d = decide(batch(false, reading(gas, "gas.concentration", 30, "%LEL", unique("m"), 5))).get(0);
        assertThat(d.get("deviceId").asText()).isEqualTo(gas);
        assertThat(d.get("outcome").asText()).isEqualTo("ALARM");
        assertThat(d.get("level").asText()).isEqualTo("ORANGE");
        assertThat(d.get("alarmType").asText()).isEqualTo("COMBUSTIBLE_GAS");
        assertThat(d.get("policyVersion").asText()).isEqualTo("defaults");
        assertThat(d.get("reasons").get(0).get("ruleId").asText()).isEqualTo("gas.restaurant.concentration");
        assertThat(d.get("reasons").get(0).get("message").asText()).contains("30 %LEL").contains("ORANGE threshold of 25 %LEL");
        assertThat(d.get("coupledRisks").isArray()).isTrue();

        JsonNode alarm = operator.get("/api/v1/alarms/" + d.get("alarmId").asText()).json();
        assertThat(alarm.get("status").asText()).isEqualTo("OPEN");
        assertThat(alarm.get("level").asText()).isEqualTo("ORANGE");
        assertThat(alarm.get("siteId").asText()).isEqualTo(site);
        assertThat(alarm.get("districtPath").asText()).isEqualTo(DISTRICT);
        assertThat(alarm.get("timeline").get(0).get("type").asText()).isEqualTo("OPENED");
        assertThat(alarm.get("timeline").get(0).get("cause").asText()).contains("Combustible gas in a restaurant");
    }

    @Test
    void repeatsAtOneSiteUpdateOneAlarmAndAHigherLevelRaisesIt() {
        JsonNode waiting = decide(batch(false, reading(gas, "gas.concentration", 12, "%LEL", unique("m"), 60))).get(0);
        assertThat(waiting.get("outcome").asText()).as("YELLOW must last 20 s first").isEqualTo("SUPPRESSED");
        String first = decide(batch(false, reading(gas, "gas.concentration", 11, "%LEL", unique("m"), 30)))
                .get(0).get("alarmId").asText();
        String second = decide(batch(false, reading(gas, "gas.concentration", 11.5, "%LEL", unique("m"), 20)))
                .get(0).get("alarmId").asText();
        JsonNode third = decide(batch(false, reading(gas, "gas.concentration", 3.0, "%VOL", unique("m"), 10))).get(0);
        assertThat(second).isEqualTo(first);
        assertThat(third.get("alarmId").asText()).isEqualTo(first);
        assertThat(third.get("level").asText()).isEqualTo("RED"); // 3 %VOL methane = 60 %LEL

        JsonNode alarm = operator.get("/api/v1/alarms/" + first).json();
        assertThat(alarm.get("readingCount").asInt()).isEqualTo(3);
        assertThat(alarm.get("level").asText()).isEqualTo("RED");
        List<String> events = new ArrayList<>();
        alarm.get("timeline").forEach(e -> {
            if (e.get("type").asText().matches("OPENED|LEVEL_.*")) events.add(e.get("type").asText() + ":" + e.get("toLevel").asText());
        });
        assertThat(events).containsExactly("OPENED:YELLOW", "LEVEL_RAISED:RED");
    }

    @Test
    void smokeAndGasAtOneSiteAreSeparateAlarms() {
        JsonNode d = decide(batch(false, reading(gas, "gas.concentration", 30, "%LEL", unique("m"), 5),
                reading(smoke, "smoke.alarm", 1, "state", unique("m"), 5)));
        assertThat(d.get(0).get("alarmType").asText()).isEqualTo("COMBUSTIBLE_GAS");
        assertThat(d.get(1).get("alarmType").asText()).isEqualTo("SMOKE");
        assertThat(d.get(0).get("alarmId").asText()).isNotEqualTo(d.get(1).get("alarmId").asText());
    }

    @Test
    void aDryRunDecidesButCreatesNoAlarmAndStoresNothing() {
        String messageId = unique("m");
        JsonNode dry = decide(batch(true, reading(gas, "gas.concentration", 55, "%LEL", messageId, 5))).get(0);
        assertThat(dry.get("outcome").asText()).isEqualTo("ALARM");
        assertThat(dry.get("level").asText()).isEqualTo("RED");
        assertThat(dry.get("alarmId").isNull()).isTrue();
        assertThat(operator.get("/api/v1/alarms?district=" + DISTRICT + "&limit=1000").json().findValuesAsText("siteId"))
                .doesNotContain(site);
        // the same message is still new to the service
        JsonNode real = decide(batch(false, reading(gas, "gas.concentration", 55, "%LEL", messageId, 5))).get(0);
        assertThat(real.get("outcome").asText()).isEqualTo("ALARM");
    }

    @Test
    void everyBadReadingIsRejectedWithItsReasonAndTheRestOfTheBatchIsDecided() {
        String ok = reading(gas, "gas.concentration", 2, "%LEL", unique("m"), 5);
        JsonNode d = decide(batch(false,
                reading("no-such-device", "gas.concentration", 2, "%LEL", unique("m"), 5),
                reading(gas, "gas.colour", 2, "%LEL", unique("m"), 5),
                reading(gas, "gas.concentration", 2, "MPa", unique("m"), 5),
                reading(gas, "gas.concentration", "\"lots\"", "%LEL", unique("m"), 5),
                "{\"deviceId\":\"" + gas + "\",\"metric\":\"gas.concentration\",\"value\":2,\"unit\":\"%LEL\"}",
                reading(gas, "gas.concentration", 2, "%LEL", unique("m"), -3600),
                reading(gas, "temperature", 20, "°C", unique("m"), 5),
                ok));
        assertThat(d).hasSize(8);
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            assertThat(d.get(i).get("outcome").asText()).as("reading %d", i).isEqualTo("REJECTED");
            reasons.add(d.get(i).get("reasons").get(0).get("message").asText());
        }
        assertThat(reasons.get(0)).startsWith("unknown device 'no-such-device'");
        assertThat(reasons.get(1)).isEqualTo("unknown metric 'gas.colour'");
        assertThat(reasons.get(2)).startsWith("unit 'MPa' is wrong for gas.concentration");
        assertThat(reasons.get(3)).isEqualTo("value \"lots\" is not a number");
        assertThat(reasons.get(4)).isEqualTo("timestamp 'ts' is missing");
        assertThat(reasons.get(5)).contains("in the future");
        assertThat(reasons.get(6)).contains("does not report temperature");
        assertThat(d.get(7).get("outcome").asText()).isEqualTo("NORMAL");

        JsonNode letters = platform.get("/api/v1/dead-letters?route=http&limit=200").json();
        List<String> stored = new ArrayList<>();
        letters.forEach(l -> stored.add(l.get("reason").asText()));
        assertThat(stored).containsAll(reasons);
        assertThat(letters.findValuesAsText("payload")).anySatisfy(p -> assertThat(p).contains("gas.colour"));
    }

    @Test
    void aRepeatedMessageIdIsRejectedAsADuplicate() {
        String messageId = unique("m");
        String body = batch(false, reading(gas, "gas.concentration", 30, "%LEL", messageId, 5));
        assertThat(decide(body).get(0).get("outcome").asText()).isEqualTo("ALARM");
        JsonNode again = decide(body).get(0);
        assertThat(again.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(again.get("reasons").get(0).get("message").asText()).contains("already decided");
        JsonNode twiceInOneBatch = decide(batch(false, reading(gas, "gas.concentration", 1, "%LEL", "dup-" + messageId, 5),
                reading(gas, "gas.concentration", 1, "%LEL", "dup-" + messageId, 5)));
        assertThat(twiceInOneBatch.get(0).get("outcome").asText()).isEqualTo("NORMAL");
        assertThat(twiceInOneBatch.get(1).get("reasons").get(0).get("message").asText()).contains("earlier in this batch");
    }

    @Test
    void anOutOfRangeValueIsADeviceFaultAlarmNotAHazard() {
        JsonNode d = decide(batch(false, reading(gas, "gas.concentration", 140, "%LEL", unique("m"), 5))).get(0);
        assertThat(d.get("outcome").asText()).isEqualTo("FAULT");
        assertThat(d.get("level").isNull()).isTrue();
        JsonNode alarm = operator.get("/api/v1/alarms/" + d.get("alarmId").asText()).json();
        assertThat(alarm.get("kind").asText()).isEqualTo("FAULT");
        assertThat(alarm.get("alarmType").asText()).isEqualTo("INSTRUMENT_RANGE_FAULT");
    }

    @Test
    void malformedAndOversizedBodiesAreRefusedWithAReasonAndKept() {
        Api.Response malformed = platform.post("/api/v1/decisions", "{\"readings\":[{\"deviceId\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("message").asText()).startsWith("body is not valid JSON");

        Api.Response wrongShape = platform.post("/api/v1/decisions", "{\"readings\":{}}");
        assertThat(wrongShape.status()).isEqualTo(400);
        assertThat(wrongShape.json().get("message").asText()).isEqualTo("'readings' must be an array");

        String[] many = new String[51];
        for (int i = 0; i < many.length; i++) many[i] = reading(gas, "gas.concentration", 1, "%LEL", unique("m"), 5);
        Api.Response tooMany = platform.post("/api/v1/decisions", batch(false, many));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("message").asText()).isEqualTo("batch of 51 readings exceeds the limit of 50; split it");

        Api.Response tooLarge = platform.post("/api/v1/decisions", "{\"pad\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("message").asText()).contains("exceeds the limit of 65536 bytes");

        List<String> stored = platform.get("/api/v1/dead-letters?route=http&limit=500").json().findValuesAsText("reason");
        assertThat(stored).anySatisfy(r -> assertThat(r).startsWith("body is not valid JSON"))
                .contains("batch of 51 readings exceeds the limit of 50; split it")
                .anySatisfy(r -> assertThat(r).contains("exceeds the limit of 65536 bytes"));
    }
}
