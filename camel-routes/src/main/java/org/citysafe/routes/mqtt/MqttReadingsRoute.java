package org.citysafe.routes.mqtt;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.citysafe.routes.ingest.MalformedBodyException;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.routes.ingest.ReadingSink;

import java.util.List;

/**
 * JSON readings from MQTT 3.1.1 or MQTT 5 (QoS 1, persistent session, held by {@link MqttSessionConsumer} around the
 * HiveMQ MQTT client) into the decision path. The message is acknowledged to the broker only after the sink has
 * stored the decisions; what cannot be decided after retries is kept as a dead letter. After a broker restart the
 * session reconnects by itself and the broker delivers what it kept. A broker that is down when the route starts is
 * waited for the same way: the route (and the service) starts, and {@link #sessions} says it is not connected yet.
 */
public class MqttReadingsRoute extends RouteBuilder {

    public static final String ROUTE = "mqtt";

    /** The MQTT protocol version the route speaks to its broker. */
    public enum Version {
        V3_1_1, V5;

        /** {@code 3.1.1} / {@code 3} or {@code 5}, as in configuration. */
        public static Version parse(String text) {
            if (text == null || text.isBlank() || text.equals("3.1.1") || text.equals("3")) return V3_1_1;
            if (text.equals("5") || text.equals("5.0")) return V5;
            throw new IllegalArgumentException("MQTT version must be 3.1.1 or 5, was '" + text + "'");
        }
    }

    private final String brokerUrl;
    private final String clientId;
    private final String userName;
    private final String password;
    private final MqttTopics topics;
    private final ReadingJsonCodec codec;
    private final ReadingSink sink;
    private final String routeId;
    private final Version version;

    public MqttReadingsRoute(String brokerUrl, String clientId, String userName, String password, MqttTopics topics,
                             ReadingJsonCodec codec, ReadingSink sink) {
        this(brokerUrl, clientId, userName, password, topics, codec, sink, "mqtt-readings", Version.V3_1_1);
    }

    /** @param routeId for a second subscription in the same Camel context (another broker) */
    public MqttReadingsRoute(String brokerUrl, String clientId, String userName, String password, MqttTopics topics,
                             ReadingJsonCodec codec, ReadingSink sink, String routeId, Version version) {
        this.routeId = routeId;
        this.version = version;
        this.brokerUrl = brokerUrl;
        this.clientId = clientId;
        this.userName = userName;
        this.password = password;
        this.topics = topics;
        this.codec = codec;
        this.sink = sink;
    }

    @Override
    public void configure() {
        onException(Exception.class)
                .maximumRedeliveries(3).redeliveryDelay(500).backOffMultiplier(2)
                .handled(true)
                .process(e -> {
                    Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                    sink.refuse(ROUTE, topic(e), e.getIn().getBody(byte[].class),
                            "decision path failed after retries: " + cause);
                });

        MqttSessionEndpoint endpoint = new MqttSessionEndpoint(routeId,
                new MqttSession(brokerUrl, clientId, userName, password, topics.subscription(), version));
        endpoint.setCamelContext(getContext());
        from(endpoint).routeId(routeId)
                .process(this::decide);
    }

    /** The state of every MQTT readings session in the context (one per route of this kind), for health checks. */
    public static List<MqttSessionState> sessions(CamelContext context) {
        return context.getRoutes().stream()
                .filter(route -> route.getConsumer() instanceof MqttSessionConsumer)
                .map(MqttReadingsRoute::state)
                .toList();
    }

    private static MqttSessionState state(Route route) {
        return ((MqttSessionConsumer) route.getConsumer()).state(route.getRouteId());
    }

    private void decide(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        String topic = topic(exchange);
        try {
            sink.submit(ROUTE, topic, codec.decode(body, ROUTE, topics.deviceOf(topic)));
        } catch (MalformedBodyException e) {
            sink.refuse(ROUTE, topic, body, e.getMessage());
        }
    }

    private static String topic(Exchange exchange) {
        return exchange.getIn().getHeader(MqttSessionConsumer.TOPIC_HEADER, String.class);
    }
}
