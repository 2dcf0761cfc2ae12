package org.citysafe.service.decision;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * Many platform requests at once may be decided together (group commit); each still gets exactly its own decisions,
 * in its own order, and a refusal in one request does not touch the others.
 */
class DecisionCoalescingIT extends ServiceTestBase {

    @Test
    void concurrentRequestsEachGetTheirOwnDecisionsInOrder() throws Exception {
        int requests = 60;
        List<String> gas = new ArrayList<>();
        List<String> registrations = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            gas.add(unique("gas"));
            registrations.add(device(gas.get(i), "restaurant-gas-detector", unique("site"), DISTRICT));
        }
        assertThat(platform.post("/api/v1/devices", devices(registrations.toArray(String[]::new))).status())
                .isEqualTo(200);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<List<String>>> answers = new ArrayList<>();
            List<List<String>> expected = new ArrayList<>();
            for (int r = 0; r < requests; r++) {
                int size = 1 + r % 3;
                List<String> ids = new ArrayList<>();
                List<String> body = new ArrayList<>();
                for (int k = 0; k < size; k++) {
                    String id = "co-" + r + "-" + k;
                    ids.add(id);
                    // every seventh request names a device nobody registered: refused, alone
                    String deviceId = r % 7 == 0 && k == 0 ? "nobody-" + unique("x") : gas.get((r + k) % gas.size());
                    body.add(reading(deviceId, "gas.concentration", 1 + k, "%LEL", unique(id), 5));
                }
                expected.add(ids);
                String json = batch(false, body.toArray(String[]::new));
                Callable<List<String>> call = () -> {
                    Api.Response resp = platform.post("/api/v1/decisions", json);
                    assertThat(resp.status()).as(resp.body()).isEqualTo(200);
                    List<String> got = new ArrayList<>();
                    for (JsonNode d : resp.json().get("decisions")) {
                        String m = d.get("messageId").asText();
                        got.add(m.substring(0, m.lastIndexOf('-')) + "|" + d.get("outcome").asText());
                    }
                    return got;
                };
                answers.add(pool.submit(call));
            }
            for (int r = 0; r < requests; r++) {
                List<String> got = answers.get(r).get();
                List<String> want = new ArrayList<>();
                for (int k = 0; k < expected.get(r).size(); k++) {
                    want.add(expected.get(r).get(k) + "|" + (r % 7 == 0 && k == 0 ? "REJECTED" : "NORMAL"));
                }
                assertThat(got).as("request " + r).isEqualTo(want);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
