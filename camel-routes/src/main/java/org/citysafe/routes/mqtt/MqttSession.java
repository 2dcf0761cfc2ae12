package org.citysafe.routes.mqtt;

/**
 * What the readings consumer needs to hold a persistent MQTT session: broker, client id (the session's name at the
 * broker), optional credentials, the subscription and the protocol version.
 */
record MqttSession(String brokerUrl, String clientId, String userName, String password, String subscription,
                   MqttReadingsRoute.Version version) {

    /** The session outlives a disconnection by a day (MQTT 5 session expiry; 3.1.1 sessions do not expire). */
    static final long SESSION_EXPIRY_SECONDS = 86_400;
    /** Reconnect attempts back off from 1 s, doubling, to this at most, so a broker back after a long outage is
     * found again within seconds. */
    static final int MAX_RECONNECT_DELAY_SECONDS = 10;
    static final int QOS = 1;
    /** How long connecting or subscribing may take before the attempt counts as failed. */
    static final long WAIT_MILLIS = 30_000;

    boolean hasCredentials() {
        return userName != null && !userName.isBlank();
    }
}
