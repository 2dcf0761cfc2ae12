package org.citysafe.service.decision;

import io.micrometer.core.instrument.MeterRegistry;
import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.rules.engine.Rechecks;
import org.citysafe.rules.engine.DecisionEngine;
import org.citysafe.service.policy.PolicyService;
import org.citysafe.service.registry.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Re-examines, on the wall clock, hazards held back because they had not lasted long enough. A detector that reports
 * smoke once and then nothing still has its alarm pushed when the verification time is up; a condition that a newer
 * reading contradicted is forgotten. What waits is kept in memory ({@link Rechecks}, bounded) and, through the
 * reading log's {@code recheck_at}, found again after a restart.
 */
@Component
public class HeldConditions {

    private static final Logger log = LoggerFactory.getLogger(HeldConditions.class);

    private final Rechecks rechecks;
    private final DecisionService decisions;
    private final JdbcTemplate jdbc;
    private final DeviceRegistry registry;
    private final MetricCatalog metrics;
    private final PolicyService policies;
    private final Duration lookBack;

    public HeldConditions(@Value("${citysafe.recheck.max-waiting:1000000}") int capacity,
                          @Lazy DecisionService decisions, JdbcTemplate jdbc, DeviceRegistry registry,
                          MetricCatalog metrics, PolicyService policies, MeterRegistry meters,
                          @Value("${citysafe.recheck.restore-look-back:PT24H}") Duration lookBack) {
        this.rechecks = new Rechecks(capacity);
        this.decisions = decisions;
        this.jdbc = jdbc;
        this.registry = registry;
        this.metrics = metrics;
        this.policies = policies;
        this.lookBack = lookBack;
        meters.gauge("citysafe.rechecks.waiting", rechecks, Rechecks::size);
        meters.more().counter("citysafe.rechecks.dropped", List.of(), rechecks, Rechecks::dropped);
    }

    /** Called once decisions are committed: each series now waits for what its newest decision names, or nothing. */
    void decided(List<DecisionEngine.Input> inputs, List<Decision> decided) {
        rechecks.after(inputs, decided, Instant.now());
    }

    /** How many series wait for time. */
    public int waiting() {
        return rechecks.size();
    }

    /** Forgets what waits in memory, as a restart does (tests). */
    public void forgetInMemory() {
        rechecks.due(Instant.MAX);
    }

    /** Decides, as held readings, every series whose time has come. */
    @Scheduled(fixedDelayString = "${citysafe.recheck.interval:PT1S}")
    public void recheckDue() {
        List<DecisionEngine.Input> due = rechecks.due(Instant.now());
        if (due.isEmpty()) return;
        List<ParsedReading> held = new ArrayList<>(due.size());
        for (DecisionEngine.Input in : due) {
            Reading r = in.reading();
            held.add(new ParsedReading.Accepted(r, "{\"held\":\"" + r.messageId() + "\",\"value\":" + r.value()
                    + ",\"ts\":\"" + r.ts() + "\"}"));
        }
        try {
            decisions.submit(Rechecks.SOURCE, "clock", held);
        } catch (RuntimeException e) {
            // put them back: the next tick tries again rather than losing a hazard
            log.warn("re-examining {} held conditions failed, retrying: {}", held.size(), e.toString());
            Instant retry = Instant.now().plusSeconds(5);
            for (DecisionEngine.Input in : due) rechecks.restore(new Rechecks.Pending(in, in.reading().ts(), retry));
        }
    }

    /** After a restart: the newest reading of every series whose decision was still waiting for time. */
    @EventListener(ApplicationReadyEvent.class)
    public void restore() {
        List<Rechecks.Pending> found = jdbc.query("""
                select r.device_id, r.metric, r.value, r.unit, r.ts, r.message_id, r.source, r.flags, r.recheck_at,
                       r.received_at
                from reading r
                where r.recheck_at is not null and r.received_at >= ?
                  and not exists (select 1 from reading n where n.device_id = r.device_id and n.metric = r.metric
                                  and n.ts > r.ts)
                """, (rs, i) -> {
            Optional<Device> device = registry.find(rs.getString("device_id"));
            Optional<Metric> metric = metrics.find(rs.getString("metric"));
            if (device.isEmpty() || metric.isEmpty()) return null;
            Set<String> flags = new LinkedHashSet<>(List.of((String[]) rs.getArray("flags").getArray()));
            Instant ts = rs.getTimestamp("ts").toInstant();
            Instant recheckAt = rs.getTimestamp("recheck_at").toInstant();
            Instant received = rs.getTimestamp("received_at").toInstant();
            Reading reading = new Reading(device.get().deviceId(), metric.get().name(), rs.getDouble("value"),
                    rs.getString("unit"), ts, rs.getString("message_id"), rs.getString("source"), flags);
            return new Rechecks.Pending(new DecisionEngine.Input(reading, device.get(), metric.get(),
                    policies.policyFor(device.get())), recheckAt, received.plus(Duration.between(ts, recheckAt)));
        }, Timestamp.from(Instant.now().minus(lookBack)));
        int restored = 0;
        for (Rechecks.Pending p : found) {
            if (p == null) continue;
            rechecks.restore(p);
            restored++;
        }
        if (restored > 0) log.info("{} held-back conditions wait for their confirmation time again", restored);
    }
}
