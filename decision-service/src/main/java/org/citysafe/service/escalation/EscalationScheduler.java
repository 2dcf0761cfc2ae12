package org.citysafe.service.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.service.alarm.Alarm;
import org.citysafe.service.alarm.AlarmLifecycle;
import org.citysafe.service.alarm.AlarmStore;
import org.citysafe.service.alarm.AlarmTimeline;
import org.citysafe.service.alarm.AlarmTransition;
import org.citysafe.service.alarm.Verdict;
import org.citysafe.service.notify.Channel;
import org.citysafe.service.notify.MessageComposer;
import org.citysafe.service.notify.Outbox;
import org.citysafe.service.notify.OutboxRelay;
import org.citysafe.service.registry.DeviceRegistry;
import org.citysafe.service.worker.PollingWorker;
import org.citysafe.service.worker.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs escalation chains as timers persisted in PostgreSQL ({@code escalation_timer}).
 *
 * <ul>
 *   <li><b>Start.</b> When an alarm opens, the chain chosen by policy is copied into the alarm
 *   ({@code alarm_escalation}) and one timer row is written per step occurrence: OPENED steps WAITING with their due
 *   time (repeat passes included), CONFIRMED steps HELD. A level rise restarts the chain: the old run's pending
 *   timers are cancelled, and the chain for the new level runs as the next run.</li>
 *   <li><b>Transitions</b> (same transaction): pending steps whose stop statuses contain the alarm's new status are
 *   cancelled; a CONFIRMED verdict releases the held steps (119 only after confirmation).</li>
 *   <li><b>Firing.</b> A worker on every instance claims due timers with {@code FOR UPDATE SKIP LOCKED}, takes a
 *   share lock on each alarm (so a transition in flight is either fully before or fully after), and in the same
 *   transaction composes the step's messages into the outbox and marks the timer FIRED (or SKIPPED, with why). So a
 *   step fires once however many instances run, and a step due while every instance was down fires when one comes
 *   back.</li>
 * </ul>
 * Transitions never wait for a timer row (they cancel with SKIP LOCKED); the worker re-checks every claimed timer
 * against the alarm's current status and run, so a timer it holds while a transition commits is still judged right.
 */
@Service
public class EscalationScheduler {

    private static final Logger log = LoggerFactory.getLogger(EscalationScheduler.class);
    private static final int BATCH = 50;
    private static final Duration RETRY_FAILED_STEP = Duration.ofSeconds(30);
    private static final String PENDING = "state in ('HELD', 'WAITING')";

    private record Snapshot(int run, EscalationChain chain, String version) {
    }

    private record TimerRow(long id, String alarmId, int run, int loop, int step, String state, Instant dueAt,
                            Instant doneAt, String outcome) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EscalationPolicies policies;
    private final AlarmStore alarms;
    private final AlarmTimeline timeline;
    private final DeviceRegistry devices;
    private final MessageComposer composer;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TransactionTemplate tx;
    private final PollingWorker worker;

    public EscalationScheduler(JdbcTemplate jdbc, ObjectMapper json, EscalationPolicies policies, AlarmStore alarms,
                               AlarmTimeline timeline, DeviceRegistry devices, MessageComposer composer, Outbox outbox,
                               OutboxRelay relay, TransactionTemplate tx, EscalationProperties properties,
                               Workers workers) {
        this.jdbc = jdbc;
        this.json = json;
        this.policies = policies;
        this.alarms = alarms;
        this.timeline = timeline;
        this.devices = devices;
        this.composer = composer;
        this.outbox = outbox;
        this.relay = relay;
        this.tx = tx;
        this.worker = workers.register("escalation", properties.pollInterval(), this::fireDue);
    }

    // ---- reacting to alarm transitions, inside their transaction ----

    @EventListener
    public void on(AlarmTransition t) {
        Alarm alarm = t.alarm();
        if (!"HAZARD".equals(alarm.kind())) return; // device faults go to maintenance, not up a chain
        switch (t.type()) {
            case OPENED -> start(alarm, t, false);
            case LEVEL_RAISED -> start(alarm, t, true);
            case LEVEL_LOWERED -> {
                // the chain in hand keeps running: lowering a level is no reason to tell fewer people
            }
            case STATUS_CHANGED -> {
                stopSteps(alarm, t);
                if (t.verdict() == Verdict.CONFIRMED) release(alarm, t);
            }
        }
    }

    private void start(Alarm alarm, AlarmTransition t, boolean restart) {
        Optional<Snapshot> previous = snapshot(alarm.id());
        String why = restart ? "level raised to " + alarm.level() + " by " + t.actor() : "alarm opened";
        int cancelled = previous.isPresent() ? cancel(alarm.id(), previous.get().run(), "superseded: " + why) : 0;
        Optional<EscalationPolicies.Versioned> chosen = policies.chainFor(alarm.scenario(), alarm.level(),
                alarm.districtPath());
        if (chosen.isEmpty()) {
            timeline.record(alarm.id(), previous.isPresent() ? "ESCALATION_STOPPED" : "ESCALATION_NONE",
                    AlarmLifecycle.ESCALATION, "no escalation chain matches scenario " + alarm.scenario()
                            + ", level " + alarm.level() + ", district " + alarm.districtPath(), null);
            return;
        }
        EscalationChain chain = chosen.get().chain();
        String version = chosen.get().version();
        int run = previous.map(p -> p.run() + 1).orElse(1);
        jdbc.update("""
                insert into alarm_escalation (alarm_id, run, chain_name, chain_version, chain)
                values (?, ?, ?, ?, ?::jsonb)
                on conflict (alarm_id) do update set run = excluded.run, chain_name = excluded.chain_name,
                    chain_version = excluded.chain_version, chain = excluded.chain, started_at = now()
                """, alarm.id(), run, chain.name(), version, write(chain));
        int pending = insertTimers(alarm, chain, run);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("chain", chain.name());
        detail.put("version", version);
        detail.put("run", run);
        String cause = why + ": chain " + chain.name() + " (version " + version + ", run " + run + "), "
                + chain.steps().size() + " steps"
                + (chain.repeat().times() > 0 ? ", repeated " + chain.repeat().times() + "× while nobody acts" : "")
                + (cancelled > 0 ? "; " + cancelled + " pending step(s) of run " + (run - 1) + " cancelled" : "")
                + (pending == 0 ? "; no step needed in status " + alarm.status() : "");
        timeline.record(alarm.id(), restart && previous.isPresent() ? "ESCALATION_RESTARTED" : "ESCALATION_STARTED",
                AlarmLifecycle.ESCALATION, cause, detail);
        Workers.wakeAfterCommit(worker);
    }

    /** Writes the timers of a run; returns how many are pending. */
    private int insertTimers(Alarm alarm, EscalationChain chain, int run) {
        boolean confirmed = alarm.verdict() == Verdict.CONFIRMED;
        List<Object[]> rows = new ArrayList<>();
        int pending = 0;
        for (int loop = 0; loop <= chain.repeat().times(); loop++) {
            for (int i = 0; i < chain.steps().size(); i++) {
                EscalationChain.Step step = chain.steps().get(i);
                boolean held = step.after() == EscalationChain.Trigger.CONFIRMED;
                if (loop > 0 && (step.once() || held)) continue;
                Duration offset = held ? chain.offset(i) : chain.passStart(loop).plus(chain.offset(i));
                String state = held && !confirmed ? "HELD" : "WAITING";
                String outcome = null;
                if (chain.stopWhen(i, loop).contains(alarm.status())) {
                    state = "CANCELLED";
                    outcome = "not needed: the alarm is " + alarm.status();
                } else {
                    pending++;
                }
                rows.add(new Object[]{alarm.id(), run, loop, i, state, state.equals("HELD") ? null : offset.toMillis(),
                        state.equals("CANCELLED"), outcome});
            }
        }
        jdbc.batchUpdate("""
                insert into escalation_timer (alarm_id, run, loop, step, state, due_at, done_at, outcome)
                values (?, ?, ?, ?, ?, now() + ?::bigint * interval '1 millisecond', case when ? then now() end, ?)
                """, rows);
        return pending;
    }

    private void stopSteps(Alarm alarm, AlarmTransition t) {
        Optional<Snapshot> s = snapshot(alarm.id());
        if (s.isEmpty()) return;
        EscalationChain chain = s.get().chain();
        List<TimerRow> pending = timers(alarm.id(), s.get().run(), true);
        List<Long> stop = pending.stream().filter(r -> chain.stopWhen(r.step(), r.loop()).contains(alarm.status()))
                .map(TimerRow::id).toList();
        if (stop.isEmpty()) return;
        String why = alarm.status() + " by " + t.actor();
        List<TimerRow> stopped = jdbc.query("""
                update escalation_timer set state = 'CANCELLED', done_at = now(), outcome = ?
                where id in (select id from escalation_timer where id = any(?) and %s for update skip locked)
                returning *
                """.formatted(PENDING), (rs, i) -> timerRow(rs), "stopped: " + why, stop.toArray(Long[]::new));
        // a timer the worker holds right now was skipped here; the worker sees the new status and skips it itself
        List<TimerRow> left = timers(alarm.id(), s.get().run(), true).stream()
                .filter(r -> !stop.contains(r.id())).toList();
        String cause = why + ": stopped " + describeTimers(chain, stopped)
                + (left.isEmpty() ? "; the chain has ended" : "; still pending: " + describeTimers(chain, left));
        timeline.record(alarm.id(), left.isEmpty() ? "ESCALATION_STOPPED" : "STEPS_STOPPED",
                AlarmLifecycle.ESCALATION, cause, Map.of("stopped", stopped.size(), "run", s.get().run()));
    }

    private void release(Alarm alarm, AlarmTransition t) {
        Optional<Snapshot> s = snapshot(alarm.id());
        if (s.isEmpty()) return;
        EscalationChain chain = s.get().chain();
        List<TimerRow> released = new ArrayList<>();
        for (TimerRow r : timers(alarm.id(), s.get().run(), true)) {
            if (!r.state().equals("HELD")) continue;
            int n = jdbc.update("""
                    update escalation_timer set state = 'WAITING', due_at = now() + ? * interval '1 millisecond'
                    where id = ? and state = 'HELD'
                    """, chain.offset(r.step()).toMillis(), r.id());
            if (n == 1) released.add(r);
        }
        if (released.isEmpty()) return;
        timeline.record(alarm.id(), "STEPS_RELEASED", AlarmLifecycle.ESCALATION,
                "CONFIRMED by " + t.actor() + ": released " + describeTimers(chain, released),
                Map.of("released", released.size(), "run", s.get().run()));
        Workers.wakeAfterCommit(worker);
    }

    /** Cancels every pending timer of an alarm's run; returns how many. */
    private int cancel(String alarmId, int run, String outcome) {
        return jdbc.update("""
                update escalation_timer set state = 'CANCELLED', done_at = now(), outcome = ?
                where id in (select id from escalation_timer where alarm_id = ? and run = ? and %s
                             for update skip locked)
                """.formatted(PENDING), outcome, alarmId, run);
    }

    // ---- firing due steps (the worker) ----

    /** Fires one batch of due steps; returns how many timers it took. */
    int fireDue() {
        Integer taken = tx.execute(status -> {
            List<TimerRow> due = jdbc.query("""
                    select * from escalation_timer where state = 'WAITING' and due_at <= now()
                    order by due_at, id limit ? for update skip locked
                    """, (rs, i) -> timerRow(rs), BATCH);
            Set<Channel> channels = EnumSet.noneOf(Channel.class);
            Map<String, List<TimerRow>> byAlarm = due.stream()
                    .collect(Collectors.groupingBy(TimerRow::alarmId, LinkedHashMap::new, Collectors.toList()));
            for (var entry : byAlarm.entrySet()) {
                Alarm alarm = alarms.findSharedLock(entry.getKey()).orElseThrow();
                Snapshot s = snapshot(alarm.id()).orElseThrow();
                for (TimerRow timer : entry.getValue()) {
                    // one step that cannot be composed must not hold up every other alarm's steps
                    Object savepoint = status.createSavepoint();
                    try {
                        Channel fired = fire(alarm, s, timer);
                        if (fired != null) channels.add(fired);
                        status.releaseSavepoint(savepoint);
                    } catch (RuntimeException e) {
                        status.rollbackToSavepoint(savepoint);
                        log.error("Step {} (repeat {}) of alarm {} failed; trying again in {}", timer.step() + 1,
                                timer.loop(), alarm.id(), RETRY_FAILED_STEP, e);
                        jdbc.update("""
                                update escalation_timer set due_at = now() + ? * interval '1 millisecond', outcome = ?
                                where id = ?
                                """, RETRY_FAILED_STEP.toMillis(), "failed, will retry: " + e, timer.id());
                    }
                }
            }
            relay.wakeAfterCommit(channels);
            return due.size();
        });
        return taken == null ? 0 : taken;
    }

    /** Fires or skips one claimed timer; returns the channel when messages were written. */
    private Channel fire(Alarm alarm, Snapshot s, TimerRow timer) {
        if (timer.run() != s.run()) {
            finish(timer, "CANCELLED", "superseded by run " + s.run());
            return null;
        }
        EscalationChain.Step step = s.chain().steps().get(timer.step());
        String name = "step " + (timer.step() + 1) + (timer.loop() > 0 ? " (repeat " + timer.loop() + ")" : "")
                + ": " + step.describe();
        Map<String, Object> detail = Map.of("run", timer.run(), "loop", timer.loop(), "step", timer.step(),
                "channel", step.channel().name());
        if (s.chain().stopWhen(timer.step(), timer.loop()).contains(alarm.status())) {
            String outcome = "the alarm is " + alarm.status();
            finish(timer, "SKIPPED", outcome);
            timeline.record(alarm.id(), "STEP_SKIPPED", AlarmLifecycle.ESCALATION, name + " skipped: " + outcome, detail);
            return null;
        }
        Optional<Device> device = devices.find(alarm.deviceId());
        MessageComposer.Composed composed = device.isEmpty()
                ? new MessageComposer.Composed(List.of(), "device " + alarm.deviceId() + " is not registered")
                : composer.compose(new MessageComposer.Request(alarm, device.get(), step.channel(), step.recipient(),
                timer.id(), s.chain().name(), s.version(), timer.run(), timer.loop(), timer.step(),
                s.chain().selfConfirming()));
        if (composed.messages().isEmpty()) {
            finish(timer, "SKIPPED", composed.skipReason());
            timeline.record(alarm.id(), "STEP_SKIPPED", AlarmLifecycle.ESCALATION,
                    name + " skipped: " + composed.skipReason(), detail);
            return null;
        }
        outbox.enqueue(composed.messages());
        int n = composed.messages().size();
        finish(timer, "FIRED", n + " message" + (n == 1 ? "" : "s"));
        Map<String, Object> fired = new LinkedHashMap<>(detail);
        fired.put("deliveryIds", composed.messages().stream().map(m -> m.deliveryId()).toList());
        timeline.record(alarm.id(), "STEP_FIRED", AlarmLifecycle.ESCALATION, name + ": " + n + " message"
                + (n == 1 ? "" : "s") + " to " + composed.messages().stream().map(m -> m.recipient())
                .collect(Collectors.joining(", ")), fired);
        return step.channel();
    }

    private void finish(TimerRow timer, String state, String outcome) {
        jdbc.update("update escalation_timer set state = ?, done_at = now(), outcome = ? where id = ?",
                state, outcome, timer.id());
    }

    // ---- views ----

    /** The alarm's escalation: chain, next step, and with {@code timers} every step occurrence of the current run. */
    public Optional<EscalationView> view(String alarmId, boolean withTimers) {
        return snapshot(alarmId).map(s -> {
            List<TimerRow> rows = timers(alarmId, s.run(), false);
            EscalationChain chain = s.chain();
            TimerRow next = rows.stream().filter(r -> r.state().equals("WAITING")).findFirst()
                    .orElse(rows.stream().filter(r -> r.state().equals("HELD")).findFirst().orElse(null));
            boolean running = rows.stream().anyMatch(r -> r.state().equals("WAITING") || r.state().equals("HELD"));
            List<EscalationView.Timer> timers = withTimers ? rows.stream().map(r -> new EscalationView.Timer(r.step(),
                    r.loop(), chain.steps().get(r.step()).channel(), chain.steps().get(r.step()).recipient(), r.state(),
                    r.dueAt(), r.doneAt(), r.outcome())).toList() : null;
            return new EscalationView(chain.name(), s.version(), s.run(), chain.selfConfirming(),
                    running ? "RUNNING" : "ENDED", chain.steps(), chain.repeat(), next == null ? null : nextStep(chain, next),
                    timers);
        });
    }

    /** The chain a dry run's alarm would get, with its first step next. */
    public Optional<EscalationView> preview(Device device, Level level) {
        return policies.chainFor(device.scenario(), level, device.districtPath()).map(v -> {
            EscalationChain chain = v.chain();
            EscalationChain.Step first = chain.steps().get(0);
            EscalationView.NextStep next = new EscalationView.NextStep(0, 0, first.channel(), first.recipient(),
                    "PREVIEW", null, first.after() == EscalationChain.Trigger.CONFIRMED ? "CONFIRMED verdict" : null);
            return new EscalationView(chain.name(), v.version(), null, chain.selfConfirming(), "PREVIEW", chain.steps(),
                    chain.repeat(), next, null);
        });
    }

    private static EscalationView.NextStep nextStep(EscalationChain chain, TimerRow r) {
        EscalationChain.Step step = chain.steps().get(r.step());
        boolean held = r.state().equals("HELD");
        return new EscalationView.NextStep(r.step(), r.loop(), step.channel(), step.recipient(), r.state(),
                r.dueAt(), held ? "CONFIRMED verdict" : null);
    }

    // ---- rows ----

    private Optional<Snapshot> snapshot(String alarmId) {
        return jdbc.query("select run, chain, chain_version from alarm_escalation where alarm_id = ?",
                (rs, i) -> new Snapshot(rs.getInt("run"), read(rs.getString("chain")), rs.getString("chain_version")),
                alarmId).stream().findFirst();
    }

    /** A run's timers in the order they come due (held ones last); only pending ones with {@code pendingOnly}. */
    private List<TimerRow> timers(String alarmId, int run, boolean pendingOnly) {
        return jdbc.query("select * from escalation_timer where alarm_id = ? and run = ?"
                        + (pendingOnly ? " and " + PENDING : "")
                        + " order by due_at nulls last, loop, step",
                (rs, i) -> timerRow(rs), alarmId, run);
    }

    private static TimerRow timerRow(ResultSet rs) throws SQLException {
        return new TimerRow(rs.getLong("id"), rs.getString("alarm_id"), rs.getInt("run"), rs.getInt("loop"),
                rs.getInt("step"), rs.getString("state"), instant(rs.getTimestamp("due_at")),
                instant(rs.getTimestamp("done_at")), rs.getString("outcome"));
    }

    /** "PHONE_TASK to DUTY_CENTRE, SMS to OWNER (repeat 1)", in chain order. */
    private static String describeTimers(EscalationChain chain, List<TimerRow> timers) {
        return timers.stream()
                .sorted(Comparator.comparingInt(TimerRow::loop).thenComparingInt(TimerRow::step))
                .map(r -> chain.steps().get(r.step()).describe() + (r.loop() > 0 ? " (repeat " + r.loop() + ")" : ""))
                .collect(Collectors.joining(", "));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private String write(EscalationChain chain) {
        try {
            return json.writeValueAsString(chain);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private EscalationChain read(String text) {
        try {
            return json.readValue(text, EscalationChain.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("escalation chain snapshot is not JSON", e);
        }
    }
}
