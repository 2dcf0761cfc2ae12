package org.citysafe.scenarios.replay;

import org.citysafe.rules.engine.BundledRules;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.policy.Policy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every coupling under src/test/resources/coupling, replayed on its asset network: each stream shows the coupling
 * and its look-alike (the same readings without the linking asset), so both must be checked in it.
 */
class CouplingScenarioTest {

    static RuleSet rules;

    @BeforeAll
    static void compile() {
        rules = BundledRules.compile();
    }

    static List<Path> streams() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(CouplingScenarioTest.class.getResource("/coupling")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCouplingAndItsLookAlikeDecideAsExpected() throws IOException, URISyntaxException {
        return streams().stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            Replay replay = Replay.run(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8),
                    rules, Policy.defaults());
            assertThat(replay.mismatches()).as("mismatches in " + path.getFileName()).isEmpty();
            assertThat(replay.coupledChecked).as("decisions checked to couple in " + path.getFileName())
                    .isPositive();
            assertThat(replay.uncoupledChecked).as("look-alikes checked not to couple in " + path.getFileName())
                    .isPositive();
        }));
    }

    @Test
    void everyCouplingRuleHasAStream() throws IOException, URISyntaxException {
        List<String> names = streams().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).containsExactlyInAnyOrder("gas-migration.jsonl", "ignition.jsonl", "biogas.jsonl",
                "subsidence.jsonl", "flooding.jsonl", "overflow.jsonl", "heating-waterlogging.jsonl");
    }

    /** A district's policy changes the bounds: the same stream decides differently, as that district asks. */
    @Test
    void radiusHopsAndRelationsComeFromTheDistrictsPolicy() throws IOException {
        String stream = """
                {"asset": {"id": "GP-1", "kind": "gas-pipe", "lat": 31.8200, "lon": 117.2200}}
                {"asset": {"id": "W-1", "kind": "drainage-well", "lat": 31.8210, "lon": 117.2200}}
                {"asset": {"id": "PM-1", "kind": "power-manhole", "lat": 31.8210, "lon": 117.2203}}
                {"link": {"from": "W-1", "relation": "connects", "to": "PM-1", "metres": 20}}
                {"device": {"deviceId": "wg-1", "deviceType": "well-gas-detector", "assetId": "W-1"}}
                {"deviceId": "wg-1", "metric": "gas.concentration", "value": 30, "expect": {"coupled": ["IGNITION_RISK"], "level": "RED"}}
                """;
        Policy defaults = Policy.defaults();
        assertThat(Replay.run("defaults", stream, rules, defaults).mismatches()).isEmpty();

        Map<String, String> settings = new HashMap<>(defaults.settings());
        settings.put("coupling.ignition.relations", "shares-space");
        Map<String, Double> parameters = new HashMap<>(defaults.parameters());
        parameters.put("coupling.gas.radius.metres", 50.0);
        Policy district = new Policy("district-x", defaults.allThresholds(), parameters, settings);
        // GP-1 is 111 m away: outside a 50 m radius the well's gas is probable biogas, and `connects` no longer
        // carries gas to the manhole in this district
        assertThat(Replay.run("district", stream, rules, district).mismatches()).containsExactly(
                "district:6: level YELLOW, expected RED",
                "district:6: coupled risks [PROBABLE_BIOGAS], expected [IGNITION_RISK]");
    }

    @Test
    void aCouplingExpectedButMissingIsReported() throws IOException {
        String stream = """
                {"asset": {"id": "W-1", "kind": "drainage-well", "lat": 31.82, "lon": 117.22}}
                {"asset": {"id": "GP-1", "kind": "gas-pipe", "lat": 31.8201, "lon": 117.22}}
                {"device": {"deviceId": "wg-1", "deviceType": "well-gas-detector", "assetId": "W-1"}}
                {"deviceId": "wg-1", "metric": "gas.concentration", "value": 12, "expect": {"coupled": ["IGNITION_RISK"]}}
                """;
        Replay replay = Replay.run("inline", stream, rules, Policy.defaults());
        assertThat(replay.mismatches()).containsExactly("inline:4: coupled risks [], expected [IGNITION_RISK]");
    }
}
