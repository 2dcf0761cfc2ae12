package org.citysafe.service.security;

import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.reading;

class AccessIT extends ServiceTestBase {

    @Test
    void theApiNeedsCredentials() {
        assertThat(anonymous.post("/api/v1/decisions", batch(true)).status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/alarms").status()).isEqualTo(401);
        assertThat(new Api(port, "platform", "wrong").get("/api/v1/alarms").status())
                .isEqualTo(401);
    }

    @Test
    void eachRoleReachesOnlyItsOwnResources() {
        assertThat(operator.post("/api/v1/decisions", batch(true)).status()).isEqualTo(403);
        assertThat(operator.post("/api/v1/devices", "{\"devices\":[]}").status()).isEqualTo(403);
        assertThat(platform.post("/api/v1/decisions", batch(true, reading("x", "gas.concentration", 1, "%LEL", "m", 1)))
                .status()).isEqualTo(200);
        assertThat(operator.get("/api/v1/alarms").status()).isEqualTo(200);
        assertThat(platform.get("/api/v1/alarms").status()).isEqualTo(200);
    }

    @Test
    void healthAndTheApiDescriptionArePublicAndMetricsAreNot() {
        assertThat(anonymous.get("/actuator/health").json().get("status").asText()).isEqualTo("UP");
        assertThat(anonymous.get("/actuator/health/readiness").json().get("status").asText()).isEqualTo("UP");
        var docs = anonymous.get("/v3/api-docs").json();
        assertThat(docs.get("paths").has("/api/v1/decisions")).isTrue();
        assertThat(docs.get("paths").has("/api/v1/alarms/{id}")).isTrue();
        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(401);
        platform.post("/api/v1/decisions", batch(true, reading("x", "gas.concentration", 1, "%LEL", "m", 1)));
        assertThat(operator.get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(platform.get("/actuator/prometheus").body()).contains("citysafe_decisions_total");
        assertThat(new Api(port, "ops", "ops-pw").get("/actuator/prometheus").body())
                .contains("citysafe_decisions_total");
    }
}
