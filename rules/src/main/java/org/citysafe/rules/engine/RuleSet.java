package org.citysafe.rules.engine;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled, immutable set of rules. Compile once, evaluate from any number of threads: each evaluation runs in
 * its own short-lived session, so swapping in a new {@code RuleSet} never disturbs evaluations in flight.
 */
public final class RuleSet {

    private static final AtomicLong BUILDS = new AtomicLong();

    private final String version;
    private final KieBase kieBase;
    private final Set<String> capitalisedWords;

    private RuleSet(String version, KieBase kieBase, Set<String> capitalisedWords) {
        this.version = version;
        this.kieBase = kieBase;
        this.capitalisedWords = capitalisedWords;
    }

    /**
     * Compiles DRL sources into a rule set.
     *
     * @throws RuleCompilationException with every error located by file, line and column
     */
    public static RuleSet compile(String version, Collection<RuleSource> sources) {
        KieServices ks = KieServices.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("org.citysafe.rules", "compiled", "1.0." + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(releaseId);
        for (RuleSource source : sources) {
            kfs.write("src/main/resources/" + source.path(), source.drl());
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<CompilationProblem> problems = new ArrayList<>();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            String path = m.getPath() == null ? "" : m.getPath().replaceFirst("^src/main/resources/", "");
            problems.add(new CompilationProblem(path, Math.max(m.getLine(), 0), Math.max(m.getColumn(), 0),
                    m.getText()));
        }
        if (!problems.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            throw new RuleCompilationException(problems);
        }
        KieContainer container = ks.newKieContainer(releaseId);
        KieBase base = container.getKieBase();
        // the container keeps what it needs; the repository entry would only pile up with every hot swap
        ks.getRepository().removeKieModule(releaseId);
        Set<String> words = new HashSet<>();
        for (RuleSource source : sources) {
            Matcher m = CAPITALISED.matcher(DrlSandbox.blank(source.drl()));
            while (m.find()) words.add(m.group());
        }
        return new RuleSet(version, base, Set.copyOf(words));
    }

    private static final Pattern CAPITALISED = Pattern.compile("\\b[A-Z][A-Za-z0-9_]*\\b");

    /**
     * Whether the rules' code (not their comments or strings) names this type, e.g. {@code History}: the decision
     * path loads the facts only rules that match on them need.
     */
    public boolean mentions(String simpleTypeName) {
        return capitalisedWords.contains(simpleTypeName);
    }

    public String version() {
        return version;
    }

    /** Names of all rules, grouped by package, for listings and tests. */
    public List<String> ruleNames() {
        List<String> names = new ArrayList<>();
        for (KiePackage p : kieBase.getKiePackages()) {
            for (Rule r : p.getRules()) names.add(r.getName());
        }
        return names;
    }

    /** Runs the rules over a batch of observations and returns each observation's findings (possibly none). */
    public Map<Observation, List<Finding>> evaluate(List<Observation> observations) {
        return evaluate(observations, List.of());
    }

    /**
     * As {@link #evaluate(List)}, with facts about the observations' surroundings inserted beside them
     * ({@link History}, {@link Nearby}).
     */
    public Map<Observation, List<Finding>> evaluate(List<Observation> observations, Collection<?> context) {
        Map<Observation, List<Finding>> findings = new IdentityHashMap<>();
        for (Observation o : observations) findings.put(o, new ArrayList<>());
        KieSession session = kieBase.newKieSession();
        try {
            for (Observation o : observations) session.insert(o);
            for (Object fact : context) session.insert(fact);
            session.fireAllRules();
            for (Object fact : session.getObjects(f -> f instanceof Finding)) {
                Finding finding = (Finding) fact;
                List<Finding> list = findings.get(finding.getObservation());
                if (list != null) list.add(finding);
            }
        } finally {
            session.dispose();
        }
        return findings;
    }
}
