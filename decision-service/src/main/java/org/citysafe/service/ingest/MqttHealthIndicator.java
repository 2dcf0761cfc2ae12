package org.citysafe.service.ingest;

import org.apache.camel.CamelContext;
import org.citysafe.routes.mqtt.MqttReadingsRoute;
import org.citysafe.routes.mqtt.MqttSessionState;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code mqtt} component of /actuator/health: UP when every MQTT readings session is connected and subscribed,
 * DOWN otherwise, with each session's broker, client id, and since when it is connected or why not and when it tries
 * again. The service starts and keeps deciding HTTP, TCP and Kafka readings while the broker is down, so this is in
 * neither the liveness nor the readiness group: restarting the service or taking it out of a load balancer would not
 * bring the broker back.
 */
class MqttHealthIndicator implements HealthIndicator {

    private final CamelContext camel;

    MqttHealthIndicator(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public Health health() {
        List<MqttSessionState> sessions = MqttReadingsRoute.sessions(camel);
        Health.Builder health = sessions.stream().allMatch(MqttSessionState::connected) ? Health.up() : Health.down();
        for (MqttSessionState session : sessions) health.withDetail(session.routeId(), details(session));
        return health.build();
    }

    private static Map<String, Object> details(MqttSessionState session) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("brokerUrl", session.brokerUrl());
        details.put("clientId", session.clientId());
        if (session.connected()) {
            details.put("connectedSince", session.connectedSince().toString());
        } else {
            details.put("lastError", session.lastError());
            if (session.nextAttempt() != null) details.put("nextAttempt", session.nextAttempt().toString());
        }
        return details;
    }
}
