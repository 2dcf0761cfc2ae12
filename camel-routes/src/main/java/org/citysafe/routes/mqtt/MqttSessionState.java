package org.citysafe.routes.mqtt;

import java.time.Instant;

/**
 * What one MQTT readings session is doing, for health checks: connected and subscribed since when, or why not and
 * when it tries again. A session that is not connected is not an error of the route: it keeps trying with backoff.
 *
 * @param connectedSince null while not connected (and subscribed)
 * @param lastError      why the last attempt failed or the last connection ended; null while connected
 * @param nextAttempt    when the next connection attempt is due; null while connected
 */
public record MqttSessionState(String routeId, String brokerUrl, String clientId, Instant connectedSince,
                               String lastError, Instant nextAttempt) {

    public boolean connected() {
        return connectedSince != null;
    }
}
