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
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every recorded stream under src/test/resources/replay, decided step by step with alarms carried over. */
class ReplayTest {

    static RuleSet rules;

    @BeforeAll
    static void compile() {
        rules = BundledRules.compile();
    }

    static List<Path> streams() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(ReplayTest.class.getResource("/replay")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRecordedStreamReplaysToItsExpectedDecisions() throws IOException, URISyntaxException {
        return streams().stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
            Replay replay = Replay.run(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8),
                    rules, Policy.defaults());
            assertThat(replay.readings()).as("readings in " + path.getFileName()).isGreaterThanOrEqualTo(8);
            assertThat(replay.mismatches()).as("mismatches in " + path.getFileName()).isEmpty();
        }));
    }

    @Test
    void everyDomainHasARecordedStream() throws IOException, URISyntaxException {
        List<String> names = streams().stream().map(p -> p.getFileName().toString()).toList();
        for (String domain : List.of("fire", "charging", "gas", "water", "drainage", "heating", "bridge", "power")) {
            assertThat(names).as("a stream for " + domain).anyMatch(n -> n.startsWith(domain + "-"));
        }
    }

    @Test
    void aWrongExpectationIsReportedWithItsLine() throws IOException {
        String stream = """
                # a stream that expects the wrong level on line 3
                {"device": {"deviceId": "k1", "deviceType": "restaurant-gas-detector"}}
                {"deviceId": "k1", "metric": "gas.concentration", "value": 25, "note": "at ORANGE", "expect": {"level": "RED", "open": {"COMBUSTIBLE_GAS": "RED"}}}
                {"deviceId": "k1", "metric": "gas.concentration", "value": 3, "unit": "furlongs", "expect": {"outcome": "REJECTED"}}
                """;
        Replay replay = Replay.run("inline", stream, rules, Policy.defaults());
        assertThat(replay.mismatches()).containsExactly(
                "inline:3 (at ORANGE): level ORANGE, expected RED",
                "inline:3 (at ORANGE): open alarms {COMBUSTIBLE_GAS=ORANGE}, expected {COMBUSTIBLE_GAS=RED}");
    }
}
