package org.citysafe.service.escalation;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code citysafe.escalation.*} in application.yml (the README documents each setting): kept beside the chains it
 * configures, so that the shared settings depend on no feature.
 *
 * @param pollInterval how often due steps are looked for (steps written on this instance are found at once)
 * @param waits        the named waits the default chains use, so a city can tune them without rewriting chains
 * @param chains       the escalation policies; see {@link EscalationChain}
 */
@ConfigurationProperties("citysafe.escalation")
public record EscalationProperties(Duration pollInterval, Map<String, Duration> waits, List<EscalationChain> chains) {
    public EscalationProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        waits = waits == null ? Map.of() : Map.copyOf(waits);
        chains = chains == null ? List.of() : List.copyOf(chains);
    }
}
