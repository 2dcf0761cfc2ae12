package org.citysafe.rules.engine;

import java.util.List;
import java.util.stream.Collectors;

/** The DRL did not compile; nothing was swapped in. */
public class RuleCompilationException extends RuntimeException {

    private final List<CompilationProblem> problems;

    public RuleCompilationException(List<CompilationProblem> problems) {
        super("rules do not compile:\n" + problems.stream().map(CompilationProblem::toString)
                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<CompilationProblem> problems() {
        return problems;
    }
}
