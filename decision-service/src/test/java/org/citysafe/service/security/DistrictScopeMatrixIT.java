package org.citysafe.service.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * The README's role × resource table, as a generated test: for each resource and each account, inside its districts
 * and outside them, the status code, and for lists whether they show what lies in the district. The things looked
 * at are in {@code yangzhou/guangling/dongguan/wenhe} (and one alarm in {@code yangzhou/hanjiang}); the accounts:
 * {@code operator} (governs yangzhou), {@code regulator} (yangzhou/guangling), {@code hanjiang-operator} and
 * {@code hanjiang-regulator} (yangzhou/hanjiang: outside), {@code platform} and {@code expert} (not scoped).
 */
class DistrictScopeMatrixIT extends ServiceTestBase {

    private static final String HANJIANG = "yangzhou/hanjiang/wantou/jiangyang";
    private static final List<String> ACCOUNTS = List.of("operator", "regulator", "hanjiang-operator",
            "hanjiang-regulator", "platform", "expert");

    /** What the matrix looks at, made once for the whole run. */
    private record Subjects(String device, String site, String alarm, String hanjiangAlarm, String asset,
                            String silenceSite, Map<String, String> silenceFor) {
    }

    /** A request (made for the account) and the status each account gets. */
    private record Row(String resource, BiFunction<Subjects, String, Request> request, Map<String, Integer> expected) {
        Row(String resource, Function<Subjects, Request> request, Map<String, Integer> expected) {
            this(resource, (s, account) -> request.apply(s), expected);
        }
    }

    /** A list and whether each account finds the subject in it. */
    private record ListRow(String resource, Function<Subjects, String> path, Function<Subjects, String> sought,
                           Map<String, Boolean> expected) {
    }

    private record Request(String method, String path, String body) {
    }

    private static Request get(String path) {
        return new Request("GET", path, null);
    }

    private static Request post(String path, String body) {
        return new Request("POST", path, body);
    }

    /** Expected statuses in the order of {@link #ACCOUNTS}. */
    private static Map<String, Integer> statuses(int... codes) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < codes.length; i++) m.put(ACCOUNTS.get(i), codes[i]);
        return m;
    }

    private static Map<String, Boolean> finds(boolean... found) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (int i = 0; i < found.length; i++) m.put(ACCOUNTS.get(i), found[i]);
        return m;
    }

    //                                     operator regulator hj-operator hj-regulator platform expert
    private static final List<Row> ROWS = List.of(
            new Row("alarm", s -> get("/api/v1/alarms/" + s.alarm()), statuses(200, 200, 403, 403, 200, 403)),
            new Row("alarm's readings", s -> get("/api/v1/alarms/" + s.alarm() + "/readings"),
                    statuses(200, 200, 403, 403, 200, 403)),
            new Row("comment on an alarm", s -> post("/api/v1/alarms/" + s.alarm() + "/comment", "{\"text\":\"seen\"}"),
                    statuses(200, 403, 403, 403, 403, 403)),
            new Row("comment on another district's alarm",
                    s -> post("/api/v1/alarms/" + s.hanjiangAlarm() + "/comment", "{\"text\":\"seen\"}"),
                    statuses(200, 403, 200, 403, 403, 403)),
            new Row("acknowledge an alarm", s -> post("/api/v1/alarms/" + s.alarm() + "/ack", "{}"),
                    statuses(200, 403, 403, 403, 403, 403)),
            new Row("device", s -> get("/api/v1/devices/" + s.device()), statuses(200, 200, 403, 403, 200, 200)),
            new Row("devices of a district", s -> get("/api/v1/devices?district=" + DISTRICT),
                    statuses(200, 200, 403, 403, 200, 200)),
            new Row("asset", s -> get("/api/v1/assets/" + s.asset()), statuses(200, 200, 403, 403, 200, 200)),
            new Row("asset's neighbours", s -> get("/api/v1/assets/" + s.asset() + "/neighbours"),
                    statuses(200, 200, 403, 403, 200, 200)),
            new Row("silence a site", s -> post("/api/v1/silences", silenceOf(s.site())),
                    statuses(201, 201, 403, 403, 403, 403)),
            new Row("silence a district", s -> post("/api/v1/silences", districtSilence(DISTRICT)),
                    statuses(201, 201, 403, 403, 403, 403)),
            new Row("cancel a silence", (s, account) -> new Request("DELETE",
                    "/api/v1/silences/" + s.silenceFor().get(account), null),
                    statuses(204, 204, 403, 403, 403, 403)),
            new Row("policy in force for a device", s -> get("/api/v1/policies/resolved?deviceId=" + s.device()),
                    statuses(200, 200, 403, 403, 403, 200)),
            new Row("policy in force above the districts", s -> get("/api/v1/policies/resolved?district=yangzhou"),
                    statuses(200, 200, 200, 200, 403, 200)),
            new Row("policy versions of a district", s -> get("/api/v1/policies?scope=yangzhou/guangling"),
                    statuses(200, 200, 403, 403, 403, 200)),
            new Row("draft a district policy", s -> post("/api/v1/policies", "{\"scope\":\"yangzhou/guangling/dongguan\","
                    + "\"comment\":\"matrix\",\"document\":{\"thresholds\":[]}}"),
                    statuses(403, 201, 403, 403, 403, 403)));

    private static final List<ListRow> LISTS = List.of(
            new ListRow("alarms", s -> "/api/v1/alarms?limit=1000", Subjects::alarm,
                    finds(true, true, false, false, true, false)),
            new ListRow("alarms of another district", s -> "/api/v1/alarms?limit=1000", Subjects::hanjiangAlarm,
                    finds(true, false, true, true, true, false)),
            new ListRow("silences", s -> "/api/v1/silences", Subjects::silenceSite,
                    finds(true, true, false, false, false, false)),
            new ListRow("districts", s -> "/api/v1/districts", s -> DISTRICT,
                    finds(true, true, false, false, true, true)),
            new ListRow("devices of the city", s -> "/api/v1/devices?district=yangzhou&limit=1000", Subjects::device,
                    finds(true, true, false, false, true, true)));

    @TestFactory
    Stream<DynamicContainer> eachRoleSeesAndActsOnItsDistrictsOnly() {
        Subjects s = subjects();
        List<DynamicContainer> out = new ArrayList<>();
        for (Row row : ROWS) {
            List<DynamicTest> cells = new ArrayList<>();
            for (String account : ACCOUNTS) {
                cells.add(DynamicTest.dynamicTest(account + " → " + row.expected().get(account), () -> {
                    Request r = row.request().apply(s, account);
                    Api api = api(account);
                    Api.Response response = switch (r.method()) {
                        case "GET" -> api.get(r.path());
                        case "DELETE" -> api.delete(r.path());
                        default -> api.post(r.path(), r.body());
                    };
                    assertThat(response.status()).as("%s %s as %s: %s", r.method(), r.path(), account, response.body())
                            .isEqualTo(row.expected().get(account));
                    if (response.status() == 403) assertThat(response.json().get("message").asText()).isNotBlank();
                }));
            }
            out.add(DynamicContainer.dynamicContainer(row.resource(), cells));
        }
        for (ListRow row : LISTS) {
            List<DynamicTest> cells = new ArrayList<>();
            for (String account : ACCOUNTS) {
                boolean expected = row.expected().get(account);
                cells.add(DynamicTest.dynamicTest(account + (expected ? " finds it" : " does not"), () -> {
                    Api.Response response = api(account).get(row.path().apply(s));
                    if (response.status() == 403) {
                        assertThat(expected).as("%s is refused the list", account).isFalse();
                        return;
                    }
                    assertThat(response.status()).as(response.body()).isEqualTo(200);
                    assertThat(response.body().contains("\"" + row.sought().apply(s) + "\""))
                            .as("%s lists %s", account, row.sought().apply(s)).isEqualTo(expected);
                }));
            }
            out.add(DynamicContainer.dynamicContainer("list of " + row.resource(), cells));
        }
        return out.stream();
    }

    /** A scope is taken as written: one that walks out of a district, or only shares its prefix, is not inside it. */
    @Test
    void aScopeThatWalksOutOfTheDistrictsIsRefused() {
        Api.Response walking = regulator.post("/api/v1/silences", districtSilence("yangzhou/guangling/../hanjiang"));
        assertThat(walking.status()).isEqualTo(400);
        assertThat(walking.json().get("details").get(0).asText())
                .isEqualTo("scope: districtPath 'yangzhou/guangling/../hanjiang': level '..' must start with a letter"
                        + " or digit");
        assertThat(regulator.post("/api/v1/silences", districtSilence("yangzhou/guanglingxi")).status())
                .as("a district whose name starts like the regulator's").isEqualTo(403);
        assertThat(regulator.post("/api/v1/policies", "{\"scope\":\"-2+3\",\"comment\":\"x\",\"document\":{}}")
                .status()).isEqualTo(400);
    }

    private Subjects subjects() {
        String gas = unique("gas");
        String site = unique("scoped");
        String hanjiangGas = unique("gas");
        String hanjiangSite = unique("elsewhere");
        String asset = unique("W");
        assertThat(platform.post("/api/v1/assets", "application/geo+json", """
                {"type":"FeatureCollection","features":[{"type":"Feature",
                 "geometry":{"type":"Point","coordinates":[119.4330,32.3945]},
                 "properties":{"id":"%s","kind":"drainage-well","districtPath":"%s"}}]}""".formatted(asset, DISTRICT))
                .status()).isEqualTo(200);
        assertThat(platform.post("/api/v1/devices", devices(device(gas, "restaurant-gas-detector", site, DISTRICT),
                device(hanjiangGas, "restaurant-gas-detector", hanjiangSite, HANJIANG))).status()).isEqualTo(200);
        JsonNode decided = platform.post("/api/v1/decisions", batch(false,
                reading(gas, "gas.concentration", 32, "%LEL", unique("m"), 1),
                reading(hanjiangGas, "gas.concentration", 32, "%LEL", unique("m"), 1))).json().get("decisions");
        String alarm = decided.get(0).get("alarmId").asText();
        String hanjiangAlarm = decided.get(1).get("alarmId").asText();
        assertThat(alarm).isNotBlank();
        assertThat(hanjiangAlarm).isNotBlank();
        String silenceSite = unique("silenced");
        platform.post("/api/v1/devices", devices(device(unique("smoke"), "smoke-detector", silenceSite, DISTRICT)));
        // one silence for each account to try to cancel
        Map<String, String> silenceFor = new LinkedHashMap<>();
        for (String account : ACCOUNTS) {
            Api.Response silence = operator.post("/api/v1/silences", silenceOf(silenceSite));
            assertThat(silence.status()).as(silence.body()).isEqualTo(201);
            silenceFor.put(account, silence.json().get("id").asText());
        }
        return new Subjects(gas, site, alarm, hanjiangAlarm, asset, silenceSite, silenceFor);
    }

    private static String silenceOf(String site) {
        return "{\"scopeType\":\"SITE\",\"scope\":\"" + site + "\",\"endsAt\":\""
                + OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(10) + "\",\"reason\":\"matrix\"}";
    }

    private static String districtSilence(String district) {
        return "{\"scopeType\":\"DISTRICT\",\"scope\":\"" + district + "\",\"alarmTypes\":[\"NO_SUCH_TYPE\"],"
                + "\"endsAt\":\"" + OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1) + "\",\"reason\":\"matrix\"}";
    }

    private Api api(String account) {
        return switch (account) {
            case "operator" -> operator;
            case "regulator" -> regulator;
            case "hanjiang-operator" -> new Api(port, "hanjiang-operator", "hj-op-pw");
            case "hanjiang-regulator" -> new Api(port, "hanjiang-regulator", "hj-reg-pw");
            case "platform" -> platform;
            case "expert" -> expert;
            default -> throw new IllegalArgumentException(account);
        };
    }
}
