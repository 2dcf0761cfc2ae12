package org.citysafe.rules.engine;

import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.policy.Direction;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;
import org.citysafe.rules.state.SeriesState;
import org.citysafe.rules.state.Silence;
import org.citysafe.rules.state.SiteView;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A reading seen in its context: the device that sent it, the metric's definition and the policy in force for the
 * device's district. This is the fact rules match on; everything a rule needs is one property away.
 */
public final class Observation {

    private final Reading reading;
    private final Device device;
    private final Metric metric;
    private final Policy policy;
    private final Map<String, Level> activeAlarms;
    private final SeriesState history;
    private final SiteView site;
    private final List<Silence> silences;
    private final int recentFalseAlarms;

    public Observation(Reading reading, Device device, Metric metric, Policy policy) {
        this(reading, device, metric, policy, Map.of());
    }

    /**
     * @param activeAlarms the alarms open for this device right now, by alarm type, with their current level;
     *                     clear and downgrade rules (hysteresis) need to know what is already raised
     */
    public Observation(Reading reading, Device device, Metric metric, Policy policy, Map<String, Level> activeAlarms) {
        this(reading, device, metric, policy, activeAlarms, SeriesState.EMPTY, SiteView.EMPTY, List.of());
    }

    /**
     * @param history  the series of this device's metric before this reading
     * @param site     the newest readings of the other devices at the device's site
     * @param silences silences in force; those covering this device at the reading's time apply
     */
    public Observation(Reading reading, Device device, Metric metric, Policy policy, Map<String, Level> activeAlarms,
                       SeriesState history, SiteView site, List<Silence> silences) {
        this(reading, device, metric, policy, activeAlarms, history, site, silences, 0);
    }

    /** @param recentFalseAlarms the device's recent alarms verified FALSE_ALARM since its last CONFIRMED one */
    public Observation(Reading reading, Device device, Metric metric, Policy policy, Map<String, Level> activeAlarms,
                       SeriesState history, SiteView site, List<Silence> silences, int recentFalseAlarms) {
        this.recentFalseAlarms = recentFalseAlarms;
        this.reading = reading;
        this.device = device;
        this.metric = metric;
        this.policy = policy;
        this.activeAlarms = Map.copyOf(activeAlarms);
        this.history = history;
        this.site = site;
        this.silences = List.copyOf(silences);
    }

    public Reading getReading() {
        return reading;
    }

    public Device getDevice() {
        return device;
    }

    public Metric getMetricDefinition() {
        return metric;
    }

    public Policy getPolicy() {
        return policy;
    }

    public String getDeviceId() {
        return reading.deviceId();
    }

    public String getMetric() {
        return reading.metric();
    }

    public double getValue() {
        return reading.value();
    }

    public String getUnit() {
        return metric.canonicalUnit();
    }

    public String getScenario() {
        return device.scenario();
    }

    public String getSiteId() {
        return device.siteId();
    }

    public Map<String, Level> getActiveAlarms() {
        return activeAlarms;
    }

    /** The level of the open alarm of this type, or null when none is open. */
    public Level activeLevel(String alarmType) {
        return activeAlarms.get(alarmType);
    }

    public boolean isWithinInstrumentRange() {
        return metric.withinInstrumentRange(reading.value());
    }

    /** The policy's thresholds for this reading's scenario and metric, most severe first. */
    public List<Threshold> thresholds() {
        return policy.thresholds(device.scenario(), reading.metric());
    }

    /**
     * The thresholds of one direction that this reading reaches for an alarm of the given type, most severe first.
     * With no alarm of that type open, a threshold is reached when the reading crosses it. While one is open, a
     * threshold at or below the open level is also reached as long as the reading has not fallen back past its
     * clear value (hysteresis); a more severe threshold must still be crossed (upgrade).
     *
     * @param alarmType the alarm these thresholds grade; one alarm type per metric and direction
     */
    public List<Threshold> thresholdsReached(Direction direction, String alarmType) {
        Level open = activeLevel(alarmType);
        double value = getValue();
        return thresholds().stream()
                .filter(t -> t.getDirection() == direction)
                .filter(t -> t.crossedBy(value)
                        || (open != null && t.getLevel().severity() <= open.severity() && t.heldBy(value)))
                .toList();
    }

    /** The level an alarm of this type has after this reading: the most severe threshold reached, or null. */
    public Level levelReached(Direction direction, String alarmType) {
        List<Threshold> reached = thresholdsReached(direction, alarmType);
        return reached.isEmpty() ? null : reached.get(0).getLevel();
    }

    /** An alarm of this type is open and the reading has fallen back past the clear value of every level. */
    public boolean clearsAlarm(Direction direction, String alarmType) {
        return activeLevel(alarmType) != null && thresholdsReached(direction, alarmType).isEmpty();
    }

    /** A named number from the policy; a rule that needs a parameter the policy lacks is a policy error. */
    public double parameter(String name) {
        return policy.parameter(name).orElseThrow(() -> new IllegalStateException(
                "policy " + policy.version() + " has no parameter '" + name + "'"));
    }

    // ---- temporal conditions (event time), on the bounded history of this series ----

    /** The key under which a series remembers since when it has crossed a threshold. */
    public static String thresholdKey(Threshold t) {
        return t.getDirection() + ":" + t.getLevel();
    }

    /** The run key under which a series remembers since when it has not been back to its zero baseline. */
    public static final String ABOVE_BASELINE = "ABOVE:BASELINE";

    /**
     * The run keys a value crosses under a policy: its graded thresholds, and {@link #ABOVE_BASELINE} where the
     * scenario has a zero baseline ({@code fault.drift.baseline.<scenario>}) and the value lies above it.
     */
    public static List<String> runKeys(Policy policy, String scenario, String metric, double value) {
        List<String> keys = new java.util.ArrayList<>();
        List<Threshold> thresholds = policy.thresholds(scenario, metric);
        for (Threshold t : thresholds) if (t.crossedBy(value)) keys.add(thresholdKey(t));
        var baseline = policy.parameter("fault.drift.baseline." + scenario);
        if (baseline.isPresent() && value > baseline.getAsDouble()) keys.add(ABOVE_BASELINE);
        for (Direction d : Direction.values()) {
            if (isQuiet(thresholds, d, value)) keys.add(quietKey(d));
        }
        return keys;
    }

    /** The run key under which a series remembers since when it has been past every clear value of a direction. */
    public static String quietKey(Direction d) {
        return "QUIET:" + d;
    }

    /** Past the clear value of every threshold of the direction (and there is at least one): nothing holds an alarm. */
    private static boolean isQuiet(List<Threshold> thresholds, Direction d, double value) {
        boolean any = false;
        for (Threshold t : thresholds) {
            if (t.getDirection() != d) continue;
            if (t.heldBy(value)) return false;
            any = true;
        }
        return any;
    }

    /**
     * For how long, up to this reading, the series has been past every clear value of the direction without a break:
     * how long the condition has been absent. 0 when this reading is not, and when it is the first that is.
     */
    public long quietSeconds(Direction d) {
        if (!isQuiet(thresholds(), d, reading.value()) || isOutOfOrder()) return 0;
        var since = history.crossingSince(quietKey(d));
        return since == null ? 0 : Math.max(0, Duration.between(since, reading.ts()).toSeconds());
    }

    /**
     * For how long, up to this reading, the series has stayed above its scenario's zero baseline without once
     * coming back to it (a gas detector in clean air reads 0 %LEL between cooking times); 0 when this reading is at
     * or below it, or the scenario has no baseline.
     */
    public long aboveBaselineSeconds() {
        var baseline = policy.parameter("fault.drift.baseline." + getScenario());
        if (baseline.isEmpty() || reading.value() <= baseline.getAsDouble() || isOutOfOrder()) return 0;
        var since = history.crossingSince(ABOVE_BASELINE);
        return since == null ? 0 : Math.max(0, Duration.between(since, reading.ts()).toSeconds());
    }

    public SeriesState getHistory() {
        return history;
    }

    /** The reading is older than the newest one of its series: temporal conditions ignore it. */
    public boolean isOutOfOrder() {
        return history.isOutOfOrder(reading.ts());
    }

    /**
     * For how long, up to this reading, the readings have crossed the threshold without a break: 0 when this reading
     * does not cross it, and when it is the first that does.
     */
    public long sustainedSeconds(Threshold t) {
        if (!t.crossedBy(reading.value()) || isOutOfOrder()) return 0;
        var since = history.crossingSince(thresholdKey(t));
        return since == null ? 0 : Math.max(0, Duration.between(since, reading.ts()).toSeconds());
    }

    /** How many of the last {@code lastReadings} readings (this one included) cross the threshold. */
    public int crossedCount(Threshold t, int lastReadings) {
        int count = t.crossedBy(reading.value()) ? 1 : 0;
        for (int i = history.size() - 1, seen = 1; i >= 0 && seen < lastReadings; i--, seen++) {
            if (t.crossedBy(history.value(i))) count++;
        }
        return count;
    }

    /** Rise per minute from the oldest remembered reading within {@code windowSeconds} to this one; NaN without one. */
    public double risePerMinute(long windowSeconds) {
        var from = reading.ts().minusSeconds(windowSeconds);
        for (int i = 0; i < history.size(); i++) {
            if (!history.time(i).isBefore(from) && history.time(i).isBefore(reading.ts())) {
                double minutes = Duration.between(history.time(i), reading.ts()).toMillis() / 60_000.0;
                return minutes <= 0 ? Double.NaN : (reading.value() - history.value(i)) / minutes;
            }
        }
        return Double.NaN;
    }

    /** How many readings in a row, this one included, carry exactly the same value. */
    public int unchangedCount() {
        int count = 1;
        for (int i = history.size() - 1; i >= 0 && history.value(i) == reading.value(); i--) count++;
        return count;
    }

    /** Change per second since the previous reading, as a magnitude; NaN without a previous reading. */
    public double changePerSecond() {
        if (history.isEmpty() || isOutOfOrder()) return Double.NaN;
        double seconds = Duration.between(history.newestTime(), reading.ts()).toMillis() / 1000.0;
        return seconds <= 0 ? Double.NaN : Math.abs(reading.value() - history.newestValue()) / seconds;
    }

    // ---- the site: other devices at the same place ----

    public SiteView getSite() {
        return site;
    }

    /**
     * The highest value of a metric reported at the site within the last {@code seconds}, by another device or by
     * this device's other sensor; NaN when none.
     */
    public double siteMax(String metricName, long seconds) {
        return site.recent(metricName, reading.ts(), seconds).stream().mapToDouble(SiteView.SiteReading::value)
                .max().orElse(Double.NaN);
    }

    /**
     * How many other devices at the site reported the metric at or above {@code atLeast} within {@code seconds}
     * (this device's own other metrics count too: a combined detector's second sensor).
     */
    public long siteCount(String metricName, double atLeast, long seconds) {
        return site.recent(metricName, reading.ts(), seconds).stream().filter(r -> r.value() >= atLeast)
                .map(SiteView.SiteReading::deviceId).distinct().count();
    }

    // ---- suppression inputs ----

    /** The silences that cover this device at the reading's time. */
    public List<Silence> silences() {
        return silences.stream().filter(s -> s.covers(device, reading.ts())).toList();
    }

    /** The device's recent alarms verified FALSE_ALARM since its last CONFIRMED one. */
    public int getRecentFalseAlarms() {
        return recentFalseAlarms;
    }

    /**
     * How long a new alarm from this device must last, given its false alarms: {@code learning.extra.seconds} per
     * false alarm from {@code learning.min.false.alarms} on, at most {@code learning.max.extra.seconds}, and for
     * RED never more than {@code learning.red.max.seconds}: distrust may delay a sustained RED, never hide it.
     */
    public double distrustSeconds(Level level) {
        if (recentFalseAlarms < parameterOr("learning.min.false.alarms", Double.POSITIVE_INFINITY)) return 0;
        double seconds = Math.min(recentFalseAlarms * parameterOr("learning.extra.seconds", 0),
                parameterOr("learning.max.extra.seconds", 0));
        return level == Level.RED ? Math.min(seconds, parameterOr("learning.red.max.seconds", 0)) : seconds;
    }

    public boolean hasFlag(String flag) {
        return reading.hasFlag(flag);
    }

    public boolean hasTag(String tag) {
        return device.hasTag(tag);
    }

    /** A number from the policy, or {@code fallback} when the policy does not set it. */
    public double parameterOr(String name, double fallback) {
        return policy.parameter(name).orElse(fallback);
    }

    /**
     * Whether the reading's local time falls in a schedule named by a policy setting, written as
     * {@code HH:mm-HH:mm[,HH:mm-HH:mm...]} in the zone of the setting {@code timezone} (default Asia/Shanghai).
     */
    public boolean inSchedule(String settingName) {
        String schedule = policy.setting(settingName).orElse("");
        if (schedule.isBlank()) return false;
        ZoneId zone = ZoneId.of(policy.setting("timezone").orElse("Asia/Shanghai"));
        LocalTime local = reading.ts().atZone(zone).toLocalTime();
        for (String span : schedule.split(",")) {
            String[] ends = span.trim().split("-");
            LocalTime from = LocalTime.parse(ends[0].trim());
            LocalTime to = LocalTime.parse(ends[1].trim());
            boolean inside = from.isBefore(to) ? !local.isBefore(from) && local.isBefore(to)
                    : !local.isBefore(from) || local.isBefore(to);
            if (inside) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "Observation[" + reading.deviceId() + " " + reading.metric() + "=" + reading.value() + "]";
    }
}
