package org.citysafe.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.citysafe.rules.Device;
import org.citysafe.rules.Reading;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a running service end to end (docs/BENCHMARKS.md has the commands). Modes:
 * <ul>
 *   <li>{@code mqtt}: gateway batches over MQTT at a fixed reading rate for a time, then waits until every reading
 *       is decided and checks count in = count stored;</li>
 *   <li>{@code http}: batches to {@code POST /api/v1/decisions} from several clients as fast as they are answered,
 *       then the same check;</li>
 *   <li>{@code latency}: single readings to {@code POST /api/v1/decisions} at a fixed request rate, open loop (each
 *       latency counted from when the request was due, so a slow answer cannot hide the ones queued behind it),
 *       with percentiles;</li>
 *   <li>{@code publish}: publishes a rule package version a few times while decisions run at a steady rate; how
 *       long each publish takes and whether any decision failed meanwhile;</li>
 *   <li>{@code policy}: gives {@code districts} districts a published policy each, then changes one district's
 *       threshold a few times while decisions run: from the publish request until a decision in that district is
 *       made with the new version, and whether any decision failed meanwhile.</li>
 * </ul>
 * Arguments are {@code key=value}; see {@link #main}.
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> args;
    private final String base;
    private final String auth;
    private final HttpClient http;
    private final String prefix;
    private final int devices;
    private final int hazardEvery;

    private LoadGenerator(Map<String, String> args) {
        this.args = args;
        this.base = arg("base", "http://127.0.0.1:8080");
        this.auth = basic(arg("user", "platform:platform-demo"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Integer.parseInt(arg("httpThreads", "8")))).build();
        this.prefix = arg("prefix", "lg" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36));
        this.devices = Integer.parseInt(arg("devices", "10000"));
        this.hazardEvery = Integer.parseInt(arg("hazardEvery", "1000"));
    }

    /**
     * {@code mode=mqtt|http|latency|publish}, and: {@code base} (http://127.0.0.1:8080), {@code user}
     * (platform:platform-demo), {@code expert} (expert:expert-demo, for publish), {@code mqtt} (tcp://127.0.0.1:1884),
     * {@code topicPrefix} (citysafe/v1), {@code devices} (10000), {@code rate} (readings/s for mqtt; requests/s for
     * latency and publish), {@code seconds}, {@code warmup} (seconds, latency), {@code batch} (readings per message or
     * request), {@code clients} (http), {@code jdbc} (the service's database, to count the readings stored),
     * {@code connections} (64: keep-alive connections of the steady request modes), {@code prefix} (device and
     * message ids; default: a fresh one per run), {@code hazardEvery} (1000: one reading
     * in so many is past ORANGE).
     */
    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("arguments are key=value, not " + a);
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        LoadGenerator lg = new LoadGenerator(args);
        String mode = lg.arg("mode", "latency");
        switch (mode) {
            case "mqtt" -> lg.mqtt();
            case "http" -> lg.httpThroughput();
            case "latency" -> lg.latency();
            case "publish" -> lg.publish();
            case "policy" -> lg.policy();
            default -> throw new IllegalArgumentException("mode is mqtt, http, latency, publish or policy, not " + mode);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------------- modes

    private void mqtt() throws Exception {
        register();
        int rate = Integer.parseInt(arg("rate", "10000"));
        int seconds = Integer.parseInt(arg("seconds", "60"));
        int batch = Integer.parseInt(arg("batch", "200"));
        String topic = arg("topicPrefix", "citysafe/v1") + "/gateways/" + prefix + "-gw/readings";
        long total = (long) rate * seconds / batch * batch;
        URI broker = URI.create(arg("mqtt", "tcp://127.0.0.1:1884"));
        Mqtt3AsyncClient client = MqttClient.builder().identifier(prefix + "-publisher")
                .serverHost(broker.getHost()).serverPort(broker.getPort()).useMqttVersion3().buildAsync();
        client.connectWith().cleanSession(true).send().get(10, TimeUnit.SECONDS);
        // at most this many batches sent and not yet acknowledged by the broker: back-pressure, as a device's window
        Semaphore inFlight = new Semaphore(1000);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        long before = decided("mqtt");
        System.out.printf("mqtt: %,d readings to %s in batches of %d at %,d readings/s for %d s%n", total, topic, batch,
                rate, seconds);
        long start = System.nanoTime();
        long intervalNanos = (long) (1e9 * batch / rate);
        AtomicLong published = new AtomicLong();
        for (long seq = 0, n = 0; seq < total; seq += batch, n++) {
            waitUntil(start + n * intervalNanos);
            byte[] payload = batchJson(seq, batch, Instant.now()).getBytes(StandardCharsets.UTF_8);
            inFlight.acquire();
            if (failed.get() != null) throw new IllegalStateException("a publish failed", failed.get());
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                    .whenComplete((acknowledged, failure) -> {
                        if (failure != null) failed.compareAndSet(null, failure);
                        inFlight.release();
                    });
            published.addAndGet(batch);
            if (n % Math.max(1, rate / batch * 10) == 0 && n > 0) progress("mqtt", start, published.get(), before);
        }
        inFlight.acquire(1000); // every batch acknowledged by the broker
        if (failed.get() != null) throw new IllegalStateException("a publish failed", failed.get());
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        client.disconnect().get(10, TimeUnit.SECONDS);
        System.out.printf("published %,d readings in %.1f s (%,.0f readings/s offered)%n", total, sendSeconds,
                total / sendSeconds);
        awaitDecided("mqtt", before, total, start);
    }

    private void httpThroughput() throws Exception {
        register();
        int seconds = Integer.parseInt(arg("seconds", "60"));
        int batch = Integer.parseInt(arg("batch", "200"));
        int clients = Integer.parseInt(arg("clients", "4"));
        long before = decided("http");
        AtomicLong sequence = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long seq = sequence.getAndAdd(batch);
                    try {
                        HttpResponse<String> r = post("/api/v1/decisions", batchJson(seq, batch, Instant.now()), auth);
                        if (r.statusCode() == 200) sent.addAndGet(batch);
                        else failed.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            });
        }
        while (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            if (System.nanoTime() > end) pool.shutdown();
            progress("http", start, sent.get(), before);
        }
        double took = (System.nanoTime() - start) / 1e9;
        System.out.printf("http: %,d readings decided and answered in %.1f s by %d clients, batches of %d: %,.0f readings/s;"
                + " %d requests failed%n", sent.get(), took, clients, batch, sent.get() / took, failed.get());
        awaitDecided("http", before, sent.get(), start);
    }

    private void latency() throws Exception {
        register();
        int rate = Integer.parseInt(arg("rate", "1000"));
        int seconds = Integer.parseInt(arg("seconds", "60"));
        int warmup = Integer.parseInt(arg("warmup", "15"));
        System.out.printf("latency: POST /api/v1/decisions, one reading each, %,d requests/s; %d s warm-up, %d s measured%n",
                rate, warmup, seconds);
        Histogram warm = run(rate, warmup, 0, new ConcurrentHistogram(3), null);
        System.out.printf("warm-up: %s%n", summary(warm, warmup));
        Map<Long, Histogram> bySecond = new ConcurrentHashMap<>();
        Histogram measured = run(rate, seconds, (long) rate * warmup, new ConcurrentHistogram(3), bySecond);
        System.out.printf("measured: %s%n", summary(measured, seconds));
        // where the tail comes from: steady, or a few stalls (a GC pause, a background task)
        System.out.println("the five seconds with the slowest p99 (by when the requests were due):");
        bySecond.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().getValueAtPercentile(99), a.getValue().getValueAtPercentile(99)))
                .limit(5)
                .forEach(e -> System.out.printf("  second %3d: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", e.getKey(),
                        e.getValue().getValueAtPercentile(50) / 1000.0, e.getValue().getValueAtPercentile(99) / 1000.0,
                        e.getValue().getMaxValue() / 1000.0));
    }

    private void publish() throws Exception {
        register();
        String expert = basic(arg("expert", "expert:expert-demo"));
        String pkg = arg("package", "gas");
        int times = Integer.parseInt(arg("times", "5"));
        int rate = Integer.parseInt(arg("rate", "200"));
        // decisions keep coming while the rules are swapped
        ConcurrentHistogram during = new ConcurrentHistogram(3);
        AtomicLong failures = new AtomicLong();
        Thread load = new Thread(() -> {
            try {
                runCounting(rate, times * 30, 0, during, failures, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        load.setDaemon(true);
        load.start();
        Thread.sleep(3000);
        for (int i = 0; i < times; i++) {
            JsonNode p = JSON.readTree(get("/api/v1/rule-packages/" + pkg, expert).body());
            int live = p.get("publishedVersion").asInt();
            JsonNode version = JSON.readTree(get("/api/v1/rule-packages/" + pkg + "/versions/" + live, expert).body());
            ArrayNode files = (ArrayNode) version.get("files");
            ObjectNode first = (ObjectNode) files.get(0);
            first.put("drl", first.get("drl").asText() + "\n// benchmark publish " + prefix + " " + i + "\n");
            ObjectNode draft = JSON.createObjectNode();
            draft.set("files", files);
            draft.put("basedOn", live);
            draft.put("comment", "benchmark: publish swap time");
            HttpResponse<String> created = post("/api/v1/rule-packages/" + pkg + "/versions", draft.toString(), expert);
            if (created.statusCode() != 201) throw new IllegalStateException("draft refused: " + created.body());
            int next = JSON.readTree(created.body()).get("version").asInt();
            long t0 = System.nanoTime();
            HttpResponse<String> published = post("/api/v1/rule-packages/" + pkg + "/versions/" + next + "/publish",
                    "{\"comment\":\"benchmark: publish swap time\"}", expert);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("publish %s v%d: HTTP %d in %,d ms (compile all packages, run the package's cases, swap)%n",
                    pkg, next, published.statusCode(), ms);
            Thread.sleep(2000);
        }
        load.join();
        System.out.printf("decisions meanwhile at %d/s: %s; failed: %d%n", rate, summary(during, times * 30),
                failures.get());
    }

    private void policy() throws Exception {
        register(); // the devices of the steady decisions
        String regulator = basic(arg("regulator", "regulator:regulator-demo"));
        int districts = Integer.parseInt(arg("districts", "100"));
        int times = Integer.parseInt(arg("times", "5"));
        int rate = Integer.parseInt(arg("rate", "200"));
        String parent = arg("parentDistrict", "yangzhou/guangling");
        // one gas detector in each district, so that each is a scope a regulator may set
        List<String> scopes = new ArrayList<>();
        StringBuilder body = new StringBuilder("{\"devices\":[");
        for (int d = 0; d < districts; d++) {
            String scope = parent + "/" + prefix + "-street-" + d;
            scopes.add(scope);
            if (d > 0) body.append(',');
            body.append("{\"deviceId\":\"").append(prefix).append("-gas-").append(d)
                    .append("\",\"deviceType\":\"restaurant-gas-detector\",\"siteId\":\"").append(prefix)
                    .append("-site-").append(d).append("\",\"districtPath\":\"").append(scope).append("/c\"}");
        }
        HttpResponse<String> registered = post("/api/v1/devices", body.append("]}").toString(), auth);
        if (registered.statusCode() != 200) throw new IllegalStateException("registering: " + registered.body());
        long t0 = System.nanoTime();
        for (int d = 0; d < districts; d++) publishPolicy(regulator, scopes.get(d), 10 + d % 5);
        System.out.printf("policy: %d districts each with a published policy (draft, validate, preview, approve,"
                + " publish) in %.1f s%n", districts, (System.nanoTime() - t0) / 1e9);

        ConcurrentHistogram during = new ConcurrentHistogram(3);
        AtomicLong failures = new AtomicLong();
        Thread load = new Thread(() -> {
            try {
                runCounting(rate, times * 8 + 5, 0, during, failures, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        load.setDaemon(true);
        load.start();
        Thread.sleep(2000);
        String probe = prefix + "-gas-0";
        for (int i = 0; i < times; i++) {
            Published p = publishPolicy(regulator, scopes.get(0), 11 + i % 4);
            String version = p.version();
            long start = p.publishRequestedNanos();
            long published = System.nanoTime();
            String seen = "";
            while (!seen.contains(version) && System.nanoTime() - published < 30_000_000_000L) {
                HttpResponse<String> r = post("/api/v1/decisions", "{\"dryRun\":true,\"readings\":[{\"deviceId\":\""
                        + probe + "\",\"metric\":\"gas.concentration\",\"value\":3,\"unit\":\"%LEL\",\"ts\":\""
                        + Instant.now() + "\",\"messageId\":\"" + prefix + "-probe-" + i + "\"}]}", auth);
                seen = JSON.readTree(r.body()).get("decisions").get(0).path("policyVersion").asText();
            }
            long applied = System.nanoTime();
            System.out.printf("policy %s: publish answered in %,d ms, first decision with it %,d ms after the request"
                    + " (%s)%n", version, (published - start) / 1_000_000, (applied - start) / 1_000_000,
                    seen.contains(version) ? "applied" : "NOT APPLIED within 30 s");
            Thread.sleep(4000);
        }
        load.join();
        System.out.printf("decisions meanwhile at %d/s: %s; failed: %d%n", rate, summary(during, times * 8 + 5),
                failures.get());
    }

    private record Published(String version, long publishRequestedNanos) {
    }

    /**
     * Drafts, validates, previews, approves and publishes a YELLOW gas threshold for a scope; its version label and
     * when the publish request (the last step) was sent.
     */
    private Published publishPolicy(String regulator, String scope, double yellow) throws Exception {
        String document = "{\"thresholds\":[{\"scenario\":\"gas.restaurant\",\"metric\":\"gas.concentration\","
                + "\"level\":\"YELLOW\",\"value\":" + yellow + "}]}";
        HttpResponse<String> draft = post("/api/v1/policies", "{\"scope\":\"" + scope + "\",\"document\":" + document
                + ",\"comment\":\"benchmark\"}", regulator);
        if (draft.statusCode() != 201) throw new IllegalStateException("draft for " + scope + ": " + draft.body());
        JsonNode v = JSON.readTree(draft.body());
        long id = v.get("id").asLong();
        for (String step : List.of("validate", "preview", "approve")) {
            HttpResponse<String> r = post("/api/v1/policies/" + id + "/" + step,
                    step.equals("preview") ? "{\"days\":1}" : "{\"comment\":\"benchmark\"}", regulator);
            if (r.statusCode() != 200) throw new IllegalStateException(step + " of " + scope + ": " + r.body());
        }
        long requested = System.nanoTime();
        HttpResponse<String> r = post("/api/v1/policies/" + id + "/publish", "{\"comment\":\"benchmark\"}", regulator);
        if (r.statusCode() != 200) throw new IllegalStateException("publish of " + scope + ": " + r.body());
        return new Published(scope + "@v" + v.get("version").asInt(), requested);
    }

    // ---------------------------------------------------------------------------------------------------- parts

    /** Registers the run's devices in bulk (1,000 a request). */
    private void register() throws Exception {
        long t0 = System.nanoTime();
        List<Device> all = Workload.devices(prefix, devices);
        for (int from = 0; from < all.size(); from += 1000) {
            HttpResponse<String> r = post("/api/v1/devices",
                    Workload.registrationJson(all.subList(from, Math.min(all.size(), from + 1000))), auth);
            if (r.statusCode() != 200 && r.statusCode() != 201) {
                throw new IllegalStateException("registering devices: HTTP " + r.statusCode() + " " + r.body());
            }
        }
        System.out.printf("registered %,d devices (prefix %s) in %.1f s%n", devices, prefix,
                (System.nanoTime() - t0) / 1e9);
    }

    private String batchJson(long firstSequence, int batch, Instant ts) {
        StringBuilder sb = new StringBuilder(batch * 160).append("{\"readings\":[");
        for (int i = 0; i < batch; i++) {
            if (i > 0) sb.append(',');
            sb.append(Workload.json(Workload.reading(prefix, devices, firstSequence + i, ts, hazardEvery)));
        }
        return sb.append("]}").toString();
    }

    private Histogram run(int rate, int seconds, long firstSequence, ConcurrentHistogram histogram,
                          Map<Long, Histogram> bySecond) throws Exception {
        AtomicLong failures = new AtomicLong();
        runCounting(rate, seconds, firstSequence, histogram, failures, bySecond);
        if (failures.get() > 0) System.out.printf("  %d requests failed%n", failures.get());
        return histogram;
    }

    /**
     * Open loop: request n is due at start + n/rate and its latency counts from then. Due requests queue for
     * {@code connections} keep-alive connections (64), each sending one request at a time, as a platform's
     * connection pool does; a slow answer keeps the requests due behind it waiting, and that wait is counted.
     * With {@code bySecond}, each latency is also recorded by the second (from the start) its request was due in.
     */
    private void runCounting(int rate, int seconds, long firstSequence, ConcurrentHistogram histogram,
                             AtomicLong failures, Map<Long, Histogram> bySecond) throws Exception {
        record Due(long n, long nanos) {
        }
        Due end = new Due(-1, 0);
        long total = (long) rate * seconds;
        int connections = Integer.parseInt(arg("connections", "64"));
        BlockingQueue<Due> queue = new LinkedBlockingQueue<>();
        URI uri = URI.create(base);
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread sender = new Thread(() -> {
                try (RawHttp connection = new RawHttp(uri)) {
                    for (Due due = queue.take(); due != end; due = queue.take()) {
                        Reading r = Workload.reading(prefix, devices, firstSequence + due.n(), Instant.now(), hazardEvery);
                        String problem;
                        try {
                            RawHttp.Response resp = connection.post("/api/v1/decisions",
                                    "{\"readings\":[" + Workload.json(r) + "]}", auth);
                            problem = resp.status() != 200 || resp.body().contains("\"REJECTED\"")
                                    ? resp.status() + " " + resp.body().substring(0, Math.min(300, resp.body().length()))
                                    : null;
                        } catch (IOException e) {
                            connection.close();
                            problem = e.toString();
                        }
                        long micros = Math.max(1, (System.nanoTime() - due.nanos()) / 1000);
                        histogram.recordValue(micros);
                        if (bySecond != null) {
                            bySecond.computeIfAbsent(due.n() / rate, k -> new ConcurrentHistogram(3)).recordValue(micros);
                        }
                        if (problem != null && failures.incrementAndGet() <= 3) System.out.println("  failed: " + problem);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sender-" + c);
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
        long start = System.nanoTime();
        for (long n = 0; n < total; n++) {
            long due = start + n * 1_000_000_000L / rate;
            waitUntil(due);
            queue.add(new Due(n, due));
        }
        for (int c = 0; c < connections; c++) queue.add(end);
        for (Thread sender : senders) sender.join(TimeUnit.MINUTES.toMillis(2));
    }

    private static String summary(Histogram h, int seconds) {
        return String.format("%,d requests (%,.0f/s): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms",
                h.getTotalCount(), h.getTotalCount() / (double) seconds, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private void progress(String route, long start, long sent, long before) throws Exception {
        long decided = decided(route) - before;
        System.out.printf("  %5.0f s: sent %,d, decided %,d%n", (System.nanoTime() - start) / 1e9, sent, decided);
    }

    /** Waits until the service has decided every reading sent, then counts what it stored. */
    private void awaitDecided(String route, long before, long expected, long start) throws Exception {
        long decided = decided(route) - before;
        long lastChange = System.nanoTime();
        long last = decided;
        while (decided < expected && System.nanoTime() - lastChange < 60_000_000_000L) {
            Thread.sleep(1000);
            decided = decided(route) - before;
            if (decided != last) {
                last = decided;
                lastChange = System.nanoTime();
            }
        }
        double took = (System.nanoTime() - start) / 1e9;
        if (decided >= expected) took = (lastChange - start) / 1e9;
        System.out.printf("%s: %,d of %,d readings decided %.1f s after the first was sent: %,.0f readings/s sustained%n",
                route, decided, expected, took, decided / took);
        String jdbc = args.get("jdbc");
        if (jdbc != null) {
            try (Connection c = DriverManager.getConnection(jdbc);
                 PreparedStatement ps = c.prepareStatement("""
                         select count(*), count(*) filter (where outcome = 'ALARM'), count(distinct alarm_id)
                         from reading where device_id like ? || '-dev-%'
                         """)) {
                ps.setString(1, prefix);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long stored = rs.getLong(1);
                    System.out.printf("stored in PostgreSQL: %,d readings (%s), %,d decided ALARM, %,d distinct alarms%n",
                            stored, stored == expected ? "count in = count stored" : "MISMATCH: sent " + expected,
                            rs.getLong(2), rs.getLong(3));
                }
            }
        }
    }

    /** Decisions the service has counted on a route since it started (all outcomes), from its metrics. */
    private long decided(String route) throws Exception {
        HttpResponse<String> r = get("/actuator/metrics/citysafe.decisions?tag=route:" + route, auth);
        if (r.statusCode() == 404) return 0; // nothing decided on this route yet
        for (JsonNode m : JSON.readTree(r.body()).get("measurements")) {
            if (m.get("statistic").asText().equals("COUNT")) return (long) m.get("value").asDouble();
        }
        return 0;
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        return http.send(request(path, body, authorization), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String body, String authorization) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void waitUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) LockSupport.parkNanos(Math.min(left, 1_000_000));
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    private String arg(String name, String otherwise) {
        return args.getOrDefault(name, otherwise);
    }
}
