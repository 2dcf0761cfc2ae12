package org.citysafe.service;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/** Everything under {@code citysafe.*} in application.yml; the README documents each setting. */
@ConfigurationProperties("citysafe")
public record CitysafeProperties(Embedded embedded, Mqtt mqtt, Kafka kafka, Ingest ingest, Security security) {

    public record Embedded(EmbeddedPostgres postgres, EmbeddedMqtt mqtt) {
    }

    public record EmbeddedPostgres(String dataDir) {
    }

    public record EmbeddedMqtt(String host, int port) {
    }

    public record Mqtt(boolean enabled, String brokerUrl, String clientId, String username, String password,
                       String topicPrefix) {
        public boolean embedded() {
            return brokerUrl == null || brokerUrl.isBlank();
        }
    }

    public record Kafka(boolean enabled, String brokers, String topic, String groupId) {
    }

    public record Ingest(int maxBatchSize, long maxBodyBytes, Duration maxFutureSkew, Duration inboxPollInterval) {
    }

    public record Security(List<User> users) {
        public Security {
            users = users == null ? List.of() : users;
        }
    }

    /**
     * @param password  with its encoding prefix, e.g. {@code {bcrypt}$2a$...}
     * @param districts for REGULATOR accounts: the district paths they may govern
     */
    public record User(String username, String password, List<String> roles, List<String> districts) {
    }
}
