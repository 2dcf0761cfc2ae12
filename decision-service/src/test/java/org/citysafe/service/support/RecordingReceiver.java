package org.citysafe.service.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A real HTTP receiver playing the SMS/WeChat gateway, the duty centre or the 119 gateway: a JDK HTTP server on a
 * port of its own that keeps every request, and, as a well-behaved receiver does, drops a message whose delivery id
 * it has already accepted (answering 200, so the sender stops). It can be stopped and started again on the same
 * port (a receiver that is down), refuse some messages, or accept a message and then lose its answer (so the sender
 * retries something the receiver already has).
 */
public final class RecordingReceiver {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received; {@code nanoTime} is the receiver's System.nanoTime() at arrival. */
    public record Request(String path, String deliveryId, String authorization, JsonNode body, long nanoTime) {
        public String alarmId() {
            JsonNode alarm = body.path("alarm");
            return alarm.path("id").asText(null);
        }
    }

    private final String name;
    private final int port;
    private final List<String> duplicates = new CopyOnWriteArrayList<>();
    private volatile HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Request> accepted = new CopyOnWriteArrayList<>();
    private final Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> answerLost = new ConcurrentHashMap<>();
    private volatile Predicate<Request> refuse = r -> false;
    private volatile Predicate<Request> loseAnswerOnce = r -> false;

    private RecordingReceiver(String name) {
        this.name = name;
        listen(0);
        this.port = server.getAddress().getPort();
    }

    /** Starts on a free port. */
    public static RecordingReceiver start(String name) {
        return new RecordingReceiver(name);
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/" + name;
    }

    /** Goes down: connections are refused until {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) server.stop(0);
        server = null;
    }

    /** Comes back on the same port. */
    public synchronized void restart() {
        if (server == null) listen(port);
    }

    private void listen(int onPort) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
            s.createContext("/", this::handle);
            s.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, name + "-receiver");
                t.setDaemon(true);
                return t;
            }));
            s.start();
            server = s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + onPort, e);
        }
    }

    /** Answers 503 to matching messages without keeping them. */
    public void refuse(Predicate<Request> which) {
        this.refuse = which;
    }

    /** Keeps the first matching message but answers 500, as if the answer were lost on the way back. */
    public void loseAnswerOnce(Predicate<Request> which) {
        this.loseAnswerOnce = which;
    }

    /** Every request, duplicates and refused ones included. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Messages kept, each delivery id once. */
    public List<Request> accepted() {
        return List.copyOf(accepted);
    }

    public List<Request> requestsFor(String alarmId) {
        return requests.stream().filter(r -> alarmId.equals(r.alarmId())).toList();
    }

    public List<Request> acceptedFor(String alarmId) {
        return accepted.stream().filter(r -> alarmId.equals(r.alarmId())).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            JsonNode body = JSON.readTree(bytes);
            Request r = new Request(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("X-Delivery-Id"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body, System.nanoTime());
            requests.add(r);
            int status;
            if (refuse.test(r)) {
                status = 503;
            } else if (r.deliveryId() == null) {
                status = 400;
            } else if (!acceptedIds.add(r.deliveryId())) {
                duplicates.add(r.deliveryId()); // already have it: drop it, and say so, so the sender stops
                status = 200;
            } else {
                accepted.add(r);
                boolean lose = loseAnswerOnce.test(r) && answerLost.putIfAbsent(r.deliveryId(), true) == null;
                status = lose ? 500 : 200;
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    /** Delivery ids of messages that arrived again after they had been accepted (dropped as duplicates). */
    public List<String> duplicates() {
        return List.copyOf(duplicates);
    }
}
