package org.citysafe.service.operations;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.citysafe.rules.Level;
import org.citysafe.service.alarm.Alarm;
import org.citysafe.service.alarm.AlarmLifecycle;
import org.citysafe.service.alarm.AlarmStatus;
import org.citysafe.service.alarm.AlarmStore;
import org.citysafe.service.alarm.Verdict;
import org.citysafe.service.escalation.EscalationScheduler;
import org.citysafe.service.escalation.EscalationView;
import org.citysafe.service.notify.Outbox;
import org.citysafe.service.security.DistrictScopes;
import org.citysafe.service.web.BadRequestException;
import org.citysafe.service.web.NotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Alarms for the duty centre and the platform. The POST endpoints are the lifecycle (OPERATOR role): each answers
 * with the alarm as it is afterwards (as GET shows it), or 409 with the reason when the alarm's status does not allow
 * it. The authenticated user is the actor in the timeline.
 */
@RestController
@RequestMapping("/api/v1/alarms")
public class AlarmController {

    /** One alarm with its timeline, its escalation (chain, next step, every timer) and its outbound messages. */
    public record AlarmDetail(@JsonUnwrapped Alarm alarm, EscalationView escalation, List<Outbox.Delivery> deliveries) {
    }

    /** Body of ack and resolve; both may be sent without a body. */
    public record Note(String note) {
    }

    public record Verification(Verdict verdict, String note) {
    }

    public record Comment(String text) {
    }

    public record Assignment(String assignee, String note) {
    }

    public record LevelChange(Level level, String note) {
    }

    private final AlarmStore alarms;
    private final AlarmLifecycle lifecycle;
    private final EscalationScheduler escalations;
    private final Outbox outbox;
    private final DistrictScopes scopes;

    public AlarmController(AlarmStore alarms, AlarmLifecycle lifecycle, EscalationScheduler escalations, Outbox outbox,
                           DistrictScopes scopes) {
        this.scopes = scopes;
        this.alarms = alarms;
        this.lifecycle = lifecycle;
        this.escalations = escalations;
        this.outbox = outbox;
    }

    /**
     * Alarms, most recently changed first; {@code district} matches that district and everything below it. A
     * district-scoped account sees those of its districts only.
     */
    @GetMapping
    public List<Alarm> list(@RequestParam(required = false) String district,
                            @RequestParam(required = false) AlarmStatus status,
                            @RequestParam(required = false) Level level,
                            @RequestParam(defaultValue = "100") int limit, Authentication who) {
        return alarms.list(new AlarmStore.Filter(district, status, level, Math.min(Math.max(limit, 1), 1000),
                scopes.visibleDistricts(who)));
    }

    @GetMapping("/{id}")
    public AlarmDetail get(@PathVariable String id, Authentication who) {
        Alarm alarm = alarms.findWithTimeline(id).orElseThrow(() -> new NotFoundException("no alarm '" + id + "'"));
        scopes.requireCovered(who, alarm.districtPath(), "alarm '" + id + "'");
        return new AlarmDetail(alarm, escalations.view(id, true).orElse(null), outbox.forAlarm(id));
    }

    /** 404 when there is no such alarm, 403 when it is outside the caller's districts. */
    private void requireGoverned(String id, Authentication who) {
        Alarm alarm = alarms.find(id).orElseThrow(() -> new NotFoundException("no alarm '" + id + "'"));
        scopes.requireCovered(who, alarm.districtPath(), "alarm '" + id + "'");
    }

    /** The duty centre takes the alarm on; stops the steps that acknowledgement stops (per the chain). */
    @PostMapping("/{id}/ack")
    public AlarmDetail acknowledge(@PathVariable String id, @RequestBody(required = false) Note body, Authentication user) {
        requireGoverned(id, user);
        lifecycle.acknowledge(id, user.getName(), body == null ? null : body.note());
        return get(id, user);
    }

    /** CONFIRMED releases the steps held for confirmation (119); FALSE_ALARM closes the alarm. */
    @PostMapping("/{id}/verify")
    public AlarmDetail verify(@PathVariable String id, @RequestBody Verification body, Authentication user) {
        if (body == null || body.verdict() == null) {
            throw new BadRequestException("verdict is missing: CONFIRMED or FALSE_ALARM");
        }
        requireGoverned(id, user);
        lifecycle.verify(id, body.verdict(), body.note(), user.getName());
        return get(id, user);
    }

    @PostMapping("/{id}/resolve")
    public AlarmDetail resolve(@PathVariable String id, @RequestBody(required = false) Note body, Authentication user) {
        requireGoverned(id, user);
        lifecycle.resolve(id, user.getName(), body == null ? null : body.note());
        return get(id, user);
    }

    @PostMapping("/{id}/comment")
    public AlarmDetail comment(@PathVariable String id, @RequestBody Comment body, Authentication user) {
        if (body == null || body.text() == null || body.text().isBlank()) throw new BadRequestException("text is missing");
        requireGoverned(id, user);
        lifecycle.comment(id, user.getName(), body.text());
        return get(id, user);
    }

    @PostMapping("/{id}/assign")
    public AlarmDetail assign(@PathVariable String id, @RequestBody Assignment body, Authentication user) {
        if (body == null || body.assignee() == null || body.assignee().isBlank()) {
            throw new BadRequestException("assignee is missing");
        }
        requireGoverned(id, user);
        lifecycle.assign(id, user.getName(), body.assignee(), body.note());
        return get(id, user);
    }

    /** A more severe level re-triggers the escalation chain (the chain for the new level starts over). */
    @PostMapping("/{id}/level")
    public AlarmDetail changeLevel(@PathVariable String id, @RequestBody LevelChange body, Authentication user) {
        if (body == null || body.level() == null) throw new BadRequestException("level is missing: RED, ORANGE, YELLOW or BLUE");
        requireGoverned(id, user);
        lifecycle.changeLevel(id, user.getName(), body.level(), body.note());
        return get(id, user);
    }
}
