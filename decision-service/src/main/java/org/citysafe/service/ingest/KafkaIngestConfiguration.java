package org.citysafe.service.ingest;

import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.routes.kafka.KafkaReadingsRoute;
import org.citysafe.service.CitysafeProperties;
import org.citysafe.service.decision.DecisionService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Readings from Kafka, when {@code citysafe.kafka.enabled}: the scale-out path for large deployments. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "citysafe.kafka", name = "enabled", havingValue = "true")
class KafkaIngestConfiguration {

    @Bean
    KafkaReadingsRoute kafkaReadingsRoute(CitysafeProperties properties, ReadingJsonCodec codec,
                                          DecisionService decisions) {
        CitysafeProperties.Kafka kafka = properties.kafka();
        if (kafka.brokers() == null || kafka.brokers().isBlank()) {
            throw new IllegalStateException("citysafe.kafka.enabled is true but citysafe.kafka.brokers is empty");
        }
        return new KafkaReadingsRoute(kafka.brokers(), kafka.topic(), kafka.groupId(), codec, decisions);
    }
}
