package org.citysafe.service.escalation;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.citysafe.service.support.Api;
import org.citysafe.service.support.RecordingReceiver;
import org.citysafe.service.support.ServiceInstance;
import org.citysafe.service.support.TestInfrastructure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.contact;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * Measures, not a test (docs/ESCALATION.md has the command and the numbers): the time from sending the decisive
 * reading to the owner's SMS arriving at the gateway, and from sending the CONFIRMED verdict to the dossier arriving
 * at the 119 gateway (GB 50440: at most 3 s). The service runs as deployed (one instance, PostgreSQL, the HTTP
 * receivers on loopback), with the default chains and default poll intervals; times are taken by the receivers.
 *
 * <p>Arguments: number of alarms (default 50), warm-up alarms (default 10).
 */
public final class EscalationLatency {

    private EscalationLatency() {
    }

    public static void main(String[] args) throws Exception {
        int alarms = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        RecordingReceiver gateway = TestInfrastructure.GATEWAY;
        RecordingReceiver fire119 = TestInfrastructure.FIRE_119;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             ServiceInstance service = ServiceInstance.start("benchmark", pg.getJdbcUrl("postgres", "postgres"),
                     "postgres", null, null, Map.of(
                             // as deployed: the default waits and poll intervals, not the tests' short ones
                             "citysafe.escalation.waits.owner-acknowledge", "3m",
                             "citysafe.escalation.poll-interval", "500ms",
                             "citysafe.notify.poll-interval", "500ms"))) {
            Api platform = service.platform();
            Api operator = service.operator();
            List<Double> toOwner = new ArrayList<>();
            List<Double> to119 = new ArrayList<>();
            for (int i = 0; i < warmUp + alarms; i++) {
                String site = "bench-site-" + UUID.randomUUID();
                String gas = "bench-gas-" + UUID.randomUUID();
                platform.post("/api/v1/devices", devices(device(gas, "restaurant-gas-detector", site, DISTRICT,
                        contact("Wang Wei", "OWNER", "13800000001", null))));

                long sent = System.nanoTime();
                String id = platform.post("/api/v1/decisions", batch(false,
                                reading(gas, "gas.concentration", 30, "%LEL", "bench-" + i, 1)))
                        .json().get("decisions").get(0).get("alarmId").asText();
                long ownerAt = await(gateway, id);

                long confirmed = System.nanoTime();
                operator.post("/api/v1/alarms/" + id + "/verify", "{\"verdict\":\"CONFIRMED\"}");
                long dispatchedAt = await(fire119, id);
                if (i >= warmUp) {
                    toOwner.add((ownerAt - sent) / 1e6);
                    to119.add((dispatchedAt - confirmed) / 1e6);
                }
            }
            System.out.printf(Locale.ROOT, "%n%d alarms after %d warm-up, %d CPUs, Java %s%n", alarms, warmUp,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.println("| path | p50 ms | p95 ms | max ms |");
            System.out.println("|---|---|---|---|");
            print("decisive reading → owner SMS at the gateway", toOwner);
            print("CONFIRMED verdict → dossier at the 119 gateway", to119);
        }
        System.exit(0);
    }

    private static long await(RecordingReceiver receiver, String alarmId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<RecordingReceiver.Request> got = receiver.acceptedFor(alarmId);
            if (!got.isEmpty()) return got.get(0).nanoTime();
            Thread.sleep(1);
        }
        throw new IllegalStateException("nothing arrived for alarm " + alarmId + " within 30 s");
    }

    private static void print(String path, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |%n", path, percentile(sorted, 50),
                percentile(sorted, 95), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
