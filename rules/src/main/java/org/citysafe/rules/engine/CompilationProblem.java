package org.citysafe.rules.engine;

/** A compile error in authored DRL, located so an editor can underline it. Line and column are 1-based, 0 if unknown. */
public record CompilationProblem(String path, int line, int column, String message) {

    @Override
    public String toString() {
        return path + ":" + line + ":" + column + ": " + message;
    }
}
