package org.citysafe.service.policy;

import org.citysafe.rules.Device;
import org.citysafe.rules.policy.Policy;
import org.citysafe.service.escalation.DistrictChains;
import org.citysafe.service.escalation.EscalationChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy in force, as one immutable {@link PolicySnapshot} swapped atomically. A batch of decisions takes
 * {@link #current()} once and resolves every device from it, so a publish never fails or mixes a batch: it finishes
 * on the snapshot it started with, and the next batch sees the new one. This instance swaps at once when it
 * publishes; every instance also re-reads the published versions every {@code citysafe.policy.poll-interval}
 * (another instance's publish, a scheduled version whose effective time has come).
 */
@Service
public class PolicyService implements DistrictChains {

    private static final Logger log = LoggerFactory.getLogger(PolicyService.class);

    private final Policy defaults = Policy.defaults();
    private final AtomicReference<PolicySnapshot> current = new AtomicReference<>(PolicySnapshot.defaultsOnly(defaults));
    private final PolicyStore store;
    private final PolicyValidator validator;
    private volatile Fingerprint installed = new Fingerprint(-1, null);

    private record Fingerprint(long published, Instant nextEffective) {
    }

    public PolicyService(PolicyStore store, PolicyValidator validator,
                         @Value("${citysafe.policy.load-at-start:true}") boolean loadAtStart) {
        this.store = store;
        this.validator = validator;
        if (loadAtStart) {
            try {
                refresh();
            } catch (RuntimeException e) {
                // the schema may not be there yet on a first start before Flyway; the poll catches up
                log.warn("district policies not loaded yet: {}", e.getMessage());
            }
        }
    }

    /** The snapshot to decide a batch with: take it once, resolve every device of the batch from it. */
    public PolicySnapshot current() {
        return current.get();
    }

    /** The chains published for a district and the scopes above it, in the policy in force now. */
    @Override
    public List<EscalationChain> chainsFor(String districtPath) {
        return current().resolve(districtPath).escalationChains();
    }

    /** The policy for one device from the snapshot in force now (for single decisions and offline checks). */
    public Policy policyFor(Device device) {
        return current.get().policyFor(device);
    }

    public Policy defaults() {
        return defaults;
    }

    @Scheduled(fixedDelayString = "${citysafe.policy.poll-interval:2s}")
    void poll() {
        try {
            Fingerprint now = new Fingerprint(store.publishedCount(), store.nextEffectiveAt().orElse(null));
            Fingerprint was = installed;
            boolean scheduledArrived = was.nextEffective() != null && !was.nextEffective().isAfter(Instant.now());
            if (now.published() != was.published() || scheduledArrived) refresh();
        } catch (RuntimeException e) {
            log.warn("could not check for newly published policies: {}", e.getMessage());
        }
    }

    /** Reads the versions in force and swaps them in as one snapshot. */
    public synchronized void refresh() {
        Fingerprint fingerprint = new Fingerprint(store.publishedCount(), store.nextEffectiveAt().orElse(null));
        List<PolicyVersion> live = store.live();
        PolicySnapshot empty = PolicySnapshot.defaultsOnly(defaults);
        Map<String, PolicySnapshot.Layer> layers = new HashMap<>();
        for (PolicyVersion v : live) {
            PolicyValidator.Result r = validator.validate(v.scope(), v.document(), empty);
            // ordering across scopes was checked at publish; here only the document is read
            layers.put(v.scope(), new PolicySnapshot.Layer(v.scope(), v.version(), false, r.document()));
        }
        PolicySnapshot next = new PolicySnapshot(defaults, layers);
        PolicySnapshot previous = current.getAndSet(next);
        installed = fingerprint;
        if (!previous.layers().equals(next.layers())) {
            log.info("District policy in force: {}", layers.isEmpty() ? "defaults only" : String.join(", ",
                    layers.values().stream().map(l -> l.scope() + "@v" + l.version()).sorted().toList()));
        }
    }
}
