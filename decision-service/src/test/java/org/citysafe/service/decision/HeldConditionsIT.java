package org.citysafe.service.decision;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;

/**
 * A hazard held back until it has lasted its confirmation time is pushed when the time is up even if the device says
 * nothing more (the service's own clock re-examines it); one that a newer reading contradicts in time is not; and
 * what waits survives a restart. A restaurant's gas detector at 12 %LEL (YELLOW, confirmed after 20 s) shows it; a
 * smoke detector's 60 s alarm verification runs on the same mechanism (RechecksTest, the replay corpus).
 */
class HeldConditionsIT extends ServiceTestBase {

    @Autowired
    HeldConditions held;

    @Autowired
    SeriesCache seriesCache;

    @Autowired
    JdbcTemplate jdbc;

    String site;
    String detector;

    @BeforeEach
    void aRestaurantWithOneGasDetector() {
        site = unique("restaurant");
        detector = unique("gas");
        assertThat(platform.post("/api/v1/devices", devices(device(detector, "restaurant-gas-detector", site, DISTRICT)))
                .status()).isEqualTo(200);
    }

    static String gas(String deviceId, double lel, OffsetDateTime ts, String messageId) {
        return "{\"deviceId\":\"" + deviceId + "\",\"metric\":\"gas.concentration\",\"value\":" + lel
                + ",\"unit\":\"%LEL\",\"ts\":\"" + ts.truncatedTo(ChronoUnit.SECONDS) + "\",\"messageId\":\""
                + messageId + "\"}";
    }

    JsonNode decide(String reading) {
        Api.Response r = platform.post("/api/v1/decisions", "{\"readings\":[" + reading + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("decisions").get(0);
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(8));
    }

    List<JsonNode> alarmsAtSite() {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode a : operator.get("/api/v1/alarms?district=" + DISTRICT + "&limit=1000").json()) {
            if (a.get("siteId").asText().equals(site)) found.add(a);
        }
        return found;
    }

    @Test
    void aLeakReportedOnceIsPushedWhenItsConfirmationTimeIsUpWithoutAnotherReading() {
        OffsetDateTime ts = now();
        JsonNode first = decide(gas(detector, 12, ts, "once-1"));
        assertThat(first.get("outcome").asText()).isEqualTo("SUPPRESSED");
        assertThat(first.get("level").asText()).isEqualTo("YELLOW");
        assertThat(first.get("recheckAt").asText())
                .isEqualTo(ts.truncatedTo(ChronoUnit.SECONDS).plusSeconds(20).toInstant().toString());
        assertThat(alarmsAtSite()).isEmpty();

        await().atMost(Duration.ofSeconds(60)).until(() -> !alarmsAtSite().isEmpty());
        JsonNode alarm = alarmsAtSite().get(0);
        assertThat(alarm.get("alarmType").asText()).isEqualTo("COMBUSTIBLE_GAS");
        assertThat(alarm.get("level").asText()).isEqualTo("YELLOW");
        Integer heldRows = jdbc.queryForObject("""
                select count(*) from reading where device_id = ? and source = 'recheck'
                  and 'HELD' = any(flags) and outcome = 'ALARM' and message_id like 'once-1#held@%'""",
                Integer.class, detector);
        assertThat(heldRows).as("the re-examination is in the reading log, marked as held").isEqualTo(1);
        Timestamp lastReading = jdbc.queryForObject("select last_reading_ts from device where device_id = ?",
                Timestamp.class, detector);
        assertThat(lastReading.toInstant()).as("a held reading is not the device reporting")
                .isEqualTo(ts.truncatedTo(ChronoUnit.SECONDS).toInstant());
    }

    @Test
    void aWhiffReportedGoneInTimeIsNeverPushed() {
        String other = unique("gas");
        assertThat(platform.post("/api/v1/devices", devices(device(other, "restaurant-gas-detector", site, DISTRICT)))
                .status()).isEqualTo(200);
        decide(gas(detector, 12, now().minusSeconds(5), "whiff-1"));
        assertThat(decide(gas(detector, 1, now(), "whiff-2")).get("outcome").asText()).isEqualTo("NORMAL");
        // a second detector in the kitchen waits too, from later on: once its alarm is out, the first one's time is past
        decide(gas(other, 12, now(), "leak-1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !alarmsAtSite().isEmpty());
        Integer heldForWhiff = jdbc.queryForObject(
                "select count(*) from reading where device_id = ? and source = 'recheck'", Integer.class, detector);
        assertThat(heldForWhiff).isZero();
        assertThat(alarmsAtSite()).singleElement()
                .satisfies(a -> assertThat(a.get("deviceId").asText()).isEqualTo(other));
    }

    @Test
    void whatWaitsForTimeIsFoundAgainAfterARestart() {
        decide(gas(detector, 12, now(), "restart-1"));
        held.forgetInMemory();
        seriesCache.clear();
        assertThat(held.waiting()).isZero();
        held.restore();
        assertThat(held.waiting()).isPositive();
        await().atMost(Duration.ofSeconds(60)).until(() -> !alarmsAtSite().isEmpty());
        assertThat(alarmsAtSite().get(0).get("level").asText()).isEqualTo("YELLOW");
    }
}
