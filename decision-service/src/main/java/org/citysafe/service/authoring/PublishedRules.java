package org.citysafe.service.authoring;

import org.citysafe.rules.engine.BundledRules;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.engine.RuleSource;
import org.citysafe.service.lifecycle.Lifecycle.Stage;
import org.citysafe.service.ruleset.ActiveRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Keeps this instance deciding with the latest published revision of the rule repository.
 *
 * <p>At start, before the service reports ready, the bundled DRL becomes the first published version of each
 * package (and a later release's changed bundle a new version: published if the live version was the bundled one,
 * a draft for review if an expert had published their own). Then, every few seconds, the highest revision is read;
 * one published on another instance is compiled and swapped in here. A revision that fails to compile is never
 * installed: the instance keeps deciding with the rules it has.
 */
@Component
public class PublishedRules implements ApplicationRunner {

    static final String BUNDLED = "bundled";
    private static final Logger log = LoggerFactory.getLogger(PublishedRules.class);

    private final RulePackageStore store;
    private final RuleCompiler compiler;
    private final ActiveRules active;
    private final TransactionTemplate tx;
    private long installedRevision;
    private long failedRevision;
    private volatile boolean started;

    public PublishedRules(RulePackageStore store, RuleCompiler compiler, ActiveRules active, TransactionTemplate tx) {
        this.store = store;
        this.compiler = compiler;
        this.active = active;
        this.tx = tx;
    }

    @Override
    public void run(ApplicationArguments args) {
        tx.executeWithoutResult(s -> importBundled());
        refresh();
        started = true;
    }

    @Scheduled(fixedDelayString = "${citysafe.rules.poll-interval:5s}")
    void poll() {
        if (!started) return;
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("could not check for newly published rules: {}", e.getMessage());
        }
    }

    /** The revision decisions on this instance are made with (0 before the first). */
    public synchronized long installedRevision() {
        return installedRevision;
    }

    /** Installs a rule set compiled for a revision this instance just published, unless a newer one is in. */
    synchronized void installed(long revision, RuleSet rules) {
        if (revision <= installedRevision) return;
        active.install(rules);
        installedRevision = revision;
        log.info("Rule revision {} is live ({} rules)", revision, rules.ruleNames().size());
    }

    /** Compiles and swaps in the highest published revision if this instance does not have it yet. */
    public synchronized void refresh() {
        RuleRevision latest = store.latestRevision().orElse(null);
        if (latest == null || latest.revision() <= installedRevision || latest.revision() == failedRevision) return;
        List<RuleSource> sources = sourcesOf(latest.packages());
        if (sameAsBundled(sources)) {
            // ActiveRules compiled and warmed exactly these while the application started
            installedRevision = latest.revision();
            return;
        }
        RuleCompiler.Result result = compiler.compile("rev-" + latest.revision(), sources);
        if (!result.ok()) {
            failedRevision = latest.revision();
            log.error("Rule revision {} does not compile here; still deciding with revision {}: {}",
                    latest.revision(), installedRevision, result.problems());
            return;
        }
        installed(latest.revision(), result.rules());
    }

    private List<RuleSource> sourcesOf(Map<String, Integer> packages) {
        List<RuleSource> sources = new ArrayList<>();
        for (var e : new TreeMap<>(packages).entrySet()) {
            RuleVersion v = store.findVersion(e.getKey(), e.getValue()).orElseThrow(() -> new IllegalStateException(
                    "revision names " + e.getKey() + " version " + e.getValue() + ", which does not exist"));
            v.files().forEach(f -> sources.add(new RuleSource(f.path(), f.drl())));
        }
        return sources;
    }

    private static boolean sameAsBundled(List<RuleSource> sources) {
        Map<String, String> bundled = new TreeMap<>();
        BundledRules.sources().forEach(s -> bundled.put(s.path(), s.drl()));
        Map<String, String> these = new TreeMap<>();
        sources.forEach(s -> these.put(s.path(), s.drl()));
        return bundled.equals(these);
    }

    /** The bundled DRL, one package per domain folder ({@code org/citysafe/rules/<domain>/...}). */
    static Map<String, List<RuleFile>> bundledPackages() {
        Map<String, List<RuleFile>> packages = new TreeMap<>();
        for (RuleSource s : BundledRules.sources()) {
            String domain = s.path().split("/")[3];
            packages.computeIfAbsent(domain, d -> new ArrayList<>()).add(new RuleFile(s.path(), s.drl()));
        }
        return packages;
    }

    private void importBundled() {
        store.lock();
        boolean changed = false;
        for (var e : bundledPackages().entrySet()) {
            String name = e.getKey();
            List<RuleFile> files = e.getValue();
            var existing = store.findPackage(name);
            if (existing.isEmpty()) {
                store.createPackage(name, name);
                int v = store.insertVersion(name, Stage.DRAFT, files, BUNDLED, "bundled with the service", null);
                store.markPublished(name, v, BUNDLED, null);
                store.audit(BUNDLED, "IMPORTED", name, v, null, "bundled with the service; published at first start",
                        Map.of("files", files.stream().map(RuleFile::path).toList()));
                changed = true;
                continue;
            }
            RuleVersion lastImport = store.latestBy(name, BUNDLED).orElse(null);
            if (lastImport != null && Objects.equals(lastImport.files(), files)) continue;
            RuleVersion live = existing.get().publishedVersion() == null ? null
                    : store.findVersion(name, existing.get().publishedVersion()).orElse(null);
            int v = store.insertVersion(name, Stage.DRAFT, files, BUNDLED,
                    "bundled rules changed with this release", live == null ? null : live.version());
            if (live == null || BUNDLED.equals(live.author())) {
                store.markPublished(name, v, BUNDLED, null);
                store.audit(BUNDLED, "IMPORTED", name, v, null,
                        "bundled rules changed with this release; published because the live version was bundled", null);
                changed = true;
            } else {
                store.audit(BUNDLED, "IMPORTED", name, v, null, "bundled rules changed with this release; kept as "
                        + "a draft because version " + live.version() + " by " + live.author() + " is live", null);
            }
        }
        if (changed || store.latestRevisionNumber() == 0) {
            Map<String, Integer> live = new LinkedHashMap<>();
            store.packages().stream().filter(p -> p.publishedVersion() != null)
                    .forEach(p -> live.put(p.name(), p.publishedVersion()));
            long revision = store.insertRevision(live, BUNDLED, "bundled rules of this release");
            store.audit(BUNDLED, "PUBLISHED", null, null, revision, "bundled rules of this release", live);
        }
    }
}
