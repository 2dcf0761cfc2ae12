package org.citysafe.scenarios.quality;

import org.citysafe.rules.Level;
import org.citysafe.rules.catalog.DeviceType;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.engine.BundledRules;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.policy.Policy;
import org.citysafe.scenarios.quality.EpisodeGenerator.Episode;
import org.citysafe.scenarios.quality.Family.Label;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decision quality on the generated labelled corpus ({@link Families}, {@link EpisodeGenerator}): the seeded part
 * is asserted against the targets of issue 15, a second seed is reported beside it, and docs/DECISION-QUALITY.md
 * is what {@link #render()} makes of both. The normal build fails when the file is stale;
 * {@code -Dquality.write=true} rewrites it:
 *
 * <pre>./mvnw -q -o -pl rules,scenarios -am test -Dtest='GeneratedCorpusReport' -Dsurefire.failIfNoSpecifiedTests=false -Dquality.write=true</pre>
 *
 * <p>The corpus is decided through an {@link EpisodeDecider}: today {@link ReplayAssembly}, the assembly the replay
 * harness uses; the report does not depend on which.
 */
class GeneratedCorpusReport {

    static final long ASSERTED_SEED = 15;
    static final int ASSERTED_EPISODES = 2000;
    static final long REPORTED_SEED = 16;
    static final int REPORTED_EPISODES = 1000;

    static final double NUISANCE_ORANGE_TARGET = 0.01;
    static final double NUISANCE_YELLOW_TARGET = 0.05;
    static final double NUISANCE_REDUCTION_TARGET = 0.95;

    /**
     * Families whose hazards or faults the shipped rules get wrong on the asserted part, with the cause. Counted in
     * every number; the targets are asserted on the others, and each entry is asserted to still miss, so that a fix
     * forces this list and the report to be updated.
     */
    static final Map<String, String> KNOWN_MISSES = Map.of(
            "shower or kettle steam", "steam that keeps one smoke detector in alarm for more than the 60 s alarm "
                    + "verification (NFPA 72) is, from that detector alone, a smouldering fire: it is pushed ORANGE (never "
                    + "RED) and the duty centre's verification call settles it; a longer verification for detectors "
                    + "tagged `bathroom` would trade delay on real fires for it");

    /** Results the targets are asserted on: every family but the known misses. */
    static List<Result> judged(List<Result> results) {
        return results.stream().filter(r -> !KNOWN_MISSES.containsKey(r.family().name())).toList();
    }

    record Result(Episode episode, Scored ours, Scored naive) {
        Family family() {
            return episode.family();
        }

        Label label() {
            return episode.family().label();
        }

        @Override
        public String toString() {
            return episode.id() + " (" + family().name() + ", every " + episode.intervalSeconds() + " s): pushed "
                    + ours.pushes + ", " + ours.faults + " FAULT decisions";
        }
    }

    static List<Result> asserted;
    static List<Result> reported;

    @BeforeAll
    static void decideTheCorpus() {
        RuleSet rules = BundledRules.compile();
        Policy policy = Policy.defaults();
        EpisodeDecider ours = new ReplayAssembly(rules, policy);
        EpisodeDecider naive = new NaiveThresholds(rules, policy);
        asserted = decide(EpisodeGenerator.generate(ASSERTED_SEED, ASSERTED_EPISODES, "a"), ours, naive);
        reported = decide(EpisodeGenerator.generate(REPORTED_SEED, REPORTED_EPISODES, "r"), ours, naive);
    }

    static List<Result> decide(List<Episode> episodes, EpisodeDecider ours, EpisodeDecider naive) {
        List<Result> out = new ArrayList<>(episodes.size());
        for (Episode e : episodes) {
            out.add(new Result(e, Scored.ours(e, ours.decide(e.devices(), e.readings())),
                    Scored.naive(e, naive.decide(e.devices(), e.readings()))));
        }
        return out;
    }

    static List<Result> of(List<Result> results, Label label) {
        return results.stream().filter(r -> r.label() == label).toList();
    }

    // ---- the targets, on the asserted part ----

    @Test
    void theCorpusCoversEveryDeviceTypeAndLabel() {
        assertThat(asserted).hasSizeGreaterThanOrEqualTo(2000);
        Set<String> types = asserted.stream().map(r -> r.family().deviceType()).collect(Collectors.toSet());
        assertThat(types).containsAll(DeviceTypeCatalog.bundled().all().stream().map(DeviceType::name).toList());
        for (Label l : Label.values()) assertThat(of(asserted, l)).as(l + " episodes").hasSizeGreaterThan(200);
    }

    @Test
    void everyHazardIsPushedInEveryFamily() {
        assertThat(of(asserted, Label.HAZARD).stream().filter(r -> !KNOWN_MISSES.containsKey(r.family().name()))
                .filter(GeneratedCorpusReport::misses).map(Result::toString)).as("hazards never pushed").isEmpty();
    }

    @Test
    void nuisancesArePushedRarelyAndFarLessThanByNaiveThresholding() {
        List<Result> nuisances = of(judged(asserted), Label.NUISANCE);
        long orange = nuisances.stream().filter(r -> r.ours().pushedAtLeast(Level.ORANGE)).count();
        long yellow = nuisances.stream().filter(r -> r.ours().pushedAtLeast(Level.YELLOW)).count();
        assertThat((double) orange / nuisances.size()).as("nuisance episodes pushed at ORANGE or RED: " + orange + " "
                        + nuisances.stream().filter(r -> r.ours().pushedAtLeast(Level.ORANGE)).toList())
                .isLessThanOrEqualTo(NUISANCE_ORANGE_TARGET);
        assertThat((double) yellow / nuisances.size()).as("nuisance episodes pushed at YELLOW or above: " + yellow)
                .isLessThanOrEqualTo(NUISANCE_YELLOW_TARGET);
        int ours = nuisances.stream().mapToInt(r -> r.ours().pushCount()).sum();
        int naive = nuisances.stream().mapToInt(r -> r.naive().pushCount()).sum();
        assertThat(1 - (double) ours / naive).as("fewer nuisance pushes than naive thresholding (ours " + ours + ", naive "
                + naive + ")").isGreaterThanOrEqualTo(NUISANCE_REDUCTION_TARGET);
    }

    @Test
    void everyFaultIsClassifiedAsAFaultAndNoneIsPushedAsAHazard() {
        assertThat(of(asserted, Label.FAULT).stream().filter(r -> !KNOWN_MISSES.containsKey(r.family().name()))
                .filter(GeneratedCorpusReport::misses).map(Result::toString))
                .as("fault episodes not classified FAULT or pushed as a hazard").isEmpty();
    }

    @Test
    void everyKnownMissStillMisses() {
        assertThat(KNOWN_MISSES.keySet()).allSatisfy(name -> assertThat(asserted.stream()
                .filter(r -> r.family().name().equals(name)).anyMatch(GeneratedCorpusReport::misses))
                .as(name + " no longer misses: remove it from KNOWN_MISSES and regenerate the report").isTrue());
    }

    static boolean misses(Result r) {
        return switch (r.label()) {
            case HAZARD -> !r.ours().pushed();
            case NUISANCE -> r.ours().pushedAtLeast(Level.YELLOW);
            case FAULT -> r.ours().faults == 0 || r.ours().pushed();
        };
    }

    @Test
    void docsDecisionQualityIsUpToDate() throws IOException {
        Path doc = repositoryRoot().resolve("docs/DECISION-QUALITY.md");
        String generated = render();
        if (Boolean.getBoolean("quality.write")) {
            Files.writeString(doc, generated, StandardCharsets.UTF_8);
            return;
        }
        String onDisk = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        assertThat(onDisk).as("docs/DECISION-QUALITY.md is stale; regenerate it with " + COMMAND).isEqualTo(generated);
    }

    static final String COMMAND = "./mvnw -q -o -pl rules,scenarios -am test -Dtest='GeneratedCorpusReport,DecisionQualityReport' "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dquality.write=true";

    static Path repositoryRoot() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !(Files.isDirectory(p.resolve("docs")) && Files.exists(p.resolve("mvnw")))) p = p.getParent();
        if (p == null) throw new IllegalStateException("no repository root above " + System.getProperty("user.dir"));
        return p;
    }

    // ---- the report ----

    static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Decision quality on the generated labelled corpus\n\n");
        md.append("<!-- Generated by scenarios/src/test/java/org/citysafe/scenarios/quality/GeneratedCorpusReport.java; "
                + "do not edit. -->\n\n");
        md.append("Regenerate with\n\n```\n").append(COMMAND).append("\n```\n\n");
        md.append("The normal build runs the same classes without `-Dquality.write`: they assert the targets and fail if "
                + "this file (or `docs/DECISION-QUALITY-HANDWRITTEN.md`, the 36 hand-written events) no longer matches "
                + "what the corpus and the rules produce.\n\n");
        md.append("## Method\n\n");
        md.append(String.format(Locale.ROOT, "%d families (%d hazard, %d nuisance, %d fault) cover all %d device types "
                        + "of the catalogue. Each is first described in words from field practice (`Families.java`: what a "
                        + "leak, a burst, a pump trip, a truck on a span, a frozen sensor does to the quantity), then drawn "
                        + "from those words with random amplitude, onset, ramp and duration, sensor noise at one to two "
                        + "times the metric's noise floor, values quantised to its resolution, a reporting interval from "
                        + "10 s to 5 min (on/off devices also report each change as it happens, as networked detectors "
                        + "send their alarm and its clearing), and the transport's faults (`EpisodeGenerator.java`): 3 %% of readings "
                        + "duplicated, 2 %% re-delivered later, an out-of-order block in a fifth of the episodes, the "
                        + "device clock skewed by up to ±90 s in 30 %%, a gap of 2-6 lost samples in a quarter. The label "
                        + "is the family's; no threshold of ours is used to make or label an episode.\n\n",
                Families.all().size(), Families.all().stream().filter(f -> f.label() == Label.HAZARD).count(),
                Families.all().stream().filter(f -> f.label() == Label.NUISANCE).count(),
                Families.all().stream().filter(f -> f.label() == Label.FAULT).count(),
                Families.all().stream().map(Family::deviceType).distinct().count()));
        md.append(String.format(Locale.ROOT, "The **asserted** part is seed %d, %d episodes, %d readings: the build fails if "
                        + "it misses a target. The **reported** part is seed %d, %d episodes, %d readings: reported only.\n\n",
                ASSERTED_SEED, asserted.size(), readings(asserted), REPORTED_SEED, reported.size(), readings(reported)));
        md.append("Each episode is decided twice:\n\n");
        md.append("- **Ours**: `Policy.defaults()` through the replay assembly (`ReplayAssembly`: `DecisionEngine` in a `ReplayContext` with "
                + "one `DecisionState` per episode, `Rechecks` on event time, behind the `EpisodeDecider` interface), "
                + "readings in delivery order.\n");
        md.append("- **Naive**: each reading alone against the same thresholds, without any `confirm.*` parameter, "
                + "history, site, open alarm, flag or tag (`NaiveThresholds`).\n\n");
        md.append("A **push** is an alarm that opens or rises to a more severe level: ours as `ActiveAlarms` tracks the "
                + "decisions, naive as an alarm per metric that opens or rises with every reading past a threshold and "
                + "closes with the next that is not. A hazard is caught when pushed; its time to push runs from the "
                + "labelled onset to the true time of the first push (device clock skew taken out). A fault episode is "
                + "*classified* when any of its readings is decided `FAULT`, and *pushed as a hazard* when anything is "
                + "pushed.\n\n");
        section(md, "Asserted part (seed " + ASSERTED_SEED + ")", asserted, true);
        section(md, "Reported part (seed " + REPORTED_SEED + ")", reported, false);
        md.append("## Families\n\n| Family | Label | Device type | Intervals (s) | Field description |\n|---|---|---|---|---|\n");
        for (Family f : Families.all()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |\n", f.name(), f.label().name().toLowerCase(Locale.ROOT),
                    f.deviceType(), Arrays.stream(f.intervals()).mapToObj(Integer::toString)
                            .collect(Collectors.joining(", ")), f.words()));
        }
        md.append('\n');
        return md.toString();
    }

    static int readings(List<Result> results) {
        return results.stream().mapToInt(r -> r.episode().readings().size()).sum();
    }

    static void section(StringBuilder md, String title, List<Result> results, boolean targets) {
        List<Result> judged = judged(results);
        List<Result> jHazards = of(judged, Label.HAZARD);
        List<Result> jNuisances = of(judged, Label.NUISANCE);
        List<Result> jFaults = of(judged, Label.FAULT);
        List<Result> hazards = of(results, Label.HAZARD);
        List<Result> nuisances = of(results, Label.NUISANCE);
        List<Result> faults = of(results, Label.FAULT);
        md.append("## ").append(title).append("\n\n");
        md.append("| Measure | Ours | Naive thresholding | Target |\n|---|---|---|---|\n");
        long caught = hazards.stream().filter(r -> r.ours().pushed()).count();
        long naiveCaught = hazards.stream().filter(r -> r.naive().pushed()).count();
        md.append(row("Hazard recall", ratio(caught, hazards.size()), ratio(naiveCaught, hazards.size()),
                target(targets, "100 % in every family", jHazards.stream().allMatch(r -> r.ours().pushed()))));
        md.append(row("Onset to first push, median / worst", spread(delays(hazards, true, Level.BLUE)),
                spread(delays(hazards, false, Level.BLUE)), ""));
        long nOrange = nuisances.stream().filter(r -> r.ours().pushedAtLeast(Level.ORANGE)).count();
        long nYellow = nuisances.stream().filter(r -> r.ours().pushedAtLeast(Level.YELLOW)).count();
        long nAny = nuisances.stream().filter(r -> r.ours().pushed()).count();
        md.append(row("Nuisance episodes pushed at ORANGE or RED", ratio(nOrange, nuisances.size()),
                ratio(nuisances.stream().filter(r -> r.naive().pushedAtLeast(Level.ORANGE)).count(), nuisances.size()),
                target(targets, "<= 1 %", jNuisances, r -> r.ours().pushedAtLeast(Level.ORANGE), NUISANCE_ORANGE_TARGET)));
        md.append(row("Nuisance episodes pushed at YELLOW or above", ratio(nYellow, nuisances.size()),
                ratio(nuisances.stream().filter(r -> r.naive().pushedAtLeast(Level.YELLOW)).count(), nuisances.size()),
                target(targets, "<= 5 %", jNuisances, r -> r.ours().pushedAtLeast(Level.YELLOW), NUISANCE_YELLOW_TARGET)));
        md.append(row("Nuisance episodes pushed at any level", ratio(nAny, nuisances.size()),
                ratio(nuisances.stream().filter(r -> r.naive().pushed()).count(), nuisances.size()), ""));
        int ours = nuisances.stream().mapToInt(r -> r.ours().pushCount()).sum();
        int naive = nuisances.stream().mapToInt(r -> r.naive().pushCount()).sum();
        md.append(row("Nuisance pushes (BLUE / YELLOW / ORANGE / RED)", ours + " (" + perLevel(nuisances, true) + ")",
                naive + " (" + perLevel(nuisances, false) + ")", ""));
        int jOurs = jNuisances.stream().mapToInt(r -> r.ours().pushCount()).sum();
        int jNaive = jNuisances.stream().mapToInt(r -> r.naive().pushCount()).sum();
        md.append(row("Fewer nuisance pushes than naive", pct(naive - ours, naive), "",
                target(targets, ">= 95 %", jNaive > 0 && 1 - (double) jOurs / jNaive >= NUISANCE_REDUCTION_TARGET)
                        + " (outside the known misses: " + pct(jNaive - jOurs, jNaive) + ")"));
        long classified = faults.stream().filter(r -> r.ours().faults > 0).count();
        long asHazard = faults.stream().filter(r -> r.ours().pushed()).count();
        md.append(row("Fault episodes classified FAULT", ratio(classified, faults.size()),
                ratio(faults.stream().filter(r -> r.naive().faults > 0).count(), faults.size()),
                target(targets, "100 %", jFaults.stream().allMatch(r -> r.ours().faults > 0))));
        md.append(row("Fault episodes pushed as a hazard", ratio(asHazard, faults.size()),
                ratio(faults.stream().filter(r -> r.naive().pushed()).count(), faults.size()),
                target(targets, "none", jFaults.stream().noneMatch(r -> r.ours().pushed()))));
        md.append('\n');

        md.append("Delay added per level: for each hazard that naive thresholding pushes at a level (or above), the "
                + "time from its first push there to ours.\n\n");
        md.append("| Level | Hazards naive pushes at it | Ours too | Added delay, median / worst |\n|---|---|---|---|\n");
        for (Level l : List.of(Level.BLUE, Level.YELLOW, Level.ORANGE, Level.RED)) {
            List<Result> reached = hazards.stream().filter(r -> r.naive().pushedAtLeast(l)).toList();
            List<Long> added = reached.stream().filter(r -> r.ours().pushedAtLeast(l))
                    .map(r -> r.ours().secondsTo(l) - r.naive().secondsTo(l)).sorted().toList();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s |\n", l, reached.size(), added.size(), spread(added)));
        }
        md.append('\n');

        md.append("### Per family\n\n");
        md.append("| Family | Label | Episodes | Ours: pushed (hazard: caught) | Ours: onset to push, median / worst "
                + "| Naive: pushed | Naive: onset to push, median / worst | Ours: YELLOW+ / ORANGE+ | Naive: YELLOW+ / ORANGE+ "
                + "| Pushes ours / naive | FAULT classified |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<Family, List<Result>> byFamily = new LinkedHashMap<>();
        for (Family f : Families.all()) byFamily.put(f, new ArrayList<>());
        results.forEach(r -> byFamily.get(r.family()).add(r));
        for (var e : byFamily.entrySet()) {
            List<Result> rs = e.getValue();
            if (rs.isEmpty()) continue;
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %d | %s | %d / %d | %d / %d | %d / %d | %s |\n",
                    e.getKey().name(), e.getKey().label().name().toLowerCase(Locale.ROOT), rs.size(),
                    rs.stream().filter(r -> r.ours().pushed()).count(), spread(delays(rs, true, Level.BLUE)),
                    rs.stream().filter(r -> r.naive().pushed()).count(), spread(delays(rs, false, Level.BLUE)),
                    rs.stream().filter(r -> r.ours().pushedAtLeast(Level.YELLOW)).count(),
                    rs.stream().filter(r -> r.ours().pushedAtLeast(Level.ORANGE)).count(),
                    rs.stream().filter(r -> r.naive().pushedAtLeast(Level.YELLOW)).count(),
                    rs.stream().filter(r -> r.naive().pushedAtLeast(Level.ORANGE)).count(),
                    rs.stream().mapToInt(r -> r.ours().pushCount()).sum(), rs.stream().mapToInt(r -> r.naive().pushCount()).sum(),
                    e.getKey().label() == Label.FAULT ? ratio(rs.stream().filter(r -> r.ours().faults > 0).count(), rs.size()) : "-"));
        }
        md.append('\n');
        List<String> missing = new ArrayList<>(new LinkedHashSet<>(results.stream().filter(GeneratedCorpusReport::misses)
                .map(r -> r.family().name()).toList()));
        md.append("### Families that miss\n\n");
        md.append("A hazard never pushed, a nuisance pushed at YELLOW or above, a fault not classified or pushed. Known "
                + "misses (`KNOWN_MISSES`) are counted in every number above and left out of the asserted targets; the "
                + "build fails when one no longer misses.\n\n");
        if (missing.isEmpty()) {
            md.append("None: every hazard pushed, no nuisance pushed at YELLOW or above, every fault classified and none "
                    + "pushed.\n\n");
        } else {
            md.append("| Family | Episodes that miss | Why |\n|---|---|---|\n");
            for (String name : missing) {
                long n = results.stream().filter(r -> r.family().name().equals(name)).filter(GeneratedCorpusReport::misses).count();
                long silent = results.stream().filter(r -> r.family().name().equals(name))
                        .filter(GeneratedCorpusReport::misses).filter(GeneratedCorpusReport::silentAfterOnset).count();
                String why = KNOWN_MISSES.containsKey(name) ? "known miss: " + KNOWN_MISSES.get(name)
                        : silent == n ? "in each, the samples after the transient were lost (a gap): a device silent for one "
                        + "interval plus the bound after a crossing has its last value pushed, since silence is not a "
                        + "return to baseline"
                        : silent + " of them after lost samples (a gap); " + WHY.getOrDefault(name, "the others: see the per-family table");
                md.append(String.format(Locale.ROOT, "| %s | %d | %s |\n", name, n, why));
            }
            md.append('\n');
        }
    }

    /** A nuisance pushed before any sample taken after its onset reached the decision path (the device was silent). */
    static boolean silentAfterOnset(Result r) {
        if (r.label() != Label.NUISANCE || !r.ours().pushed()) return false;
        var push = r.ours().firstAtLeast.get(Level.BLUE);
        return r.episode().readings().stream().map(x -> r.episode().trueTime(x))
                .noneMatch(t -> t.isAfter(r.episode().onset()) && t.isBefore(push));
    }

    /** Why a family misses where it does (nuisances pushed at YELLOW or above are not a target miss below 5 %). */
    static final Map<String, String> WHY = Map.of(
            "gas detector zero drift", "a zero drifted to within two or three noise widths of the 1 %LEL baseline dips "
                    + "to it now and then, and each dip restarts the 24 h count of `device.drift` (judged per sample); "
                    + "the drift is found later, or not within the episode's 26 h");

    static List<Long> delays(List<Result> rs, boolean ours, Level level) {
        return rs.stream().filter(r -> r.label() == Label.HAZARD).map(r -> (ours ? r.ours() : r.naive()).secondsTo(level))
                .filter(Objects::nonNull).sorted().toList();
    }

    static String perLevel(List<Result> rs, boolean ours) {
        List<String> parts = new ArrayList<>();
        for (Level l : List.of(Level.BLUE, Level.YELLOW, Level.ORANGE, Level.RED)) {
            parts.add(Integer.toString(rs.stream().mapToInt(r -> (ours ? r.ours() : r.naive()).pushes.getOrDefault(l, 0)).sum()));
        }
        return String.join(" / ", parts);
    }

    static String row(String measure, String ours, String naive, String target) {
        return "| " + measure + " | " + ours + " | " + naive + " | " + target + " |\n";
    }

    /** A rate target on the judged episodes, with the rate outside the known misses. */
    static String target(boolean asserted, String what, List<Result> judged, Predicate<Result> counted,
                         double limit) {
        long n = judged.stream().filter(counted).count();
        return target(asserted, what, !judged.isEmpty() && (double) n / judged.size() <= limit)
                + " (outside the known misses: " + ratio(n, judged.size()) + ")";
    }

    static String target(boolean asserted, String what, boolean met) {
        return what + (asserted ? ": **" + (met ? "met" : "missed") + "** (asserted)" : ": " + (met ? "met" : "missed"));
    }

    static String ratio(long part, long whole) {
        return part + " / " + whole + " (" + pct(part, whole) + ")";
    }

    static String pct(long part, long whole) {
        return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    static String spread(List<Long> sorted) {
        if (sorted.isEmpty()) return "-";
        List<Long> s = new ArrayList<>(sorted);
        Collections.sort(s);
        int n = s.size();
        long median = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        return duration(median) + " / " + duration(s.get(n - 1));
    }

    static String duration(long s) {
        String sign = s < 0 ? "-" : "";
        s = Math.abs(s);
        if (s < 60) return sign + s + " s";
        if (s < 3600) return sign + (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        return sign + (s / 3600) + " h" + (s % 3600 / 60 == 0 ? "" : " " + (s % 3600 / 60) + " min");
    }
}
