package org.citysafe.service.authoring;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;
import static org.citysafe.service.support.Fixtures.verifiedSmoke;

/**
 * The rule repository over HTTP: the bundled packages at first start, drafts, validation with located problems,
 * test before publish, publish with an atomic swap, rollback, diff, audit, roles, and an instance picking up a
 * publication made on another. Every test leaves the gas package live as bundled.
 */
class RulePackagesIT extends ServiceTestBase {

    private static final String GAS = "org/citysafe/rules/gas/restaurant.drl";

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void backToTheBundledGasRules() {
        expert.delete("/api/v1/rule-packages/gas/test-cases/restaurant%20gas%20at%2030");
        String bundled = bundledGas();
        String live = liveFile("gas", GAS);
        if (!live.equals(bundled)) {
            int v = expert.post("/api/v1/rule-packages/gas/versions", draft(bundled, "restore")).json()
                    .get("version").asInt();
            assertThat(expert.post("/api/v1/rule-packages/gas/versions/" + v + "/publish",
                    "{\"comment\":\"restore the bundled gas rules after a test\"}").status()).isEqualTo(200);
        }
    }

    private String bundledGas() {
        for (JsonNode f : expert.get("/api/v1/rule-packages/gas/versions/1").json().get("files")) {
            if (f.get("path").asText().equals(GAS)) return f.get("drl").asText();
        }
        throw new AssertionError("no " + GAS + " in the bundled gas package");
    }

    /** The bundled gas package's files with the restaurant file replaced: the rest of the package stays as it is. */
    private String gasFiles(String restaurantDrl) {
        StringBuilder files = new StringBuilder();
        for (JsonNode f : expert.get("/api/v1/rule-packages/gas/versions/1").json().get("files")) {
            String path = f.get("path").asText();
            String drl = path.equals(GAS) ? restaurantDrl : f.get("drl").asText();
            if (!files.isEmpty()) files.append(',');
            files.append("{\"path\":\"").append(path).append("\",\"drl\":").append(Api.quote(drl)).append('}');
        }
        return "[" + files + "]";
    }

    private String liveFile(String pkg, String path) {
        int live = expert.get("/api/v1/rule-packages/" + pkg).json().get("publishedVersion").asInt();
        for (JsonNode f : expert.get("/api/v1/rule-packages/" + pkg + "/versions/" + live).json().get("files")) {
            if (f.get("path").asText().equals(path)) return f.get("drl").asText();
        }
        throw new AssertionError("no " + path);
    }

    private String draft(String drl, String comment) {
        return "{\"files\":" + gasFiles(drl) + ",\"comment\":\"" + comment + "\"}";
    }

    private String files(String drl) {
        return "{\"files\":" + gasFiles(drl) + "}";
    }

    private String kitchen() {
        String id = unique("gas");
        assertThat(platform.post("/api/v1/devices", devices(device(id, "restaurant-gas-detector", unique("site"),
                DISTRICT))).status()).isEqualTo(200);
        return id;
    }

    private JsonNode decide(String deviceId, double lel) {
        return platform.post("/api/v1/decisions", batch(true, reading(deviceId, "gas.concentration", lel, "%LEL",
                unique("m"), 1))).json().get("decisions").get(0);
    }

    @Test
    void theBundledRulesAreThePublishedFirstVersionOfEachDomain() {
        JsonNode packages = expert.get("/api/v1/rule-packages").json();
        List<String> names = new ArrayList<>();
        packages.forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).contains("device", "fire", "gas");
        JsonNode v1 = expert.get("/api/v1/rule-packages/fire/versions/1").json();
        assertThat(v1.get("status").asText()).isEqualTo("PUBLISHED");
        assertThat(v1.get("author").asText()).isEqualTo("bundled");
        assertThat(v1.get("files").findValuesAsText("path")).contains("org/citysafe/rules/fire/smoke-detector.drl");
        JsonNode revisions = expert.get("/api/v1/rule-revisions").json();
        assertThat(revisions.get("installedRevision").asLong()).isPositive();
        assertThat(revisions.get("revisions").get(0).get("packages").has("gas")).isTrue();
    }

    @Test
    void validationLocatesCompileErrorsAndSandboxRefusals() {
        String broken = bundledGas().replace("metric == \"gas.concentration\"", "metrik == \"gas.concentration\"");
        JsonNode result = expert.post("/api/v1/rule-packages/gas/validate", files(broken)).json();
        assertThat(result.get("valid").asBoolean()).isFalse();
        JsonNode problem = result.get("problems").get(0);
        assertThat(problem.get("path").asText()).isEqualTo(GAS);
        assertThat(problem.get("line").asInt()).isEqualTo(broken.lines().toList().indexOf(broken.lines()
                .filter(l -> l.contains("metrik")).findFirst().orElseThrow()) + 1);
        assertThat(problem.get("column").asInt()).isPositive();
        assertThat(problem.get("message").asText()).contains("metrik");

        String hostile = bundledGas().replace("insert( Finding.hazard", "System.exit(0); insert( Finding.hazard");
        JsonNode refused = expert.post("/api/v1/rule-packages/gas/validate", files(hostile)).json();
        assertThat(refused.get("problems").get(0).get("message").asText()).startsWith("Refused: System");

        String elsewhere = "{\"files\":[{\"path\":\"org/citysafe/rules/fire/x.drl\",\"drl\":\"package x;\"}]}";
        assertThat(expert.post("/api/v1/rule-packages/gas/validate", elsewhere).json().get("problems").get(0)
                .get("message").asText()).contains("must be org/citysafe/rules/gas/<name>.drl");
        assertThat(expert.post("/api/v1/rule-packages/gas/validate", files(bundledGas())).json()
                .get("valid").asBoolean()).isTrue();
    }

    @Test
    void aDraftWhoseRulesNeverComeToRestIsStoppedWhenTestedAndRefusedAtPublish() {
        String runaway = bundledGas() + """

                rule "Every finding asks for another"
                    @id("gas.runaway")
                when
                    $f : Finding( )
                then
                    insert( Finding.pending(kcontext, $f, "again", "again") );
                end
                """;
        assertThat(expert.post("/api/v1/rule-packages/gas/validate", files(runaway)).json().get("valid").asBoolean())
                .as("nothing in its text is refused").isTrue();
        int v = expert.post("/api/v1/rule-packages/gas/versions", draft(runaway, "a rule that feeds itself")).json()
                .get("version").asInt();

        JsonNode report = expert.post("/api/v1/rule-packages/gas/versions/" + v + "/test", "{}").json();
        List<String> errors = new ArrayList<>();
        report.get("cases").forEach(c -> errors.add(c.get("name").asText() + ": " + c.get("error").asText()));
        assertThat(report.get("failed").asInt()).isPositive();
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("runaway probe: restaurant-gas-detector")
                .contains("the draft was stopped").contains("rule \"Every finding asks for another\""));

        Api.Response refused = expert.post("/api/v1/rule-packages/gas/versions/" + v + "/publish",
                "{\"comment\":\"try it\"}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("failedCases").toString()).contains("the draft was stopped");
        assertThat(expert.get("/api/v1/rule-packages/gas").json().get("publishedVersion").asInt()).isNotEqualTo(v);
    }

    @Test
    void anExpertDraftsTestsPublishesAndRollsBackAndTheDecisionsFollow() {
        String kitchen = kitchen();
        // a stored decision for the replay of recent readings
        platform.post("/api/v1/decisions", batch(false, reading(kitchen, "gas.concentration", 30, "%LEL",
                unique("m"), 5)));
        assertThat(decide(kitchen, 30).get("alarmType").asText()).isEqualTo("COMBUSTIBLE_GAS");

        String edited = bundledGas().replace("\"COMBUSTIBLE_GAS\"", "\"RESTAURANT_GAS\"");
        Api.Response created = expert.post("/api/v1/rule-packages/gas/versions", draft(edited, "name the restaurant"));
        assertThat(created.status()).isEqualTo(201);
        int v = created.json().get("version").asInt();
        assertThat(created.json().get("status").asText()).isEqualTo("DRAFT");
        assertThat(created.json().get("author").asText()).isEqualTo("expert");

        JsonNode validated = expert.post("/api/v1/rule-packages/gas/versions/" + v + "/validate", "").json();
        assertThat(validated.get("valid").asBoolean()).isTrue();
        assertThat(validated.get("status").asText()).isEqualTo("VALIDATED");

        assertThat(expert.put("/api/v1/rule-packages/gas/test-cases", """
                {"name":"restaurant gas at 30","device":{"deviceType":"restaurant-gas-detector"},
                 "readings":[{"metric":"gas.concentration","value":1.5,"unit":"%VOL"}],
                 "expect":{"outcome":"ALARM","level":"ORANGE","alarmType":"RESTAURANT_GAS"}}""").status())
                .isEqualTo(200);
        JsonNode report = expert.post("/api/v1/rule-packages/gas/versions/" + v + "/test",
                "{\"recentReadings\":200}").json();
        assertThat(report.get("passed").asInt()).isEqualTo(1);
        assertThat(report.get("failed").asInt()).isZero();
        JsonNode onlyCase = report.get("cases").get(0);
        assertThat(onlyCase.get("changed").asBoolean()).isTrue();
        assertThat(onlyCase.get("published").get("alarmType").asText()).isEqualTo("COMBUSTIBLE_GAS");
        assertThat(report.get("replayed").asInt()).isPositive();
        List<String> changedDevices = new ArrayList<>();
        report.get("changed").forEach(c -> changedDevices.add(c.get("deviceId").asText()));
        assertThat(changedDevices).contains(kitchen);

        assertThat(expert.post("/api/v1/rule-packages/gas/versions/" + v + "/publish", "{}").status())
                .isEqualTo(400);
        JsonNode publication = expert.post("/api/v1/rule-packages/gas/versions/" + v + "/publish",
                "{\"comment\":\"operators asked for the restaurant in the alarm type\"}").json();
        assertThat(publication.get("version").asInt()).isEqualTo(v);
        assertThat(decide(kitchen, 30).get("alarmType").asText()).isEqualTo("RESTAURANT_GAS");
        assertThat(expert.put("/api/v1/rule-packages/gas/versions/" + v, draft(bundledGas(), "x")).status())
                .isEqualTo(409);

        String diff = expert.get("/api/v1/rule-packages/gas/diff?from=1&to=" + v).json().get("unified").asText();
        assertThat(diff).contains("--- v1/" + GAS).contains("+++ v" + v + "/" + GAS)
                .contains("-    insert( Finding.hazard(kcontext, $o, $t, \"COMBUSTIBLE_GAS\") );")
                .contains("+    insert( Finding.hazard(kcontext, $o, $t, \"RESTAURANT_GAS\") );");

        JsonNode rollback = expert.post("/api/v1/rule-packages/gas/rollback",
                "{\"version\":1,\"comment\":\"the dispatch desk filters on COMBUSTIBLE_GAS\"}").json();
        assertThat(rollback.get("version").asInt()).isGreaterThan(v);
        assertThat(decide(kitchen, 30).get("alarmType").asText()).isEqualTo("COMBUSTIBLE_GAS");

        List<String> actions = new ArrayList<>();
        expert.get("/api/v1/rule-packages/gas/audit").json().forEach(a -> {
            if (a.get("actor").asText().equals("expert")) actions.add(a.get("action").asText());
        });
        assertThat(actions).contains("DRAFTED", "VALIDATED", "TEST_CASE_SAVED", "TESTED", "PUBLISHED", "ROLLED_BACK");
        JsonNode published = expert.get("/api/v1/rule-packages/gas/audit").json();
        published.forEach(a -> {
            if (a.get("action").asText().equals("ROLLED_BACK")) {
                assertThat(a.get("comment").asText()).contains("the dispatch desk filters on COMBUSTIBLE_GAS");
                assertThat(a.get("at").asText()).isNotBlank();
            }
        });
    }

    /** A shipped default from the policy catalogue: the test follows the defaults rather than repeating them. */
    private double parameter(String name) {
        for (JsonNode p : regulator.get("/api/v1/policies/catalog").json().get("parameters")) {
            if (p.get("name").asText().equals(name)) return p.get("value").asDouble();
        }
        throw new AssertionError("no parameter " + name + " in the catalogue");
    }

    private double threshold(String scenario, String metric, String level) {
        for (JsonNode t : regulator.get("/api/v1/policies/catalog").json().get("thresholds")) {
            if (t.get("scenario").asText().equals(scenario) && t.get("metric").asText().equals(metric)
                    && t.get("level").asText().equals(level)) return t.get("value").asDouble();
        }
        throw new AssertionError("no " + level + " threshold for " + scenario + " / " + metric);
    }

    @Test
    void anExpertsTestCaseWithEarlierReadingsExercisesTheShippedSustainAndRepeatRules() {
        // sustain: restaurant gas at YELLOW must last confirm.sustain.seconds.gas.restaurant.YELLOW before it is pushed
        long sustain = (long) parameter("confirm.sustain.seconds.gas.restaurant.YELLOW");
        double yellow = (threshold("gas.restaurant", "gas.concentration", "YELLOW")
                + threshold("gas.restaurant", "gas.concentration", "ORANGE")) / 2;
        String whiff = "whiff " + unique("c");
        String leak = "lasting leak " + unique("c");
        assertThat(expert.put("/api/v1/rule-packages/gas/test-cases", """
                {"name":"%s","device":{"deviceType":"restaurant-gas-detector"},
                 "readings":[{"metric":"gas.concentration","value":%s}],
                 "expect":{"outcome":"SUPPRESSED","level":"YELLOW"}}""".formatted(whiff, yellow)).status())
                .isEqualTo(200);
        assertThat(expert.put("/api/v1/rule-packages/gas/test-cases", """
                {"name":"%s","device":{"deviceType":"restaurant-gas-detector"},
                 "readings":[{"metric":"gas.concentration","value":%s,"secondsAgo":%d},
                             {"metric":"gas.concentration","value":%s,"secondsAgo":%d},
                             {"metric":"gas.concentration","value":%s,"secondsAgo":0}],
                 "expect":{"outcome":"ALARM","level":"YELLOW","alarmType":"COMBUSTIBLE_GAS"}}"""
                .formatted(leak, yellow, sustain + 10, yellow, (sustain + 10) / 2, yellow)).status()).isEqualTo(200);
        // N of M: heavy rain is confirm.count of the last confirm.window rain gauge readings at BLUE
        int count = (int) parameter("confirm.count.drainage.rainfall.BLUE");
        double blue = threshold("drainage.rainfall", "rainfall.intensity", "BLUE") + 1;
        String shower = "one shower " + unique("c");
        String rain = "heavy rain " + unique("c");
        StringBuilder repeated = new StringBuilder();
        for (int i = count - 1; i >= 0; i--) {
            if (repeated.length() > 0) repeated.append(',');
            repeated.append("{\"metric\":\"rainfall.intensity\",\"value\":%s,\"secondsAgo\":%d}"
                    .formatted(blue, 300 * i));
        }
        assertThat(expert.put("/api/v1/rule-packages/drainage/test-cases", """
                {"name":"%s","device":{"deviceType":"rain-gauge"},
                 "readings":[{"metric":"rainfall.intensity","value":%s}],
                 "expect":{"outcome":"SUPPRESSED","level":"BLUE"}}""".formatted(shower, blue)).status())
                .isEqualTo(200);
        assertThat(expert.put("/api/v1/rule-packages/drainage/test-cases", """
                {"name":"%s","device":{"deviceType":"rain-gauge"},"readings":[%s],
                 "expect":{"outcome":"ALARM","level":"BLUE","alarmType":"HEAVY_RAINFALL"}}"""
                .formatted(rain, repeated)).status()).isEqualTo(200);
        try {
            JsonNode gas = expert.post("/api/v1/rule-packages/gas/versions/1/test", "{}").json();
            assertThat(gas.get("cases")).filteredOn(c -> c.get("name").asText().equals(whiff)).singleElement()
                    .satisfies(c -> assertThat(c.get("passed").asBoolean()).as(c.toString()).isTrue());
            assertThat(gas.get("cases")).filteredOn(c -> c.get("name").asText().equals(leak)).singleElement()
                    .satisfies(c -> assertThat(c.get("passed").asBoolean()).as(c.toString()).isTrue());
            JsonNode drainage = expert.post("/api/v1/rule-packages/drainage/versions/1/test", "{}").json();
            assertThat(drainage.get("cases")).filteredOn(c -> c.get("name").asText().equals(shower)).singleElement()
                    .satisfies(c -> {
                        assertThat(c.get("passed").asBoolean()).as(c.toString()).isTrue();
                        assertThat(c.get("draft").get("reasons").toString()).contains("suppression.repeat");
                    });
            assertThat(drainage.get("cases")).filteredOn(c -> c.get("name").asText().equals(rain)).singleElement()
                    .satisfies(c -> assertThat(c.get("passed").asBoolean()).as(c.toString()).isTrue());
        } finally {
            for (String name : List.of(whiff, leak)) expert.delete("/api/v1/rule-packages/gas/test-cases/" + encode(name));
            for (String name : List.of(shower, rain)) {
                expert.delete("/api/v1/rule-packages/drainage/test-cases/" + encode(name));
            }
        }
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void aPublishThatDoesNotCompileOrFailsItsTestsSwapsNothing() {
        String kitchen = kitchen();
        String broken = bundledGas().replace("withinInstrumentRange", "withinInstrumentRang");
        int v = expert.post("/api/v1/rule-packages/gas/versions", draft(broken, "typo")).json().get("version").asInt();
        Api.Response refused = expert.post("/api/v1/rule-packages/gas/versions/" + v + "/publish",
                "{\"comment\":\"try it\"}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("problems").get(0).get("path").asText()).isEqualTo(GAS);
        assertThat(refused.json().get("problems").get(0).get("line").asInt()).isPositive();
        assertThat(decide(kitchen, 30).get("alarmType").asText()).isEqualTo("COMBUSTIBLE_GAS");

        expert.put("/api/v1/rule-packages/gas/test-cases", """
                {"name":"restaurant gas at 30","device":{"deviceType":"restaurant-gas-detector"},
                 "readings":[{"metric":"gas.concentration","value":30}],
                 "expect":{"outcome":"ALARM","level":"ORANGE","alarmType":"COMBUSTIBLE_GAS"}}""");
        String wrong = bundledGas().replace("\"COMBUSTIBLE_GAS\"", "\"SOMETHING_ELSE\"");
        int w = expert.post("/api/v1/rule-packages/gas/versions", draft(wrong, "wrong")).json().get("version").asInt();
        Api.Response failing = expert.post("/api/v1/rule-packages/gas/versions/" + w + "/publish",
                "{\"comment\":\"try it\"}");
        assertThat(failing.status()).isEqualTo(422);
        assertThat(failing.json().get("failedCases").get(0).get("name").asText()).isEqualTo("restaurant gas at 30");
        assertThat(decide(kitchen, 30).get("alarmType").asText()).isEqualTo("COMBUSTIBLE_GAS");
        assertThat(expert.get("/api/v1/rule-packages/gas/versions/" + w).json().get("status").asText())
                .isEqualTo("DRAFT");
    }

    @Test
    void anNOfMRulePublishedOverTheApiDecidesOnTheDevicesStoredHistory() {
        String rule = """

                rule "Gas crosses a threshold in 3 of the last 3 readings"
                    @id("gas.restaurant.repeated")
                when
                    $o : Observation( scenario == "gas.restaurant", metric == "gas.concentration", withinInstrumentRange )
                    $t : Threshold( crossedBy($o.value) ) from $o.thresholds()
                    History( observation == $o, crossingsInLast($t, 3) >= 3 )
                then
                    insert( Finding.hazard(kcontext, $o, $t, "GAS_REPEATED") );
                end
                """;
        String drl = bundledGas().replace("import org.citysafe.rules.policy.Threshold;",
                "import org.citysafe.rules.policy.Threshold;\nimport org.citysafe.rules.engine.History;") + rule;
        int v = expert.post("/api/v1/rule-packages/gas/versions", draft(drl, "repeated gas")).json()
                .get("version").asInt();
        assertThat(expert.post("/api/v1/rule-packages/gas/versions/" + v + "/publish",
                "{\"comment\":\"repeated low gas is worth an alarm of its own\"}").status()).isEqualTo(200);

        String kitchen = kitchen();
        List<String> types = new ArrayList<>();
        for (int ago : new int[]{180, 120, 60}) {
            JsonNode d = platform.post("/api/v1/decisions", batch(false, reading(kitchen, "gas.concentration", 6,
                    "%LEL", unique("m"), ago))).json().get("decisions").get(0);
            List<String> rules = new ArrayList<>();
            d.get("reasons").forEach(r -> rules.add(r.get("ruleId").asText()));
            types.add(String.join(",", rules));
        }
        assertThat(types.get(0)).doesNotContain("gas.restaurant.repeated");
        assertThat(types.get(1)).doesNotContain("gas.restaurant.repeated");
        assertThat(types.get(2)).contains("gas.restaurant.repeated");
    }

    @Test
    void anInstancePicksUpAPublicationMadeOnAnother() throws InterruptedException {
        String kitchen = kitchen();
        String edited = bundledGas().replace("\"COMBUSTIBLE_GAS\"", "\"GAS_FROM_ELSEWHERE\"");
        // what another instance's publish leaves in the shared database: a published version and a revision
        jdbc.execute("select pg_advisory_lock(hashtextextended('citysafe.rule-repository', 0))");
        try {
            Integer v = jdbc.queryForObject("""
                    insert into rule_package_version (package_name, version, status, files, author, comment,
                                                      published_at, published_by)
                    select 'gas', max(version) + 1, 'PUBLISHED', jsonb_build_array(jsonb_build_object('path', ?, 'drl', ?)),
                           'expert-on-b', 'published on instance b', now(), 'expert-on-b'
                    from rule_package_version where package_name = 'gas'
                    returning version
                    """, Integer.class, GAS, edited);
            jdbc.update("update rule_package set published_version = ? where name = 'gas'", v);
            jdbc.update("""
                    insert into rule_revision (packages, published_by, comment)
                    select jsonb_object_agg(name, published_version), 'expert-on-b', 'published on instance b'
                    from rule_package where published_version is not null
                    """);
        } finally {
            jdbc.execute("select pg_advisory_unlock(hashtextextended('citysafe.rule-repository', 0))");
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String type = decide(kitchen, 30).get("alarmType").asText();
        while (!type.equals("GAS_FROM_ELSEWHERE") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            type = decide(kitchen, 30).get("alarmType").asText();
        }
        assertThat(type).isEqualTo("GAS_FROM_ELSEWHERE");
    }

    @Test
    void expertsWriteRegulatorsReadOthersNeither() {
        assertThat(regulator.get("/api/v1/rule-packages").status()).isEqualTo(200);
        assertThat(regulator.get("/api/v1/rule-authoring/vocabulary").status()).isEqualTo(200);
        assertThat(regulator.post("/api/v1/rule-packages/gas/versions", draft(bundledGas(), "x")).status())
                .isEqualTo(403);
        assertThat(operator.get("/api/v1/rule-packages").status()).isEqualTo(403);
        assertThat(platform.post("/api/v1/rule-packages/gas/validate", files(bundledGas())).status()).isEqualTo(403);
        assertThat(anonymous.get("/api/v1/rule-packages").status()).isEqualTo(401);

        JsonNode me = regulator.get("/api/v1/me").json();
        assertThat(me.get("username").asText()).isEqualTo("regulator");
        assertThat(me.get("roles").toString()).isEqualTo("[\"REGULATOR\"]");
        assertThat(me.get("districts").toString()).isEqualTo("[\"yangzhou/guangling\"]");
        assertThat(operator.get("/api/v1/me").json().get("roles").toString()).isEqualTo("[\"OPERATOR\"]");
        assertThat(anonymous.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void theGuidedFormWritesARuleIntoTheFileBeingEdited() {
        JsonNode result = expert.post("/api/v1/rule-authoring/guided-rules", """
                {"packageName":"gas","file":%s,
                 "spec":{"shape":"N_OF_M","name":"Gas crosses a threshold in 2 of the last 3 readings",
                         "id":"gas.restaurant.2of3","scenario":"gas.restaurant","metric":"gas.concentration",
                         "direction":"ABOVE","alarmType":"GAS_REPEATED","count":"2","window":"3"}}"""
                .formatted(Api.quote(bundledGas()))).json();
        assertThat(result.get("drl").asText()).startsWith("package org.citysafe.rules.gas;")
                .contains("import org.citysafe.rules.engine.History;")
                .contains("History( observation == $o, crossingsInLast($t, 3) >= 2 )");
        assertThat(expert.post("/api/v1/rule-packages/gas/validate", files(result.get("drl").asText())).json()
                .get("valid").asBoolean()).isTrue();
        Api.Response incomplete = expert.post("/api/v1/rule-authoring/guided-rules",
                "{\"packageName\":\"gas\",\"spec\":{\"shape\":\"THRESHOLD\",\"name\":\"x\",\"id\":\"x\"}}");
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.json().get("details").toString()).contains("scenario must be");

        JsonNode vocabulary = expert.get("/api/v1/rule-authoring/vocabulary").json();
        assertThat(vocabulary.get("alarmTypes").toString()).contains("COMBUSTIBLE_GAS", "SMOKE");
        assertThat(vocabulary.get("thresholds").toString()).contains("gas.restaurant");
    }

    @Test
    void aCouplingRuleSeesAnAlarmOpenNearbyThroughTheDecisionPath() {
        String rule = """

                rule "Combustible gas next to a smoke alarm"
                    @id("gas.restaurant.near-smoke")
                when
                    $o : Observation( scenario == "gas.restaurant", metric == "gas.concentration", withinInstrumentRange )
                    $t : Threshold( crossedBy($o.value) ) from $o.thresholds()
                    $n : Nearby( observation == $o, alarmType == "SMOKE", distanceMetres <= 100 )
                then
                    insert( Finding.coupled(kcontext, $o, $t, $n, "FIRE_AND_GAS", Level.RED) );
                end
                """;
        String drl = bundledGas().replace("import org.citysafe.rules.policy.Threshold;",
                "import org.citysafe.rules.policy.Threshold;\nimport org.citysafe.rules.engine.Nearby;\n"
                        + "import org.citysafe.rules.Level;") + rule;
        int v = expert.post("/api/v1/rule-packages/gas/versions", draft(drl, "coupling")).json()
                .get("version").asInt();
        assertThat(expert.post("/api/v1/rule-packages/gas/versions/" + v + "/publish",
                "{\"comment\":\"gas next to a fire is worse than either\"}").status()).isEqualTo(200);

        String smoke = unique("smoke");
        String kitchen = unique("gas");
        String far = unique("gas");
        platform.post("/api/v1/devices", devices(
                located(smoke, "smoke-detector", unique("site"), 32.39000, 119.43000),
                located(kitchen, "restaurant-gas-detector", unique("site"), 32.39030, 119.43020),
                located(far, "restaurant-gas-detector", unique("site"), 32.40000, 119.43000)));
        platform.post("/api/v1/decisions", batch(false, verifiedSmoke(smoke, 10)));
        JsonNode coupled = decide(kitchen, 6);
        assertThat(coupled.get("alarmType").asText()).isEqualTo("FIRE_AND_GAS");
        assertThat(coupled.get("level").asText()).isEqualTo("RED");
        assertThat(coupled.get("reasons").get(0).get("message").asText()).contains("SMOKE alarm is open")
                .contains("m away at site");
        assertThat(decide(far, 6).get("alarmType").asText()).isEqualTo("COMBUSTIBLE_GAS");
    }

    private static String located(String id, String type, String site, double lat, double lon) {
        return """
                {"deviceId":"%s","deviceType":"%s","siteId":"%s","districtPath":"%s","reportingIntervalSeconds":60,
                 "location":{"lat":%s,"lon":%s}}""".formatted(id, type, site, DISTRICT, lat, lon);
    }
}
