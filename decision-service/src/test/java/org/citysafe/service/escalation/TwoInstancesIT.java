package org.citysafe.service.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.RecordingReceiver;
import org.citysafe.service.support.ServiceTestBase;
import org.citysafe.service.support.ServiceInstance;
import org.citysafe.service.support.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.contact;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * A second instance joins the test application on its database: both claim the same due steps and the same
 * outbox, and no step is sent twice.
 */
class TwoInstancesIT extends ServiceTestBase {

    @Autowired
    DataSource dataSource;

    @Test
    void twoInstancesOnOneDatabaseNeverSendAStepTwice() {
        HikariDataSource db = (HikariDataSource) dataSource;
        try (ServiceInstance second = ServiceInstance.start("second", db.getJdbcUrl(), db.getUsername(),
                db.getPassword(), environment.getProperty("citysafe.notify.ops-centre.topic"), Map.of())) {
            Api[] platforms = {platform, second.platform()};
            Api[] operators = {operator, second.operator()};
            List<String> alarms = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String site = unique("restaurant");
                String gas = unique("gas");
                platform.post("/api/v1/devices", devices(device(gas, "restaurant-gas-detector", site, DISTRICT,
                        contact("Wang Wei", "OWNER", "13800000001", "wx-wangwei"),
                        contact("Zhao Gang", "GRID_OFFICER", "13800000003", null))));
                // RED and ORANGE by turns, each decided on one instance and (ORANGE) confirmed on the other
                boolean red = i % 2 == 0;
                JsonNode d = platforms[i % 2].post("/api/v1/decisions", batch(false,
                        reading(gas, "gas.concentration", red ? 60 : 30, "%LEL", unique("m"), 1))).json()
                        .get("decisions").get(0);
                alarms.add(d.get("alarmId").asText());
                if (!red && i % 4 == 1) {
                    operators[(i + 1) % 2].post("/api/v1/alarms/" + d.get("alarmId").asText() + "/verify",
                            "{\"verdict\":\"CONFIRMED\"}");
                }
            }
            for (String id : alarms) {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    JsonNode alarm = operator.get("/api/v1/alarms/" + id).json();
                    return EscalationIT.onlyHeldStepsLeft(alarm) && EscalationIT.deliveriesSettled(alarm);
                });
            }

            Set<String> senders = new HashSet<>();
            for (String id : alarms) {
                JsonNode alarm = operator.get("/api/v1/alarms/" + id).json();
                List<String> received = new ArrayList<>();
                for (RecordingReceiver r : List.of(TestInfrastructure.GATEWAY, TestInfrastructure.DUTY_CENTRE,
                        TestInfrastructure.FIRE_119)) {
                    r.requestsFor(id).forEach(q -> received.add(q.deliveryId()));
                }
                assertThat(received).as("messages of alarm %s at the receivers", id).doesNotHaveDuplicates();
                List<String> delivered = new ArrayList<>();
                for (JsonNode d : alarm.get("deliveries")) {
                    if (!d.get("channel").asText().equals("OPS_CENTRE")) delivered.add(d.get("deliveryId").asText());
                }
                assertThat(received).containsExactlyInAnyOrderElementsOf(delivered);
                long fired = 0;
                for (JsonNode t : alarm.get("escalation").get("timers")) {
                    if (t.get("state").asText().equals("FIRED")) fired++;
                }
                assertThat(alarm.get("timeline").findValuesAsText("type").stream().filter("STEP_FIRED"::equals).count())
                        .isEqualTo(fired);
                senders.addAll(alarm.get("deliveries").findValuesAsText("sentBy"));
            }
            assertThat(senders).as("both instances sent").contains("second").hasSizeGreaterThan(1);
        }
    }
}
