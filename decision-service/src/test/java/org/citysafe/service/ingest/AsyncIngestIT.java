package org.citysafe.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

class AsyncIngestIT extends ServiceTestBase {

    @Test
    void acceptedReadingsAreDecidedLaterAndRefusedOnesAreAnsweredAtOnce() {
        String smoke = unique("smoke");
        String site = unique("shop");
        platform.post("/api/v1/devices", devices(device(smoke, "smoke-detector", site, DISTRICT)));
        String messageId = unique("m");
        Api.Response r = platform.post("/api/v1/readings", batch(false,
                reading(smoke, "smoke.alarm", 1, "state", unique("m"), 62),
                reading(smoke, "smoke.alarm", 1, "state", messageId, 2),
                reading(smoke, "smoke.alarm", "\"yes\"", "state", unique("m"), 2)));
        assertThat(r.status()).isEqualTo(202);
        JsonNode body = r.json();
        assertThat(body.get("accepted")).hasSize(2);
        assertThat(body.get("accepted").get(1).get("messageId").asText()).isEqualTo(messageId);
        assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(2);
        assertThat(body.get("rejected").get(0).get("reason").asText()).isEqualTo("value \"yes\" is not a number");

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode a : operator.get("/api/v1/alarms?district=" + DISTRICT + "&limit=1000").json()) {
                if (a.get("siteId").asText().equals(site)) return a.get("alarmType").asText().equals("SMOKE");
            }
            return false;
        });
    }
}
