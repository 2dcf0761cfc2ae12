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
import org.kie.api.runtime.rule.AgendaFilter;
import org.kie.api.runtime.rule.Match;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
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

    private static final Logger log = LoggerFactory.getLogger(RuleSet.class);
    private static final AtomicLong BUILDS = new AtomicLong();

    /**
     * How far the rules may run for one decision: at most {@code firings} rule firings and {@code time} per
     * observation of a batch. A rule set that goes further (a rule that triggers itself, rules that trigger each
     * other) is stopped; each decision of the batch keeps what the rules had found and names the rule stopped.
     */
    public record Limits(int firings, Duration time) {
        public static final Limits DEFAULT = new Limits(10_000, Duration.ofSeconds(1));

        public Limits {
            if (firings < 1) throw new IllegalArgumentException("firings must be at least 1");
            if (time == null || time.isNegative()) throw new IllegalArgumentException("time must be 0 or more");
        }
    }

    private final String version;
    private final KieBase kieBase;
    private final Set<String> capitalisedWords;
    private final Limits limits;

    private RuleSet(String version, KieBase kieBase, Set<String> capitalisedWords, Limits limits) {
        this.version = version;
        this.kieBase = kieBase;
        this.capitalisedWords = capitalisedWords;
        this.limits = limits;
    }

    /** The same compiled rules, run within other limits. */
    public RuleSet withLimits(Limits limits) {
        return new RuleSet(version, kieBase, capitalisedWords, limits);
    }

    public Limits limits() {
        return limits;
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
        return new RuleSet(version, base, Set.copyOf(words), Limits.DEFAULT);
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
            Guard guard = new Guard(limits, Math.max(1, observations.size()));
            session.fireAllRules(guard);
            for (Object fact : session.getObjects(f -> f instanceof Finding)) {
                Finding finding = (Finding) fact;
                List<Finding> list = findings.get(finding.getObservation());
                if (list != null) list.add(finding);
            }
            if (guard.stopped != null) {
                log.warn("rule set {} stopped: {}", version, guard.why);
                for (Observation o : observations) findings.get(o).add(Finding.stopped(o, guard.stopped, guard.why, guard.whyZh));
            }
        } finally {
            session.dispose();
        }
        return findings;
    }

    /**
     * Lets matches fire until the batch has used its firings or its time; from then on none, so the agenda drains
     * without running anything and the session returns. Names the rule that fired most: the one that ran away.
     */
    private static final class Guard implements AgendaFilter {
        private final long maxFirings;
        private final long budgetNanos;
        private final long start = System.nanoTime();
        private final Map<String, Integer> byRule = new HashMap<>();
        private long fired;
        String stopped;
        String why;
        String whyZh;

        Guard(Limits limits, int observations) {
            this.maxFirings = (long) limits.firings() * observations;
            this.budgetNanos = limits.time().toNanos() * observations;
        }

        @Override
        public boolean accept(Match match) {
            if (stopped != null) return false;
            String rule = match.getRule().getName();
            if (fired >= maxFirings) {
                stop(rule, "fired " + fired + " times, the limit for this decision",
                        "触发 " + fired + " 次，达到本次判定的上限");
                return false;
            }
            long elapsed = System.nanoTime() - start;
            if (elapsed > budgetNanos) {
                stop(rule, "ran " + Duration.ofNanos(elapsed).toMillis() + " ms, past the time budget of "
                        + Duration.ofNanos(budgetNanos).toMillis() + " ms for this decision",
                        "运行 " + Duration.ofNanos(elapsed).toMillis() + " 毫秒，超过本次判定的时间预算");
                return false;
            }
            fired++;
            byRule.merge(rule, 1, Integer::sum);
            return true;
        }

        private void stop(String next, String en, String zh) {
            String most = byRule.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .orElse(next);
            stopped = most;
            why = "the rules were stopped: they " + en + "; rule \"" + most + "\" fired "
                    + byRule.getOrDefault(most, 0) + " of those times";
            whyZh = "规则执行被中止：" + zh + "；规则“" + most + "”触发 " + byRule.getOrDefault(most, 0) + " 次";
        }
    }
}
