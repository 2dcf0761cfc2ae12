package org.citysafe.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.service.support.ServiceTestBase;
import org.citysafe.service.support.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * IoT platforms push batches over HTTP: signed with the platform's secret (HMAC-SHA256 over timestamp and body,
 * inside the replay window, once) or with its token. Refusals say why and are kept.
 */
class HttpPushIT extends ServiceTestBase {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private String gas;
    private String site;

    @BeforeEach
    void registerDevice() {
        gas = unique("gas");
        site = unique("noodles");
        assertThat(platform.post("/api/v1/devices", devices(device(gas, "restaurant-gas-detector", site, DISTRICT)))
                .status()).isEqualTo(200);
    }

    @Test
    void aSignedBatchIsAcceptedReadingByReadingAndDecided() throws Exception {
        String ghost = unique("ghost");
        String body = "{\"readings\":[" + reading(gas, "gas.concentration", 30, "%LEL", unique("m"), 2) + ","
                + reading(ghost, "gas.concentration", 30, "no-such-unit", unique("m"), 2) + "]}";

        HttpResponse<String> response = signed("nbiot", TestInfrastructure.PUSH_SECRET, now(), body);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode answer = json.readTree(response.body());
        assertThat(answer.get("accepted")).hasSize(1);
        assertThat(answer.get("rejected").get(0).get("reason").asText()).startsWith("unit 'no-such-unit' is wrong");
        await().atMost(Duration.ofSeconds(20)).until(() -> alarmAtSite() != null);
        assertThat(alarmAtSite().get("level").asText()).isEqualTo("ORANGE");
    }

    @Test
    void aBadSignatureAStaleTimestampAndAReplayAreRefusedWithTheirReasonsAndKept() throws Exception {
        String body = reading(gas, "gas.concentration", 30, "%LEL", unique("m"), 2);
        String timestamp = now();

        HttpResponse<String> wrongSecret = signed("nbiot", "not-the-secret", timestamp, body);
        HttpResponse<String> stale = signed("nbiot", TestInfrastructure.PUSH_SECRET,
                Long.toString(Instant.now().minusSeconds(3600).getEpochSecond()), body);
        HttpResponse<String> first = signed("nbiot", TestInfrastructure.PUSH_SECRET, timestamp, body);
        HttpResponse<String> replay = signed("nbiot", TestInfrastructure.PUSH_SECRET, timestamp, body);
        HttpResponse<String> unsigned = send(request("nbiot", body));

        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(error(wrongSecret)).startsWith("signature does not match the body and timestamp");
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(error(stale)).contains("outside the replay window of 300 s");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(error(replay)).isEqualTo("this signed request was already accepted (replay)");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(error(unsigned)).startsWith("no credentials");

        JsonNode letters = platform.get("/api/v1/dead-letters?route=push&limit=1000").json();
        assertThat(letters.findValuesAsText("reason")).contains("not authenticated: " + error(replay));
        for (JsonNode l : letters) {
            if (l.get("reason").asText().contains("replay")) {
                assertThat(l.get("payload").asText()).isEqualTo(body);
                assertThat(l.get("peer").asText()).startsWith("nbiot@");
            }
        }
    }

    @Test
    void aPlatformWithATokenMayUseItAndAnUnknownPlatformIsRefused() throws Exception {
        String body = reading(gas, "gas.concentration", 30, "%LEL", unique("m"), 2);

        HttpResponse<String> token = send(request("legacy", body)
                .header("Authorization", "Bearer " + TestInfrastructure.PUSH_TOKEN));
        HttpResponse<String> wrongToken = send(request("legacy", body).header("Authorization", "Bearer guess"));
        HttpResponse<String> unknown = signed("nobody", TestInfrastructure.PUSH_SECRET, now(), body);

        assertThat(token.statusCode()).isEqualTo(202);
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(error(wrongToken)).isEqualTo("bearer token is not platform 'legacy''s");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(error(unknown)).isEqualTo("unknown platform 'nobody'");
        await().atMost(Duration.ofSeconds(20)).until(() -> alarmAtSite() != null);
    }

    private HttpResponse<String> signed(String platformName, String secret, String timestamp, String body)
            throws Exception {
        String signature = PushAuthentication.hmac(secret, timestamp, body.getBytes(StandardCharsets.UTF_8));
        return send(request(platformName, body).header(PushAuthentication.TIMESTAMP, timestamp)
                .header(PushAuthentication.SIGNATURE, "sha256=" + signature));
    }

    private HttpRequest.Builder request(String platformName, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/push/" + platformName))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String error(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body()).get("error").asText();
    }

    private static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    private JsonNode alarmAtSite() {
        for (JsonNode a : operator.get("/api/v1/alarms?district=" + DISTRICT + "&limit=1000").json()) {
            if (a.get("siteId").asText().equals(site)) return a;
        }
        return null;
    }
}
