package org.citysafe.rules.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a refusal points: the line and column of the construct itself, wherever in the file it is. */
class DrlSandboxTest {

    private static final String PATH = "org/citysafe/rules/fire/authored.drl";

    private static CompilationProblem first(String drl) {
        List<CompilationProblem> problems = DrlSandbox.check(new RuleSource(PATH, drl));
        assertThat(problems).isNotEmpty();
        return problems.get(0);
    }

    private static int column(String line, String construct) {
        return line.indexOf(construct) + 1;
    }

    @Test
    void aRefusedCallInAConsequenceIsLocatedAtItsReceiver() {
        String call = "    String s = Level.RED.getDeclaringClass().getName();";
        String drl = """
                package org.citysafe.rules.fire;

                import org.citysafe.rules.Level;
                import org.citysafe.rules.engine.Observation;

                rule "r"
                when
                    $o : Observation( )
                then
                    insert( Finding.outOfInstrumentRange(kcontext, $o) );
                %s
                end
                """.formatted(call);
        CompilationProblem p = first(drl.replace("insert( Finding.outOfInstrumentRange(kcontext, $o) );", ""));
        assertThat(p.line()).isEqualTo(11);
        assertThat(p.column()).isEqualTo(column(call, "Level.RED"));
        assertThat(p.message()).contains("java.lang.Enum.getDeclaringClass", "not on the allow-list");
    }

    @Test
    void aRefusedPropertyInAConditionIsLocatedAtItsAtom() {
        String condition = "    $o : Observation( metric == \"smoke.alarm\", Level.RED.declaringClass != null )";
        String drl = """
                package org.citysafe.rules.fire;

                import org.citysafe.rules.Level;
                import org.citysafe.rules.engine.Observation;

                rule "r"
                when
                %s
                then
                end
                """.formatted(condition);
        CompilationProblem p = first(drl);
        assertThat(p.line()).isEqualTo(8);
        assertThat(p.column()).isEqualTo(column(condition, "Level.RED"));
        assertThat(p.message()).contains("declaringClass", "getDeclaringClass");
    }

    @Test
    void aLoopInAFunctionIsLocatedAtTheLoop() {
        String drl = """
                package org.citysafe.rules.fire;

                function int spin() {
                    int n = 0;
                    while (n >= 0) n++;
                    return n;
                }
                """;
        CompilationProblem p = first(drl);
        assertThat(p.line()).isEqualTo(5);
        assertThat(p.column()).isEqualTo(5);
        assertThat(p.message()).contains("loop 'while'");
    }

    @Test
    void aRefusedImportIsLocatedAtItsLine() {
        String drl = """
                package org.citysafe.rules.fire;

                import org.citysafe.rules.engine.Observation;
                import java.io.File;
                """;
        CompilationProblem p = first(drl);
        assertThat(p.line()).isEqualTo(4);
        assertThat(p.path()).isEqualTo(PATH);
        assertThat(p.message()).startsWith("Refused: import java.io.File");
    }

    @Test
    void everyProblemOfAFileIsReportedInOrder() {
        String drl = """
                package org.citysafe.rules.fire;

                import java.io.File;
                global java.util.List sink;

                rule "r"
                    timer ( int: 1s )
                when
                then
                    System.exit(0);
                end
                """;
        List<CompilationProblem> problems = DrlSandbox.check(new RuleSource(PATH, drl));
        assertThat(problems).extracting(CompilationProblem::line).containsExactly(3, 4, 7, 10);
    }
}
