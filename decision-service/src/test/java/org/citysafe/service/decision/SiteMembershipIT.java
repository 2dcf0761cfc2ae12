package org.citysafe.service.decision;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;

/**
 * The decision path keeps which devices each site has in memory for a few seconds: a device registered at a site
 * through this instance takes part in corroboration at once, not when the copy expires.
 */
class SiteMembershipIT extends ServiceTestBase {

    @Test
    void aDetectorRegisteredAtASiteCorroboratesTheNextSmokeReadingAtOnce() {
        String site = unique("shop");
        String smoke = unique("smoke");
        String heat = unique("heat");
        platform.post("/api/v1/devices", devices(device(smoke, "smoke-detector", site, DISTRICT)));
        JsonNode alone = decide(reading(smoke, "smoke.alarm", 1, "state", 60));
        assertThat(alone.get("level").asText()).as("smoke alone").isNotEqualTo("RED");

        platform.post("/api/v1/devices", devices(device(heat, "heat-detector", site, DISTRICT)));
        decide(reading(heat, "temperature", 60, "°C", 40));
        JsonNode corroborated = decide(reading(smoke, "smoke.alarm", 1, "state", 20));
        assertThat(corroborated.get("outcome").asText()).isEqualTo("ALARM");
        assertThat(corroborated.get("level").asText()).as("smoke with heat at the site").isEqualTo("RED");
    }

    private JsonNode decide(String reading) {
        Api.Response r = platform.post("/api/v1/decisions", "{\"readings\":[" + reading + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("decisions").get(0);
    }

    private static String reading(String deviceId, String metric, double value, String unit, int secondsAgo) {
        return "{\"deviceId\":\"" + deviceId + "\",\"metric\":\"" + metric + "\",\"value\":" + value + ",\"unit\":\""
                + unit + "\",\"ts\":\"" + OffsetDateTime.now(ZoneOffset.ofHours(8)).minusSeconds(secondsAgo)
                .truncatedTo(ChronoUnit.SECONDS) + "\",\"messageId\":\"" + unique("m") + "\"}";
    }
}
