package org.citysafe.service.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * IoT platforms that push readings to {@code POST /api/v1/push/{platform}} ({@code citysafe.push.*}).
 *
 * @param replayWindow how far a signed request's timestamp may be from our clock; a signature is accepted once
 *                     within it
 */
@ConfigurationProperties("citysafe.push")
public record PushProperties(Duration replayWindow, List<Platform> platforms) {

    public PushProperties {
        replayWindow = replayWindow == null ? Duration.ofMinutes(5) : replayWindow;
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    /**
     * One platform: {@code secret} for HMAC-SHA256 signatures, or {@code token} for a bearer token (weaker: it
     * travels with every request). A platform with both accepts either.
     */
    public record Platform(String name, String token, String secret) {
        @Override
        public String toString() {
            return "Platform[" + name + "]";
        }
    }
}
