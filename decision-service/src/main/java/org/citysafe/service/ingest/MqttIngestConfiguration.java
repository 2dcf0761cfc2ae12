package org.citysafe.service.ingest;

import org.apache.camel.CamelContext;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.routes.mqtt.MqttReadingsRoute;
import org.citysafe.routes.mqtt.MqttTopics;
import org.citysafe.service.CitysafeProperties;
import org.citysafe.service.decision.DecisionService;
import org.citysafe.service.embedded.EmbeddedMqttBroker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** MQTT readings: from the configured broker, or from an embedded one when none is configured. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "citysafe.mqtt", name = "enabled", havingValue = "true", matchIfMissing = true)
class MqttIngestConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${citysafe.mqtt.broker-url:}'.isBlank()")
    EmbeddedMqttBroker embeddedMqttBroker(CitysafeProperties properties) {
        CitysafeProperties.EmbeddedMqtt mqtt = properties.embedded().mqtt();
        return new EmbeddedMqttBroker(mqtt.host(), mqtt.port(), mqtt.username(), mqtt.password());
    }

    @Bean
    MqttTopics mqttTopics(CitysafeProperties properties) {
        return new MqttTopics(properties.mqtt().topicPrefix());
    }

    @Bean
    MqttReadingsRoute mqttReadingsRoute(CitysafeProperties properties, ObjectProvider<EmbeddedMqttBroker> embedded,
                                        MqttTopics topics, ReadingJsonCodec codec, DecisionService decisions) {
        CitysafeProperties.Mqtt mqtt = properties.mqtt();
        EmbeddedMqttBroker broker = embedded.getIfAvailable();
        String url = mqtt.embedded() && broker != null ? broker.url() : mqtt.brokerUrl();
        MqttReadingsRoute.Version version = mqtt.embedded() && broker != null ? MqttReadingsRoute.Version.V3_1_1
                : MqttReadingsRoute.Version.parse(mqtt.version());
        // the embedded broker's own account, when it has one, is the service's too
        CitysafeProperties.EmbeddedMqtt own = properties.embedded().mqtt();
        boolean ownAccount = mqtt.embedded() && broker != null && !own.anonymous();
        return new MqttReadingsRoute(url, mqtt.clientId(), ownAccount ? own.username() : mqtt.username(),
                ownAccount ? own.password() : mqtt.password(), topics, codec, decisions, "mqtt-readings", version);
    }

    /** /actuator/health/mqtt (the bean's name, less "HealthIndicator", is the component's). */
    @Bean
    MqttHealthIndicator mqttHealthIndicator(CamelContext camel) {
        return new MqttHealthIndicator(camel);
    }
}
