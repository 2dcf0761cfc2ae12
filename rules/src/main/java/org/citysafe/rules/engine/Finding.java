package org.citysafe.rules.engine;

import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reason;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Threshold;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

import java.util.Locale;

/**
 * What one rule concluded about one observation. Rules insert findings; the {@link Decider} turns the findings
 * of an observation into its decision. The message is built here, from the facts, so that every rule explains
 * itself the same way and a consequence stays one line.
 */
public final class Finding {

    private final Observation observation;
    private final Outcome outcome;
    private final Level level;
    private final String alarmType;
    private final Reason reason;

    private Finding(Observation observation, Outcome outcome, Level level, String alarmType, Reason reason) {
        this.observation = observation;
        this.outcome = outcome;
        this.level = level;
        this.alarmType = alarmType;
        this.reason = reason;
    }

    /** The observation crossed a graded threshold: a hazard at that threshold's level. */
    public static Finding hazard(RuleContext rule, Observation o, Threshold t, String alarmType) {
        String unit = o.getUnit();
        String metricEn = o.getMetricDefinition().nameEn();
        String metricZh = o.getMetricDefinition().nameZh();
        boolean above = t.getDirection() == Direction.ABOVE;
        String en = String.format(Locale.ROOT, "%s: %s %s %s is %s the %s threshold of %s %s", ruleName(rule),
                metricEn, number(o.getValue()), unit, above ? "at or above" : "at or below", t.getLevel(),
                number(t.getValue()), unit);
        String zh = String.format(Locale.ROOT, "%s%s %s，%s%s预警阈值 %s %s", metricZh, number(o.getValue()), unit,
                above ? "达到或超过" : "达到或低于", t.getLevel().nameZh(), number(t.getValue()), unit);
        return new Finding(o, Outcome.ALARM, t.getLevel(), alarmType, Reason.of(ruleId(rule), en, zh));
    }

    /** The device, not the world, is wrong. */
    public static Finding fault(RuleContext rule, Observation o, String faultType, String detailEn, String detailZh) {
        return new Finding(o, Outcome.FAULT, null, faultType,
                Reason.of(ruleId(rule), ruleName(rule) + ": " + detailEn, detailZh));
    }

    /** The value lies outside what the instrument can measure: a fault, never a hazard. */
    public static Finding outOfInstrumentRange(RuleContext rule, Observation o) {
        var m = o.getMetricDefinition();
        String en = String.format(Locale.ROOT, "%s %s %s is outside the instrument range %s to %s %s", m.nameEn(),
                number(o.getValue()), m.canonicalUnit(), number(m.instrumentMin()), number(m.instrumentMax()),
                m.canonicalUnit());
        String zh = String.format(Locale.ROOT, "%s %s %s 超出仪表量程 %s～%s %s，判定为设备故障", m.nameZh(),
                number(o.getValue()), m.canonicalUnit(), number(m.instrumentMin()), number(m.instrumentMax()),
                m.canonicalUnit());
        return fault(rule, o, "INSTRUMENT_RANGE_FAULT", en, zh);
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.valueOf(v);
    }

    private static String ruleName(RuleContext rule) {
        return rule.getRule().getName();
    }

    /** The rule's {@code @id} metadata when it has one, otherwise its package and name. */
    static String ruleId(RuleContext rule) {
        Rule r = rule.getRule();
        Object id = r.getMetaData().get("id");
        return id != null ? id.toString() : r.getPackageName() + "." + r.getName();
    }

    /**
     * A hazard held back by a suppression (inhibition) rule: the observation is decided SUPPRESSED, no alarm is
     * raised, and the reason says what was held back and why. The rule deletes the hazard finding it replaces.
     */
    public static Finding suppressed(RuleContext rule, Finding held, String whyEn, String whyZh) {
        String en = ruleName(rule) + ": held back " + held.getAlarmType()
                + (held.getLevel() == null ? "" : " " + held.getLevel()) + " because " + whyEn + " ("
                + held.getReason().message() + ")";
        String zh = (held.getLevel() == null ? "" : held.getLevel().nameZh()) + held.getAlarmType() + "预警暂缓："
                + whyZh;
        return new Finding(held.getObservation(), Outcome.SUPPRESSED, held.getLevel(), held.getAlarmType(),
                Reason.of(ruleId(rule), en, zh));
    }

    /**
     * A risk that arises from this observation together with an alarm open nearby (gas in a sewer well next to a
     * gas main losing pressure): a hazard of the coupled type at the given level, explained by both.
     */
    public static Finding coupled(RuleContext rule, Observation o, Threshold t, Nearby n, String riskType,
                                  Level level) {
        String where = Nearby.SAME_SITE.equals(n.relation()) ? "at the same site"
                : String.format(Locale.ROOT, "%s m away at site %s", number(Math.round(n.distanceMetres())), n.siteId());
        String whereZh = Nearby.SAME_SITE.equals(n.relation()) ? "同一场所"
                : String.format(Locale.ROOT, "%s 米外的场所 %s", number(Math.round(n.distanceMetres())), n.siteId());
        String en = String.format(Locale.ROOT, "%s: %s %s %s is at or beyond the %s threshold of %s %s, and a %s %s "
                        + "alarm is open %s: coupled risk %s", ruleName(rule), o.getMetricDefinition().nameEn(),
                number(o.getValue()), o.getUnit(), t.getLevel(), number(t.getValue()), o.getUnit(),
                n.level() == null ? "" : n.level().name(), n.alarmType(), where, riskType);
        String zh = String.format(Locale.ROOT, "%s %s %s 达到%s预警阈值，%s存在%s%s告警：耦合风险 %s",
                o.getMetricDefinition().nameZh(), number(o.getValue()), o.getUnit(), t.getLevel().nameZh(), whereZh,
                n.level() == null ? "" : n.level().nameZh(), n.alarmType(), riskType);
        return new Finding(o, Outcome.ALARM, level, riskType, Reason.of(ruleId(rule), en, zh));
    }

    public Observation getObservation() {
        return observation;
    }

    public Outcome getOutcome() {
        return outcome;
    }

    public Level getLevel() {
        return level;
    }

    public String getAlarmType() {
        return alarmType;
    }

    public Reason getReason() {
        return reason;
    }

    @Override
    public String toString() {
        return outcome + (level == null ? "" : " " + level) + " " + alarmType + " <- " + reason.ruleId();
    }
}
