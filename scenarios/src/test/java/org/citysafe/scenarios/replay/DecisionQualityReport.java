package org.citysafe.scenarios.replay;

import org.citysafe.rules.engine.BundledRules;
import org.citysafe.rules.engine.RuleSet;
import org.citysafe.rules.policy.Policy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures decision quality on the labelled corpus (src/test/resources/corpus/*.jsonl) and guards the targets:
 * every hazard caught, at least 90 % fewer ALARM decisions on nuisance events than naive per-reading thresholding,
 * no fault event pushed as a hazard. The measured table lives in docs/DECISION-QUALITY.md; the normal build only
 * compares it, {@code -Dquality.write=true} regenerates it:
 *
 * <pre>./mvnw -q -o -pl scenarios -am test -Dtest=DecisionQualityReport -Dsurefire.failIfNoSpecifiedTests=false -Dquality.write=true</pre>
 */
class DecisionQualityReport {

    static final double NUISANCE_REDUCTION_TARGET = 0.90;

    /**
     * The overall reduction of nuisance ALARM decisions measured when the corpus was written: a ratchet, so that the
     * known gaps below cannot grow unnoticed. Raise it when a gap is closed.
     */
    static final double NUISANCE_REDUCTION_FLOOR = 0.90;

    /**
     * Events the shipped rules and defaults get wrong, each with the rule or parameter that would fix it. They are
     * counted in every number of the report (nothing is hidden); the targets are asserted on the other events, and
     * each gap is asserted to still be a gap, so that closing one forces this list and the report to be updated.
     */
    static final Map<String, String> KNOWN_GAPS = gaps(
            "hotel-shower-steam", Gap.LASTING_STEAM);

    static final class Gap {
        static final String LASTING_STEAM = "steam that keeps one detector in alarm for more than the 60 s alarm "
                + "verification is, from the detector alone, indistinguishable from a smouldering fire; it is pushed "
                + "ORANGE (never RED) and the duty centre's verification call settles it. A longer verification for "
                + "detectors tagged `bathroom` would trade delay on real fires for it";
    }

    private static Map<String, String> gaps(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return Collections.unmodifiableMap(m);
    }


    /** The shipped confirmation parameters taken out one at a time, measured on the same corpus: what each buys. */
    static final Map<String, Map<String, Double>> WHAT_IF = whatIfs();

    private static Map<String, Map<String, Double>> whatIfs() {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        m.put("without the smoke alarm verification (`confirm.sustain.seconds.fire.smoke-detector.ORANGE` = 0)",
                Map.of("confirm.sustain.seconds.fire.smoke-detector.ORANGE", 0.0));
        m.put("without the heavy-rain repetition (`confirm.count.drainage.rainfall.BLUE` = 0)",
                Map.of("confirm.count.drainage.rainfall.BLUE", 0.0));
        m.put("without either", Map.of("confirm.sustain.seconds.fire.smoke-detector.ORANGE", 0.0,
                "confirm.count.drainage.rainfall.BLUE", 0.0));
        return Collections.unmodifiableMap(m);
    }

    static RuleSet rules;
    static List<Corpus.Event> events;
    static Map<String, List<Corpus.Event>> whatIf = new LinkedHashMap<>();

    @BeforeAll
    static void replayCorpus() throws IOException, URISyntaxException {
        rules = BundledRules.compile();
        events = replay(Policy.defaults());
        for (var w : WHAT_IF.entrySet()) whatIf.put(w.getKey(), replay(with(Policy.defaults(), w.getValue())));
    }

    static List<Corpus.Event> replay(Policy policy) throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(DecisionQualityReport.class.getResource("/corpus")).toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        List<Corpus.Event> all = new ArrayList<>();
        for (Path f : files) {
            all.addAll(Corpus.run(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8), rules,
                    policy));
        }
        return List.copyOf(all);
    }

    static Policy with(Policy base, Map<String, Double> extra) {
        Map<String, Double> parameters = new LinkedHashMap<>(base.parameters());
        parameters.putAll(extra);
        return new Policy(base.version() + "+what-if", base.allThresholds(), parameters, base.settings());
    }

    static List<Corpus.Event> of(Corpus.Label label) {
        return events.stream().filter(e -> e.label == label).toList();
    }

    @Test
    void theCorpusCoversEveryLabel() {
        assertThat(events).hasSizeBetween(30, 60);
        for (Corpus.Label l : Corpus.Label.values()) assertThat(of(l)).as(l + " events").hasSizeGreaterThanOrEqualTo(5);
        assertThat(events).allSatisfy(e -> assertThat(e.readings).as(e.id + " readings").isGreaterThan(0));
    }

    @Test
    void everyHazardIsCaught() {
        assertThat(of(Corpus.Label.HAZARD)).allSatisfy(e -> assertThat(e.firstAlarm)
                .as("first ALARM of hazard " + e.file + "/" + e.id).isNotNull());
    }

    @Test
    void nuisanceAlarmsAreAtLeastNinetyPercentFewerThanNaiveThresholding() {
        List<Corpus.Event> handled = of(Corpus.Label.NUISANCE).stream().filter(e -> !KNOWN_GAPS.containsKey(e.id)).toList();
        int ours = handled.stream().mapToInt(e -> e.alarms).sum();
        int naive = handled.stream().mapToInt(e -> e.naiveAlarms).sum();
        assertThat(naive).as("naive ALARM decisions on nuisance events").isPositive();
        assertThat(1.0 - (double) ours / naive).as("reduction of nuisance ALARM decisions outside the known gaps (ours "
                + ours + ", naive " + naive + ")").isGreaterThanOrEqualTo(NUISANCE_REDUCTION_TARGET);
        int allOurs = of(Corpus.Label.NUISANCE).stream().mapToInt(e -> e.alarms).sum();
        int allNaive = of(Corpus.Label.NUISANCE).stream().mapToInt(e -> e.naiveAlarms).sum();
        assertThat(1.0 - (double) allOurs / allNaive).as("reduction of all nuisance ALARM decisions (ours " + allOurs
                + ", naive " + allNaive + ")").isGreaterThanOrEqualTo(NUISANCE_REDUCTION_FLOOR);
    }

    @Test
    void noFaultIsPushedAsAHazardAndEachIsReportedAsAFault() {
        assertThat(of(Corpus.Label.FAULT)).filteredOn(e -> !KNOWN_GAPS.containsKey(e.id)).allSatisfy(e -> {
            assertThat(e.alarms).as("ALARM decisions on fault " + e.file + "/" + e.id).isZero();
            assertThat(e.faults).as("FAULT decisions on fault " + e.file + "/" + e.id).isPositive();
        });
    }

    @Test
    void everyKnownGapIsStillAGap() {
        assertThat(KNOWN_GAPS.keySet()).allSatisfy(id -> {
            Corpus.Event e = events.stream().filter(x -> x.id.equals(id)).findFirst().orElseThrow();
            assertThat(e.label).as(id).isNotEqualTo(Corpus.Label.HAZARD);
            assertThat(e.alarms).as("known gap " + id + " still alarms; if it is fixed, remove it from KNOWN_GAPS, "
                    + "raise NUISANCE_REDUCTION_FLOOR and regenerate docs/DECISION-QUALITY.md").isPositive();
        });
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
        assertThat(onDisk).as("docs/DECISION-QUALITY.md is stale; regenerate it with ./mvnw -q -o -pl scenarios -am test "
                + "-Dtest=DecisionQualityReport -Dsurefire.failIfNoSpecifiedTests=false -Dquality.write=true")
                .isEqualTo(generated);
    }

    private static Path repositoryRoot() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !(Files.isDirectory(p.resolve("docs")) && Files.exists(p.resolve("mvnw")))) p = p.getParent();
        if (p == null) throw new IllegalStateException("no repository root above " + System.getProperty("user.dir"));
        return p;
    }

    // ---- the report ----

    static String render() {
        StringBuilder md = new StringBuilder();
        List<Corpus.Event> hazards = of(Corpus.Label.HAZARD);
        List<Corpus.Event> nuisances = of(Corpus.Label.NUISANCE);
        List<Corpus.Event> faults = of(Corpus.Label.FAULT);
        long caught = hazards.stream().filter(e -> e.firstAlarm != null).count();
        long naiveCaught = hazards.stream().filter(e -> e.naiveFirstAlarm != null).count();
        List<Long> delays = hazards.stream().map(Corpus.Event::secondsToAlarm).filter(Objects::nonNull).sorted().toList();
        List<Long> naiveDelays = hazards.stream().map(Corpus.Event::naiveSecondsToAlarm).filter(Objects::nonNull)
                .sorted().toList();
        int nuisanceAlarms = nuisances.stream().mapToInt(e -> e.alarms).sum();
        int naiveNuisanceAlarms = nuisances.stream().mapToInt(e -> e.naiveAlarms).sum();
        long nuisanceEvents = nuisances.stream().filter(e -> e.alarms > 0).count();
        long naiveNuisanceEvents = nuisances.stream().filter(e -> e.naiveAlarms > 0).count();
        long faultsAsFault = faults.stream().filter(e -> e.faults > 0).count();
        long faultsAsHazard = faults.stream().filter(e -> e.alarms > 0).count();
        long naiveFaultsAsHazard = faults.stream().filter(e -> e.naiveAlarms > 0).count();
        int readings = events.stream().mapToInt(e -> e.readings).sum();
        long files = events.stream().map(e -> e.file).distinct().count();

        md.append("# Decision quality on the labelled replay corpus\n\n");
        md.append("<!-- Generated by scenarios/src/test/java/org/citysafe/scenarios/replay/DecisionQualityReport.java; "
                + "do not edit. -->\n\n");
        md.append("Regenerate with\n\n```\n./mvnw -q -o -pl scenarios -am test -Dtest=DecisionQualityReport "
                + "-Dsurefire.failIfNoSpecifiedTests=false -Dquality.write=true\n```\n\n");
        md.append("The normal build runs the same class without `-Dquality.write`: it asserts the targets and fails if "
                + "this file no longer matches what the corpus and the rules produce.\n\n");
        md.append("## Method\n\n");
        md.append(String.format(Locale.ROOT, "The corpus is `scenarios/src/test/resources/corpus/*.jsonl`: %d files, "
                + "%d labelled events (%d hazard, %d nuisance, %d fault), %d readings with explicit timestamps at the "
                + "devices' reporting intervals (format in `scenarios/README.md`). Each file is replayed top to bottom "
                + "twice:\n\n", files, events.size(), hazards.size(), nuisances.size(), faults.size(), readings));
        md.append("- **Ours**: `DecisionEngine` in a `ReplayContext` with `Policy.defaults()` and one `DecisionState` per file, as the "
                + "service decides: series history (confirmation times, rate of rise, stuck values), open alarms "
                + "(hysteresis), the other devices at the site (fire corroboration), device tags (kitchen), reading "
                + "flags (maintenance, calibration, test).\n");
        md.append("- **Naive**: what a plain threshold platform does. Each reading alone, `Decider.decide(rules, "
                + "[new Observation(reading, device, metric, policy)])` with the same thresholds but no `confirm.*` "
                + "parameters and `kitchen.smoke.sustain.seconds` = 0, no history, no site, no open alarms, no "
                + "silences, the device's tags and the reading's flags dropped.\n\n");
        md.append("Counting: a reading whose decision is `ALARM` (any level) is an alarm decision; an event is *alarmed* "
                + "if at least one of its readings is. A hazard is caught when alarmed; its time to alarm runs from the "
                + "labelled onset to the timestamp of its first `ALARM` reading. A fault event is *classified as a "
                + "fault* when at least one of its readings is decided `FAULT`. Alarms on readings that belong to no "
                + "event are not counted. Reduction = 1 - ours / naive.\n\n");
        md.append("## Results\n\n");
        md.append("| Measure | Ours | Naive thresholding | Target |\n|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| Hazard recall | %d / %d (%s) | %d / %d (%s) | 100 %% (asserted) |\n",
                caught, hazards.size(), pct(caught, hazards.size()), naiveCaught, hazards.size(),
                pct(naiveCaught, hazards.size())));
        md.append(String.format(Locale.ROOT, "| Onset to first ALARM, min / median / max | %s | %s | |\n",
                spread(delays), spread(naiveDelays)));
        List<Long> extra = hazards.stream().filter(e -> e.firstAlarm != null && e.naiveFirstAlarm != null)
                .map(e -> e.secondsToAlarm() - e.naiveSecondsToAlarm()).sorted().toList();
        md.append(String.format(Locale.ROOT, "| Delay added by confirmation (ours - naive, per hazard), min / median / "
                + "max | %s | | |\n", spread(extra)));
        md.append(String.format(Locale.ROOT, "| Nuisance events alarmed | %d / %d | %d / %d | |\n", nuisanceEvents,
                nuisances.size(), naiveNuisanceEvents, nuisances.size()));
        md.append(String.format(Locale.ROOT, "| ALARM decisions on nuisance events | %d | %d | |\n", nuisanceAlarms,
                naiveNuisanceAlarms));
        List<Corpus.Event> handled = nuisances.stream().filter(e -> !KNOWN_GAPS.containsKey(e.id)).toList();
        int handledOurs = handled.stream().mapToInt(e -> e.alarms).sum();
        int handledNaive = handled.stream().mapToInt(e -> e.naiveAlarms).sum();
        double reduction = naiveNuisanceAlarms == 0 ? 0 : 1.0 - (double) nuisanceAlarms / naiveNuisanceAlarms;
        md.append(String.format(Locale.ROOT, "| Reduction of nuisance ALARM decisions, all nuisance events | %s | | "
                        + ">= 90 %%: **%s** |\n", pct(naiveNuisanceAlarms - nuisanceAlarms, naiveNuisanceAlarms),
                reduction >= NUISANCE_REDUCTION_TARGET ? "met" : "missed"));
        md.append(String.format(Locale.ROOT, "| Reduction of nuisance ALARM decisions, outside the known gaps (%d "
                        + "events) | %s (%d vs %d) | | >= 90 %% (asserted) |\n", handled.size(),
                pct(handledNaive - handledOurs, handledNaive), handledOurs, handledNaive));
        md.append(String.format(Locale.ROOT, "| Reduction of alarmed nuisance events | %s | | |\n",
                naiveNuisanceEvents == 0 ? "n/a" : pct(naiveNuisanceEvents - nuisanceEvents, naiveNuisanceEvents)));
        md.append(String.format(Locale.ROOT, "| Fault events classified as FAULT | %d / %d | %d / %d | all outside "
                        + "the known gaps (asserted) |\n",
                faultsAsFault, faults.size(), faults.stream().filter(e -> e.naiveFaults > 0).count(), faults.size()));
        md.append(String.format(Locale.ROOT, "| Fault events pushed as a hazard (ALARM) | %d / %d | %d / %d | "
                + "none outside the known gaps (asserted) |\n\n", faultsAsHazard, faults.size(), naiveFaultsAsHazard,
                faults.size()));

        md.append("## Known gaps\n\n");
        md.append("Events the shipped rules and defaults get wrong. They are counted in every number above; the "
                + "asserted targets apply to the other events, and the build fails if a gap closes without this list "
                + "being updated (`KNOWN_GAPS` in `DecisionQualityReport`).\n\n");
        md.append("| Event | Label | Ours: ALARM | Cause and fix |\n|---|---|---|---|\n");
        for (Map.Entry<String, String> g : KNOWN_GAPS.entrySet()) {
            Corpus.Event e = events.stream().filter(x -> x.id.equals(g.getKey())).findFirst().orElse(null);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |\n", g.getKey(),
                    e == null ? "?" : e.label.name().toLowerCase(Locale.ROOT), e == null ? "?" : e.alarms, g.getValue()));
        }
        md.append('\n');

        md.append("## What each confirmation parameter buys\n\n");
        md.append("The shipped defaults, then the same corpus with one confirmation parameter taken out. The smoke alarm "
                + "verification holds one detector's alarm for 60 s (NFPA 72's alarm verification); corroborated smoke "
                + "(heat, a second detector, the controller) is RED at once, and a detector that reports its alarm "
                + "once and then nothing is still pushed at 60 s: the service re-examines a held-back condition on the "
                + "clock (`Rechecks`; the replay does the same on event time). Heavy rain at BLUE must be seen in two "
                + "readings in a row. *Hazards alarmed sooner* is the most any hazard's first ALARM comes earlier than "
                + "with the shipped defaults: the delay each parameter costs.\n\n");
        md.append("| Variant | Hazard recall | Onset to first ALARM, min / median / max | Nuisance ALARM decisions "
                + "(naive " + naiveNuisanceAlarms + ") | Reduction | Alarmed nuisance events | Hazards alarmed sooner "
                + "by, at most | Fault events pushed as a hazard |\n|---|---|---|---|---|---|---|---|\n");
        md.append(variantRow("shipped defaults", events, naiveNuisanceAlarms));
        for (var w : whatIf.entrySet()) md.append(variantRow(w.getKey(), w.getValue(), naiveNuisanceAlarms));
        md.append('\n');

        md.append("## Per event\n\n");
        md.append("Time to alarm is from the labelled onset; `-` means never. ALARM and FAULT count decisions.\n\n");
        for (Corpus.Label label : Corpus.Label.values()) {
            md.append("### ").append(label.name().charAt(0)).append(label.name().substring(1).toLowerCase(Locale.ROOT))
                    .append(" events\n\n");
            md.append("| File | Event | Readings | Ours: ALARM | Ours: first alarm | Ours: time to alarm | Ours: FAULT "
                    + "| Naive: ALARM | Naive: time to alarm | Naive: FAULT |\n|---|---|---|---|---|---|---|---|---|---|\n");
            for (Corpus.Event e : of(label)) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %s | %d | %d | %s | %d |\n",
                        e.file.replace(".jsonl", ""), e.id + (KNOWN_GAPS.containsKey(e.id) ? " (gap)" : ""), e.readings, e.alarms,
                        e.firstAlarmWhat == null ? "-" : e.firstAlarmWhat, duration(e.secondsToAlarm()), e.faults,
                        e.naiveAlarms, duration(e.naiveSecondsToAlarm()), e.naiveFaults));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String variantRow(String name, List<Corpus.Event> variant, int naiveNuisanceAlarms) {
        List<Corpus.Event> hazards = variant.stream().filter(e -> e.label == Corpus.Label.HAZARD).toList();
        long caught = hazards.stream().filter(e -> e.firstAlarm != null).count();
        List<Long> delays = hazards.stream().map(Corpus.Event::secondsToAlarm).filter(Objects::nonNull).sorted().toList();
        List<Corpus.Event> nuisances = variant.stream().filter(e -> e.label == Corpus.Label.NUISANCE).toList();
        int alarms = nuisances.stream().mapToInt(e -> e.alarms).sum();
        long added = 0;
        for (Corpus.Event h : hazards) {
            Corpus.Event base = events.stream().filter(e -> e.id.equals(h.id)).findFirst().orElseThrow();
            if (h.firstAlarm != null && base.firstAlarm != null) {
                added = Math.max(added, base.secondsToAlarm() - h.secondsToAlarm());
            }
        }
        return String.format(Locale.ROOT, "| %s | %d / %d | %s | %d | %s | %d / %d | %s | %d |\n", name, caught,
                hazards.size(), spread(delays), alarms, pct(naiveNuisanceAlarms - alarms, naiveNuisanceAlarms),
                nuisances.stream().filter(e -> e.alarms > 0).count(), nuisances.size(), duration(added),
                variant.stream().filter(e -> e.label == Corpus.Label.FAULT && e.alarms > 0).count());
    }

    private static String pct(long part, long whole) {
        return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    private static String spread(List<Long> sorted) {
        if (sorted.isEmpty()) return "-";
        int n = sorted.size();
        long median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return duration(sorted.get(0)) + " / " + duration(median) + " / " + duration(sorted.get(n - 1));
    }

    static String duration(Long seconds) {
        if (seconds == null) return "-";
        long s = seconds;
        String sign = s < 0 ? "-" : "";
        s = Math.abs(s);
        if (s < 60) return sign + s + " s";
        if (s < 3600) return sign + (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        return sign + (s / 3600) + " h" + (s % 3600 / 60 == 0 ? "" : " " + (s % 3600 / 60) + " min");
    }
}
