package org.citysafe.service;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything under {@code citysafe.*} in application.yml but {@code citysafe.escalation.*}
 * ({@code escalation.EscalationProperties}); the README documents each setting. ({@code notify} is
 * bound to {@code notifications}: a record component cannot be called notify.)
 */
@ConfigurationProperties("citysafe")
public record CitysafeProperties(Embedded embedded, Mqtt mqtt, Kafka kafka, Ingest ingest, Security security,
                                 @Name("notify") Notify notifications) {

    public record Embedded(EmbeddedPostgres postgres, EmbeddedMqtt mqtt) {
    }

    public record EmbeddedPostgres(String dataDir) {
    }

    /** @param username with {@code password}: the only account the embedded broker accepts; blank: anonymous */
    public record EmbeddedMqtt(String host, int port, String username, String password) {
        public boolean anonymous() {
            return username == null || username.isBlank();
        }
    }

    /** @param version {@code 3.1.1} (default) or {@code 5}; the embedded broker speaks 3.1.1 only */
    public record Mqtt(boolean enabled, String brokerUrl, String clientId, String username, String password,
                       String topicPrefix, String version) {
        public boolean embedded() {
            return brokerUrl == null || brokerUrl.isBlank();
        }
    }

    public record Kafka(boolean enabled, String brokers, String topic, String groupId) {
    }

    /** @param maxAge readings stamped longer ago than this are refused as stale */
    public record Ingest(int maxBatchSize, long maxBodyBytes, Duration maxFutureSkew, Duration maxAge,
                         Duration inboxPollInterval) {
        public Ingest {
            maxAge = maxAge == null ? Duration.ofDays(30) : maxAge;
        }
    }

    /**
     * @param scopePlatform PLATFORM accounts, too, see and act on their districts only
     * @param logins        how failed logins are slowed down
     */
    public record Security(List<User> users, boolean scopePlatform, Logins logins) {
        public Security {
            users = users == null ? List.of() : users;
            logins = logins == null ? new Logins(5, 20, Duration.ofSeconds(1), Duration.ofMinutes(15)) : logins;
        }
    }

    /**
     * After {@code freeFailuresPerAccount} failed logins of one account (or {@code freeFailuresPerAddress} from one
     * address), the next failure locks it for {@code initialLock} × 2^(failures beyond the free ones - 1), at most
     * {@code maxLock}.
     */
    public record Logins(int freeFailuresPerAccount, int freeFailuresPerAddress, Duration initialLock,
                         Duration maxLock) {
    }

    /**
     * @param password  with its encoding prefix, e.g. {@code {bcrypt}$2a$...}
     * @param districts for OPERATOR and REGULATOR accounts (and PLATFORM ones with {@code scope-platform}): the
     *                  district paths they govern
     */
    public record User(String username, String password, List<String> roles, List<String> districts) {
    }

    /**
     * Outbound messages.
     *
     * @param language   the language of each message's {@code text}: zh or en (both are always in {@code texts})
     * @param instance   this instance's name in delivery records; empty: host name and process id
     * @param templates  per language, per message kind (alarm, phone-task, dispatch-119, ops-centre)
     * @param names      per language, display names of alarm types
     */
    public record Notify(String language, String instance, Duration pollInterval, Retry retry, HttpTarget gateway,
                         HttpTarget dutyCentre, HttpTarget fire119, KafkaTarget opsCentre,
                         Map<String, Map<String, String>> templates, Map<String, Map<String, String>> names) {
        public Notify {
            templates = templates == null ? Map.of() : templates;
            names = names == null ? Map.of() : names;
        }
    }

    /**
     * Durable retries of the outbox: attempt n waits initial × multiplier^(n-1), at most max; after maxAttempts the
     * message is failed. A claimed message is leased for {@code lease}: longer than the slowest attempt can take.
     */
    public record Retry(int maxAttempts, Duration initial, double multiplier, Duration max, Duration lease) {
    }

    /**
     * An HTTP receiver. Credentials: {@code token} is sent as a bearer token, else {@code username}/{@code password}
     * as HTTP Basic; none when both are empty.
     */
    public record HttpTarget(String url, String username, String password, String token, Duration connectTimeout,
                             Duration responseTimeout) {
        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }

    public record KafkaTarget(String brokers, String topic) {
        public boolean configured() {
            return brokers != null && !brokers.isBlank() && topic != null && !topic.isBlank();
        }
    }
}
