package org.citysafe.routes.notify;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where an HTTP receiver of notifications is and how to authenticate to it.
 *
 * @param token    sent as a bearer token when set
 * @param username with {@code password}, sent as HTTP Basic when there is no token
 */
public record HttpReceiver(String url, String username, String password, String token, int connectTimeoutMillis,
                           int responseTimeoutMillis) {

    /** The Authorization header, or null when the receiver takes no credentials. */
    String authorization() {
        if (token != null && !token.isBlank()) return "Bearer " + token;
        if (username != null && !username.isBlank()) {
            String pair = username + ":" + (password == null ? "" : password);
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    /** The Camel http endpoint: fails on any status outside 2xx, never follows redirects. */
    String endpointUri() {
        return url + (url.contains("?") ? "&" : "?") + "connectTimeout=" + connectTimeoutMillis
                + "&connectionRequestTimeout=" + connectTimeoutMillis + "&responseTimeout=" + responseTimeoutMillis
                + "&soTimeout=" + responseTimeoutMillis + "&throwExceptionOnFailure=true";
    }
}
