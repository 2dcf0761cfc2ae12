package org.citysafe.service.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.UUID;

/**
 * Base of the service's integration tests: the whole application on a random port, over real HTTP, with real
 * PostgreSQL and MQTT (see {@link TestInfrastructure}). Test classes share one application; each test makes its
 * own devices and sites (see {@link #unique(String)}) so tests never see each other's alarms.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "citysafe.security.users[0].username=platform", "citysafe.security.users[0].password={noop}platform-pw",
        "citysafe.security.users[0].roles=PLATFORM",
        "citysafe.security.users[1].username=operator", "citysafe.security.users[1].password={noop}operator-pw",
        "citysafe.security.users[1].roles=OPERATOR", "citysafe.security.users[1].districts=yangzhou,policytown",
        "citysafe.security.users[2].username=expert", "citysafe.security.users[2].password={noop}expert-pw",
        "citysafe.security.users[2].roles=EXPERT",
        "citysafe.security.users[3].username=regulator", "citysafe.security.users[3].password={noop}regulator-pw",
        "citysafe.security.users[3].roles=REGULATOR", "citysafe.security.users[3].districts=yangzhou/guangling",
        // a regulator of a city only the policy tests use, so that what they publish touches no other test
        "citysafe.security.users[4].username=policytown", "citysafe.security.users[4].password={noop}policytown-pw",
        "citysafe.security.users[4].roles=REGULATOR", "citysafe.security.users[4].districts=policytown",
        // accounts of another district, for the access matrix (security/DistrictScopeMatrixIT)
        "citysafe.security.users[5].username=hanjiang-operator", "citysafe.security.users[5].password={noop}hj-op-pw",
        "citysafe.security.users[5].roles=OPERATOR", "citysafe.security.users[5].districts=yangzhou/hanjiang",
        "citysafe.security.users[6].username=hanjiang-regulator", "citysafe.security.users[6].password={noop}hj-reg-pw",
        "citysafe.security.users[6].roles=REGULATOR", "citysafe.security.users[6].districts=yangzhou/hanjiang",
        "citysafe.security.users[7].username=ops", "citysafe.security.users[7].password={noop}ops-pw",
        "citysafe.security.users[7].roles=OPS",
        "citysafe.rules.poll-interval=1s",
        "citysafe.ingest.max-batch-size=50", "citysafe.ingest.max-body-bytes=65536",
        "citysafe.ingest.inbox-poll-interval=50ms", "citysafe.health.offline-check-interval=200ms",
        // the default escalation chains, with waits of seconds
        "citysafe.escalation.poll-interval=100ms", "citysafe.escalation.waits.owner-acknowledge=2s",
        "citysafe.escalation.waits.on-site-check=1s", "citysafe.escalation.waits.repeat-interval=1s",
        "citysafe.notify.poll-interval=100ms", "citysafe.notify.retry.initial=200ms", "citysafe.notify.retry.max=1s",
        "citysafe.notify.retry.max-attempts=6", "citysafe.notify.retry.lease=10s"})
@AutoConfigureObservability(tracing = false)
public abstract class ServiceTestBase {

    @LocalServerPort
    protected int port;

    @Autowired
    protected Environment environment;

    protected Api platform;
    protected Api operator;
    protected Api expert;
    protected Api regulator;
    /** REGULATOR of the city {@code policytown} */
    protected Api cityRegulator;
    protected Api anonymous;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @BeforeEach
    void clients() {
        platform = new Api(port, "platform", "platform-pw");
        operator = new Api(port, "operator", "operator-pw");
        expert = new Api(port, "expert", "expert-pw");
        regulator = new Api(port, "regulator", "regulator-pw");
        cityRegulator = new Api(port, "policytown", "policytown-pw");
        anonymous = new Api(port, null, null);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
