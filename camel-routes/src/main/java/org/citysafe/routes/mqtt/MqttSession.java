package org.citysafe.routes.mqtt;

import java.net.URI;
import java.net.URISyntaxException;

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
    /** How long connecting or subscribing may take before the attempt counts as failed. */
    static final long WAIT_MILLIS = 30_000;

    boolean hasCredentials() {
        return userName != null && !userName.isBlank();
    }

    /** Where the broker listens: {@code tcp://host:port} (also {@code mqtt://}) or, over TLS, {@code ssl://host:port}
     * (also {@code mqtts://}); the port defaults to 1883 or 8883. */
    record Broker(String host, int port, boolean tls) {

        static Broker parse(String url) {
            URI uri;
            try {
                uri = new URI(url == null ? "" : url.trim());
            } catch (URISyntaxException e) {
                throw malformed(url);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            boolean tls = switch (scheme) {
                case "tcp", "mqtt" -> false;
                case "ssl", "tls", "mqtts" -> true;
                default -> throw malformed(url);
            };
            if (uri.getHost() == null || uri.getHost().isBlank()) throw malformed(url);
            return new Broker(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883, tls);
        }

        private static IllegalArgumentException malformed(String url) {
            return new IllegalArgumentException("MQTT broker URL must be tcp://host:port or ssl://host:port, was '"
                    + url + "'");
        }
    }
}
