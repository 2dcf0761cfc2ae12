package org.citysafe.service.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.network.AssetNetworkIT.collection;
import static org.citysafe.service.network.AssetNetworkIT.link;
import static org.citysafe.service.network.AssetNetworkIT.point;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * Inhibition along the network: a gas valve closed for maintenance holds back low-pressure alarms downstream of it,
 * not upstream, and never a RED one.
 */
class DownstreamSilenceIT extends ServiceTestBase {

    JsonNode decide(String deviceId, double mpa) {
        Api.Response r = platform.post("/api/v1/decisions",
                batch(false, reading(deviceId, "gas.pipeline.pressure", mpa, "MPa", unique("m"), 5)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("decisions").get(0);
    }

    @Test
    void aValveClosedForMaintenanceHoldsBackLowPressureDownstreamButNotUpstreamAndNeverRed() {
        String valve = unique("V"), upstream = unique("P"), near = unique("P"), far = unique("P");
        Api.Response imported = platform.post("/api/v1/assets", "application/geo+json", collection(
                point(upstream, "gas-pipe", 32.5000, 118.9000, ""),
                point(valve, "gas-valve", 32.5010, 118.9000, ""),
                point(near, "gas-pipe", 32.5020, 118.9000, ""),
                point(far, "gas-pipe", 32.5030, 118.9000, ""),
                link(valve, "downstream-of", upstream, 110),
                link(near, "downstream-of", valve, 110),
                link(far, "downstream-of", near, 110)));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        String gaugeFar = unique("gp"), gaugeUp = unique("gp");
        Api.Response registered = platform.post("/api/v1/devices", """
                {"devices":[
                 {"deviceId":"%s","deviceType":"gas-pipeline-pressure-gauge","siteId":"%s","districtPath":"%s","assetId":"%s"},
                 {"deviceId":"%s","deviceType":"gas-pipeline-pressure-gauge","siteId":"%s","districtPath":"%s","assetId":"%s"}]}
                """.formatted(gaugeFar, unique("site"), DISTRICT, far, gaugeUp, unique("site"), DISTRICT, upstream));
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);

        Api.Response refused = operator.post("/api/v1/silences", """
                {"scopeType":"DOWNSTREAM","scope":"no-such-valve","alarmTypes":["GAS_PRESSURE_LOW"],
                 "endsAt":"%s","reason":"valve closed"}""".formatted(OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("scope: no asset 'no-such-valve' in the network");

        Api.Response silence = operator.post("/api/v1/silences", """
                {"scopeType":"DOWNSTREAM","scope":"%s","alarmTypes":["GAS_PRESSURE_LOW"],"maxLevel":"ORANGE",
                 "startsAt":"%s","endsAt":"%s","reason":"valve %s closed for maintenance"}""".formatted(valve,
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5), OffsetDateTime.now(ZoneOffset.UTC).plusHours(1),
                valve));
        assertThat(silence.status()).as(silence.body()).isEqualTo(201);

        JsonNode downstream = decide(gaugeFar, 0.12);
        assertThat(downstream.get("outcome").asText()).as("two links downstream of the closed valve")
                .isEqualTo("SUPPRESSED");
        assertThat(downstream.get("level").asText()).isEqualTo("YELLOW");
        assertThat(downstream.get("reasons").toString()).contains("valve " + valve + " closed for maintenance")
                .contains("downstream of " + valve);

        JsonNode up = decide(gaugeUp, 0.12);
        assertThat(up.get("outcome").asText()).as("upstream of the valve is not covered").isEqualTo("ALARM");
        assertThat(up.get("alarmType").asText()).isEqualTo("GAS_PRESSURE_LOW");

        JsonNode red = decide(gaugeFar, 0.03);
        assertThat(red.get("outcome").asText()).as("a silence up to ORANGE never hides RED").isEqualTo("ALARM");
        assertThat(red.get("level").asText()).isEqualTo("RED");
    }
}
