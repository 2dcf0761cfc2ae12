package org.citysafe.routes.mqtt;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * The readings route's inbound endpoint: a persistent QoS 1 MQTT session (3.1.1 or 5) held by our own consumer around
 * the HiveMQ MQTT client (see {@link MqttSessionConsumer}).
 */
class MqttSessionEndpoint extends DefaultEndpoint {

    private final MqttSession session;

    MqttSessionEndpoint(String routeId, MqttSession session) {
        super("citysafe-mqtt://" + routeId, null);
        this.session = session;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        MqttSessionConsumer consumer = new MqttSessionConsumer(this, processor, session);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("the MQTT readings endpoint only consumes");
    }

    @Override
    public boolean isSingleton() {
        return true;
    }
}
