package org.citysafe.service.alarm;

import org.citysafe.rules.Level;
import org.citysafe.service.web.ConflictException;
import org.citysafe.service.web.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.citysafe.service.alarm.AlarmStatus.ACKNOWLEDGED;
import static org.citysafe.service.alarm.AlarmStatus.CLOSED;
import static org.citysafe.service.alarm.AlarmStatus.DISPATCHED;
import static org.citysafe.service.alarm.AlarmStatus.OPEN;
import static org.citysafe.service.alarm.AlarmStatus.RESOLVED;
import static org.citysafe.service.alarm.AlarmStatus.VERIFIED;

/**
 * The alarm state machine:
 *
 * <pre>
 *   OPEN ──ack──► ACKNOWLEDGED ──verify CONFIRMED──► VERIFIED ──119 delivered──► DISPATCHED ──resolve──► RESOLVED
 *     │                │                                 │                           │
 *     └── verify ──────┴── verify FALSE_ALARM ──► CLOSED └──────── resolve ─────────┴──► RESOLVED
 * </pre>
 *
 * Verification may come straight from OPEN (the duty centre saw the video) and, for a self-confirming alarm
 * already dispatched to 119, after DISPATCHED. Resolving needs somebody to have taken the alarm on (acknowledged or
 * verified it). RESOLVED and CLOSED are history. Anything else is refused with 409 and the reason. Every change is
 * one transaction: the alarm row is locked, the timeline written, and an {@link AlarmTransition} published so the
 * escalation chain stops or releases steps in the same transaction.
 */
@Service
public class AlarmLifecycle {

    /** Who acts when the escalation chain itself changes an alarm (119 dispatch delivered). */
    public static final String ESCALATION = "escalation";

    private static final Set<AlarmStatus> OPEN_STATUSES = EnumSet.of(OPEN, ACKNOWLEDGED, VERIFIED, DISPATCHED);

    private final AlarmStore alarms;
    private final AlarmTimeline timeline;
    private final VerdictStore verdicts;
    private final ApplicationEventPublisher events;

    public AlarmLifecycle(AlarmStore alarms, AlarmTimeline timeline, VerdictStore verdicts,
                          ApplicationEventPublisher events) {
        this.alarms = alarms;
        this.timeline = timeline;
        this.verdicts = verdicts;
        this.events = events;
    }

    @Transactional
    public Alarm acknowledge(String id, String actor, String note) {
        Alarm a = locked(id);
        if (a.status() != OPEN) {
            throw refused("acknowledge", a, a.status() == ACKNOWLEDGED ? "it is acknowledged already"
                    : "only an OPEN alarm can be acknowledged");
        }
        return change(a, ACKNOWLEDGED, a.level(), a.assignee(), a.verdict(), "ACKNOWLEDGED", actor, note, null);
    }

    /** CONFIRMED moves the alarm to VERIFIED (and releases the 119 step); FALSE_ALARM closes it. */
    @Transactional
    public Alarm verify(String id, Verdict verdict, String note, String actor) {
        Alarm a = locked(id);
        if (!a.status().isOpen()) throw refused("verify", a, "it is history");
        if (a.verdict() != null) throw refused("verify", a, "it was verified already (" + a.verdict() + ")");
        AlarmStatus to = verdict == Verdict.FALSE_ALARM ? CLOSED : a.status() == DISPATCHED ? DISPATCHED : VERIFIED;
        verdicts.record(a, verdict, note, actor);
        String cause = verdict.name() + (note == null || note.isBlank() ? "" : ": " + note);
        return change(a, to, a.level(), a.assignee(), verdict, "VERIFIED", actor, cause, verdict);
    }

    @Transactional
    public Alarm resolve(String id, String actor, String note) {
        Alarm a = locked(id);
        if (!a.status().isOpen()) throw refused("resolve", a, "it is history");
        if (a.status() == OPEN) throw refused("resolve", a, "acknowledge or verify it first");
        return change(a, RESOLVED, a.level(), a.assignee(), a.verdict(), "RESOLVED", actor, note, null);
    }

    /** The escalation chain's 119 message was delivered. Alarms already history stay as they are. */
    @Transactional
    public void dispatched(String id, String cause, Map<String, ?> detail) {
        Alarm a = locked(id);
        if (a.status() == OPEN || a.status() == ACKNOWLEDGED || a.status() == VERIFIED) {
            Alarm now = alarms.update(a.id(), DISPATCHED, a.level(), a.assignee(), a.verdict());
            timeline.record(a.id(), "DISPATCHED", ESCALATION, cause, a.status().name(), DISPATCHED.name(), null, null,
                    detail);
            events.publishEvent(new AlarmTransition(now, AlarmTransition.Type.STATUS_CHANGED, a.status(), null,
                    ESCALATION, cause));
        }
    }

    /** Comments are welcome at any time, also on alarms that are history (what was found on site). */
    @Transactional
    public Alarm comment(String id, String actor, String text) {
        Alarm a = locked(id);
        timeline.record(a.id(), "COMMENTED", actor, text, null);
        return a;
    }

    @Transactional
    public Alarm assign(String id, String actor, String assignee, String note) {
        Alarm a = locked(id);
        if (!OPEN_STATUSES.contains(a.status())) throw refused("assign", a, "it is history");
        Alarm now = alarms.update(a.id(), a.status(), a.level(), assignee, a.verdict());
        Map<String, Object> detail = new HashMap<>();
        detail.put("assignee", assignee);
        if (a.assignee() != null) detail.put("previousAssignee", a.assignee());
        timeline.record(a.id(), "ASSIGNED", actor, note == null || note.isBlank() ? "assigned to " + assignee : note,
                detail);
        return now;
    }

    /** An operator's judgement of the level; a more severe level re-triggers the escalation chain. */
    @Transactional
    public Alarm changeLevel(String id, String actor, Level level, String note) {
        Alarm a = locked(id);
        if (!OPEN_STATUSES.contains(a.status())) throw refused("change the level of", a, "it is history");
        if (a.level() == null) throw refused("change the level of", a, "a device fault has no level");
        if (a.level() == level) throw refused("change the level of", a, "it is " + level + " already");
        Alarm now = alarms.update(a.id(), a.status(), level, a.assignee(), a.verdict());
        boolean raised = level.isMoreSevereThan(a.level());
        timeline.record(a.id(), raised ? "LEVEL_RAISED" : "LEVEL_LOWERED", actor, note, null, null, a.level().name(),
                level.name(), null);
        events.publishEvent(new AlarmTransition(now, raised ? AlarmTransition.Type.LEVEL_RAISED
                : AlarmTransition.Type.LEVEL_LOWERED, a.status(), null, actor, note));
        return now;
    }

    private Alarm change(Alarm a, AlarmStatus to, Level level, String assignee, Verdict verdict, String eventType,
                         String actor, String cause, Verdict given) {
        Alarm now = alarms.update(a.id(), to, level, assignee, verdict);
        timeline.record(a.id(), eventType, actor, cause, a.status().name(), to.name(), null, null,
                given == null ? null : Map.of("verdict", given.name()));
        events.publishEvent(new AlarmTransition(now, AlarmTransition.Type.STATUS_CHANGED, a.status(), given, actor,
                cause));
        return now;
    }

    private Alarm locked(String id) {
        return alarms.lock(id).orElseThrow(() -> new NotFoundException("no alarm '" + id + "'"));
    }

    private static ConflictException refused(String action, Alarm a, String why) {
        return new ConflictException("cannot " + action + " alarm " + a.id() + ", which is " + a.status() + ": " + why);
    }
}
