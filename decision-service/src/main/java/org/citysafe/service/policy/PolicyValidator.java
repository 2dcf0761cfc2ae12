package org.citysafe.service.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.rules.Level;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;
import org.citysafe.service.escalation.EscalationChain;
import org.citysafe.service.escalation.EscalationPolicies;
import org.citysafe.service.registry.DistrictPath;
import org.springframework.stereotype.Component;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy document and says, field by field, what is wrong with it: a threshold nobody defined, a value
 * outside the instrument's range, a YELLOW threshold beyond the RED one (also where it meets what the scope
 * inherits, and in every scope below that sets its own), a negative duration, a count that is not a whole number,
 * a schedule that is not {@code HH:mm-HH:mm}, an escalation chain whose steps reach nobody. Parameters are known by
 * the shipped defaults and typed by their names, so parameters added to {@code default-parameters.tsv} (coupling
 * radii, say) are editable without a change here.
 */
@Component
public class PolicyValidator {

    private static final Pattern WINDOWS = Pattern.compile("^\\d{2}:\\d{2}-\\d{2}:\\d{2}(,\\d{2}:\\d{2}-\\d{2}:\\d{2})*$");

    private final MetricCatalog metrics;
    private final ObjectMapper json;

    public PolicyValidator(MetricCatalog metrics, ObjectMapper json) {
        this.metrics = metrics;
        this.json = json;
    }

    /** The typed document, and the field errors (empty when it may be stored and published). */
    public record Result(PolicyDocument document, List<String> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** The type of a parameter, from its name and its shipped default. */
    public enum Kind {
        DURATION, COUNT, PERCENT, NUMBER, SCHEDULE, TIMEZONE, TEXT;

        public static Kind of(String name, boolean numeric) {
            if (!numeric) {
                if (name.equals("timezone")) return TIMEZONE;
                if (name.startsWith("schedule.") || name.startsWith("quiet.")) return SCHEDULE;
                return TEXT;
            }
            if (name.contains("seconds") || name.contains("minutes") || name.contains("days")
                    || name.contains("hours")) return DURATION;
            if (name.contains("count") || name.contains("intervals") || name.contains(".min.")
                    || name.contains("times")) return COUNT;
            if (name.contains("percent")) return PERCENT;
            return NUMBER;
        }
    }

    /** Shape and values of one document for {@code scope}, seen together with what the snapshot has in force. */
    public Result validate(String scope, JsonNode node, PolicySnapshot current) {
        List<String> errors = new ArrayList<>();
        String scopeProblem = scope == null ? "scope: is missing" : DistrictPath.problem(scope);
        if (scopeProblem != null) errors.add("scope: " + scopeProblem.replace("districtPath", "scope"));
        if (node == null || node.isNull()) node = json.createObjectNode();
        if (!node.isObject()) {
            errors.add("document: must be an object with thresholds, parameters and escalationChains");
            return new Result(PolicyDocument.EMPTY, errors);
        }
        Set<String> known = Set.of("thresholds", "parameters", "escalationChains");
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) errors.add(f + ": unknown field; a policy has " + known);
        });
        Policy defaults = current.defaults();
        List<PolicyDocument.ThresholdOverride> thresholds = thresholds(node.get("thresholds"), defaults, errors);
        Map<String, Double> parameters = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        parameters(node.get("parameters"), defaults, parameters, settings, errors);
        List<EscalationChain> chains = chains(node.get("escalationChains"), scope, errors);
        PolicyDocument document = new PolicyDocument(thresholds, parameters, settings, chains);
        if (errors.isEmpty() && scopeProblem == null) ordering(scope, document, current, errors);
        return new Result(document, errors);
    }

    private List<PolicyDocument.ThresholdOverride> thresholds(JsonNode array, Policy defaults, List<String> errors) {
        List<PolicyDocument.ThresholdOverride> out = new ArrayList<>();
        if (array == null || array.isNull()) return out;
        if (!array.isArray()) {
            errors.add("thresholds: must be a list");
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode t = array.get(i);
            String at = "thresholds[" + i + "]";
            String scenario = text(t, "scenario");
            String metric = text(t, "metric");
            String levelName = text(t, "level");
            Level level = null;
            if (scenario == null) errors.add(at + ".scenario: is missing");
            if (metric == null) errors.add(at + ".metric: is missing");
            if (levelName == null) errors.add(at + ".level: is missing (RED, ORANGE, YELLOW or BLUE)");
            else {
                try {
                    level = Level.valueOf(levelName);
                } catch (IllegalArgumentException e) {
                    errors.add(at + ".level: '" + levelName + "' is not RED, ORANGE, YELLOW or BLUE");
                }
            }
            JsonNode v = t.get("value");
            if (v == null || !v.isNumber()) {
                errors.add(at + ".value: " + (v == null ? "is missing" : "must be a number"));
                continue;
            }
            JsonNode c = t.get("clearValue");
            if (c != null && !c.isNull() && !c.isNumber()) {
                errors.add(at + ".clearValue: must be a number");
                continue;
            }
            String directionName = text(t, "direction");
            Direction direction = null;
            if (directionName != null) {
                try {
                    direction = Direction.valueOf(directionName);
                } catch (IllegalArgumentException e) {
                    errors.add(at + ".direction: '" + directionName + "' is not ABOVE, BELOW or BEYOND");
                    continue;
                }
            }
            if (scenario == null || metric == null || level == null) continue;
            List<Direction> directions = defaults.thresholds(scenario, metric).stream().map(Threshold::getDirection)
                    .distinct().toList();
            if (direction == null) {
                if (directions.size() > 1) {
                    errors.add(at + ".direction: is missing; " + scenario + " / " + metric + " has bands " + directions
                            + ", name the one to set");
                    continue;
                }
                if (directions.size() == 1) direction = directions.get(0);
            }
            Level lvl = level;
            Direction dir = direction;
            Threshold inherited = defaults.thresholds(scenario, metric).stream()
                    .filter(x -> x.getLevel() == lvl && x.getDirection() == dir).findFirst().orElse(null);
            if (inherited == null) {
                errors.add(at + ": there is no " + level + (dir == null ? "" : " " + dir) + " threshold for "
                        + scenario + " / " + metric + " to set (see GET /api/v1/policies/catalog)");
                continue;
            }
            if (!seen.add(PolicySnapshot.key(inherited))) {
                errors.add(at + ": " + scenario + " / " + metric + " " + level + " " + dir + " is set twice");
                continue;
            }
            double value = v.asDouble();
            Double clear = c == null || c.isNull() ? null : c.asDouble();
            Metric m = metrics.find(metric).orElse(null);
            if (m != null && !m.withinInstrumentRange(value)) {
                errors.add(at + ".value: " + fmt(value) + " " + m.canonicalUnit() + " is outside the instrument range "
                        + fmt(m.instrumentMin()) + " to " + fmt(m.instrumentMax()) + " " + m.canonicalUnit());
                continue;
            }
            if (clear != null && m != null && !m.withinInstrumentRange(clear)) {
                errors.add(at + ".clearValue: " + fmt(clear) + " " + m.canonicalUnit()
                        + " is outside the instrument range " + fmt(m.instrumentMin()) + " to "
                        + fmt(m.instrumentMax()) + " " + m.canonicalUnit());
                continue;
            }
            if (inherited.getDirection() == Direction.BEYOND && value < 0) {
                errors.add(at + ".value: a " + metric + " threshold is a magnitude (either sign) and cannot be negative");
                continue;
            }
            PolicyDocument.ThresholdOverride o = new PolicyDocument.ThresholdOverride(scenario, metric, level, dir, value,
                    clear);
            try {
                PolicySnapshot.override(inherited, o);
            } catch (IllegalArgumentException e) {
                errors.add(at + ".clearValue: " + fmt(clear) + " lies on the hazard side of " + fmt(value) + " ("
                        + inherited.getDirection() + "): an alarm would never clear");
                continue;
            }
            out.add(o);
        }
        return out;
    }

    /**
     * Numeric parameters the rules read by a name built from a scenario, a metric or a level, which need not ship
     * with a default: confirmation per scenario and level, clear-after-quiet per scenario, fault limits per metric.
     */
    static final Pattern FAMILIES = Pattern.compile(
            "confirm\\.(sustain\\.seconds|count|window)\\.[a-z0-9.-]+\\.(BLUE|YELLOW|ORANGE|RED)"
                    + "|clear\\.quiet\\.seconds\\.[a-z0-9.-]+"
                    + "|fault\\.(stuck\\.count|maxrate|drift\\.baseline|drift\\.hours)\\.[a-z0-9.-]+");

    private void parameters(JsonNode object, Policy defaults, Map<String, Double> numbers, Map<String, String> texts,
                            List<String> errors) {
        if (object == null || object.isNull()) return;
        if (!object.isObject()) {
            errors.add("parameters: must be an object of name: value");
            return;
        }
        object.fields().forEachRemaining(e -> {
            String name = e.getKey();
            String at = "parameters." + name;
            JsonNode v = e.getValue();
            boolean numeric = defaults.parameter(name).isPresent() || FAMILIES.matcher(name).matches();
            if (!numeric && defaults.setting(name).isEmpty()) {
                errors.add(at + ": unknown parameter (the rules read only those listed at GET /api/v1/policies/catalog)");
                return;
            }
            Kind kind = Kind.of(name, numeric);
            if (numeric) {
                if (!v.isNumber()) {
                    errors.add(at + ": must be a number (" + kind.name().toLowerCase() + ")");
                    return;
                }
                double d = v.asDouble();
                String problem = switch (kind) {
                    case DURATION -> d < 0 ? "a duration cannot be negative" : null;
                    case COUNT -> d < 0 || d != Math.rint(d) ? "a count must be a whole number, 0 or more" : null;
                    case PERCENT -> d < 0 || d > 100 ? "a percentage lies between 0 and 100" : null;
                    default -> d < 0 || Double.isInfinite(d) ? "must be 0 or more" : null;
                };
                if (problem != null) errors.add(at + ": " + fmt(d) + ": " + problem);
                else numbers.put(name, d);
            } else {
                if (!v.isTextual() || v.asText().isBlank()) {
                    errors.add(at + ": must be text (" + kind.name().toLowerCase() + ")");
                    return;
                }
                String s = v.asText().trim();
                String problem = switch (kind) {
                    case SCHEDULE -> schedule(s);
                    case TIMEZONE -> zone(s);
                    default -> null;
                };
                if (problem != null) errors.add(at + ": '" + s + "' " + problem);
                else texts.put(name, s);
            }
        });
    }

    private static String schedule(String s) {
        if (!WINDOWS.matcher(s).matches()) return "is not a list of HH:mm-HH:mm windows, e.g. 22:00-06:00,12:00-13:30";
        for (String window : s.split(",")) {
            for (String t : window.split("-")) {
                try {
                    LocalTime.parse(t);
                } catch (DateTimeException e) {
                    return "has " + t + ", which is not a time of day";
                }
            }
        }
        return null;
    }

    private static String zone(String s) {
        try {
            ZoneId.of(s);
            return null;
        } catch (DateTimeException e) {
            return "is not a time zone (e.g. Asia/Shanghai)";
        }
    }

    private List<EscalationChain> chains(JsonNode array, String scope, List<String> errors) {
        List<EscalationChain> out = new ArrayList<>();
        if (array == null || array.isNull()) return out;
        if (!array.isArray()) {
            errors.add("escalationChains: must be a list");
            return out;
        }
        for (int i = 0; i < array.size(); i++) {
            String at = "escalationChains[" + i + "]";
            EscalationChain chain;
            try {
                chain = json.treeToValue(array.get(i), EscalationChain.class);
            } catch (Exception e) {
                errors.add(at + ": not a chain (" + e.getMessage().split("\n")[0] + ")");
                continue;
            }
            if (chain.district() != null && !chain.district().equals(scope)) {
                errors.add(at + ".district: a chain of this policy serves its scope " + scope + ", not " + chain.district());
                continue;
            }
            boolean reaches = chain.steps().stream().anyMatch(s -> s.channel() != null && s.recipient() != null
                    && !s.recipient().isBlank() && s.channel().accepts(s.recipient()));
            if (!reaches) errors.add(at + ".steps: no step reaches anyone (each needs a channel and a recipient it can reach)");
            for (String p : EscalationPolicies.problems(List.of(chain))) errors.add(at + ": " + p);
            out.add(new EscalationChain(chain.name(), chain.level(), chain.scenario(), scope, chain.selfConfirming(),
                    chain.steps(), chain.repeat()));
        }
        for (String p : EscalationPolicies.problems(out)) {
            if (p.contains("used twice") || p.contains("same level")) errors.add("escalationChains: " + p);
        }
        return out;
    }

    /**
     * A more severe level must be at least as extreme as a less severe one, in the scope and in every scope below
     * it that sets its own values (the draft changes what they inherit).
     */
    private void ordering(String scope, PolicyDocument document, PolicySnapshot current, List<String> errors) {
        PolicySnapshot withDraft = current.withDraft(scope, 0, document);
        List<String> scopes = new ArrayList<>();
        scopes.add(scope);
        current.layers().keySet().stream().filter(s -> !s.equals(scope) && DistrictPath.within(s, scope)).sorted()
                .forEach(scopes::add);
        for (String s : scopes) {
            PolicySnapshot.Resolved r = withDraft.resolve(s);
            Map<String, List<Threshold>> bySeries = new LinkedHashMap<>();
            for (Threshold t : r.policy().allThresholds()) {
                bySeries.computeIfAbsent(t.getScenario() + " / " + t.getMetric() + " " + t.getDirection(),
                        k -> new ArrayList<>()).add(t);
            }
            bySeries.forEach((series, list) -> {
                List<Threshold> sorted = list.stream()
                        .sorted(Comparator.comparingInt((Threshold t) -> t.getLevel().severity()).reversed()).toList();
                for (int i = 0; i + 1 < sorted.size(); i++) {
                    Threshold severe = sorted.get(i);
                    Threshold milder = sorted.get(i + 1);
                    if (!severe.getDirection().isMoreExtreme(milder.getValue(), severe.getValue())) continue;
                    String field = field(document, scope, s, severe, milder);
                    errors.add(field + ": " + series + ": " + milder.getLevel() + " " + fmt(milder.getValue())
                            + " (" + source(r, milder) + ") would lie beyond " + severe.getLevel() + " "
                            + fmt(severe.getValue()) + " (" + source(r, severe) + ")"
                            + (s.equals(scope) ? "" : " in " + s) + "; a more severe level needs a more extreme threshold");
                }
            });
        }
    }

    private static String field(PolicyDocument document, String scope, String resolvedAt, Threshold a, Threshold b) {
        for (int i = 0; i < document.thresholds().size(); i++) {
            PolicyDocument.ThresholdOverride o = document.thresholds().get(i);
            if (o.scenario().equals(a.getScenario()) && o.metric().equals(a.getMetric())
                    && o.direction() == a.getDirection()
                    && (o.level() == a.getLevel() || o.level() == b.getLevel())) {
                return "thresholds[" + i + "].value";
            }
        }
        return "thresholds";
    }

    private static String source(PolicySnapshot.Resolved r, Threshold t) {
        PolicySnapshot.Source s = r.thresholdSources().get(PolicySnapshot.key(t));
        return s == null ? "defaults" : s.scope() == null ? "defaults" : s.version() == 0 ? "this draft" : s.label();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
    }

    static String fmt(Double d) {
        if (d == null) return "null";
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d);
    }
}
