package org.citysafe.service.alarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.rules.CoupledRisk;
import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.Reason;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Raises and updates alarms from decisions, deduplicated by key, with every transition in the timeline. Work on one
 * key is serialised by a transaction-scoped advisory lock, so concurrent batches (MQTT, HTTP, several instances)
 * never open the same alarm twice. Openings and level rises are published as {@link AlarmTransition}s in the same
 * transaction (the escalation chain starts or restarts on them).
 */
@Repository
public class AlarmStore {

    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {
    };
    private static final TypeReference<List<CoupledRisk>> COUPLED_RISKS = new TypeReference<>() {
    };
    private static final String OPEN = "status not in ('RESOLVED', 'CLOSED')";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final AlarmTimeline timeline;
    private final ApplicationEventPublisher events;
    private final RowMapper<Alarm> alarmRow;

    public AlarmStore(JdbcTemplate jdbc, ObjectMapper json, AlarmTimeline timeline, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.timeline = timeline;
        this.events = events;
        this.alarmRow = (rs, i) -> new Alarm(rs.getString("id"), rs.getString("kind"), rs.getString("alarm_type"),
                rs.getString("level") == null ? null : Level.valueOf(rs.getString("level")),
                AlarmStatus.valueOf(rs.getString("status")), rs.getString("site_id"), rs.getString("device_id"),
                rs.getString("district_path"), rs.getString("scenario"), instant(rs.getTimestamp("first_seen")),
                instant(rs.getTimestamp("last_seen")), rs.getInt("reading_count"), instant(rs.getTimestamp("opened_at")),
                instant(rs.getTimestamp("updated_at")), instant(rs.getTimestamp("closed_at")),
                read(rs.getString("reasons"), REASONS), rs.getString("assignee"),
                rs.getString("verdict") == null ? null : Verdict.valueOf(rs.getString("verdict")),
                read(rs.getString("coupled_risks"), COUPLED_RISKS), List.of());
    }

    /** A decided reading that concludes an alarm (outcome ALARM or FAULT). */
    public record Trigger(Reading reading, Device device, Decision decision) {
        String key() {
            return decision.outcome() == Outcome.FAULT
                    ? "device:" + device.deviceId() + ":" + decision.alarmType()
                    : "site:" + device.siteId() + ":" + decision.alarmType();
        }
    }

    /**
     * Open alarm levels per device: the hazards open at its site and the faults open on the device itself. FAULT
     * alarms have no level and are listed with BLUE so rules can still see that they are open.
     */
    public Map<String, Map<String, Level>> openAlarmsFor(Collection<Device> devices) {
        Map<String, Map<String, Level>> bySite = new HashMap<>();
        Map<String, Map<String, Level>> byDevice = new HashMap<>();
        if (devices.isEmpty()) return Map.of();
        String[] sites = devices.stream().map(Device::siteId).distinct().toArray(String[]::new);
        String[] ids = devices.stream().map(Device::deviceId).distinct().toArray(String[]::new);
        jdbc.query("select kind, site_id, device_id, alarm_type, level from alarm where " + OPEN
                + " and ((kind = 'HAZARD' and site_id = any(?)) or (kind = 'FAULT' and device_id = any(?)))", rs -> {
            Level level = rs.getString("level") == null ? Level.BLUE : Level.valueOf(rs.getString("level"));
            if (rs.getString("kind").equals("HAZARD")) {
                bySite.computeIfAbsent(rs.getString("site_id"), k -> new HashMap<>()).put(rs.getString("alarm_type"), level);
            } else {
                byDevice.computeIfAbsent(rs.getString("device_id"), k -> new HashMap<>()).put(rs.getString("alarm_type"), level);
            }
        }, sites, ids);
        Map<String, Map<String, Level>> result = new HashMap<>();
        for (Device d : devices) {
            Map<String, Level> open = new HashMap<>(bySite.getOrDefault(d.siteId(), Map.of()));
            open.putAll(byDevice.getOrDefault(d.deviceId(), Map.of()));
            result.put(d.deviceId(), open);
        }
        return result;
    }

    /**
     * Applies triggers (in event order) and returns the alarm id for each, in the same order. Must run inside the
     * caller's transaction.
     */
    public List<String> raise(List<Trigger> triggers) {
        Map<String, List<Integer>> byKey = new TreeMap<>(); // sorted: locks are always taken in the same order
        for (int i = 0; i < triggers.size(); i++) {
            byKey.computeIfAbsent(triggers.get(i).key(), k -> new ArrayList<>()).add(i);
        }
        String[] ids = new String[triggers.size()];
        for (var entry : byKey.entrySet()) {
            String id = raiseForKey(entry.getKey(), entry.getValue().stream().map(triggers::get).toList());
            entry.getValue().forEach(i -> ids[i] = id);
        }
        return List.of(ids);
    }

    private String raiseForKey(String key, List<Trigger> triggers) {
        jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended(?, 0))", Object.class, key);
        Trigger worst = triggers.get(0);
        Instant first = worst.reading().ts();
        Instant last = worst.reading().ts();
        for (Trigger t : triggers) {
            if (Level.max(t.decision().level(), worst.decision().level()) != worst.decision().level()) worst = t;
            if (t.reading().ts().isBefore(first)) first = t.reading().ts();
            if (t.reading().ts().isAfter(last)) last = t.reading().ts();
        }
        Decision decision = worst.decision();
        Level level = decision.level();
        Reason cause = decision.reasons().isEmpty() ? null : decision.reasons().get(0);
        Optional<Map<String, Object>> open = jdbc.queryForList(
                "select id, level from alarm where alarm_key = ? and " + OPEN, key).stream().findFirst();
        if (open.isEmpty()) {
            String id = UUID.randomUUID().toString();
            Device device = worst.device();
            jdbc.update("""
                    insert into alarm (id, alarm_key, kind, alarm_type, level, status, site_id, device_id,
                                       district_path, scenario, first_seen, last_seen, reading_count, reasons,
                                       coupled_risks)
                    values (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)
                    """, id, key, decision.outcome() == Outcome.FAULT ? "FAULT" : "HAZARD", decision.alarmType(),
                    level == null ? null : level.name(), device.siteId(), device.deviceId(), device.districtPath(),
                    device.scenario(), Timestamp.from(first), Timestamp.from(last), triggers.size(),
                    writeJson(decision.reasons()), writeJson(decision.coupledRisks()));
            event(id, "OPENED", cause, null, AlarmStatus.OPEN.name(), null, level == null ? null : level.name());
            events.publishEvent(new AlarmTransition(find(id).orElseThrow(), AlarmTransition.Type.OPENED, null, null,
                    "rules", cause == null ? null : cause.message()));
            return id;
        }
        String id = (String) open.get().get("id");
        String oldLevelName = (String) open.get().get("level");
        Level oldLevel = oldLevelName == null ? null : Level.valueOf(oldLevelName);
        boolean raised = level != null && level.isMoreSevereThan(oldLevel);
        jdbc.update("""
                update alarm set reading_count = reading_count + ?, last_seen = greatest(last_seen, ?),
                                 first_seen = least(first_seen, ?), updated_at = now(),
                                 level = case when ? then ? else level end,
                                 reasons = case when ? then ?::jsonb else reasons end,
                                 coupled_risks = case when ? then ?::jsonb else coupled_risks end
                where id = ?
                """, triggers.size(), Timestamp.from(last), Timestamp.from(first), raised,
                level == null ? null : level.name(), raised, writeJson(decision.reasons()), raised,
                writeJson(decision.coupledRisks()), id);
        if (raised) {
            event(id, "LEVEL_RAISED", cause, null, null, oldLevelName, level.name());
            Alarm alarm = find(id).orElseThrow();
            events.publishEvent(new AlarmTransition(alarm, AlarmTransition.Type.LEVEL_RAISED, alarm.status(), null,
                    "rules", cause == null ? null : cause.message()));
        }
        return id;
    }

    private void event(String alarmId, String type, Reason cause, String fromStatus, String toStatus,
                       String fromLevel, String toLevel) {
        timeline.record(alarmId, type, "rules", cause == null ? null : cause.message(), fromStatus, toStatus,
                fromLevel, toLevel, cause == null ? null : Map.of("ruleId", cause.ruleId(),
                        "messageZh", cause.messageZh() == null ? "" : cause.messageZh()));
    }

    public record Filter(String district, AlarmStatus status, Level level, int limit) {
    }

    public List<Alarm> list(Filter filter) {
        StringBuilder sql = new StringBuilder("select * from alarm where true");
        List<Object> args = new ArrayList<>();
        if (filter.district() != null && !filter.district().isBlank()) {
            sql.append(" and (district_path = ? or starts_with(district_path, ? || '/'))");
            args.add(filter.district());
            args.add(filter.district());
        }
        if (filter.status() != null) {
            sql.append(" and status = ?");
            args.add(filter.status().name());
        }
        if (filter.level() != null) {
            sql.append(" and level = ?");
            args.add(filter.level().name());
        }
        sql.append(" order by updated_at desc, id limit ?");
        args.add(filter.limit());
        return jdbc.query(sql.toString(), alarmRow, args.toArray());
    }

    /** The alarm without its timeline. */
    public Optional<Alarm> find(String id) {
        return jdbc.query("select * from alarm where id = ?", alarmRow, id).stream().findFirst();
    }

    /** The alarm with its timeline. */
    public Optional<Alarm> findWithTimeline(String id) {
        return find(id).map(a -> a.withTimeline(timeline.of(id)));
    }

    /**
     * The alarm, locked until the caller's transaction ends: lifecycle transitions on one alarm take their turn, and
     * the escalation scheduler sees either the state before a transition or after it.
     */
    Optional<Alarm> lock(String id) {
        return jdbc.query("select * from alarm where id = ? for update", alarmRow, id).stream().findFirst();
    }

    /**
     * The alarm, share-locked until the caller's transaction ends: a transition cannot commit in between, so the
     * status read here holds for what the caller does next (the escalation scheduler firing a step).
     */
    public Optional<Alarm> findSharedLock(String id) {
        return jdbc.query("select * from alarm where id = ? for share", alarmRow, id).stream().findFirst();
    }

    /** Applies a lifecycle change (status, level, assignee, verdict) to a locked alarm and returns it as it is now. */
    Alarm update(String id, AlarmStatus status, Level level, String assignee, Verdict verdict) {
        jdbc.update("""
                update alarm set status = ?, level = ?, assignee = ?, verdict = ?, updated_at = now(),
                                 closed_at = case when ? then coalesce(closed_at, now()) else null end
                where id = ?
                """, status.name(), level == null ? null : level.name(), assignee,
                verdict == null ? null : verdict.name(), !status.isOpen(), id);
        return find(id).orElseThrow();
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private <T> List<T> read(String text, TypeReference<List<T>> type) {
        try {
            return text == null ? List.of() : json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alarm column is not the JSON expected", e);
        }
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
