package org.citysafe.service.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceInstance;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * District policy through the real service: inheritance and where each value came from, regulators scoped to their
 * districts, refusal of bad input with nothing stored, preview against stored history, rollback, a publication
 * scheduled for later, escalation chains per district, a second instance picking up a publication, and publishing
 * while decisions are being made.
 *
 * <p>Everything happens in districts of the city {@code policytown}, which no other test uses, each test in its own
 * district, so that what one test publishes never reaches another's devices.
 */
class PolicyIT extends ServiceTestBase {

    /** An electrical fire detector: residual current thresholds BLUE 200, YELLOW 300, ORANGE 500, RED 1000 mA. */
    private String electrical(String district) {
        String id = unique("elec");
        assertThat(platform.post("/api/v1/devices", devices(device(id, "electrical-fire-detector", unique("site"),
                district))).status()).isEqualTo(200);
        return id;
    }

    private static String current(String deviceId, double milliamps, int secondsAgo) {
        return reading(deviceId, "electrical.residual.current", milliamps, "mA", unique("m"), secondsAgo);
    }

    private JsonNode decideDry(String deviceId, double milliamps) {
        Api.Response r = platform.post("/api/v1/decisions", batch(true, current(deviceId, milliamps, 5)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("decisions").get(0);
    }

    private static String yellow(double value) {
        return """
                {"thresholds":[{"scenario":"fire.electrical","metric":"electrical.residual.current","level":"YELLOW","value":%s}]}
                """.formatted(value);
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
        return r.json();
    }

    /** Draft, validate, preview, approve and publish: the whole lifecycle. Returns the published version. */
    private JsonNode publish(Api who, String scope, String document, String why) {
        JsonNode draft = ok(who.post("/api/v1/policies", """
                {"scope":"%s","document":%s,"comment":"%s"}""".formatted(scope, document, why)));
        long id = draft.get("id").asLong();
        assertThat(ok(who.post("/api/v1/policies/" + id + "/validate", "")).get("valid").asBoolean()).isTrue();
        ok(who.post("/api/v1/policies/" + id + "/preview", "{\"days\":1}"));
        ok(who.post("/api/v1/policies/" + id + "/approve", "{\"comment\":\"looked at the preview\"}"));
        return ok(who.post("/api/v1/policies/" + id + "/publish", "{\"comment\":\"" + why + "\"}"));
    }

    @Test
    void theMostSpecificScopeWinsAndTheResolvedPolicyNamesEachSource() {
        String district = "policytown/" + unique("inherit");
        String street = district + "/old-town";
        String community = street + "/wooden-quarter";
        String inCommunity = electrical(community);
        String inSibling = electrical(district + "/industrial-park/east");

        publish(cityRegulator, district, yellow(450), "district: fewer nuisance alarms");
        publish(cityRegulator, street, yellow(350), "old town: earlier warning");
        publish(cityRegulator, community, """
                {"thresholds":[{"scenario":"fire.electrical","metric":"electrical.residual.current","level":"BLUE","value":150}],
                 "parameters":{"fire.confirm.window.seconds":240,"schedule.cooking":"10:30-13:30"}}""",
                "wooden buildings: earliest warning");

        JsonNode resolved = ok(cityRegulator.get("/api/v1/policies/resolved?deviceId=" + inCommunity));
        assertThat(resolved.get("policyVersion").asText())
                .isEqualTo(district + "@v1+" + street + "@v1+" + community + "@v1");
        Map<String, JsonNode> byLevel = new HashMap<>();
        resolved.get("thresholds").forEach(t -> {
            if (t.get("metric").asText().equals("electrical.residual.current")) byLevel.put(t.get("level").asText(), t);
        });
        assertThat(byLevel.get("YELLOW").get("value").asDouble()).isEqualTo(350);
        assertThat(byLevel.get("YELLOW").get("source").asText()).isEqualTo(street + "@v1");
        assertThat(byLevel.get("BLUE").get("value").asDouble()).isEqualTo(150);
        assertThat(byLevel.get("BLUE").get("source").asText()).isEqualTo(community + "@v1");
        assertThat(byLevel.get("RED").get("source").asText()).isEqualTo("defaults");
        JsonNode window = null;
        for (JsonNode p : resolved.get("parameters")) if (p.get("name").asText().equals("fire.confirm.window.seconds")) window = p;
        assertThat(window.get("value").asDouble()).isEqualTo(240);
        assertThat(window.get("source").asText()).isEqualTo(community + "@v1");

        // 400 mA: YELLOW in the old town (YELLOW at 350), only BLUE in the industrial park (YELLOW at 450)
        JsonNode oldTown = decideDry(inCommunity, 400);
        assertThat(oldTown.get("level").asText()).isEqualTo("YELLOW");
        assertThat(oldTown.get("policyVersion").asText()).isEqualTo(resolved.get("policyVersion").asText());
        JsonNode park = decideDry(inSibling, 400);
        assertThat(park.get("level").asText()).isEqualTo("BLUE");
        assertThat(park.get("policyVersion").asText()).isEqualTo(district + "@v1");
    }

    @Test
    void aRegulatorIsRefusedOnAnotherDistrictsPolicy() {
        String district = "policytown/" + unique("guarded");
        String device = electrical(district + "/s/c");
        electrical("yangzhou/guangling/" + unique("street") + "/c");

        Api.Response foreign = regulator.post("/api/v1/policies", """
                {"scope":"%s","document":%s,"comment":"not mine"}""".formatted(district, yellow(450)));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().get("message").asText()).isEqualTo("regulator governs yangzhou/guangling, not " + district);
        assertThat(regulator.get("/api/v1/policies?scope=" + district).status()).isEqualTo(403);
        assertThat(regulator.get("/api/v1/policies/resolved?deviceId=" + device).status()).isEqualTo(403);
        assertThat(cityRegulator.get("/api/v1/policies/resolved?district=yangzhou/guangling").status()).isEqualTo(403);
        assertThat(cityRegulator.post("/api/v1/policies", """
                {"scope":"yangzhou/guangling","document":{}}""").status()).isEqualTo(403);

        long id = publish(cityRegulator, district, yellow(450), "mine").get("id").asLong();
        assertThat(regulator.get("/api/v1/policies/" + id).status()).isEqualTo(403);
        assertThat(regulator.post("/api/v1/policies/rollback", """
                {"scope":"%s","version":1,"comment":"x"}""".formatted(district)).status()).isEqualTo(403);
        assertThat(regulator.get("/api/v1/policies").json().get("versions")).noneMatch(v -> v.get("scope").asText().startsWith("policytown"));
        // the scopes above a regulator's own are readable (what they inherit); other roles read, only regulators write
        assertThat(regulator.get("/api/v1/policies?scope=yangzhou").status()).isEqualTo(200);
        assertThat(operator.get("/api/v1/policies/" + id).status()).isEqualTo(200);
        assertThat(expert.post("/api/v1/policies", "{\"scope\":\"" + district + "\"}").status()).isEqualTo(403);
        assertThat(anonymous.get("/api/v1/policies").status()).isEqualTo(401);

        // silences too: a regulator holds back alarms only where it governs
        String ends = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(1).truncatedTo(ChronoUnit.SECONDS).toString();
        String silence = """
                {"scopeType":"%s","scope":"%s","endsAt":"%s","reason":"wiring replaced"}""";
        assertThat(regulator.post("/api/v1/silences", silence.formatted("DISTRICT", district, ends)).status()).isEqualTo(403);
        assertThat(regulator.post("/api/v1/silences", silence.formatted("DEVICE", device, ends)).status()).isEqualTo(403);
        Api.Response own = cityRegulator.post("/api/v1/silences", silence.formatted("DEVICE", device, ends));
        assertThat(own.status()).isEqualTo(201);
        assertThat(regulator.delete("/api/v1/silences/" + own.json().get("id").asText()).status()).isEqualTo(403);
        assertThat(cityRegulator.delete("/api/v1/silences/" + own.json().get("id").asText()).status()).isEqualTo(204);
    }

    @Test
    void badInputIsRefusedFieldByFieldAndNothingIsStored() {
        String district = "policytown/" + unique("refused");
        electrical(district + "/s/c");
        Api.Response bad = cityRegulator.post("/api/v1/policies", """
                {"scope":"%s","comment":"bad","document":{
                  "thresholds":[
                    {"scenario":"fire.electrical","metric":"electrical.residual.current","level":"RED","value":5000},
                    {"scenario":"fire.electrical","metric":"electrical.residual.current","level":"YELLOW","value":"high"}],
                  "parameters":{"fire.confirm.window.seconds":-60},
                  "escalationChains":[{"name":"nobody","steps":[{"channel":"PHONE_TASK","recipient":"OWNER"}]}]}}
                """.formatted(district));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText()).isEqualTo("the policy for " + district + " is not valid; nothing was changed");
        List<String> details = new ArrayList<>();
        bad.json().get("details").forEach(d -> details.add(d.asText()));
        assertThat(details).contains(
                "thresholds[0].value: 5000 mA is outside the instrument range 0 to 2000 mA",
                "thresholds[1].value: must be a number",
                "parameters.fire.confirm.window.seconds: -60: a duration cannot be negative",
                "escalationChains[0].steps: no step reaches anyone (each needs a channel and a recipient it can reach)");

        Api.Response ordering = cityRegulator.post("/api/v1/policies", """
                {"scope":"%s","document":%s}""".formatted(district, yellow(700)));
        assertThat(ordering.status()).isEqualTo(400);
        assertThat(ordering.json().get("details").get(0).asText()).isEqualTo("thresholds[0].value: fire.electrical / "
                + "electrical.residual.current ABOVE: YELLOW 700 (this draft) would lie beyond ORANGE 500 (defaults); a more "
                + "severe level needs a more extreme threshold");

        Api.Response unknown = cityRegulator.post("/api/v1/policies", """
                {"scope":"policytown/%s","document":{}}""".formatted(unique("nowhere")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("details").get(0).asText()).startsWith("scope: unknown district 'policytown/nowhere-");
        assertThat(cityRegulator.post("/api/v1/policies", "{\"scope\":\"policytown//x\"}").json().get("details").get(0)
                .asText()).isEqualTo("scope: scope 'policytown//x' has an empty level");

        assertThat(cityRegulator.get("/api/v1/policies?scope=" + district).json().get("versions")).isEmpty();
        assertThat(cityRegulator.get("/api/v1/policies/audit?scope=" + district).json()).isEmpty();

        // the lifecycle is kept in order: nothing is published before it was validated, previewed and approved
        long id = ok(cityRegulator.post("/api/v1/policies", """
                {"scope":"%s","document":%s}""".formatted(district, yellow(450)))).get("id").asLong();
        Api.Response early = cityRegulator.post("/api/v1/policies/" + id + "/publish", "{\"comment\":\"now\"}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("message").asText()).contains("is DRAFT: approve it first");
        assertThat(cityRegulator.post("/api/v1/policies/" + id + "/preview", "{}").status()).isEqualTo(409);
        assertThat(cityRegulator.post("/api/v1/policies/" + id + "/approve", "{}").status()).isEqualTo(409);
        assertThat(cityRegulator.put("/api/v1/policies/" + id, """
                {"document":{"parameters":{"fire.rise.window.seconds":-1}}}""").status()).isEqualTo(400);
        assertThat(cityRegulator.get("/api/v1/policies/" + id).json().get("document").get("thresholds").get(0)
                .get("value").asDouble()).isEqualTo(450);
    }

    @Test
    void aPreviewReplaysStoredReadingsThroughTheDraftWithoutRaisingAnything() {
        String district = "policytown/" + unique("preview");
        String device = electrical(district + "/s/c");
        // history: BLUE, YELLOW, YELLOW, ORANGE under the defaults
        assertThat(platform.post("/api/v1/decisions", batch(false, current(device, 250, 400), current(device, 320, 300),
                current(device, 380, 200), current(device, 600, 100))).status()).isEqualTo(200);
        int alarmsBefore = operator.get("/api/v1/alarms?district=" + district).json().size();
        int readingsBefore = countReadings(device);

        long id = ok(cityRegulator.post("/api/v1/policies", """
                {"scope":"%s","document":%s}""".formatted(district, yellow(400)))).get("id").asLong();
        ok(cityRegulator.post("/api/v1/policies/" + id + "/validate", ""));
        JsonNode report = ok(cityRegulator.post("/api/v1/policies/" + id + "/preview", "{\"days\":2}"));

        assertThat(report.get("readings").asInt()).isEqualTo(4);
        assertThat(report.get("currentVersion").asText()).isEqualTo("defaults");
        assertThat(report.get("draftVersion").asText()).isEqualTo(district + "@v1-draft");
        JsonNode yellow = report.get("byLevel").get("YELLOW");
        assertThat(yellow.get("current").asInt()).isEqualTo(2);
        assertThat(yellow.get("draft").asInt()).isEqualTo(0);
        assertThat(yellow.get("lost").asInt()).isEqualTo(2);
        assertThat(report.get("byLevel").get("BLUE").get("gained").asInt()).isEqualTo(2);
        assertThat(report.get("byLevel").get("ORANGE").get("lost").asInt()).isEqualTo(0);
        assertThat(report.get("byScenario")).anySatisfy(s -> {
            assertThat(s.get("scenario").asText()).isEqualTo("fire.electrical");
            assertThat(s.get("level").asText()).isEqualTo("YELLOW");
            assertThat(s.get("counts").get("lost").asInt()).isEqualTo(2);
        });
        assertThat(report.get("changed").asInt()).isEqualTo(2);
        JsonNode example = report.get("examples").get(0);
        assertThat(example.get("value").asDouble()).isEqualTo(320);
        assertThat(example.get("current").get("level").asText()).isEqualTo("YELLOW");
        assertThat(example.get("draft").get("level").asText()).isEqualTo("BLUE");
        assertThat(example.get("draft").get("policyVersion").asText()).isEqualTo(district + "@v1-draft");

        // a dry run: no alarm, no reading, no change to what is in force
        assertThat(operator.get("/api/v1/alarms?district=" + district).json().size()).isEqualTo(alarmsBefore);
        assertThat(countReadings(device)).isEqualTo(readingsBefore);
        assertThat(decideDry(device, 380).get("level").asText()).isEqualTo("YELLOW");
        JsonNode stored = cityRegulator.get("/api/v1/policies/" + id).json();
        assertThat(stored.get("status").asText()).isEqualTo("PREVIEWED");
        assertThat(stored.get("preview").get("changed").asInt()).isEqualTo(2);

        // a scenario set instead of history: readings given with the request, replayed in event time, stored nowhere
        String elsewhere = electrical("policytown/" + unique("other") + "/s/c");
        JsonNode set = ok(cityRegulator.post("/api/v1/policies/" + id + "/preview", "{\"readings\":["
                + String.join(",", current(device, 380, 30), current(device, 350, 20), current(device, 700, 10),
                current(elsewhere, 380, 10), reading(device, "electrical.residual.current", 380, "V", unique("m"), 5))
                + "]}"));
        assertThat(set.get("source").asText()).isEqualTo("readings");
        assertThat(set.get("readings").asInt()).isEqualTo(3);
        assertThat(set.get("changed").asInt()).isEqualTo(2);
        assertThat(set.get("byLevel").get("YELLOW").get("lost").asInt()).isEqualTo(2);
        assertThat(set.get("byLevel").get("ORANGE").get("current").asInt()).isEqualTo(1);
        assertThat(set.get("refused")).hasSize(2);
        assertThat(set.get("refused").get(0).asText()).isEqualTo("readings[3]: device '" + elsewhere
                + "' is not registered in " + district);
        assertThat(set.get("refused").get(1).asText()).startsWith("readings[4]: ");
        assertThat(countReadings(device)).isEqualTo(readingsBefore);
    }

    @Autowired
    private JdbcTemplate jdbc;

    private int countReadings(String device) {
        return jdbc.queryForObject("select count(*) from reading where device_id = ?", Integer.class, device);
    }

    @Test
    void publishedVersionsAreImmutableAndARollbackPublishesACopy() {
        String district = "policytown/" + unique("rollback");
        String device = electrical(district + "/s/c");
        JsonNode v1 = publish(cityRegulator, district, yellow(450), "fewer nuisance alarms");
        JsonNode v2 = publish(cityRegulator, district, yellow(350), "earlier warning");
        assertThat(decideDry(device, 400).get("level").asText()).isEqualTo("YELLOW");

        assertThat(cityRegulator.put("/api/v1/policies/" + v1.get("id").asLong(), "{\"document\":{}}").status())
                .isEqualTo(409);
        JsonNode diff = ok(cityRegulator.get("/api/v1/policies/diff?from=" + v1.get("id") + "&to=" + v2.get("id")));
        assertThat(diff.get("changes")).singleElement().satisfies(c -> {
            assertThat(c.get("field").asText()).isEqualTo("thresholds.fire.electrical/electrical.residual.current/ABOVE/YELLOW.value");
            assertThat(c.get("from").asDouble()).isEqualTo(450);
            assertThat(c.get("to").asDouble()).isEqualTo(350);
        });

        assertThat(cityRegulator.post("/api/v1/policies/rollback", """
                {"scope":"%s","version":1}""".formatted(district)).status()).isEqualTo(400);
        JsonNode v3 = ok(cityRegulator.post("/api/v1/policies/rollback", """
                {"scope":"%s","version":1,"comment":"too many alarms at the night market"}""".formatted(district)));
        assertThat(v3.get("version").asInt()).isEqualTo(3);
        assertThat(v3.get("live").asBoolean()).isTrue();
        assertThat(v3.get("basedOn").asInt()).isEqualTo(1);
        JsonNode decision = decideDry(device, 400);
        assertThat(decision.get("level").asText()).isEqualTo("BLUE");
        assertThat(decision.get("policyVersion").asText()).isEqualTo(district + "@v3");
        assertThat(cityRegulator.post("/api/v1/policies/rollback", """
                {"scope":"%s","version":3,"comment":"again"}""".formatted(district)).status()).isEqualTo(409);

        List<String> actions = new ArrayList<>();
        cityRegulator.get("/api/v1/policies/audit?scope=" + district).json().forEach(a -> actions.add(
                a.get("action").asText() + " v" + a.get("version").asInt() + " by " + a.get("actor").asText()));
        assertThat(actions).startsWith("ROLLED_BACK v3 by policytown", "PUBLISHED v2 by policytown", "APPROVED v2 by policytown",
                "PREVIEWED v2 by policytown", "VALIDATED v2 by policytown", "DRAFTED v2 by policytown", "PUBLISHED v1 by policytown");
        assertThat(cityRegulator.get("/api/v1/policies/audit?scope=" + district).json().get(0).get("comment").asText())
                .isEqualTo("rollback to version 1: too many alarms at the night market");
    }

    @Test
    void aVersionPublishedForLaterComesIntoForceWithoutARestart() throws Exception {
        String district = "policytown/" + unique("scheduled");
        String device = electrical(district + "/s/c");
        JsonNode draft = ok(cityRegulator.post("/api/v1/policies", """
                {"scope":"%s","document":%s}""".formatted(district, yellow(450))));
        long id = draft.get("id").asLong();
        ok(cityRegulator.post("/api/v1/policies/" + id + "/validate", ""));
        ok(cityRegulator.post("/api/v1/policies/" + id + "/preview", "{}"));
        ok(cityRegulator.post("/api/v1/policies/" + id + "/approve", "{}"));
        String at = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusSeconds(8).truncatedTo(ChronoUnit.SECONDS).toString();
        JsonNode published = ok(cityRegulator.post("/api/v1/policies/" + id + "/publish",
                "{\"comment\":\"from the festival on\",\"effectiveAt\":\"" + at + "\"}"));
        assertThat(published.get("scheduled").asBoolean()).isTrue();
        assertThat(published.get("live").asBoolean()).isFalse();
        assertThat(decideDry(device, 400).get("policyVersion").asText()).isEqualTo("defaults");

        long deadline = System.nanoTime() + 40_000_000_000L;
        JsonNode decision = decideDry(device, 400);
        while (!decision.get("policyVersion").asText().equals(district + "@v1") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            decision = decideDry(device, 400);
        }
        assertThat(decision.get("policyVersion").asText()).isEqualTo(district + "@v1");
        assertThat(decision.get("level").asText()).isEqualTo("BLUE");
        assertThat(cityRegulator.post("/api/v1/policies/" + id + "/publish", "{\"comment\":\"x\",\"effectiveAt\":\"2020-01-01T00:00:00Z\"}")
                .json().get("details").get(0).asText()).startsWith("effectiveAt: 2020-01-01T00:00:00Z has passed");
    }

    @Test
    void aDistrictsEscalationChainIsChosenForItsAlarms() {
        String district = "policytown/" + unique("chain");
        String device = electrical(district + "/s/c");
        publish(cityRegulator, district, """
                {"escalationChains":[{"name":"wooden-quarter-orange","level":"ORANGE",
                  "steps":[{"channel":"SMS","recipient":"OWNER"},{"channel":"PHONE_TASK","recipient":"DUTY_CENTRE","delay":"PT1M"}]}]}""",
                "wooden buildings: the duty centre calls after one minute");
        JsonNode decision = platform.post("/api/v1/decisions", batch(false, current(device, 600, 5)))
                .json().get("decisions").get(0);
        assertThat(decision.get("level").asText()).isEqualTo("ORANGE");
        assertThat(decision.get("escalation").get("chain").asText()).isEqualTo("wooden-quarter-orange");
        JsonNode other = platform.post("/api/v1/decisions", batch(false, current(electrical(
                "policytown/" + unique("nochain") + "/s/c"), 600, 5))).json().get("decisions").get(0);
        assertThat(other.get("escalation").get("chain").asText()).isEqualTo("verify-before-119");
    }

    @Autowired
    private DataSource dataSource;

    /** Another instance on the same database picks up a publication within its poll interval, without a restart. */
    @Test
    void anotherInstanceAppliesAPublicationWithinSeconds() {
        String district = "policytown/" + unique("second");
        String device = electrical(district + "/s/c");
        HikariDataSource db = (HikariDataSource) dataSource;
        try (ServiceInstance second = ServiceInstance.start("second-policy", db.getJdbcUrl(), db.getUsername(),
                db.getPassword(), environment.getProperty("citysafe.notify.ops-centre.topic"), Map.of())) {
            Api there = second.platform();
            assertThat(there.post("/api/v1/decisions", batch(true, current(device, 400, 5))).json().get("decisions")
                    .get(0).get("policyVersion").asText()).isEqualTo("defaults");
            publish(cityRegulator, district, yellow(450), "published on the first instance");
            long published = System.nanoTime();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(there.post("/api/v1/decisions", batch(true, current(device, 400, 5))).json()
                            .get("decisions").get(0).get("policyVersion").asText()).isEqualTo(district + "@v1"));
            System.out.printf("second instance applied the publication after %d ms%n",
                    (System.nanoTime() - published) / 1_000_000);
            JsonNode d = there.post("/api/v1/decisions", batch(true, current(device, 400, 5))).json().get("decisions").get(0);
            assertThat(d.get("level").asText()).isEqualTo("BLUE");
        }
    }

    /**
     * Decisions keep coming while versions are published: none fails, and each one's level is what the thresholds
     * of the version it names give (400 mA is BLUE under YELLOW 450 and YELLOW under YELLOW 350).
     */
    @Test
    void publishingUnderLoadNeitherFailsNorMixesDecisions() throws Exception {
        String district = "policytown/" + unique("load");
        String device = electrical(district + "/s/c");
        Map<String, String> expectedLevel = new ConcurrentHashMap<>();
        expectedLevel.put("defaults", "YELLOW");
        List<String> failures = new CopyOnWriteArrayList<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger decided = new AtomicInteger();
        List<Thread> hammers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread hammer = new Thread(() -> {
                while (!stop.get()) {
                    Api.Response r = platform.post("/api/v1/decisions", batch(true, current(device, 400, 5),
                            current(device, 400, 4), current(device, 400, 3)));
                    if (r.status() != 200) {
                        failures.add(r.status() + " " + r.body());
                        continue;
                    }
                    JsonNode ds = r.json().get("decisions");
                    String batchVersion = ds.get(0).get("policyVersion").asText();
                    for (JsonNode d : ds) {
                        decided.incrementAndGet();
                        String version = d.get("policyVersion").asText();
                        seen.add(version);
                        if (!version.equals(batchVersion)) failures.add("one batch, two versions: " + ds);
                        if (!d.get("outcome").asText().equals("ALARM")) failures.add("not decided: " + d);
                        String expected = expectedLevel.get(version);
                        // a version is registered before its publish is asked for, so an unknown one is a mix-up
                        if (expected == null || !expected.equals(d.get("level").asText())) {
                            failures.add(version + " gave " + d.get("level") + ", expected " + expected);
                        }
                    }
                }
            }, "decisions-" + t);
            hammers.add(hammer);
            hammer.start();
        }
        try {
            for (int v = 1; v <= 6; v++) {
                boolean high = v % 2 == 1;
                expectedLevel.put(district + "@v" + v, high ? "BLUE" : "YELLOW");
                publish(cityRegulator, district, yellow(high ? 450 : 350), "load test publication " + v);
                // applied to new decisions at once on the instance that published
                JsonNode after = decideDry(device, 400);
                assertThat(after.get("policyVersion").asText()).isEqualTo(district + "@v" + v);
                assertThat(after.get("level").asText()).isEqualTo(high ? "BLUE" : "YELLOW");
            }
        } finally {
            stop.set(true);
            for (Thread h : hammers) h.join();
        }
        System.out.printf("publish under load: %d decisions by 2 threads during 6 publications, %d versions seen, "
                + "%d failed or mixed%n", decided.get(), Set.copyOf(seen).size(), failures.size());
        assertThat(failures).isEmpty();
        assertThat(decided.get()).isGreaterThan(0);
        assertThat(Set.copyOf(seen)).hasSizeGreaterThanOrEqualTo(2);
    }
}
