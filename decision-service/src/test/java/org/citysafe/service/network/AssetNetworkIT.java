package org.citysafe.service.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import com.zaxxer.hikari.HikariDataSource;
import org.citysafe.service.support.ServiceInstance;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Map;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.reading;

/** The asset network through the HTTP API and PostgreSQL: import, update, read, walk, and coupled decisions. */
class AssetNetworkIT extends ServiceTestBase {

    static String point(String id, String kind, double lat, double lon, String extra) {
        return """
                {"type":"Feature","geometry":{"type":"Point","coordinates":[%s,%s]},
                 "properties":{"id":"%s","kind":"%s","districtPath":"%s"%s}}""".formatted(lon, lat, id, kind, DISTRICT,
                extra.isEmpty() ? "" : "," + extra);
    }

    static String link(String from, String relation, String to, double metres) {
        return """
                {"type":"Feature","geometry":null,"properties":{"from":"%s","relation":"%s","to":"%s","metres":%s}}"""
                .formatted(from, relation, to, metres);
    }

    static String collection(String... features) {
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
    }

    Api.Response importGeoJson(String body) {
        return platform.post("/api/v1/assets", "application/geo+json", body);
    }

    @Test
    void assetsAndLinksAreImportedAsGeoJsonAndCsvReadBackAndUpdatedWithoutARestart() {
        String w = unique("W"), pm = unique("PM"), ct = unique("CT");
        Api.Response imported = importGeoJson(collection(
                point(w, "drainage-well", 31.8203, 117.2200, "\"age\":18,\"diameter\":\"DN1000\""),
                """
                {"type":"Feature","geometry":{"type":"LineString","coordinates":[[117.2202,31.8203],[117.2204,31.8203]]},
                 "properties":{"id":"%s","kind":"power-manhole","name":"PM on Changjiang Rd","districtPath":"%s"}}"""
                        .formatted(pm, DISTRICT),
                link(w, "connects", pm, 20)));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("assets").asInt()).isEqualTo(2);
        assertThat(imported.json().get("assetsCreated").asInt()).isEqualTo(2);
        assertThat(imported.json().get("links").asInt()).isEqualTo(1);

        Api.Response csv = platform.post("/api/v1/assets", "text/csv",
                "id,kind,districtPath,lat,lon,name,attributes\n" + ct + ",cable-trench," + DISTRICT
                        + ",31.8203,117.2210,\"Trench 7, east\",voltage=10kV;age=9\n");
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        Api.Response csvLinks = platform.post("/api/v1/assets", "text/csv",
                "from,relation,to,metres\n" + pm + ",shares-space," + ct + ",70\n");
        assertThat(csvLinks.status()).as(csvLinks.body()).isEqualTo(200);

        JsonNode well = operator.get("/api/v1/assets/" + w).json();
        assertThat(well.get("kind").asText()).isEqualTo("drainage-well");
        assertThat(well.get("attributes").get("age").asText()).isEqualTo("18");
        assertThat(well.get("links").get(0).get("relation").asText()).isEqualTo("connects");
        JsonNode manhole = operator.get("/api/v1/assets/" + pm).json();
        assertThat(manhole.get("lon").asDouble()).as("a line sits at the mean of its vertices")
                .isCloseTo(117.2203, within(1e-9));
        assertThat(operator.get("/api/v1/assets/" + ct).json().get("attributes").get("voltage").asText())
                .isEqualTo("10kV");

        JsonNode two = operator.get("/api/v1/assets/" + w + "/neighbours?hops=2").json();
        assertThat(two).hasSize(2);
        assertThat(two.get(1).get("id").asText()).isEqualTo(ct);
        assertThat(two.get(1).get("metres").asDouble()).isEqualTo(90);
        assertThat(two.get(1).get("explanation").asText()).isEqualTo("drainage well " + w + " connects to power manhole "
                + pm + " (20 m), power manhole " + pm + " shares space with power cable trench " + ct + " (70 m)");
        assertThat(operator.get("/api/v1/assets/" + w + "/neighbours?hops=2&relations=connects").json()).hasSize(1);

        // an update: the same link with a new distance, applied at once
        assertThat(importGeoJson(collection(link(pm, "shares-space", ct, 5))).status()).isEqualTo(200);
        assertThat(operator.get("/api/v1/assets/" + w + "/neighbours?hops=2").json().get(1).get("metres").asDouble())
                .isEqualTo(25);
        assertThat(operator.get("/api/v1/assets/" + unique("none")).status()).isEqualTo(404);
        assertThat(anonymous.get("/api/v1/assets/" + w).status()).isEqualTo(401);
        assertThat(operator.post("/api/v1/assets", "application/geo+json", collection()).status()).isEqualTo(403);
    }

    @Test
    void aBatchWithBadRowsIsRefusedWholeWithEveryProblemAndKeptAsADeadLetter() {
        String good = unique("W"), bad = unique("X");
        Api.Response r = importGeoJson(collection(
                point(good, "drainage-well", 31.82, 117.22, ""),
                point(bad, "sewer-thing", 31.82, 117.22, ""),
                point(unique("Y"), "gas-pipe", 95, 117.22, ""),
                link(good, "leaks-into", bad, 3),
                link(good, "connects", unique("nowhere"), -1)));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        List<String> details = new ArrayList<>();
        r.json().get("details").forEach(d -> details.add(d.asText()));
        assertThat(details).anySatisfy(d -> assertThat(d).startsWith("feature 1 (" + bad + "): kind 'sewer-thing' is unknown"));
        assertThat(details).anySatisfy(d -> assertThat(d).contains("feature 2").contains("lat must be within ±90"));
        assertThat(details).anySatisfy(d -> assertThat(d).contains("feature 3").contains("relation 'leaks-into' is unknown"));
        assertThat(details).anySatisfy(d -> assertThat(d).contains("feature 4").contains("metres must be 0 or more"));
        assertThat(operator.get("/api/v1/assets/" + good).status()).as("nothing of the batch is applied").isEqualTo(404);

        Api.Response dangling = importGeoJson(collection(point(good, "drainage-well", 31.82, 117.22, ""),
                link(good, "connects", "nowhere-" + good, 3)));
        assertThat(dangling.status()).isEqualTo(400);
        assertThat(dangling.json().get("details").get(0).asText()).contains("asset 'nowhere-" + good
                + "' is neither known nor in this batch");
        assertThat(operator.get("/api/v1/assets/" + good).status()).isEqualTo(404);

        Api.Response csv = platform.post("/api/v1/assets", "text/csv",
                "id,kind,districtPath,lat,lon\n" + good + ",drainage-well," + DISTRICT + ",north,117.2\n");
        assertThat(csv.status()).isEqualTo(400);
        assertThat(csv.json().get("details").get(0).asText()).isEqualTo("line 2 (" + good + "): lat 'north' is not a number");

        JsonNode letters = platform.get("/api/v1/dead-letters?route=assets&limit=50").json();
        assertThat(letters).anySatisfy(l -> {
            assertThat(l.get("reason").asText()).startsWith("asset import refused, nothing applied: 4 problem(s)");
            assertThat(l.get("payload").asText()).contains("sewer-thing");
        });
    }

    @Test
    void gasInAWellLinkedToAPowerTrenchIsRaisedToRedAndTheAlarmCarriesTheCoupledRisk() {
        String w = unique("W"), pm = unique("PM"), w2 = unique("W"), gp = unique("GP");
        String site = unique("site"), site2 = unique("site");
        String wg = unique("wg"), wg2 = unique("wg"), gauge = unique("gp");
        assertThat(importGeoJson(collection(
                point(gp, "gas-pipe", 31.9000, 117.3000, "\"pressureClass\":\"medium-A\""),
                point(w, "drainage-well", 31.9003, 117.3000, ""),
                point(pm, "power-manhole", 31.9003, 117.3003, ""),
                point(w2, "drainage-well", 31.9000, 117.3005, ""),
                link(w, "connects", pm, 20))).status()).isEqualTo(200);
        Api.Response registered = platform.post("/api/v1/devices", """
                {"devices":[
                 {"deviceId":"%s","deviceType":"well-gas-detector","siteId":"%s","districtPath":"%s","assetId":"%s"},
                 {"deviceId":"%s","deviceType":"well-gas-detector","siteId":"%s","districtPath":"%s","assetId":"%s"},
                 {"deviceId":"%s","deviceType":"gas-pipeline-pressure-gauge","siteId":"%s","districtPath":"%s","assetId":"%s"}]}
                """.formatted(wg, site, DISTRICT, w, wg2, site2, DISTRICT, w2, gauge, unique("site"), DISTRICT, gp));
        assertThat(registered.json().get("registered").asInt()).isEqualTo(3);

        JsonNode d = decide(batch(false, reading(wg, "gas.concentration", 12, "%LEL", unique("m"), 5))).get(0);
        assertThat(d.get("outcome").asText()).isEqualTo("ALARM");
        assertThat(d.get("level").asText()).as("YELLOW by concentration, RED by coupling").isEqualTo("RED");
        JsonNode risk = d.get("coupledRisks").get(0);
        assertThat(risk.get("type").asText()).isEqualTo("IGNITION_RISK");
        assertThat(risk.get("assets").toString()).isEqualTo("[\"" + w + "\",\"" + pm + "\"]");
        assertThat(risk.get("path").get(0).get("relation").asText()).isEqualTo("connects");
        assertThat(risk.get("path").get(0).get("distanceMetres").asDouble()).isEqualTo(20);
        assertThat(risk.get("explanation").asText()).contains("drainage well " + w + " connects to power manhole " + pm + " (20 m)");
        assertThat(risk.get("explanationZh").asText()).contains("引燃爆炸风险");
        assertThat(d.get("reasons").get(0).get("ruleId").asText()).isEqualTo("coupling.ignition-risk");

        JsonNode alarm = operator.get("/api/v1/alarms/" + d.get("alarmId").asText()).json();
        assertThat(alarm.get("level").asText()).as("the alarm carries the upgraded level").isEqualTo("RED");
        assertThat(alarm.get("coupledRisks").get(0).get("type").asText()).isEqualTo("IGNITION_RISK");

        // the look-alike: the same reading in a well near the manhole but not linked to it
        JsonNode alike = decide(batch(false, reading(wg2, "gas.concentration", 12, "%LEL", unique("m"), 5))).get(0);
        assertThat(alike.get("level").asText()).isEqualTo("YELLOW");
        assertThat(alike.get("coupledRisks")).isEmpty();

        // the gas main loses pressure (an alarm stored by an earlier batch): the same well now shows a migrating leak
        JsonNode main = decide(batch(false, reading(gauge, "gas.pipeline.pressure", 0.09, "MPa", unique("m"), 4))).get(0);
        assertThat(main.get("alarmType").asText()).isEqualTo("GAS_PRESSURE_LOW");
        JsonNode migrating = decide(batch(false, reading(wg2, "gas.concentration", 12, "%LEL", unique("m"), 3))).get(0);
        assertThat(migrating.get("level").asText()).isEqualTo("ORANGE");
        assertThat(migrating.get("coupledRisks").get(0).get("type").asText()).isEqualTo("GAS_LEAK_MIGRATION");
        assertThat(migrating.get("coupledRisks").get(0).get("routeTo").asText()).isEqualTo("GAS_UTILITY");
        assertThat(operator.get("/api/v1/alarms/" + migrating.get("alarmId").asText()).json().get("level").asText())
                .isEqualTo("ORANGE");
    }

    @Autowired
    DataSource dataSource;

    @Test
    void anotherInstancePicksUpImportedAssetsAndDevicesWithoutARestart() {
        HikariDataSource db = (HikariDataSource) dataSource;
        try (ServiceInstance second = ServiceInstance.start("second-assets", db.getJdbcUrl(), db.getUsername(),
                db.getPassword(), environment.getProperty("citysafe.notify.ops-centre.topic"),
                Map.of("citysafe.assets.poll-interval", "200ms"))) {
            String w = unique("W"), ct = unique("CT"), wg = unique("wg");
            assertThat(importGeoJson(collection(point(w, "drainage-well", 31.95, 117.35, ""),
                    point(ct, "cable-trench", 31.9501, 117.35, ""), link(w, "shares-space", ct, 4))).status())
                    .isEqualTo(200);
            platform.post("/api/v1/devices", """
                    {"devices":[{"deviceId":"%s","deviceType":"well-gas-detector","siteId":"%s","districtPath":"%s",
                                 "assetId":"%s"}]}""".formatted(wg, unique("site"), DISTRICT, w));
            Api other = second.platform();
            await().atMost(Duration.ofSeconds(30)).until(() -> other.get("/api/v1/assets/" + w).status() == 200
                    && other.get("/api/v1/assets/" + w).json().get("devices").size() == 1);
            JsonNode d = other.post("/api/v1/decisions", batch(false,
                    reading(wg, "gas.concentration", 12, "%LEL", unique("m"), 2))).json().get("decisions").get(0);
            assertThat(d.get("level").asText()).isEqualTo("RED");
            assertThat(d.get("coupledRisks").get(0).get("assets").toString()).isEqualTo("[\"" + w + "\",\"" + ct + "\"]");
        }
    }

    JsonNode decide(String body) {
        Api.Response r = platform.post("/api/v1/decisions", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("decisions");
    }
}
