package org.citysafe.rules.engine;

import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reason;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Threshold;
import org.citysafe.rules.state.Silence;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one rule concluded about one observation. Rules insert findings; the {@link Decider} turns the findings
 * of an observation into its decision. The message is built here, from the facts, so that every rule explains
 * itself the same way and a consequence stays one line.
 *
 * <p>Messages name the rule (its {@code @nameZh} metadata in Chinese), the metric, the value, the threshold and
 * the level, in words a duty operator reads without the rule text at hand.
 */
public final class Finding {

    private final Observation observation;
    private final Outcome outcome;
    private final Level level;
    private final String alarmType;
    private final Reason reason;
    private Threshold threshold;        // the threshold a hazard reached, when it came from one
    private Finding target;             // the hazard a pending finding holds back
    private Level maxLevel;             // a hold-back applies to hazards up to this level
    private boolean coversFaults;       // a hold-back applies to faults too
    private Set<String> coveredTypes = Set.of(); // empty: every alarm type
    private Instant dueAt;    // a pending finding waiting for time: when the condition will have lasted
    private boolean waitingToClear;     // the alarm would clear but the condition has not been absent long enough
    private boolean stopped;            // not a rule's conclusion: the engine stopped the rules for this decision

    private Finding(Observation observation, Outcome outcome, Level level, String alarmType, Reason reason) {
        this.observation = observation;
        this.outcome = outcome;
        this.level = level;
        this.alarmType = alarmType;
        this.reason = reason;
    }

    /**
     * The observation reached a graded threshold: a hazard at that threshold's level. Either the reading crossed
     * the threshold, or an alarm of this type is open and the reading is still inside the threshold's hysteresis
     * band; the message says which, and whether the open alarm is upgraded or downgraded.
     */
    public static Finding hazard(RuleContext rule, Observation o, Threshold t, String alarmType) {
        Direction d = t.getDirection();
        String unit = unit(o.getUnit());
        String metricEn = o.getMetricDefinition().nameEn();
        String metricZh = o.getMetricDefinition().nameZh();
        String value = number(o.getValue()) + unit;
        String threshold = magnitude(d) + number(t.getValue()) + unit;
        String clear = magnitude(d) + number(t.getClearValue()) + unit;
        Level open = o.activeLevel(alarmType);
        String en;
        String zh;
        if (isState(o) && t.crossedBy(o.getValue())) {
            en = String.format(Locale.ROOT, "%s: %s is on (%s): %s alarm", ruleName(rule), metricEn,
                    number(o.getValue()), t.getLevel());
            zh = String.format(Locale.ROOT, "%s：%s为报警状态（%s），%s预警", ruleNameZh(rule), metricZh,
                    number(o.getValue()), t.getLevel().nameZh());
        } else if (t.crossedBy(o.getValue())) {
            en = String.format(Locale.ROOT, "%s: %s %s is %s the %s threshold of %s", ruleName(rule), metricEn,
                    value, crossedEn(d), t.getLevel(), threshold);
            zh = String.format(Locale.ROOT, "%s：%s %s，%s%s预警阈值 %s", ruleNameZh(rule), metricZh, value,
                    crossedZh(d), t.getLevel().nameZh(), threshold);
        } else {
            en = String.format(Locale.ROOT, "%s: %s %s has not %s %s, the clear level of the %s threshold (%s), "
                            + "so the alarm holds at %s", ruleName(rule), metricEn, value, notBackEn(d), clear,
                    t.getLevel(), threshold, t.getLevel());
            zh = String.format(Locale.ROOT, "%s：%s %s，尚未%s%s预警解除值 %s（阈值 %s），预警保持%s", ruleNameZh(rule),
                    metricZh, value, notBackZh(d), t.getLevel().nameZh(), clear, threshold, t.getLevel().nameZh());
        }
        Level reached = o.levelReached(d, alarmType);
        if (open != null && t.getLevel() == reached && reached != open) {
            boolean up = reached.isMoreSevereThan(open);
            en += String.format(Locale.ROOT, "; the open %s alarm is %s to %s", open, up ? "upgraded" : "downgraded",
                    reached);
            zh += String.format(Locale.ROOT, "；原%s预警%s为%s", open.nameZh(), up ? "升级" : "降级", reached.nameZh());
        }
        Finding f = new Finding(o, Outcome.ALARM, t.getLevel(), alarmType, Reason.of(ruleId(rule), en, zh));
        f.threshold = t;
        return f;
    }

    /** Rule id of the reason given when the engine stopped a rule set that ran past its limits. */
    public static final String STOPPED = "engine.stopped";

    /**
     * The engine stopped the rules before they were done ({@link RuleSet.Limits}): the decision keeps what they
     * had found and says which rule was stopped and why.
     */
    static Finding stopped(Observation o, String rule, String whyEn, String whyZh) {
        Finding f = new Finding(o, Outcome.NORMAL, null, null, Reason.of(STOPPED, whyEn, whyZh));
        f.stopped = true;
        return f;
    }

    /** Whether the engine, not a rule, inserted this finding because it stopped the rules. */
    public boolean isStopped() {
        return stopped;
    }

    /**
     * Evidence from several sources (another device at the site, a controller) puts the hazard at {@code level},
     * beyond what one reading's threshold says.
     */
    public static Finding confirmed(RuleContext rule, Observation o, Level level, String alarmType, String detailEn,
                                    String detailZh) {
        return new Finding(o, Outcome.ALARM, level, alarmType, Reason.of(ruleId(rule),
                ruleName(rule) + ": " + detailEn, ruleNameZh(rule) + "：" + detailZh));
    }

    /**
     * The hazard is real on its face but not yet confirmed (not sustained long enough, not seen often enough, not
     * corroborated): it is held back, and pushed as soon as the evidence is there.
     */
    public static Finding pending(RuleContext rule, Finding hazard, String detailEn, String detailZh) {
        Finding f = new Finding(hazard.observation, Outcome.SUPPRESSED, hazard.level, hazard.alarmType,
                Reason.of(ruleId(rule), ruleName(rule) + ": " + hazard.level + " " + hazard.alarmType + " " + detailEn,
                        ruleNameZh(rule) + "：" + (hazard.level == null ? "" : hazard.level.nameZh()) + "预警" + detailZh));
        f.target = hazard;
        return f;
    }

    /** Not yet sustained: has crossed for {@code sustained} s of the {@code required} s the policy asks. */
    public static Finding notSustained(RuleContext rule, Finding hazard, long sustained, double required) {
        return due(hazard, sustained, required, pending(rule, hazard, String.format(Locale.ROOT, "has lasted %d s of the %s s required; pushed if it persists",
                sustained, number(required)), String.format(Locale.ROOT, "已持续 %d 秒，需持续 %s 秒方可推送", sustained,
                number(required))));
    }

    /** Not yet repeated: seen in {@code seen} of the last {@code window} readings, {@code required} needed. */
    public static Finding notRepeated(RuleContext rule, Finding hazard, int seen, int required, int window) {
        return pending(rule, hazard, String.format(Locale.ROOT, "seen in %d of the last %d readings, %d required",
                seen, window, required), String.format(Locale.ROOT, "最近 %d 次数据中出现 %d 次，需 %d 次方可推送", window,
                seen, required));
    }

    /** The device false-alarmed recently: its new alarm must last longer before it is pushed. */
    public static Finding distrusted(RuleContext rule, Finding hazard, int falseAlarms, long sustained, double required) {
        return due(hazard, sustained, required, pending(rule, hazard, String.format(Locale.ROOT, "comes from a device whose last %d alarms were verified "
                        + "false; it has lasted %d s of the %s s now required", falseAlarms, sustained, number(required)),
                String.format(Locale.ROOT, "该设备最近 %d 次报警经核实为误报，需持续 %s 秒方可推送（已持续 %d 秒）", falseAlarms,
                        number(required), sustained)));
    }

    /**
     * A condition that must last {@code required} s and has lasted {@code sustained} s (whole seconds, rounded down)
     * will have lasted long enough at the reading's time plus the difference, if nothing contradicts it by then.
     */
    private static Finding due(Finding hazard, long sustained, double required, Finding pending) {
        long remaining = (long) Math.ceil(required - sustained);
        if (remaining > 0) pending.dueAt = hazard.observation.getReading().ts().plusSeconds(remaining);
        return pending;
    }

    /** A silence or maintenance window covers the device: hazards up to its level are held back. */
    public static Finding silenced(RuleContext rule, Observation o, Silence s) {
        String en = String.format(Locale.ROOT, "%s: silence %s by %s (\"%s\") until %s holds back %s up to %s",
                ruleName(rule), s.id(), s.author(), s.reason(), s.endsAt(),
                s.alarmTypes().isEmpty() ? "every alarm" : String.join(", ", s.alarmTypes()), s.maxLevel());
        String zh = String.format(Locale.ROOT, "%s：%s 设置的屏蔽（%s）至 %s，%s级及以下预警暂不推送", ruleNameZh(rule),
                s.author(), s.reason(), s.endsAt(), s.maxLevel().nameZh());
        Finding f = new Finding(o, Outcome.SUPPRESSED, null, null, Reason.of(ruleId(rule), en, zh));
        f.maxLevel = s.maxLevel();
        f.coversFaults = true;
        f.coveredTypes = s.alarmTypes();
        return f;
    }

    /** The protocol marks the reading as maintenance, calibration or test: nothing in it is pushed. */
    public static Finding flagged(RuleContext rule, Observation o, String flag) {
        String en = String.format(Locale.ROOT, "%s: the reading is flagged %s by the device or station, so nothing in "
                + "it is pushed", ruleName(rule), flag);
        String zh = String.format(Locale.ROOT, "%s：数据标记为%s（%s），不推送预警", ruleNameZh(rule), flagZh(flag), flag);
        Finding f = new Finding(o, Outcome.SUPPRESSED, null, null, Reason.of(ruleId(rule), en, zh));
        f.maxLevel = Level.RED;
        f.coversFaults = true;
        return f;
    }

    private static String flagZh(String flag) {
        return switch (flag) {
            case "MAINTENANCE" -> "维护";
            case "CALIBRATION" -> "校准";
            case "TEST" -> "测试";
            default -> flag;
        };
    }

    /**
     * The open alarm of this type is released: the reading has fallen back past the clear value of every level.
     * Its outcome is NORMAL and its alarm type names the alarm cleared.
     */
    public static Finding cleared(RuleContext rule, Observation o, Direction direction, String alarmType) {
        List<Threshold> graded = o.thresholds().stream().filter(t -> t.getDirection() == direction).toList();
        Level open = o.activeLevel(alarmType);
        String unit = unit(o.getUnit());
        String value = number(o.getValue()) + unit;
        String en;
        String zh;
        if (isState(o)) {
            en = String.format(Locale.ROOT, "%s: %s is off (%s) again; the open %s alarm clears", ruleName(rule),
                    o.getMetricDefinition().nameEn(), number(o.getValue()), open);
            zh = String.format(Locale.ROOT, "%s：%s已恢复正常（%s），原%s预警解除", ruleNameZh(rule),
                    o.getMetricDefinition().nameZh(), number(o.getValue()), open == null ? "" : open.nameZh());
        } else if (graded.isEmpty()) {
            en = String.format(Locale.ROOT, "%s: %s %s; the policy grades no level for it any more, so the open %s "
                    + "alarm clears", ruleName(rule), o.getMetricDefinition().nameEn(), value, open);
            zh = String.format(Locale.ROOT, "%s：%s %s，现行策略已无该项阈值，原%s预警解除", ruleNameZh(rule),
                    o.getMetricDefinition().nameZh(), value, open == null ? "" : open.nameZh());
        } else {
            Threshold lowest = graded.get(graded.size() - 1);
            String clear = magnitude(direction) + number(lowest.getClearValue()) + unit;
            en = String.format(Locale.ROOT, "%s: %s %s is back %s %s, the clear level of the lowest (%s) threshold; "
                            + "the open %s alarm clears", ruleName(rule), o.getMetricDefinition().nameEn(), value,
                    backEn(direction), clear, lowest.getLevel(), open);
            zh = String.format(Locale.ROOT, "%s：%s %s，已%s最低级（%s）预警解除值 %s，原%s%s预警解除",
                    ruleNameZh(rule), o.getMetricDefinition().nameZh(), value, backZh(direction),
                    lowest.getLevel().nameZh(), clear, open == null ? "" : open.nameZh(),
                    o.getMetricDefinition().nameZh());
        }
        double required = o.parameterOr("clear.quiet.seconds." + o.getScenario(), 0);
        long quiet = o.quietSeconds(direction);
        if (quiet < required) {
            // clear-after-quiet: the alarm stays open until the condition has been absent long enough (no flapping)
            en = en.replaceFirst("; the open (\\S+) alarm clears$", "")
                    + String.format(Locale.ROOT, "; the open %s alarm clears once that has lasted %s s (%d s so far)",
                    open, number(required), quiet);
            zh = zh.replaceFirst("，原[^，]*预警解除$", "") + String.format(Locale.ROOT, "，原%s预警须如此持续 %s 秒后解除（已持续 %d 秒）",
                    open == null ? "" : open.nameZh(), number(required), quiet);
            Finding waiting = new Finding(o, Outcome.NORMAL, null, alarmType, Reason.of(ruleId(rule), en, zh));
            waiting.waitingToClear = true;
            waiting.dueAt = o.getReading().ts().plusSeconds((long) Math.ceil(required - quiet));
            return waiting;
        }
        return new Finding(o, Outcome.NORMAL, null, alarmType, Reason.of(ruleId(rule), en, zh));
    }

    /** The device, not the world, is wrong. */
    public static Finding fault(RuleContext rule, Observation o, String faultType, String detailEn, String detailZh) {
        return new Finding(o, Outcome.FAULT, null, faultType,
                Reason.of(ruleId(rule), ruleName(rule) + ": " + detailEn, ruleNameZh(rule) + "：" + detailZh));
    }

    /** The value lies outside what the instrument can measure: a fault, never a hazard. */
    public static Finding outOfInstrumentRange(RuleContext rule, Observation o) {
        var m = o.getMetricDefinition();
        String unit = unit(m.canonicalUnit());
        String en = String.format(Locale.ROOT, "%s %s%s is outside the instrument range %s to %s%s", m.nameEn(),
                number(o.getValue()), unit, number(m.instrumentMin()), number(m.instrumentMax()), unit);
        String zh = String.format(Locale.ROOT, "%s %s%s 超出仪表量程 %s～%s%s，判定为设备故障", m.nameZh(),
                number(o.getValue()), unit, number(m.instrumentMin()), number(m.instrumentMax()), unit);
        return fault(rule, o, "INSTRUMENT_RANGE_FAULT", en, zh);
    }

    /** A number as an operator reads it: at most six significant digits, no trailing zeros, no exponent. */
    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return String.valueOf(v);
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** An on/off reading (unit {@code state}): said as on or off, not as a number against a threshold. */
    private static boolean isState(Observation o) {
        return "state".equals(o.getUnit());
    }

    /** On/off states carry no unit worth printing. */
    private static String unit(String canonicalUnit) {
        return canonicalUnit == null || canonicalUnit.isEmpty() || canonicalUnit.equals("state") ? ""
                : " " + canonicalUnit;
    }

    private static String magnitude(Direction d) {
        return d == Direction.BEYOND ? "±" : "";
    }

    private static String crossedEn(Direction d) {
        return switch (d) {
            case ABOVE -> "at or above";
            case BELOW -> "at or below";
            case BEYOND -> "at or beyond";
        };
    }

    private static String crossedZh(Direction d) {
        return switch (d) {
            case ABOVE -> "达到或超过";
            case BELOW -> "达到或低于";
            case BEYOND -> "偏离达到或超过";
        };
    }

    private static String notBackEn(Direction d) {
        return switch (d) {
            case ABOVE -> "fallen below";
            case BELOW -> "risen above";
            case BEYOND -> "returned within";
        };
    }

    private static String notBackZh(Direction d) {
        return switch (d) {
            case ABOVE -> "回落到";
            case BELOW -> "回升到";
            case BEYOND -> "回到";
        };
    }

    private static String backEn(Direction d) {
        return switch (d) {
            case ABOVE -> "below";
            case BELOW -> "above";
            case BEYOND -> "within";
        };
    }

    private static String backZh(Direction d) {
        return switch (d) {
            case ABOVE -> "回落到低于";
            case BELOW -> "回升到高于";
            case BEYOND -> "回到";
        };
    }

    private static String ruleName(RuleContext rule) {
        return rule.getRule().getName();
    }

    /** The rule's {@code @nameZh} metadata, or its English name when it has none. */
    private static String ruleNameZh(RuleContext rule) {
        Object zh = rule.getRule().getMetaData().get("nameZh");
        return zh != null ? zh.toString() : rule.getRule().getName();
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
        Finding f = new Finding(held.getObservation(), Outcome.SUPPRESSED, held.getLevel(), held.getAlarmType(),
                Reason.of(ruleId(rule), en, zh));
        f.target = held;
        return f;
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

    /** The alarm raised, the fault seen, or (for a NORMAL finding) the alarm cleared. */
    public String getAlarmType() {
        return alarmType;
    }

    public Reason getReason() {
        return reason;
    }

    /** This finding releases the open alarm named by {@link #getAlarmType()}. */
    public boolean isClear() {
        return outcome == Outcome.NORMAL && !waitingToClear;
    }

    /** The reading would release the open alarm, but the condition has not been absent for the quiet time yet. */
    public boolean isWaitingToClear() {
        return waitingToClear;
    }

    public Threshold getThreshold() {
        return threshold;
    }

    /** For a pending finding, the hazard it holds back. */
    public Finding getTarget() {
        return target;
    }

    /**
     * For a pending finding that waits only for time (sustained for D), the event time at which the condition will
     * have lasted long enough if no reading contradicts it; null for other findings.
     */
    public Instant getDueAt() {
        return dueAt;
    }

    public boolean isPending() {
        return target != null;
    }

    /** A silence or flag: holds back hazards up to a level (and faults), whatever rule raised them. */
    public boolean isHoldBack() {
        return outcome == Outcome.SUPPRESSED && target == null;
    }

    /** Whether this hold-back applies to a hazard of this type and level (null level: a fault). */
    public boolean holdsBack(String type, Level hazardLevel) {
        if (!isHoldBack()) return false;
        if (!coveredTypes.isEmpty() && !coveredTypes.contains(type)) return false;
        if (hazardLevel == null) return coversFaults;
        return maxLevel != null && !hazardLevel.isMoreSevereThan(maxLevel);
    }

    public Level getMaxLevel() {
        return maxLevel;
    }

    @Override
    public String toString() {
        return outcome + (level == null ? "" : " " + level) + " " + alarmType + " <- " + reason.ruleId();
    }
}
