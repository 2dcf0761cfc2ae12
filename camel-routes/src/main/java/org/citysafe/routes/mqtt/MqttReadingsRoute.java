package org.citysafe.routes.mqtt;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.paho.PahoConstants;
import org.citysafe.routes.ingest.MalformedBodyException;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.routes.ingest.ReadingSink;

/**
 * JSON readings from MQTT (QoS 1, persistent session) into the decision path. The message is acknowledged to the
 * broker only after the sink has stored the decisions; what cannot be decided after retries is kept as a dead letter.
 */
public class MqttReadingsRoute extends RouteBuilder {

    public static final String ROUTE = "mqtt";

    private final String brokerUrl;
    private final String clientId;
    private final String userName;
    private final String password;
    private final MqttTopics topics;
    private final ReadingJsonCodec codec;
    private final ReadingSink sink;
    private final String routeId;

    public MqttReadingsRoute(String brokerUrl, String clientId, String userName, String password, MqttTopics topics,
                             ReadingJsonCodec codec, ReadingSink sink) {
        this(brokerUrl, clientId, userName, password, topics, codec, sink, "mqtt-readings");
    }

    /** @param routeId for a second subscription in the same Camel context (another broker) */
    public MqttReadingsRoute(String brokerUrl, String clientId, String userName, String password, MqttTopics topics,
                             ReadingJsonCodec codec, ReadingSink sink, String routeId) {
        this.routeId = routeId;
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

        StringBuilder uri = new StringBuilder("paho:").append(topics.subscription())
                .append("?brokerUrl=").append(brokerUrl)
                .append("&clientId=").append(clientId)
                .append("&qos=1&cleanSession=false&automaticReconnect=true");
        if (userName != null && !userName.isBlank()) {
            uri.append("&userName=").append(userName).append("&password=RAW(").append(password).append(')');
        }
        from(uri.toString()).routeId(routeId)
                .process(this::decide);
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
        return exchange.getIn().getHeader(PahoConstants.MQTT_TOPIC, String.class);
    }
}
