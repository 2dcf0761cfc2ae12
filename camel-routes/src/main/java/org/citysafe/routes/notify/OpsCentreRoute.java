package org.citysafe.routes.notify;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Alarm events for the city operations centre, on a Kafka topic keyed by alarm id (one alarm's events stay in
 * order). The send completes when all in-sync replicas have the record; failure goes back to the caller, whose
 * outbox retries with the same delivery id (a record header and in the body).
 */
public class OpsCentreRoute extends RouteBuilder {

    public static final String ENDPOINT = "direct:notify-ops-centre";

    private final String brokers;
    private final String topic;

    public OpsCentreRoute(String brokers, String topic) {
        this.brokers = brokers;
        this.topic = topic;
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId("notify-ops-centre")
                .errorHandler(noErrorHandler())
                .removeHeaders("*", NotifyHeaders.DELIVERY_ID, NotifyHeaders.ALARM_ID)
                .setHeader(KafkaConstants.KEY, header(NotifyHeaders.ALARM_ID))
                .to("kafka:" + topic + "?brokers=" + brokers + "&requestRequiredAcks=all&maxBlockMs=5000"
                        + "&requestTimeoutMs=5000&deliveryTimeoutMs=10000&lingerMs=0");
    }
}
