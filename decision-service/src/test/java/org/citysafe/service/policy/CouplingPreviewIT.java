package org.citysafe.service.policy;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * A policy preview decides through the same engine as the service, coupling included: a draft that changes a
 * {@code coupling.*} parameter shows the coupled decisions it gains and loses.
 */
class CouplingPreviewIT extends ServiceTestBase {

    @Test
    void aCouplingParameterChangeShowsTheCoupledDecisionsItLosesAndGains() {
        String district = "policytown/" + unique("coupled") + "/s/c";
        String well = unique("W"), manhole = unique("PM"), detector = unique("wg");
        // a sewer well 40 m along a link from a power manhole: gas in the well is an ignition risk (RED)
        Api.Response imported = platform.post("/api/v1/assets", "application/geo+json", """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","geometry":{"type":"Point","coordinates":[118.5000,32.6000]},
                  "properties":{"id":"%1$s","kind":"drainage-well","districtPath":"%3$s"}},
                 {"type":"Feature","geometry":{"type":"Point","coordinates":[118.5004,32.6000]},
                  "properties":{"id":"%2$s","kind":"power-manhole","districtPath":"%3$s"}},
                 {"type":"Feature","geometry":null,
                  "properties":{"from":"%1$s","relation":"connects","to":"%2$s","metres":40}}]}"""
                .formatted(well, manhole, district));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(platform.post("/api/v1/devices", """
                {"devices":[{"deviceId":"%s","deviceType":"well-gas-detector","siteId":"%s","districtPath":"%s",
                             "assetId":"%s"}]}""".formatted(detector, unique("site"), district, well)).status())
                .isEqualTo(200);
        JsonNode stored = ok(platform.post("/api/v1/decisions", batch(false,
                reading(detector, "gas.concentration", 12, "%LEL", unique("m"), 30)))).get("decisions").get(0);
        assertThat(stored.get("level").asText()).isEqualTo("RED");
        assertThat(types(stored.get("coupledRisks"))).contains("IGNITION_RISK");

        // the draft looks for live cables only 30 m along links: the well's 40 m link is out of reach
        long shorter = draft(district, "{\"parameters\":{\"coupling.ignition.max.metres\":30}}");
        JsonNode lost = ok(cityRegulator.post("/api/v1/policies/" + shorter + "/preview", "{\"days\":1}"));
        assertThat(lost.get("readings").asInt()).isEqualTo(1);
        JsonNode ignition = lost.get("byCoupledRisk").get("IGNITION_RISK");
        assertThat(ignition.get("current").asInt()).isEqualTo(1);
        assertThat(ignition.get("draft").asInt()).isZero();
        assertThat(ignition.get("lost").asInt()).isEqualTo(1);
        assertThat(lost.get("byLevel").get("RED").get("lost").asInt()).isEqualTo(1);
        assertThat(lost.get("changed").asInt()).isEqualTo(1);
        JsonNode example = lost.get("examples").get(0);
        assertThat(texts(example.get("current").get("coupledRisks"))).contains("IGNITION_RISK");
        assertThat(texts(example.get("draft").get("coupledRisks"))).doesNotContain("IGNITION_RISK");
        assertThat(example.get("draft").get("level").asText()).as("the concentration alone")
                .isNotEqualTo("RED");

        // the other way: a policy in force that cannot reach the manhole, a draft that can, gains the coupled risk
        String farther = "policytown/" + unique("coupled") + "/s/c";
        String well2 = unique("W"), manhole2 = unique("PM"), detector2 = unique("wg");
        assertThat(platform.post("/api/v1/assets", "application/geo+json", """
                {"type":"FeatureCollection","features":[
                 {"type":"Feature","geometry":{"type":"Point","coordinates":[118.6000,32.7000]},
                  "properties":{"id":"%1$s","kind":"drainage-well","districtPath":"%3$s"}},
                 {"type":"Feature","geometry":{"type":"Point","coordinates":[118.6070,32.7000]},
                  "properties":{"id":"%2$s","kind":"cable-trench","districtPath":"%3$s"}},
                 {"type":"Feature","geometry":null,
                  "properties":{"from":"%1$s","relation":"shares-space","to":"%2$s","metres":650}}]}"""
                .formatted(well2, manhole2, farther)).status()).isEqualTo(200);
        platform.post("/api/v1/devices", """
                {"devices":[{"deviceId":"%s","deviceType":"well-gas-detector","siteId":"%s","districtPath":"%s",
                             "assetId":"%s"}]}""".formatted(detector2, unique("site"), farther, well2));
        JsonNode alone = ok(platform.post("/api/v1/decisions", batch(false,
                reading(detector2, "gas.concentration", 12, "%LEL", unique("m"), 30)))).get("decisions").get(0);
        assertThat(types(alone.get("coupledRisks"))).as("650 m is beyond the default reach")
                .doesNotContain("IGNITION_RISK");
        long longer = draft(farther, "{\"parameters\":{\"coupling.ignition.max.metres\":800}}");
        JsonNode gained = ok(cityRegulator.post("/api/v1/policies/" + longer + "/preview", "{\"days\":1}"));
        assertThat(gained.get("byCoupledRisk").get("IGNITION_RISK").get("gained").asInt()).isEqualTo(1);
        assertThat(gained.get("byCoupledRisk").get("IGNITION_RISK").get("current").asInt()).isZero();
        assertThat(gained.get("byLevel").get("RED").get("gained").asInt()).isEqualTo(1);
    }

    private long draft(String scope, String document) {
        long id = ok(cityRegulator.post("/api/v1/policies", """
                {"scope":"%s","document":%s,"comment":"coupling reach"}""".formatted(scope, document)))
                .get("id").asLong();
        ok(cityRegulator.post("/api/v1/policies/" + id + "/validate", ""));
        return id;
    }

    private static List<String> types(JsonNode risks) {
        List<String> types = new ArrayList<>();
        risks.forEach(r -> types.add(r.get("type").asText()));
        return types;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
        return r.json();
    }
}
