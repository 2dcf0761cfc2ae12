package org.citysafe.service.health;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/** A silent device is found on the wall clock, without any reading arriving, and its next reading resolves it. */
class OfflineDetectionIT extends ServiceTestBase {

    JsonNode offlineAlarmOf(String deviceId) {
        for (JsonNode a : operator.get("/api/v1/alarms?district=" + DISTRICT + "&limit=1000").json()) {
            if (a.get("deviceId").asText().equals(deviceId) && a.get("alarmType").asText().equals("DEVICE_OFFLINE")) {
                return a;
            }
        }
        return null;
    }

    @Test
    void aDeviceSilentForThreeIntervalsIsOfflineUntilItReportsAgain() {
        String smoke = unique("smoke");
        String chatty = unique("smoke");
        platform.post("/api/v1/devices", devices(
                "{\"deviceId\":\"" + smoke + "\",\"deviceType\":\"smoke-detector\",\"siteId\":\"" + unique("flat")
                        + "\",\"districtPath\":\"" + DISTRICT + "\",\"reportingIntervalSeconds\":1}",
                "{\"deviceId\":\"" + chatty + "\",\"deviceType\":\"smoke-detector\",\"siteId\":\"" + unique("flat")
                        + "\",\"districtPath\":\"" + DISTRICT + "\",\"reportingIntervalSeconds\":30}"));

        await().atMost(Duration.ofSeconds(30)).until(() -> offlineAlarmOf(smoke) != null);
        JsonNode alarm = offlineAlarmOf(smoke);
        assertThat(alarm.get("kind").asText()).isEqualTo("FAULT");
        assertThat(alarm.get("status").asText()).isEqualTo("OPEN");
        assertThat(alarm.get("reasons").get(0).get("message").asText())
                .startsWith("A device silent for longer than its allowed gap is offline").contains("more than 3 × its 1 s");
        assertThat(offlineAlarmOf(chatty)).as("a device within its reporting interval").isNull();

        assertThat(platform.post("/api/v1/decisions", batch(false, reading(smoke, "smoke.alarm", 0, "state",
                unique("m"), 0))).status()).isEqualTo(200);
        JsonNode resolved = operator.get("/api/v1/alarms/" + alarm.get("id").asText()).json();
        assertThat(resolved.get("status").asText()).isEqualTo("RESOLVED");
        JsonNode last = resolved.get("timeline").get(resolved.get("timeline").size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("RESOLVED");
        assertThat(last.get("cause").asText()).isEqualTo("the device reported again");
    }

    /**
     * The registry writes "heard" at most every 10 s per device, or every half reporting interval for a device that
     * reports faster: a device with a 2 s interval reporting every 300 ms is never taken for silent. With the 10 s
     * resolution alone it would look silent after 6 s (3 intervals), within the 9 s it reports here.
     */
    @Test
    void aDeviceReportingWithinItsIntervalIsNeverOfflineThoughItsHeardTimeIsWrittenSparingly() throws Exception {
        String smoke = unique("smoke");
        platform.post("/api/v1/devices", devices(
                "{\"deviceId\":\"" + smoke + "\",\"deviceType\":\"smoke-detector\",\"siteId\":\"" + unique("flat")
                        + "\",\"districtPath\":\"" + DISTRICT + "\",\"reportingIntervalSeconds\":2}"));
        long until = System.nanoTime() + Duration.ofSeconds(9).toNanos();
        while (System.nanoTime() < until) {
            assertThat(platform.post("/api/v1/decisions", batch(false, reading(smoke, "smoke.alarm", 0, "state",
                    unique("m"), 0))).status()).isEqualTo(200);
            assertThat(offlineAlarmOf(smoke)).as("offline while reporting every 300 ms").isNull();
            Thread.sleep(300);
        }
        // and once it stops, it is found silent as before
        await().atMost(Duration.ofSeconds(30)).until(() -> offlineAlarmOf(smoke) != null);
    }
}
