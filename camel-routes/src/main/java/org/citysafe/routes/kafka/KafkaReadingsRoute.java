package org.citysafe.routes.kafka;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.citysafe.routes.ingest.MalformedBodyException;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.routes.ingest.ReadingSink;

/**
 * JSON readings from a Kafka topic keyed by site, consumed as one consumer group so that several service instances
 * share the partitions. An offset is committed only after the record's decisions are stored (or the record is kept
 * as a dead letter); if storing fails, the consumer stops at that record and reads it again.
 */
public class KafkaReadingsRoute extends RouteBuilder {

    public static final String ROUTE = "kafka";

    private final String brokers;
    private final String topic;
    private final String groupId;
    private final ReadingJsonCodec codec;
    private final ReadingSink sink;

    public KafkaReadingsRoute(String brokers, String topic, String groupId, ReadingJsonCodec codec, ReadingSink sink) {
        this.brokers = brokers;
        this.topic = topic;
        this.groupId = groupId;
        this.codec = codec;
        this.sink = sink;
    }

    @Override
    public void configure() {
        // a record that still fails after the retries is kept as a dead letter and committed: one bad record must
        // not hold up its partition for good
        onException(Exception.class)
                .maximumRedeliveries(3).redeliveryDelay(500).backOffMultiplier(2)
                .handled(true)
                .process(e -> {
                    Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                    sink.refuse(ROUTE, peer(e), e.getIn().getBody(byte[].class),
                            "decision path failed after retries: " + cause);
                    commit(e);
                });
        from("kafka:" + topic + "?brokers=" + brokers + "&groupId=" + groupId
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
                .routeId("kafka-readings")
                .process(this::decide);
    }

    private void decide(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        String peer = peer(exchange);
        try {
            sink.submit(ROUTE, peer, codec.decode(body, ROUTE, null));
        } catch (MalformedBodyException e) {
            sink.refuse(ROUTE, peer, body, e.getMessage());
        }
        commit(exchange);
    }

    private String peer(Exchange exchange) {
        return topic + "/" + exchange.getIn().getHeader(KafkaConstants.PARTITION) + "@"
                + exchange.getIn().getHeader(KafkaConstants.OFFSET);
    }

    private static void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getIn().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) commit.commit();
    }
}
