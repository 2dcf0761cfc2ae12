package org.citysafe.rules.engine;

import org.citysafe.rules.Level;
import org.citysafe.rules.authoring.GuidedRule;
import org.citysafe.rules.authoring.GuidedRule.Shape;
import org.citysafe.rules.authoring.GuidedRule.Spec;
import org.citysafe.rules.policy.Direction;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's corpus, one generated test per file: every hostile draft ({@code sandbox/hostile}) is refused with
 * a message that names what it tried, at a line and column inside the file; every shipped rule file, every draft
 * of the positive corpus ({@code sandbox/allowed}) and every shape the guided editor writes passes.
 *
 * <p>A hostile draft says what its refusal must contain in a first-line comment:
 * {@code // expect: words the message contains | line N}.
 */
class SandboxCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/sandbox");
    private static final Pattern EXPECT = Pattern.compile("^//\\s*expect:\\s*(.*?)\\s*(?:\\|\\s*line\\s*(\\d+))?\\s*$",
            Pattern.MULTILINE);

    static List<Path> files(String folder) {
        try (Stream<Path> s = Files.list(CORPUS.resolve(folder))) {
            return s.filter(p -> p.toString().endsWith(".drl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyHostileDraftIsRefused() {
        List<Path> files = files("hostile");
        assertThat(files).hasSizeGreaterThanOrEqualTo(150);
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String drl = read(p);
            Matcher m = EXPECT.matcher(drl);
            assertThat(m.find()).as("%s starts with // expect: ...", p).isTrue();
            List<CompilationProblem> problems = DrlSandbox.check(
                    new RuleSource("org/citysafe/rules/fire/" + p.getFileName(), drl));
            assertThat(problems).as("%s is refused", p).isNotEmpty();
            CompilationProblem first = problems.get(0);
            String all = problems.stream().map(CompilationProblem::message).reduce("", (a, b) -> a + "\n" + b)
                    .toLowerCase(Locale.ROOT);
            for (String word : m.group(1).split("\\s*,\\s*")) {
                assertThat(all).as("%s: the refusal names '%s'", p, word).contains(word.toLowerCase(Locale.ROOT));
            }
            assertThat(first.message()).startsWith("Refused:");
            int lines = drl.split("\n", -1).length;
            assertThat(first.line()).as("%s: line", p).isBetween(1, lines);
            assertThat(first.column()).as("%s: column", p).isPositive();
            if (m.group(2) != null) {
                assertThat(problems).as("%s: a refusal on line %s", p, m.group(2))
                        .anyMatch(x -> x.line() == Integer.parseInt(m.group(2)));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyShippedRuleFilePasses() {
        return BundledRules.sources().stream().map(s -> DynamicTest.dynamicTest(s.path(),
                () -> assertThat(DrlSandbox.check(s)).as(s.path()).isEmpty()));
    }

    @TestFactory
    Stream<DynamicTest> everyAllowedDraftPassesAndCompiles() {
        return files("allowed").stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            RuleSource s = new RuleSource("org/citysafe/rules/fire/" + p.getFileName(), read(p));
            assertThat(DrlSandbox.check(s)).as(p.toString()).isEmpty();
            List<RuleSource> sources = new ArrayList<>(BundledRules.sources());
            sources.add(s);
            assertThat(RuleSet.compile("allowed", sources).ruleNames()).isNotEmpty();
        }));
    }

    /** What the guided editor writes, one spec per shape and option. */
    static Stream<Spec> guidedSpecs() {
        String s = "gas.restaurant";
        String m = "gas.concentration";
        return Stream.of(
                new Spec(Shape.THRESHOLD, "Gas reaches a threshold", "燃气达到阈值", "gas.guided.threshold", s, m,
                        Direction.ABOVE, "KITCHEN_GAS", List.of(Level.RED, Level.ORANGE), true, null, null, null,
                        null, null, null, null, null, null, null, null, null),
                new Spec(Shape.THRESHOLD, "Gas reaches any threshold", null, "gas.guided.any", s, m, null,
                        "KITCHEN_GAS", List.of(), false, null, null, null, null, null, null, null, null, null, null,
                        null, null),
                new Spec(Shape.SUSTAINED, "Gas stays high", null, "gas.guided.sustained", s, m, Direction.ABOVE,
                        "KITCHEN_GAS", List.of(Level.RED), false, "120", null, null, null, null, null, null, null,
                        null, null, null, null),
                new Spec(Shape.SUSTAINED, "Gas stays high for the policy's time", null, "gas.guided.sustained.p", s,
                        m, Direction.ABOVE, "KITCHEN_GAS", List.of(), false, "kitchen.gas.sustain.seconds", null,
                        null, null, null, null, null, null, null, null, null, null),
                new Spec(Shape.N_OF_M, "Gas seen often", null, "gas.guided.n-of-m", s, m, Direction.ABOVE,
                        "KITCHEN_GAS", List.of(), false, null, "3", "5", null, null, null, null, null, null, null,
                        null, null),
                new Spec(Shape.COUPLING, "Gas beside a fire", null, "gas.guided.coupled.site", s, m, Direction.ABOVE,
                        null, List.of(), false, null, null, null, "SAME_SITE", null, "FIRE_ALARM", "GAS_AND_FIRE",
                        Level.RED, null, null, null, null),
                new Spec(Shape.COUPLING, "Gas near a fire", null, "gas.guided.coupled.radius", s, m, Direction.ABOVE,
                        null, List.of(), false, null, null, null, "WITHIN_RADIUS", "200", "FIRE_ALARM",
                        "GAS_AND_FIRE", Level.ORANGE, null, null, null, null),
                new Spec(Shape.SUPPRESSION, "Test readings push nothing", null, "gas.guided.flag", s, m, null,
                        "KITCHEN_GAS", List.of(), false, null, null, null, null, null, null, null, null, "FLAG",
                        "TEST", "it is a test", "测试"),
                new Spec(Shape.SUPPRESSION, "An open fire alarm inhibits gas", null, "gas.guided.inhibit", s, m,
                        null, "KITCHEN_GAS", List.of(Level.YELLOW), false, null, null, null, null, null, "FIRE_ALARM",
                        null, null, "OPEN_ALARM", null, "the fire alarm is open", null));
    }

    @TestFactory
    Stream<DynamicTest> everyGuidedShapePasses() {
        return guidedSpecs().map(spec -> DynamicTest.dynamicTest(spec.shape() + ": " + spec.name(), () -> {
            String file = GuidedRule.insertInto("", "gas", GuidedRule.generate(spec));
            assertThat(DrlSandbox.check(new RuleSource("org/citysafe/rules/gas/guided.drl", file))).as(file).isEmpty();
        }));
    }
}
