package org.citysafe.service.authoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import org.citysafe.rules.engine.CompilationProblem;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.engine.RuleSource;
import org.citysafe.service.lifecycle.Lifecycle;
import org.citysafe.service.lifecycle.Lifecycle.Stage;
import org.citysafe.service.lifecycle.Lifecycle.Step;
import org.citysafe.service.ruleset.ActiveRules;
import org.citysafe.service.web.BadRequestException;
import org.citysafe.service.web.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What safety experts do with rule packages: write drafts, validate them against everything published, test them,
 * publish (one atomic swap of the whole rule set), roll back, compare versions; each step in the audit trail with
 * who, when and why.
 */
@Service
public class RulePackages {

    private static final Lifecycle LIFECYCLE = Lifecycle.RULE_PACKAGE;

    private final RulePackageStore store;
    private final RuleCompiler compiler;
    private final RuleTests tests;
    private final PublishedRules published;
    private final ActiveRules active;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    public RulePackages(RulePackageStore store, RuleCompiler compiler, RuleTests tests, PublishedRules published,
                        ActiveRules active, TransactionTemplate tx, ObjectMapper json) {
        this.store = store;
        this.compiler = compiler;
        this.tests = tests;
        this.published = published;
        this.active = active;
        this.tx = tx;
        this.json = json;
    }

    public record Validation(boolean valid, Stage status, List<CompilationProblem> problems) {
    }

    public record Publication(String packageName, int version, long revision, int rules) {
    }

    public record Diff(String packageName, int from, int to, String unified) {
    }

    /** A publish or rollback that was refused: compile problems or failing test cases, nothing swapped. */
    public static class RulesRefused extends RuntimeException {
        private final List<CompilationProblem> problems;
        private final List<RuleTests.CaseResult> failedCases;

        RulesRefused(String message, List<CompilationProblem> problems, List<RuleTests.CaseResult> failedCases) {
            super(message);
            this.problems = problems;
            this.failedCases = failedCases;
        }

        public List<CompilationProblem> problems() {
            return problems;
        }

        public List<RuleTests.CaseResult> failedCases() {
            return failedCases;
        }
    }

    public List<RulePackage> list() {
        return store.packages().stream()
                .map(p -> new RulePackage(p.name(), p.title(), p.publishedVersion(), store.versions(p.name())))
                .toList();
    }

    public RulePackage get(String name) {
        RulePackageStore.PackageRow p = requirePackage(name);
        return new RulePackage(p.name(), p.title(), p.publishedVersion(), store.versions(name));
    }

    public RuleVersion version(String name, int version) {
        requirePackage(name);
        return store.findVersion(name, version)
                .orElseThrow(() -> new NotFoundException("rule package '" + name + "' has no version " + version));
    }

    /** A new draft: the given files, or a copy of {@code basedOn} (by default the live version) to edit. */
    public RuleVersion createDraft(String name, List<RuleFile> files, Integer basedOn, String comment, String actor) {
        return tx.execute(s -> {
            RulePackageStore.PackageRow p = requirePackage(name);
            Integer base = basedOn != null ? basedOn : p.publishedVersion();
            List<RuleFile> content = files;
            if (content == null || content.isEmpty()) {
                if (base == null) throw new BadRequestException("a first draft needs files");
                content = version(name, base).files();
            }
            requireWellFormed(name, content);
            int v = store.insertVersion(name, Stage.DRAFT, content, actor, comment, base);
            store.audit(actor, "DRAFTED", name, v, null, comment, base == null ? null : Map.of("basedOn", base));
            return store.findVersion(name, v).orElseThrow();
        });
    }

    public RuleVersion updateDraft(String name, int version, List<RuleFile> files, String comment, String actor) {
        return tx.execute(s -> {
            RuleVersion v = version(name, version);
            LIFECYCLE.require(Step.EDIT, v.status(), label(name, version));
            requireWellFormed(name, files);
            store.updateDraft(name, version, files, comment);
            store.audit(actor, "UPDATED", name, version, null, comment, null);
            return store.findVersion(name, version).orElseThrow();
        });
    }

    /** Checks and compiles files with every other published package, without storing anything. */
    public List<CompilationProblem> check(String name, List<RuleFile> files) {
        requirePackage(name);
        List<CompilationProblem> problems = compiler.check(name, files);
        if (!problems.isEmpty()) return problems;
        return compiler.compile("validation", sourcesWith(name, files)).problems();
    }

    /** Validates a stored version; a draft that compiles with everything published becomes VALIDATED. */
    public Validation validate(String name, int version, String actor) {
        RuleVersion v = version(name, version);
        List<CompilationProblem> problems = check(name, v.files());
        Stage status = problems.isEmpty() ? LIFECYCLE.validated(v.status()) : v.status();
        if (status != v.status()) store.setStatus(name, version, status);
        store.audit(actor, problems.isEmpty() ? "VALIDATED" : "VALIDATION_FAILED", name, version, null, null,
                Map.of("problems", problems.size()));
        return new Validation(problems.isEmpty(), status, problems);
    }

    /** Test before publish: the package's cases and, optionally, recent stored readings through draft and live. */
    public RuleTests.Report test(String name, int version, int recentReadings, String actor) {
        RuleVersion v = version(name, version);
        RuleSet draft = compileOrRefuse(name, v.files(), "test");
        RuleTests.Report report = tests.run(name, draft, active.get(), testCases(name), recentReadings);
        store.audit(actor, "TESTED", name, version, null, null, Map.of("passed", report.passed(),
                "failed", report.failed(), "replayed", report.replayed(), "changed", report.changed().size()));
        return report;
    }

    /**
     * Publishes a version: every published package with this version in its place is compiled into one rule set,
     * the package's test cases must pass, then the set is swapped in at once. A failure swaps nothing.
     */
    public Publication publish(String name, int version, String comment, String actor) {
        requireReason(comment);
        try {
            return install(tx.execute(s -> {
                store.lock();
                RuleVersion v = version(name, version);
                LIFECYCLE.require(Step.PUBLISH, v.status(), label(name, version));
                RuleSet rules = compileOrRefuse(name, v.files(), "publish");
                List<RuleTests.CaseResult> failed = tests.run(name, rules, active.get(), testCases(name), 0).cases()
                        .stream().filter(c -> !c.passed()).toList();
                if (!failed.isEmpty()) {
                    throw new RulesRefused(failed.size() + " test case(s) of '" + name + "' fail with version "
                            + version + "; nothing was published", List.of(), failed);
                }
                return publishInTransaction(name, version, comment, actor, rules, "PUBLISHED");
            }));
        } catch (RulesRefused e) {
            store.audit(actor, "PUBLISH_REFUSED", name, version, null, comment, Map.of("reason", e.getMessage(),
                    "problems", e.problems().size(), "failedCases", e.failedCases().size()));
            throw e;
        }
    }

    /** Makes an earlier version live again, as a new version (so the history only grows). */
    public Publication rollback(String name, int toVersion, String comment, String actor) {
        requireReason(comment);
        try {
            return install(tx.execute(s -> {
                store.lock();
                RulePackageStore.PackageRow p = requirePackage(name);
                RuleVersion target = version(name, toVersion);
                LIFECYCLE.requireRollbackTarget(target.status(),
                        p.publishedVersion() != null && p.publishedVersion() == toVersion, label(name, toVersion));
                int v = store.insertVersion(name, Stage.DRAFT, target.files(), actor,
                        "rollback to version " + toVersion + ": " + comment, toVersion);
                RuleSet rules = compileOrRefuse(name, target.files(), "rollback");
                return publishInTransaction(name, v, "rollback to version " + toVersion + ": " + comment, actor,
                        rules, "ROLLED_BACK");
            }));
        } catch (RulesRefused e) {
            store.audit(actor, "ROLLBACK_REFUSED", name, toVersion, null, comment, Map.of("reason", e.getMessage()));
            throw e;
        }
    }

    private record Compiled(Publication publication, RuleSet rules) {
    }

    private Compiled publishInTransaction(String name, int version, String comment, String actor, RuleSet rules,
                                          String action) {
        store.markPublished(name, version, actor, comment);
        Map<String, Integer> live = new LinkedHashMap<>();
        store.packages().stream().filter(p -> p.publishedVersion() != null)
                .forEach(p -> live.put(p.name(), p.publishedVersion()));
        long revision = store.insertRevision(live, actor, comment);
        store.audit(actor, action, name, version, revision, comment, live);
        return new Compiled(new Publication(name, version, revision, rules.ruleNames().size()), rules);
    }

    /** After the transaction committed: this instance swaps at once, the others within their poll interval. */
    private Publication install(Compiled c) {
        published.installed(c.publication().revision(), c.rules());
        return c.publication();
    }

    /** Unified diff between two versions, file by file (a missing file counts as empty). */
    public Diff diff(String name, int from, int to) {
        Map<String, String> a = byPath(version(name, from).files());
        Map<String, String> b = byPath(version(name, to).files());
        TreeMap<String, Boolean> paths = new TreeMap<>();
        a.keySet().forEach(p -> paths.put(p, true));
        b.keySet().forEach(p -> paths.put(p, true));
        StringBuilder out = new StringBuilder();
        for (String path : paths.keySet()) {
            List<String> before = lines(a.get(path));
            List<String> after = lines(b.get(path));
            if (before.equals(after)) continue;
            List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(
                    a.containsKey(path) ? "v" + from + "/" + path : "/dev/null",
                    b.containsKey(path) ? "v" + to + "/" + path : "/dev/null",
                    before, DiffUtils.diff(before, after), 3);
            unified.forEach(l -> out.append(l).append('\n'));
        }
        return new Diff(name, from, to, out.toString());
    }

    public List<RuleTests.TestCase> testCases(String name) {
        return store.testCases(name).stream().map(t -> json.convertValue(t.body(), RuleTests.TestCase.class)).toList();
    }

    public RuleTests.TestCase saveTestCase(String name, RuleTests.TestCase testCase, String actor) {
        requirePackage(name);
        List<String> problems = tests.problems(testCase);
        if (!problems.isEmpty()) throw new BadRequestException("the test case cannot run", problems);
        store.saveTestCase(name, testCase.name(), testCase, actor);
        store.audit(actor, "TEST_CASE_SAVED", name, null, null, testCase.name(), null);
        return testCase;
    }

    public void deleteTestCase(String name, String caseName, String actor) {
        requirePackage(name);
        if (!store.deleteTestCase(name, caseName)) {
            throw new NotFoundException("rule package '" + name + "' has no test case '" + caseName + "'");
        }
        store.audit(actor, "TEST_CASE_DELETED", name, null, null, caseName, null);
    }

    public List<RuleAuditEntry> audit(String name, int limit) {
        if (name != null) requirePackage(name);
        return store.audit(name, Math.min(Math.max(limit, 1), 1000));
    }

    public List<RuleRevision> revisions(int limit) {
        return store.revisions(Math.min(Math.max(limit, 1), 1000));
    }

    private RuleSet compileOrRefuse(String name, List<RuleFile> files, String purpose) {
        List<CompilationProblem> problems = compiler.check(name, files);
        RuleCompiler.Result result = problems.isEmpty()
                ? compiler.compile(purpose, sourcesWith(name, files)) : new RuleCompiler.Result(null, problems);
        if (!result.ok()) {
            throw new RulesRefused("the rules do not compile with the other published packages; nothing was "
                    + (purpose.equals("test") ? "tested" : "published"), result.problems(), List.of());
        }
        return result.rules();
    }

    /** Every published package's files, with {@code name}'s replaced by {@code files}. */
    private List<RuleSource> sourcesWith(String name, List<RuleFile> files) {
        List<RuleSource> sources = new ArrayList<>();
        for (RuleVersion v : store.publishedVersions()) {
            if (v.packageName().equals(name)) continue;
            v.files().forEach(f -> sources.add(new RuleSource(f.path(), f.drl())));
        }
        files.forEach(f -> sources.add(new RuleSource(f.path(), f.drl())));
        return sources;
    }

    private void requireWellFormed(String name, List<RuleFile> files) {
        if (files == null || files.isEmpty()) throw new BadRequestException("files are missing");
        List<String> misplaced = compiler.check(name, files).stream().filter(p -> p.line() == 0)
                .map(CompilationProblem::toString).toList();
        if (!misplaced.isEmpty()) throw new BadRequestException("the files cannot be stored", misplaced);
    }

    private RulePackageStore.PackageRow requirePackage(String name) {
        return store.findPackage(name).orElseThrow(() -> new NotFoundException("no rule package '" + name + "'"));
    }

    private static void requireReason(String comment) {
        if (comment == null || comment.isBlank()) {
            throw new BadRequestException("say why: a publish or rollback needs a comment for the audit trail");
        }
    }

    private static Map<String, String> byPath(List<RuleFile> files) {
        Map<String, String> m = new TreeMap<>();
        files.forEach(f -> m.put(f.path(), f.drl()));
        return m;
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : List.of(text.split("\n", -1));
    }

    private static String label(String name, int version) {
        return "version " + version + " of '" + name + "'";
    }
}
