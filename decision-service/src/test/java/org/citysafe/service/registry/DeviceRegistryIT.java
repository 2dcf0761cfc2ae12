package org.citysafe.service.registry;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;

class DeviceRegistryIT extends ServiceTestBase {

    @Test
    void devicesAreRegisteredAndUpdatedInBulkWithTheirScenarioAndDistricts() {
        String id = unique("smoke");
        String city = unique("city");
        Api.Response created = platform.post("/api/v1/devices",
                devices(device(id, "smoke-detector", "site-a", city + "/guangling/dongguan/wenhe")));
        assertThat(created.json().get("devices").get(0).get("status").asText()).isEqualTo("CREATED");
        Api.Response updated = platform.post("/api/v1/devices",
                devices(device(id, "smoke-detector", "site-b", city + "/guangling/dongguan/wenhe")));
        assertThat(updated.json().get("devices").get(0).get("status").asText()).isEqualTo("UPDATED");

        JsonNode device = platform.get("/api/v1/devices/" + id).json();
        assertThat(device.get("siteId").asText()).isEqualTo("site-b");
        assertThat(device.get("scenario").asText()).isEqualTo("fire.smoke-detector");
        assertThat(device.get("contacts").get(0).get("role").asText()).isEqualTo("OWNER");

        JsonNode districts = platform.get("/api/v1/districts").json();
        JsonNode cityNode = null;
        JsonNode community = null;
        for (JsonNode d : districts) {
            if (d.get("path").asText().equals(city)) cityNode = d;
            if (d.get("path").asText().equals(city + "/guangling/dongguan/wenhe")) community = d;
        }
        assertThat(cityNode.get("level").asText()).isEqualTo("CITY");
        assertThat(cityNode.get("deviceCount").asInt()).isEqualTo(1);
        assertThat(community.get("level").asText()).isEqualTo("COMMUNITY");
        assertThat(community.get("parentPath").asText()).isEqualTo(city + "/guangling/dongguan");
    }

    @Test
    void invalidDevicesAreRejectedWithReasonsAndTheValidOnesStored() {
        String good = unique("gas");
        Api.Response r = platform.post("/api/v1/devices", devices(
                device(unique("x"), "toaster", "s", "yangzhou/guangling"),
                device("a/b", "smoke-detector", "s", "yangzhou"),
                device(unique("y"), "smoke-detector", "s", "a/b/c/d/e"),
                device(good, "restaurant-gas-detector", "s", "yangzhou/hanjiang")));
        JsonNode body = r.json();
        assertThat(body.get("registered").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").asInt()).isEqualTo(3);
        assertThat(body.get("devices").get(0).get("errors").get(0).asText()).startsWith("deviceType 'toaster' is unknown");
        assertThat(body.get("devices").get(1).get("errors").get(0).asText()).contains("deviceId 'a/b' contains '/'");
        assertThat(body.get("devices").get(2).get("errors").get(0).asText()).contains("at most 4");
        assertThat(body.get("devices").get(3).get("status").asText()).isEqualTo("CREATED");
        assertThat(operator.get("/api/v1/devices/" + good).status()).isEqualTo(200);
        assertThat(operator.get("/api/v1/devices/a/b").status()).isEqualTo(404);
    }

    @Test
    void devicesCanBeImportedFromCsv() {
        String a = unique("gas");
        String b = unique("smoke");
        String csv = "deviceId,deviceType,siteId,districtPath,reportingIntervalSeconds,lat,lon,contacts\n"
                + a + ",restaurant-gas-detector,r-1,yangzhou/guangling,60,32.39,119.43,\"Li Na|OWNER|13900000000;Duty|SAFETY_MANAGER|13900000001\"\n"
                + b + ",smoke-detector,r-1,yangzhou/guangling,300,,,\n";
        Api.Response r = platform.post("/api/v1/devices", "text/csv", csv);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("registered").asInt()).isEqualTo(2);
        JsonNode gas = operator.get("/api/v1/devices/" + a).json();
        assertThat(gas.get("contacts")).hasSize(2);
        assertThat(gas.get("contacts").get(1).get("role").asText()).isEqualTo("SAFETY_MANAGER");
        assertThat(gas.get("location").get("lat").asDouble()).isEqualTo(32.39);
        assertThat(operator.get("/api/v1/devices/" + b).json().get("location").isNull()).isTrue();

        Api.Response bad = platform.post("/api/v1/devices", "text/csv",
                "deviceId,deviceType,siteId,districtPath,reportingIntervalSeconds\nx,smoke-detector,s,yangzhou,often\n");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("details").get(0).asText()).startsWith("line 2: a number is malformed");
        Api.Response noHeader = platform.post("/api/v1/devices", "text/csv", "deviceId,siteId\nx,s\n");
        assertThat(noHeader.json().get("message").asText()).isEqualTo("CSV header lacks the column 'deviceType'");
    }

    /** A registration the allow-list of README.md ("What an id may look like") refuses, and what the answer says. */
    private record Refused(String deviceId, String siteId, String districtPath, String reason) {
    }

    private static final List<Refused> REFUSED = List.of(
            new Refused("gas\u0000x", "s", "yangzhou", "contains the control or space character U+0000"),
            new Refused("gas\u001b[2J", "s", "yangzhou", "contains the control or space character U+001B"),
            new Refused("gas 1", "s", "yangzhou", "contains the control or space character U+0020"),
            new Refused("=HYPERLINK(\"http://x\")", "s", "yangzhou", "must start with a letter or digit"),
            new Refused("@SUM(1)", "s", "yangzhou", "must start with a letter or digit"),
            new Refused("+1", "s", "yangzhou", "must start with a letter or digit"),
            new Refused("-2+3", "s", "yangzhou", "must start with a letter or digit"),
            new Refused("dev#1", "s", "yangzhou", "contains '#'"),
            new Refused("x".repeat(129), "s", "yangzhou", "at most 128"),
            new Refused("ok-1", "=cmd|'/c calc'!A1", "yangzhou", "siteId '=cmd"),
            new Refused("ok-2", "s", "-2+3", "districtPath '-2+3': level '-2+3' must start with a letter or digit"),
            new Refused("ok-3", "s", "yangzhou/guangling/../hanjiang", "level '..' must start with a letter or digit"),
            new Refused("ok-4", "s", "yangzhou/./guangling", "level '.' must start with a letter or digit"),
            new Refused("ok-5", "s", "yangzhou/", "has an empty level"),
            new Refused("ok-6", "s", "yangzhou//guangling", "has an empty level"),
            new Refused("ok-7", "s", "yang zhou", "contains the control or space character U+0020"),
            new Refused("ok-8", "s", "yangzhou/guang\tling", "U+0009"));

    @TestFactory
    Stream<DynamicTest> idsAndDistrictPathsOutsideTheAllowListAreRefusedWithTheReason() {
        return REFUSED.stream().map(r -> DynamicTest.dynamicTest(Identifiers.printable(r.deviceId() + " at "
                + r.siteId() + " in " + r.districtPath()), () -> {
            String deviceId = r.deviceId().startsWith("ok-") ? unique(r.deviceId()) : r.deviceId();
            String body = "{\"devices\":[{\"deviceId\":" + Api.quote(deviceId) + ",\"deviceType\":\"smoke-detector\","
                    + "\"siteId\":" + Api.quote(r.siteId()) + ",\"districtPath\":" + Api.quote(r.districtPath()) + "}]}";
            JsonNode answer = platform.post("/api/v1/devices", body).json();
            assertThat(answer.get("rejected").asInt()).as(answer.toString()).isEqualTo(1);
            assertThat(answer.get("devices").get(0).get("errors").toString()).contains(r.reason());
        }));
    }

    @Test
    void idsOfAnyScriptAreWelcome() {
        String id = unique("燃气-探测器");
        Api.Response r = platform.post("/api/v1/devices", devices(device(id, "smoke-detector", unique("广陵-商铺"),
                "扬州/广陵区")));
        assertThat(r.json().get("registered").asInt()).as(r.body()).isEqualTo(1);
    }
}
