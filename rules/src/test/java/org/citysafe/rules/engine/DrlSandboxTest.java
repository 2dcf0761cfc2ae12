package org.citysafe.rules.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DrlSandboxTest {

    private static final String PATH = "org/citysafe/rules/fire/authored.drl";

    /** A rule whose condition (line 8) and consequence (line 10) are filled in; extra imports go on line 5. */
    private static String rule(String imports, String condition, String consequence) {
        return """
                package org.citysafe.rules.fire;

                import org.citysafe.rules.engine.Observation;
                import org.citysafe.rules.engine.Finding;
                %s
                rule "Authored rule"
                when
                    $o : Observation( %s )
                then
                    %s
                end
                """.formatted(imports, condition, consequence);
    }

    private static String consequence(String code) {
        return rule("", "metric == \"smoke.alarm\"", code);
    }

    /** Each hostile rule: what it tries, the DRL, the line of the refusal and words the message must contain. */
    static Stream<Arguments> hostileRules() {
        return Stream.of(
                Arguments.of("read a file by its fully-qualified type",
                        consequence("String s = new java.io.File(\"/etc/passwd\").getName();"), 10,
                        List.of("java.io.File", "files")),
                Arguments.of("read a file with java.nio",
                        consequence("java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/passwd\"));"), 10,
                        List.of("java.nio.file.Files", "files")),
                Arguments.of("import a file type",
                        rule("import java.io.FileInputStream;", "", "insert(new FileInputStream(\"x\"));"), 5,
                        List.of("import java.io.FileInputStream", "files")),
                Arguments.of("wildcard import of java.io", rule("import java.io.*;", "", ""), 5,
                        List.of("import java.io.*", "files")),
                Arguments.of("open a socket", consequence("new java.net.Socket(\"10.0.0.1\", 80);"), 10,
                        List.of("java.net.Socket", "network")),
                Arguments.of("call a web service",
                        rule("import java.net.http.HttpClient;", "", "HttpClient.newHttpClient();"), 5,
                        List.of("java.net.http.HttpClient", "network")),
                Arguments.of("start a process", consequence("new ProcessBuilder(\"rm\", \"-rf\", \"/\").start();"), 10,
                        List.of("ProcessBuilder", "processes")),
                Arguments.of("Runtime.exec", consequence("Runtime.getRuntime().exec(\"sh\");"), 10,
                        List.of("Runtime", "Runtime")),
                Arguments.of("System.exit", consequence("System.exit(0);"), 10, List.of("System", "System.exit")),
                Arguments.of("System.exit through import function",
                        rule("import function java.lang.System.exit;", "", "exit(0);"), 5,
                        List.of("java.lang.System.exit")),
                Arguments.of("environment variable", consequence("String k = System.getenv(\"DB_PASSWORD\");"), 10,
                        List.of("System", "environment")),
                Arguments.of("system property via Long.getLong", consequence("long l = Long.getLong(\"x\");"), 10,
                        List.of("Long.getLong", "system properties")),
                Arguments.of("change the JVM's time zone",
                        rule("import java.util.TimeZone;", "", "TimeZone.setDefault(null);"), 10,
                        List.of(".setDefault", "JVM-wide")),
                Arguments.of("reflection via getClass", consequence("$o.getClass().getDeclaredFields();"), 10,
                        List.of(".getClass", "reflection")),
                Arguments.of("reflection via a class literal", consequence("Object c = String.class;"), 10,
                        List.of(".class", "reflection")),
                Arguments.of("reflection via java.lang.reflect",
                        rule("import java.lang.reflect.Method;", "", ""), 5,
                        List.of("java.lang.reflect.Method", "reflection")),
                Arguments.of("load a class by name", consequence("Class.forName(\"sun.misc.Unsafe\");"), 10,
                        List.of("Class", "reflection")),
                Arguments.of("class loader", consequence(
                        "ClassLoader l = ClassLoader.getSystemClassLoader();"), 10,
                        List.of("ClassLoader", "class loading")),
                Arguments.of("service loader from java.util",
                        rule("import java.util.ServiceLoader;", "", ""), 5,
                        List.of("java.util.ServiceLoader", "class loading")),
                Arguments.of("java.util.Formatter writes a file",
                        rule("import java.util.*;", "", "new Formatter(\"/tmp/x\");"), 10,
                        List.of("Formatter", "files")),
                Arguments.of("a thread", consequence("new Thread(() -> {}).start();"), 10,
                        List.of("Thread", "threads")),
                Arguments.of("an executor", consequence(
                        "java.util.concurrent.Executors.newFixedThreadPool(4);"), 10,
                        List.of("java.util.concurrent.Executors", "threads")),
                Arguments.of("a parallel stream", consequence("java.util.List.of(1, 2).parallelStream().count();"), 10,
                        List.of(".parallelStream", "threads")),
                Arguments.of("a monitor", consequence("synchronized ($o) { }"), 10,
                        List.of("synchronized", "threads")),
                Arguments.of("an endless loop", consequence("while (true) { }"), 10, List.of("loop 'while'")),
                Arguments.of("the session behind the rule context", consequence(
                        "kcontext.getKieRuntime().halt();"), 10, List.of("kcontext.getKieRuntime")),
                Arguments.of("drools.halt", consequence("drools.halt();"), 10, List.of("drools.halt")),
                Arguments.of("compile other rules from inside a rule",
                        rule("import org.citysafe.rules.engine.RuleSet;", "", ""), 5,
                        List.of("org.citysafe.rules.engine.RuleSet", "rule engine")),
                Arguments.of("the engine by being in its package", """
                        package org.citysafe.rules.engine;

                        rule "Sneaky"
                        when
                            $o : Observation( )
                        then
                            BundledRules.compile();
                        end
                        """, 7, List.of("BundledRules", "rule engine")),
                Arguments.of("a global", rule("global java.util.List sink;", "", ""), 5, List.of("global")),
                Arguments.of("a declared type with a file field", """
                        package org.citysafe.rules.fire;

                        declare Leak
                            target : java.io.File
                        end
                        """, 4, List.of("java.io.File", "files")),
                Arguments.of("a function that exits", """
                        package org.citysafe.rules.fire;

                        function void stop() {
                            Runtime.getRuntime().halt(1);
                        }
                        """, 4, List.of("Runtime")),
                Arguments.of("a unicode escape hiding System.exit", consequence("\\u0053ystem.exit(0);"), 10,
                        List.of("unicode escape")),
                Arguments.of("a condition that reaches out", rule("", "eval( new java.io.File(\"/tmp\").exists() )",
                        ""), 8, List.of("java.io.File", "files")),
                Arguments.of("an MVEL inline import", """
                        package org.citysafe.rules.fire;

                        import org.citysafe.rules.engine.Observation;

                        rule "MVEL"
                            dialect "mvel"
                        when
                            $o : Observation( )
                        then
                            import java.io.File; new File("/etc/passwd");
                        end
                        """, 10, List.of("import java.io.File", "files")),
                Arguments.of("a method reference to System.exit", consequence(
                        "java.util.function.IntConsumer c = System::exit;"), 10, List.of("System")),
                Arguments.of("a script engine", consequence(
                        "new javax.script.ScriptEngineManager();"), 10, List.of("javax.script", "script")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRules")
    void hostileRulesAreRefusedWithTheConstructAndItsLine(String what, String drl, int line, List<String> words) {
        List<CompilationProblem> problems = DrlSandbox.check(new RuleSource(PATH, drl));
        assertThat(problems).as(what).isNotEmpty();
        assertThat(problems).as(what).allSatisfy(p -> {
            assertThat(p.path()).isEqualTo(PATH);
            assertThat(p.message()).startsWith("Refused:");
        });
        assertThat(problems).as(what + ": " + problems)
                .anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(line);
                    assertThat(p.column()).isPositive();
                    assertThat(p.message()).contains(words);
                });
    }

    @Test
    void everyBundledRuleIsAccepted() {
        assertThat(DrlSandbox.check(BundledRules.sources())).isEmpty();
    }

    @Test
    void wordsInCommentsAndStringsNeitherTriggerNorHide() {
        String drl = """
                package org.citysafe.rules.fire;

                import org.citysafe.rules.engine.Observation;
                import org.citysafe.rules.engine.Finding;
                import org.citysafe.rules.policy.Threshold;

                // System.exit(0) and java.io.File in a comment are only words
                /* Runtime.getRuntime().exec("x") */
                rule "Smoke reported by a detector named \\"java.net.Socket\\" while testing"
                    @id("fire.authored.words")
                when
                    $o : Observation( scenario == "fire.smoke-detector", metric == "System.exit", withinInstrumentRange )
                    $t : Threshold( crossedBy($o.value) ) from $o.thresholds()
                then
                    insert( Finding.hazard(kcontext, $o, $t, "SMOKE") );
                end
                """;
        assertThat(DrlSandbox.check(new RuleSource(PATH, drl))).isEmpty();

        String hidden = consequence("String s = \"a\" + System.getenv(\"HOME\") + \"b\";");
        assertThat(DrlSandbox.check(new RuleSource(PATH, hidden)))
                .anySatisfy(p -> assertThat(p.message()).contains("System"));
    }

    @Test
    void theAllowListCoversTheFactModelAndPlainJava() {
        String drl = """
                package org.citysafe.rules.gas;

                import java.util.List;
                import java.util.Map;
                import java.time.Duration;
                import org.citysafe.rules.Level;
                import org.citysafe.rules.engine.Observation;
                import org.citysafe.rules.engine.Finding;
                import org.citysafe.rules.policy.Direction;
                import org.citysafe.rules.policy.Threshold;

                function double lel(double vol) {
                    return Math.min(100, vol * 20);
                }

                rule "Gas twice as high as the orange level"
                when
                    $o : Observation( scenario == "gas.restaurant", withinInstrumentRange, lel(value / 20) > 0 )
                    $t : Threshold( direction == Direction.ABOVE, level == Level.ORANGE,
                                    crossedBy($o.value / 2) ) from $o.thresholds()
                then
                    Map<String, Long> counts = new java.util.HashMap<>();
                    Duration d = java.time.Duration.ofMinutes(5);
                    insert( Finding.hazard(kcontext, $o, $t, "COMBUSTIBLE_GAS") );
                end
                """;
        assertThat(DrlSandbox.check(new RuleSource(PATH, drl))).isEmpty();
        assertThat(DrlSandbox.allowed("java.util.Map.Entry")).isTrue();
        assertThat(DrlSandbox.allowed("java.util.concurrent.Executors")).isFalse();
        assertThat(DrlSandbox.allowed("org.citysafe.rules.engine.Decider")).isFalse();
    }
}
