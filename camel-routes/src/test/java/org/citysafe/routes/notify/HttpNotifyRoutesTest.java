package org.citysafe.routes.notify;

import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP notification routes against a real HTTP server: what leaves the service, and what counts as failure. */
class HttpNotifyRoutesTest {

    record Received(String method, String path, Map<String, List<String>> headers, String body) {
    }

    HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger status = new AtomicInteger(200);
    CamelContext camel;
    ProducerTemplate producer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) camel.close();
        server.stop(0);
    }

    void routes(RouteBuilder... builders) throws Exception {
        camel = new DefaultCamelContext();
        for (var b : builders) camel.addRoutes(b);
        camel.start();
        producer = camel.createProducerTemplate();
    }

    HttpReceiver receiver(String path, String username, String password, String token) {
        return new HttpReceiver("http://127.0.0.1:" + server.getAddress().getPort() + path, username, password, token,
                1000, 2000);
    }

    Exchange send(String endpoint, String body) {
        return producer.send(endpoint, e -> {
            e.getIn().setBody(body);
            e.getIn().setHeader(NotifyHeaders.DELIVERY_ID, "d-1");
            e.getIn().setHeader(NotifyHeaders.ALARM_ID, "a-1");
            e.getIn().setHeader("internal", "must not leave");
        });
    }

    @Test
    void theDossierIsPostedAsJsonWithTheDeliveryIdAndTheBearerToken() throws Exception {
        routes(new FireDispatchRoute(receiver("/119/alarms", null, null, "s3cret")));
        Exchange e = send(FireDispatchRoute.ENDPOINT, "{\"deliveryId\":\"d-1\",\"text\":\"经核实火警\"}");
        assertThat(e.getException()).isNull();
        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/119/alarms");
        assertThat(r.body()).isEqualTo("{\"deliveryId\":\"d-1\",\"text\":\"经核实火警\"}");
        assertThat(r.headers().get("X-delivery-id")).containsExactly("d-1");
        assertThat(r.headers().get("X-alarm-id")).containsExactly("a-1");
        assertThat(r.headers().get("Authorization")).containsExactly("Bearer s3cret");
        assertThat(r.headers().get("Content-type").get(0)).startsWith("application/json");
        assertThat(r.headers()).doesNotContainKey("Internal");
    }

    @Test
    void theGatewayGetsHttpBasicCredentials() throws Exception {
        routes(new MessagingGatewayRoute(receiver("/sms", "citysafe", "pw", "")),
                new DutyCentreRoute(receiver("/duty", null, null, null)));
        assertThat(send(MessagingGatewayRoute.ENDPOINT, "{}").getException()).isNull();
        assertThat(send(DutyCentreRoute.ENDPOINT, "{}").getException()).isNull();
        assertThat(received.get(0).headers().get("Authorization")).containsExactly("Basic Y2l0eXNhZmU6cHc=");
        assertThat(received.get(1).path()).isEqualTo("/duty");
        assertThat(received.get(1).headers()).doesNotContainKey("Authorization");
    }

    @Test
    void aStatusOutside2xxOrANoAnswerFailsTheExchangeWithoutRetrying() throws Exception {
        routes(new FireDispatchRoute(receiver("/119", null, null, null)));
        status.set(503);
        Exchange failed = send(FireDispatchRoute.ENDPOINT, "{}");
        assertThat(failed.getException()).hasMessageContaining("503");
        assertThat(received).hasSize(1);

        server.stop(0);
        Exchange refused = send(FireDispatchRoute.ENDPOINT, "{}");
        assertThat(refused.getException()).isNotNull();
        assertThat(received).hasSize(1);
    }
}
