package org.citysafe.service.authoring;

import org.citysafe.rules.engine.CompilationProblem;
import org.citysafe.rules.engine.DrlSandbox;
import org.citysafe.rules.engine.RuleCompilationException;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.engine.RuleSource;
import org.citysafe.service.web.ServiceBusyException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only way authored DRL reaches the compiler: each file must live in its package's folder, declare its package's
 * namespace and pass the {@link DrlSandbox}; only then is everything compiled together. One compilation at a time,
 * so that editors typing away cannot starve the decision path of CPU. What it compiles runs within
 * {@link RuleSet.Limits} ({@code citysafe.rules.max-firings-per-decision}, {@code citysafe.rules.time-per-decision}).
 */
@Component
public class RuleCompiler {

    public static final Pattern PACKAGE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    static final int MAX_FILES = 50;
    static final int MAX_FILE_CHARS = 256 * 1024;
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}\\.drl");
    private static final Pattern PACKAGE_STATEMENT = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;?",
            Pattern.MULTILINE);

    private final Semaphore compiling = new Semaphore(1, true);
    private final RuleSet.Limits limits;

    public RuleCompiler(@Value("${citysafe.rules.max-firings-per-decision:10000}") int maxFirings,
                        @Value("${citysafe.rules.time-per-decision:1s}") Duration timePerDecision) {
        this.limits = new RuleSet.Limits(maxFirings, timePerDecision);
    }

    public RuleSet.Limits limits() {
        return limits;
    }

    /** What compiling gave: a rule set, or the problems (each with file, line and column). */
    public record Result(RuleSet rules, List<CompilationProblem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Problems of one package's files before anything is compiled: location, namespace, size, sandbox. */
    public List<CompilationProblem> check(String packageName, List<RuleFile> files) {
        List<CompilationProblem> problems = new ArrayList<>();
        if (files == null || files.isEmpty()) {
            problems.add(new CompilationProblem("", 0, 0, "a rule package needs at least one DRL file"));
            return problems;
        }
        if (files.size() > MAX_FILES) {
            problems.add(new CompilationProblem("", 0, 0, "a rule package holds at most " + MAX_FILES + " files"));
        }
        String folder = "org/citysafe/rules/" + packageName + "/";
        String namespace = "org.citysafe.rules." + packageName;
        Set<String> paths = new HashSet<>();
        for (RuleFile f : files) {
            String path = f.path() == null ? "" : f.path();
            if (!path.startsWith(folder) || !FILE_NAME.matcher(path.substring(folder.length())).matches()) {
                problems.add(new CompilationProblem(path, 0, 0, "a file of package '" + packageName + "' must be "
                        + folder + "<name>.drl, with a lower-case name of letters, digits, '.', '-' or '_'"));
                continue;
            }
            if (!paths.add(path)) problems.add(new CompilationProblem(path, 0, 0, "this file appears twice"));
            String drl = f.drl() == null ? "" : f.drl();
            if (drl.length() > MAX_FILE_CHARS) {
                problems.add(new CompilationProblem(path, 0, 0, "a rule file holds at most " + MAX_FILE_CHARS
                        + " characters"));
                continue;
            }
            Matcher m = PACKAGE_STATEMENT.matcher(blankComments(drl));
            if (!m.find()) {
                problems.add(new CompilationProblem(path, 1, 1, "a rule file starts with 'package " + namespace + ";'"));
            } else if (!m.group(1).equals(namespace) && !m.group(1).startsWith(namespace + ".")) {
                int line = drl.substring(0, m.start(1)).split("\n", -1).length;
                problems.add(new CompilationProblem(path, line, 1, "package " + m.group(1) + " is outside this rule "
                        + "package's namespace: declare 'package " + namespace + ";'"));
            }
            problems.addAll(DrlSandbox.check(new RuleSource(path, drl)));
        }
        return problems;
    }

    /**
     * Checks every source with the sandbox, then compiles them all together.
     *
     * @throws ServiceBusyException when another compilation has held the compiler for 30 s
     */
    public Result compile(String version, List<RuleSource> sources) {
        List<CompilationProblem> refused = DrlSandbox.check(sources);
        if (!refused.isEmpty()) return new Result(null, refused);
        try {
            if (!compiling.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new ServiceBusyException("the rule compiler is busy; try again in a moment");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceBusyException("interrupted while waiting for the rule compiler");
        }
        try {
            return new Result(RuleSet.compile(version, sources).withLimits(limits), List.of());
        } catch (RuleCompilationException e) {
            return new Result(null, located(e.problems(), sources));
        } catch (RuntimeException e) {
            return new Result(null, List.of(new CompilationProblem("", 0, 0, "the compiler failed: " + e.getMessage())));
        } finally {
            compiling.release();
        }
    }

    private static final Pattern WORD = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    /**
     * Drools often reports a line without a column. An editor needs both to put the marker where the mistake is:
     * the column becomes that of the first word of the message found on the line (the misspelt property,
     * the unknown type), else the line's first character.
     */
    static List<CompilationProblem> located(List<CompilationProblem> problems, List<RuleSource> sources) {
        List<CompilationProblem> out = new ArrayList<>();
        for (CompilationProblem p : problems) {
            if (p.column() > 0 || p.line() <= 0) {
                out.add(p);
                continue;
            }
            String drl = sources.stream().filter(s -> s.path().equals(p.path())).map(RuleSource::drl).findFirst()
                    .orElse(null);
            String[] lines = drl == null ? new String[0] : drl.split("\n", -1);
            if (p.line() > lines.length) {
                out.add(p);
                continue;
            }
            String line = lines[p.line() - 1];
            int column = -1;
            Matcher m = WORD.matcher(p.message());
            while (column < 0 && m.find()) {
                String word = m.group();
                Matcher inLine = Pattern.compile("\\b" + Pattern.quote(word) + "\\b").matcher(line);
                if (word.length() > 2 && inLine.find()) column = inLine.start();
            }
            if (column < 0) column = Math.max(0, line.length() - line.stripLeading().length());
            out.add(new CompilationProblem(p.path(), p.line(), column + 1, p.message()));
        }
        return out;
    }

    private static String blankComments(String drl) {
        return drl.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", "");
    }
}
