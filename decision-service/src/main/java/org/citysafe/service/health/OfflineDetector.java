package org.citysafe.service.health;

import io.micrometer.core.instrument.MeterRegistry;
import org.citysafe.rules.Decision;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.Reason;
import org.citysafe.service.alarm.AlarmStore;
import org.citysafe.service.policy.PolicyService;
import org.citysafe.service.registry.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds devices that went silent: no reading for more than N of their reporting intervals (policy parameter
 * {@value #MISSED_INTERVALS}) raises a DEVICE_OFFLINE fault, found on the wall clock without waiting for a reading
 * that never comes. The next reading from the device resolves it. Like an Alertmanager inhibit rule, an open hazard
 * of an inhibiting type at the same site (by default a POWER_OUTAGE) holds the offline fault back: when the power is
 * off, every device at the site falls silent and one alarm says why.
 */
@Component
public class OfflineDetector {

    public static final String OFFLINE = "DEVICE_OFFLINE";
    static final String MISSED_INTERVALS = "device.offline.missed.intervals";
    private static final Logger log = LoggerFactory.getLogger(OfflineDetector.class);

    private final DeviceRegistry registry;
    private final AlarmStore alarms;
    private final PolicyService policies;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Set<String> inhibitedBy;

    public OfflineDetector(DeviceRegistry registry, AlarmStore alarms, PolicyService policies, Clock clock,
                           MeterRegistry meters,
                           @Value("${citysafe.health.offline-inhibited-by:POWER_OUTAGE}") Set<String> inhibitedBy) {
        this.registry = registry;
        this.alarms = alarms;
        this.policies = policies;
        this.clock = clock;
        this.meters = meters;
        this.inhibitedBy = inhibitedBy;
    }

    /** One pass; returns the number of offline faults raised. */
    @Scheduled(fixedDelayString = "${citysafe.health.offline-check-interval:15s}")
    @Transactional
    public int check() {
        double defaultMissed = policies.defaults().parameter(MISSED_INTERVALS).orElse(3);
        List<DeviceRegistry.Silent> silent = registry.silentDevices(defaultMissed, OFFLINE, 1000);
        if (silent.isEmpty()) return 0;
        Map<String, List<String>> openAtSite = alarms.openHazardTypesAtSites(
                silent.stream().map(s -> s.device().siteId()).distinct().toList());
        Instant now = clock.instant();
        List<AlarmStore.Trigger> triggers = new ArrayList<>();
        for (DeviceRegistry.Silent s : silent) {
            var device = s.device();
            double missed = policies.policyFor(device).parameter(MISSED_INTERVALS).orElse(defaultMissed);
            Instant since = s.lastReceivedAt() != null ? s.lastReceivedAt() : s.registeredAt();
            long silentSeconds = Duration.between(since, now).toSeconds();
            if (silentSeconds <= missed * device.reportingIntervalSeconds()) continue;
            List<String> inhibitors = openAtSite.getOrDefault(device.siteId(), List.of()).stream()
                    .filter(inhibitedBy::contains).toList();
            if (!inhibitors.isEmpty()) {
                meters.counter("citysafe.health.offline.inhibited").increment();
                log.info("{} is silent but inhibited by open {} at site {}", device.deviceId(), inhibitors,
                        device.siteId());
                continue;
            }
            String en = String.format("A device silent for longer than its allowed gap is offline: no reading for %d s, "
                            + "more than %s × its %d s reporting interval%s", silentSeconds, number(missed),
                    device.reportingIntervalSeconds(), s.lastReceivedAt() == null ? " (never reported)" : "");
            String zh = String.format("设备离线：已 %d 秒未上报数据，超过上报周期 %d 秒的 %s 倍", silentSeconds,
                    device.reportingIntervalSeconds(), number(missed));
            Decision decision = new Decision(device.deviceId(), null, Outcome.FAULT, null, OFFLINE, null,
                    List.of(Reason.of("device.offline", en, zh)), List.of(), null, policies.policyFor(device).version());
            // the "reading" behind an offline fault is the observation of silence itself
            Reading silence = new Reading(device.deviceId(), "device.silence", silentSeconds, "s", now,
                    "offline-" + now.toEpochMilli(), "health", Set.of());
            triggers.add(new AlarmStore.Trigger(silence, device, decision));
        }
        alarms.raise(triggers);
        meters.counter("citysafe.health.offline.raised").increment(triggers.size());
        return triggers.size();
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
