package org.citysafe.rules.authoring;

import org.citysafe.rules.Level;
import org.citysafe.rules.engine.Observation;
import org.citysafe.rules.policy.Direction;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Readable DRL for the shapes safety experts write most, filled in from a form: a threshold rule with its levels and
 * clear condition, a sustained or N-of-M rule, a coupling rule, and a suppression (inhibition) rule. Numbers that
 * regulators tune stay in the policy: a threshold rule reads the district's thresholds
 * ({@code Threshold ... from $o.thresholds()}); a count, a duration or a radius is either written in the rule or read
 * from a named policy parameter.
 *
 * <p>Every value that ends up in the DRL is checked against a strict pattern first, so a form cannot inject code.
 */
public final class GuidedRule {

    public enum Shape { THRESHOLD, SUSTAINED, N_OF_M, COUPLING, SUPPRESSION }

    /**
     * What the form says. Fields a shape does not use are ignored.
     *
     * @param levels          the threshold levels the rule grades (empty: all the policy has)
     * @param clear           THRESHOLD: also write the rule that clears the alarm once the reading is back past
     *                        the clear value of every level (needs an engine with hysteresis)
     * @param seconds         SUSTAINED: how long the readings must stay across the threshold; a number or a policy
     *                        parameter name
     * @param count           N_OF_M: how many of the last {@code window} readings must cross
     * @param relation        COUPLING: SAME_SITE or WITHIN_RADIUS
     * @param nearbyAlarmType COUPLING: the alarm open nearby; SUPPRESSION: the open alarm that inhibits
     * @param suppressWhen    SUPPRESSION: FLAG (the reading carries {@code flag}) or OPEN_ALARM
     */
    public record Spec(Shape shape, String name, String nameZh, String id, String scenario, String metric,
                       Direction direction, String alarmType, List<Level> levels, boolean clear, String seconds,
                       String count, String window, String relation, String radiusMetres, String nearbyAlarmType,
                       String riskType, Level riskLevel, String suppressWhen, String flag, String reasonEn,
                       String reasonZh) {
    }

    /** The generated rule(s), the imports they need, and what the author should know. */
    public record Generated(String rule, List<String> imports, List<String> warnings) {
    }

    private static final Pattern DOTTED = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*");
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    private static final String OBSERVATION = "org.citysafe.rules.engine.Observation";
    private static final String FINDING = "org.citysafe.rules.engine.Finding";
    private static final String THRESHOLD = "org.citysafe.rules.policy.Threshold";
    private static final String DIRECTION = "org.citysafe.rules.policy.Direction";
    private static final String LEVEL = "org.citysafe.rules.Level";
    private static final String HISTORY = "org.citysafe.rules.engine.History";
    private static final String NEARBY = "org.citysafe.rules.engine.Nearby";
    private static final String OUTCOME = "org.citysafe.rules.Outcome";

    private GuidedRule() {
    }

    /**
     * Whether the engine holds and clears alarms with hysteresis bands ({@code Observation.thresholdsReached} and
     * {@code clearsAlarm}); without it a threshold rule fires on crossing only and alarms are cleared by people.
     */
    public static boolean engineHasHysteresis() {
        try {
            Observation.class.getMethod("thresholdsReached", Direction.class, String.class);
            Observation.class.getMethod("clearsAlarm", Direction.class, String.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** @throws IllegalArgumentException listing every field that is missing or not acceptable */
    public static Generated generate(Spec s) {
        List<String> errors = new ArrayList<>();
        if (s.shape() == null) throw new IllegalArgumentException("shape is missing");
        String name = text(s.name(), "name", errors);
        String id = dotted(s.id(), "id", errors);
        Set<String> imports = new LinkedHashSet<>(List.of(OBSERVATION, FINDING));
        List<String> warnings = new ArrayList<>();
        StringBuilder drl = new StringBuilder();
        switch (s.shape()) {
            case THRESHOLD, SUSTAINED, N_OF_M, COUPLING -> {
                String scenario = dotted(s.scenario(), "scenario", errors);
                String metric = dotted(s.metric(), "metric", errors);
                Direction direction = s.direction() == null ? Direction.ABOVE : s.direction();
                String alarmType = s.shape() == Shape.COUPLING ? null : type(s.alarmType(), "alarmType", errors);
                boolean hysteresis = s.shape() == Shape.THRESHOLD && engineHasHysteresis();
                imports.add(THRESHOLD);
                imports.add(DIRECTION);
                String levels = levels(s.levels(), imports);
                header(drl, name, s.nameZh(), id);
                drl.append("    $o : Observation( scenario == \"").append(scenario).append("\", metric == \"")
                        .append(metric).append("\", withinInstrumentRange )\n");
                if (hysteresis) {
                    drl.append("    $t : Threshold(").append(levels.isEmpty() ? "" : " " + levels + " ")
                            .append(") from $o.thresholdsReached(Direction.").append(direction).append(", \"")
                            .append(alarmType).append("\")\n");
                } else {
                    drl.append("    $t : Threshold( direction == Direction.").append(direction)
                            .append(", crossedBy($o.value)").append(levels.isEmpty() ? "" : ", " + levels)
                            .append(" ) from $o.thresholds()\n");
                }
                switch (s.shape()) {
                    case SUSTAINED -> {
                        imports.add(HISTORY);
                        drl.append("    History( observation == $o, secondsCrossing($t) >= ")
                                .append(amount(s.seconds(), "seconds", errors)).append(" )\n");
                    }
                    case N_OF_M -> {
                        imports.add(HISTORY);
                        String count = amount(s.count(), "count", errors);
                        String window = whole(s.window(), "window", errors);
                        drl.append("    History( observation == $o, crossingsInLast($t, ").append(window)
                                .append(") >= ").append(count).append(" )\n");
                    }
                    case COUPLING -> {
                        imports.add(NEARBY);
                        imports.add(LEVEL);
                        String nearby = type(s.nearbyAlarmType(), "nearbyAlarmType", errors);
                        drl.append("    $n : Nearby( observation == $o, alarmType == \"").append(nearby).append("\", ");
                        if ("SAME_SITE".equals(s.relation())) {
                            drl.append("relation == Nearby.SAME_SITE )\n");
                        } else {
                            drl.append("distanceMetres <= ").append(amount(s.radiusMetres(), "radiusMetres", errors))
                                    .append(" )\n");
                        }
                    }
                    default -> {
                    }
                }
                drl.append("then\n");
                if (s.shape() == Shape.COUPLING) {
                    String risk = type(s.riskType(), "riskType", errors);
                    if (s.riskLevel() == null) errors.add("riskLevel is missing");
                    drl.append("    insert( Finding.coupled(kcontext, $o, $t, $n, \"").append(risk)
                            .append("\", Level.").append(s.riskLevel()).append(") );\n");
                } else {
                    drl.append("    insert( Finding.hazard(kcontext, $o, $t, \"").append(alarmType).append("\") );\n");
                }
                drl.append("end\n");
                if (s.shape() == Shape.THRESHOLD && s.clear()) {
                    if (hysteresis) {
                        drl.append('\n');
                        header(drl, clearName(name), s.nameZh() == null || s.nameZh().isBlank() ? null
                                : s.nameZh() + "，预警解除", id + ".clear");
                        drl.append("    $o : Observation( scenario == \"").append(scenario).append("\", metric == \"")
                                .append(metric).append("\", withinInstrumentRange,\n")
                                .append("                      clearsAlarm(Direction.").append(direction).append(", \"")
                                .append(alarmType).append("\") )\n")
                                .append("then\n    insert( Finding.cleared(kcontext, $o, Direction.").append(direction)
                                .append(", \"").append(alarmType).append("\") );\nend\n");
                    } else {
                        warnings.add("No clear rule was written: this engine has no hysteresis yet, so an alarm "
                                + "stays open until an operator resolves it. The threshold rule fires on crossing only.");
                    }
                }
            }
            case SUPPRESSION -> {
                String target = type(s.alarmType(), "alarmType", errors);
                imports.add(OUTCOME);
                String levels = levels(s.levels(), imports);
                String why = text(s.reasonEn(), "reasonEn", errors);
                String whyZh = s.reasonZh() == null || s.reasonZh().isBlank() ? why : text(s.reasonZh(), "reasonZh", errors);
                header(drl, name, s.nameZh(), id);
                if ("OPEN_ALARM".equals(s.suppressWhen())) {
                    String source = type(s.nearbyAlarmType(), "nearbyAlarmType", errors);
                    if (source.equals(target)) errors.add("an alarm type cannot inhibit itself");
                    drl.append("    $o : Observation( activeLevel(\"").append(source).append("\") != null )\n");
                } else {
                    String flag = type(s.flag(), "flag", errors);
                    drl.append("    $o : Observation( reading.hasFlag(\"").append(flag).append("\") )\n");
                }
                drl.append("    $f : Finding( observation == $o, outcome == Outcome.ALARM, alarmType == \"")
                        .append(target).append('"').append(levels.isEmpty() ? "" : ", " + levels).append(" )\n")
                        .append("then\n    delete( $f );\n    insert( Finding.suppressed(kcontext, $f, \"")
                        .append(why).append("\", \"").append(whyZh).append("\") );\nend\n");
            }
        }
        if (!errors.isEmpty()) throw new IllegalArgumentException(String.join("; ", errors));
        return new Generated(drl.toString(), List.copyOf(imports), List.copyOf(warnings));
    }

    /**
     * The rule added to an existing DRL file: missing imports go after the last import (or the package line), the
     * rule at the end. A blank file becomes {@code package org.citysafe.rules.<domain>;} with the rule.
     */
    public static String insertInto(String file, String domain, Generated g) {
        String text = file == null ? "" : file;
        if (text.isBlank()) {
            StringBuilder b = new StringBuilder("package org.citysafe.rules.").append(domain).append(";\n\n");
            g.imports().forEach(i -> b.append("import ").append(i).append(";\n"));
            return b.append('\n').append(g.rule()).toString();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int insertAt = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (l.startsWith("import ") || l.startsWith("package ")) insertAt = i;
        }
        List<String> missing = g.imports().stream()
                .filter(i -> lines.stream().noneMatch(l -> l.trim().equals("import " + i + ";"))).toList();
        for (int k = missing.size() - 1; k >= 0; k--) lines.add(insertAt + 1, "import " + missing.get(k) + ";");
        String joined = String.join("\n", lines);
        if (!joined.endsWith("\n")) joined += "\n";
        return joined + "\n" + g.rule();
    }

    private static void header(StringBuilder drl, String name, String nameZh, String id) {
        drl.append("rule \"").append(name).append("\"\n    @id(\"").append(id).append("\")\n");
        if (nameZh != null && !nameZh.isBlank()) drl.append("    @nameZh(\"").append(clean(nameZh)).append("\")\n");
        drl.append("when\n");
    }

    private static String clearName(String name) {
        return name + " (cleared)";
    }

    private static String levels(List<Level> levels, Set<String> imports) {
        if (levels == null || levels.isEmpty() || levels.size() == Level.values().length) return "";
        imports.add(LEVEL);
        List<String> names = levels.stream().distinct().sorted((a, b) -> b.severity() - a.severity())
                .map(l -> "Level." + l).toList();
        return names.size() == 1 ? "level == " + names.get(0) : "level in (" + String.join(", ", names) + ")";
    }

    /** Free text inside a string literal: quotes and backslashes cannot end or escape it. */
    private static String text(String value, String field, List<String> errors) {
        if (value == null || value.isBlank()) {
            errors.add(field + " is missing");
            return "";
        }
        String cleaned = clean(value);
        if (cleaned.length() > 200) errors.add(field + " is longer than 200 characters");
        return cleaned;
    }

    private static String clean(String value) {
        return value.replace("\\", "").replace("\"", "'").replaceAll("[\\r\\n\\t]+", " ").trim();
    }

    private static String dotted(String value, String field, List<String> errors) {
        if (value == null || !DOTTED.matcher(value).matches()) {
            errors.add(field + " must be lower-case words separated by dots, e.g. gas.restaurant (was " + value + ")");
            return "";
        }
        return value;
    }

    private static String type(String value, String field, List<String> errors) {
        if (value == null || !TYPE.matcher(value).matches()) {
            errors.add(field + " must be upper-case letters, digits and _, e.g. COMBUSTIBLE_GAS (was " + value + ")");
            return "";
        }
        return value;
    }

    /** A number written in the rule, or a policy parameter the rule reads. */
    private static String amount(String value, String field, List<String> errors) {
        if (value != null && NUMBER.matcher(value.trim()).matches()) return value.trim();
        if (value != null && DOTTED.matcher(value.trim()).matches()) {
            return "$o.parameter(\"" + value.trim() + "\")";
        }
        errors.add(field + " must be a number or the name of a policy parameter (was " + value + ")");
        return "0";
    }

    private static String whole(String value, String field, List<String> errors) {
        if (value != null && value.trim().matches("[1-9]\\d{0,2}")) return value.trim();
        errors.add(field + " must be a whole number from 1 to 999 (was " + value + ")");
        return "1";
    }
}
