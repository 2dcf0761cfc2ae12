package org.citysafe.benchmarks;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The latency harness's client against the JDK's HTTP server, over real sockets. */
class RawHttpTest {

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private URI base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fixed", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"decisions\":[\"fixed\"]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(201, 0); // length 0: the JDK server answers chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"part\":1,".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("\"part\":2,\"名\":\"合肥\"}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/close", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Connection", "close");
            byte[] answer = "bye".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsTheBodyWithItsHeadersAndReadsAFixedLengthAnswer() throws IOException {
        try (RawHttp http = new RawHttp(base)) {
            RawHttp.Response r = http.post("/fixed", "{\"readings\":[1]}", "Basic abc");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"decisions\":[\"fixed\"]}");
        }
        assertThat(received).containsExactly("Basic abc {\"readings\":[1]}");
    }

    @Test
    void readsAChunkedAnswerWholeAndKeepsTheConnectionForTheNextRequest() throws IOException {
        try (RawHttp http = new RawHttp(base)) {
            RawHttp.Response first = http.post("/chunked", "{}", "Basic abc");
            RawHttp.Response second = http.post("/fixed", "{\"n\":2}", "Basic abc");
            assertThat(first.status()).isEqualTo(201);
            assertThat(first.body()).isEqualTo("{\"part\":1,\"part\":2,\"名\":\"合肥\"}");
            assertThat(second.body()).isEqualTo("{\"decisions\":[\"fixed\"]}");
        }
    }

    @Test
    void aConnectionTheServerClosedIsOpenedAgainForTheNextRequest() throws IOException {
        try (RawHttp http = new RawHttp(base)) {
            RawHttp.Response closing = http.post("/close", "{}", "Basic abc");
            RawHttp.Response next = http.post("/fixed", "{\"after\":\"close\"}", "Basic abc");
            assertThat(closing.status()).isEqualTo(503);
            assertThat(closing.body()).isEqualTo("bye");
            assertThat(next.status()).isEqualTo(200);
        }
        assertThat(received).containsExactly("Basic abc {\"after\":\"close\"}");
    }
}
