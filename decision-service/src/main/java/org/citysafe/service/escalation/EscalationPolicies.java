package org.citysafe.service.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.rules.Level;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The escalation chains in force and the choice among them. Today they come from configuration
 * ({@code citysafe.escalation.chains}); a regulator's editor will write them per district through this single
 * entry point.
 *
 * <p>Choosing: a chain matches when each of its level, scenario and district is unset or equal (the district as a
 * prefix of the alarm's district path). Among matches the most specific wins, compared by level first, then
 * scenario, then the depth of the district: a city-wide RED chain (119 at once) is not lost to a district's general
 * chain unless that district writes its own RED chain.
 */
@Service
public class EscalationPolicies {

    /** A chain with its version: a digest of its definition, so any change to a chain is a new version. */
    public record Versioned(EscalationChain chain, String version) {
    }

    private static final Comparator<EscalationChain> MOST_SPECIFIC_FIRST = Comparator
            .comparing((EscalationChain c) -> c.level() != null).reversed()
            .thenComparing(Comparator.comparing((EscalationChain c) -> c.scenario() != null).reversed())
            .thenComparing(Comparator.comparingInt(EscalationPolicies::districtDepth).reversed());

    private final List<Versioned> chains;
    private final ObjectMapper json;
    private final DistrictChains districtChains;

    /** Chains from configuration only. */
    public EscalationPolicies(EscalationProperties properties, ObjectMapper json) {
        this(properties, json, DistrictChains.NONE);
    }

    /** Chains from configuration and those regulators published for the alarm's district and the scopes above it. */
    @Autowired
    public EscalationPolicies(EscalationProperties properties, ObjectMapper json, DistrictChains districtChains) {
        this.json = json;
        this.districtChains = districtChains;
        List<EscalationChain> configured = properties.chains();
        validate(configured);
        List<Versioned> versioned = new ArrayList<>();
        for (EscalationChain c : configured.stream().sorted(MOST_SPECIFIC_FIRST).toList()) {
            versioned.add(new Versioned(c, digest(json, c)));
        }
        this.chains = List.copyOf(versioned);
    }

    /**
     * The chain for an alarm, or empty when no chain matches (then nobody is notified automatically). A district's
     * published chain competes with the configured ones on the same terms (most specific wins) and wins a tie.
     */
    public Optional<Versioned> chainFor(String scenario, Level level, String districtPath) {
        List<EscalationChain> published = districtPath == null ? List.of() : districtChains.chainsFor(districtPath);
        if (published.isEmpty()) {
            return chains.stream().filter(v -> matches(v.chain(), scenario, level, districtPath)).findFirst();
        }
        List<Versioned> all = new ArrayList<>();
        for (EscalationChain c : published) all.add(new Versioned(c, "district-" + digest(json, c)));
        all.addAll(chains);
        return all.stream().filter(v -> matches(v.chain(), scenario, level, districtPath))
                .sorted(Comparator.comparing(Versioned::chain, MOST_SPECIFIC_FIRST)).findFirst();
    }

    /** Every chain, most specific first. */
    public List<Versioned> all() {
        return chains;
    }

    private static boolean matches(EscalationChain c, String scenario, Level level, String districtPath) {
        return (c.level() == null || c.level() == level)
                && (c.scenario() == null || c.scenario().equals(scenario))
                && (c.district() == null || districtPath != null
                && (districtPath.equals(c.district()) || districtPath.startsWith(c.district() + "/")));
    }

    private static int districtDepth(EscalationChain c) {
        return c.district() == null ? 0 : c.district().split("/").length;
    }

    private static void validate(List<EscalationChain> chains) {
        List<String> problems = problems(chains);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("citysafe.escalation.chains is not valid: " + String.join("; ", problems));
        }
    }

    /** What is wrong with a set of chains (names, selectors, steps that reach nobody, repeats); empty when valid. */
    public static List<String> problems(List<EscalationChain> chains) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> selectors = new HashSet<>();
        for (EscalationChain c : chains) {
            String name = c.name();
            if (name == null || name.isBlank()) problems.add("a chain has no name");
            else if (!names.add(name)) problems.add("chain name '" + name + "' is used twice");
            if (!selectors.add(c.level() + "|" + c.scenario() + "|" + c.district())) {
                problems.add("chain '" + name + "' has the same level, scenario and district as another chain");
            }
            if (c.steps().isEmpty()) problems.add("chain '" + name + "' has no steps");
            for (int i = 0; i < c.steps().size(); i++) {
                EscalationChain.Step s = c.steps().get(i);
                String where = "chain '" + name + "' step " + (i + 1) + ": ";
                if (s.channel() == null || s.recipient() == null || s.recipient().isBlank()) {
                    problems.add(where + "needs a channel and a recipient");
                } else if (!s.channel().accepts(s.recipient())) {
                    problems.add(where + s.channel() + " cannot reach " + s.recipient());
                }
                if (s.delay().isNegative()) problems.add(where + "delay is negative");
            }
            if (c.repeat().times() < 0 || c.repeat().times() > 9) {
                problems.add("chain '" + name + "': repeat times must be 0 to 9");
            }
            if (c.repeat().interval().isNegative()) problems.add("chain '" + name + "': repeat interval is negative");
        }
        return problems;
    }

    private static String digest(ObjectMapper json, EscalationChain chain) {
        try {
            byte[] canonical = json.writeValueAsString(chain).getBytes(StandardCharsets.UTF_8);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical);
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
