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
import java.util.Objects;
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
                read(rs.getString("reasons"), REASONS), rs.getString("incident_id"), rs.getString("assignee"),
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
     * The alarms each device holds open, with the level its own readings hold them at: what the rules need for
     * hysteresis. FAULT alarms have no level and are listed with BLUE so rules can still see that they are open.
     */
    /** As {@link #openAlarmsFor}, by device id: what coupling rules ask of the devices on linked assets. */
    public Map<String, Map<String, Level>> openAlarmsOf(Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) return Map.of();
        Map<String, Map<String, Level>> result = new HashMap<>();
        jdbc.query("select s.device_id, a.alarm_type, s.level from alarm_source s join alarm a on a.id = s.alarm_id"
                + " where s.device_id = any(?) and a.kind = 'HAZARD' and a." + OPEN, rs -> {
            Level level = rs.getString("level") == null ? Level.BLUE : Level.valueOf(rs.getString("level"));
            result.computeIfAbsent(rs.getString("device_id"), k -> new HashMap<>()).put(rs.getString("alarm_type"), level);
        }, (Object) deviceIds.stream().distinct().toArray(String[]::new));
        return result;
    }

    public Map<String, Map<String, Level>> openAlarmsFor(Collection<Device> devices) {
        if (devices.isEmpty()) return Map.of();
        Map<String, Map<String, Level>> result = new HashMap<>();
        for (Device d : devices) result.put(d.deviceId(), new HashMap<>());
        String[] ids = devices.stream().map(Device::deviceId).distinct().toArray(String[]::new);
        jdbc.query("select s.device_id, a.alarm_type, s.level from alarm_source s join alarm a on a.id = s.alarm_id"
                + " where s.device_id = any(?) and a." + OPEN, rs -> {
            Level level = rs.getString("level") == null ? Level.BLUE : Level.valueOf(rs.getString("level"));
            result.get(rs.getString("device_id")).put(rs.getString("alarm_type"), level);
        }, (Object) ids);
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
        lockKey(key);
        Trigger worst = triggers.get(0);
        Instant first = worst.reading().ts();
        Instant last = worst.reading().ts();
        Map<String, Trigger> latestByDevice = new HashMap<>();
        for (Trigger t : triggers) {
            if (Level.max(t.decision().level(), worst.decision().level()) != worst.decision().level()) worst = t;
            if (t.reading().ts().isBefore(first)) first = t.reading().ts();
            if (t.reading().ts().isAfter(last)) last = t.reading().ts();
            latestByDevice.merge(t.device().deviceId(), t, (a, b) -> b.reading().ts().isBefore(a.reading().ts()) ? a : b);
        }
        Decision decision = worst.decision();
        Reason cause = decision.reasons().isEmpty() ? null : decision.reasons().get(0);
        Optional<Map<String, Object>> open = jdbc.queryForList(
                "select id, level from alarm where alarm_key = ? and " + OPEN, key).stream().findFirst();
        String id;
        String oldLevelName;
        if (open.isEmpty()) {
            id = UUID.randomUUID().toString();
            Device device = worst.device();
            // join the incident of another alarm open at this site, so the duty centre sees one incident per site
            String incident = jdbc.queryForList("select incident_id from alarm where site_id = ? and " + OPEN
                    + " order by opened_at limit 1", String.class, device.siteId()).stream().findFirst().orElse(id);
            Level level = decision.level();
            jdbc.update("""
                    insert into alarm (id, alarm_key, kind, alarm_type, level, status, site_id, device_id,
                                       district_path, scenario, first_seen, last_seen, reading_count, reasons,
                                       coupled_risks, incident_id)
                    values (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)
                    """, id, key, decision.outcome() == Outcome.FAULT ? "FAULT" : "HAZARD", decision.alarmType(),
                    level == null ? null : level.name(), device.siteId(), device.deviceId(), device.districtPath(),
                    device.scenario(), Timestamp.from(first), Timestamp.from(last), triggers.size(),
                    writeJson(decision.reasons()), writeJson(decision.coupledRisks()), incident);
            oldLevelName = level == null ? null : level.name();
            addSources(id, latestByDevice.values());
            event(id, "OPENED", cause, null, AlarmStatus.OPEN.name(), null, oldLevelName);
            relevel(id, oldLevelName, cause, decision);
            events.publishEvent(new AlarmTransition(find(id).orElseThrow(), AlarmTransition.Type.OPENED, null, null,
                    "rules", cause == null ? null : cause.message()));
            return id;
        }
        id = (String) open.get().get("id");
        oldLevelName = (String) open.get().get("level");
        jdbc.update("""
                update alarm set reading_count = reading_count + ?, last_seen = greatest(last_seen, ?),
                                 first_seen = least(first_seen, ?), updated_at = now()
                where id = ?
                """, triggers.size(), Timestamp.from(last), Timestamp.from(first), id);
        addSources(id, latestByDevice.values());
        relevel(id, oldLevelName, cause, decision);
        return id;
    }

    private void addSources(String alarmId, Collection<Trigger> latestByDevice) {
        for (Trigger t : latestByDevice) {
            Level level = t.decision().level();
            jdbc.update("""
                    insert into alarm_source (alarm_id, device_id, level) values (?, ?, ?)
                    on conflict (alarm_id, device_id) do update set level = excluded.level, updated_at = now()
                    """, alarmId, t.device().deviceId(), level == null ? null : level.name());
        }
    }

    /** A device whose readings no longer hold an alarm type: it stops being a source of it. */
    public record Clearance(Device device, String alarmType, Reason reason) {
        String key() {
            return "site:" + device.siteId() + ":" + alarmType;
        }
    }

    /**
     * Removes each device from the alarms it cleared; an alarm with no source left is resolved by the rules, one
     * with sources left takes the highest level they still hold. Must run inside the caller's transaction.
     */
    public void clear(List<Clearance> clearances) {
        Map<String, List<Clearance>> byKey = new TreeMap<>();
        for (Clearance c : clearances) byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
        for (var entry : byKey.entrySet()) {
            lockKey(entry.getKey());
            List<Map<String, Object>> open = jdbc.queryForList(
                    "select id, level, status from alarm where alarm_key = ? and " + OPEN, entry.getKey());
            if (open.isEmpty()) continue;
            String id = (String) open.get(0).get("id");
            Clearance last = entry.getValue().get(entry.getValue().size() - 1);
            for (Clearance c : entry.getValue()) {
                jdbc.update("delete from alarm_source where alarm_id = ? and device_id = ?", id, c.device().deviceId());
            }
            Integer remaining = jdbc.queryForObject("select count(*) from alarm_source where alarm_id = ?",
                    Integer.class, id);
            if (remaining != null && remaining == 0) {
                String from = (String) open.get(0).get("status");
                Alarm before = find(id).orElseThrow();
                jdbc.update("update alarm set status = 'RESOLVED', closed_at = now(), updated_at = now() where id = ?", id);
                event(id, "CLEARED", last.reason(), from, AlarmStatus.RESOLVED.name(),
                        (String) open.get(0).get("level"), null);
                events.publishEvent(new AlarmTransition(find(id).orElseThrow(), AlarmTransition.Type.STATUS_CHANGED,
                        before.status(), null, "rules", last.reason() == null ? null : last.reason().message()));
            } else {
                relevel(id, (String) open.get(0).get("level"), last.reason(), null);
            }
        }
    }

    /**
     * Resolves the open alarms of the given type on these devices, as the system (not an operator) does when the
     * condition is gone, e.g. an offline device reported again. Returns how many were resolved.
     */
    public int resolveOnDevices(String alarmType, Collection<String> deviceIds, String cause) {
        if (deviceIds.isEmpty()) return 0;
        List<Map<String, Object>> rows = jdbc.queryForList("select id, status from alarm where alarm_type = ?"
                + " and device_id = any(?) and " + OPEN + " for update", alarmType, deviceIds.toArray(String[]::new));
        for (Map<String, Object> row : rows) {
            String id = (String) row.get("id");
            jdbc.update("update alarm set status = 'RESOLVED', closed_at = now(), updated_at = now() where id = ?", id);
            jdbc.update("delete from alarm_source where alarm_id = ?", id);
            event(id, "RESOLVED", Reason.of("device.back", cause, null), (String) row.get("status"), "RESOLVED",
                    null, null);
            events.publishEvent(new AlarmTransition(find(id).orElseThrow(), AlarmTransition.Type.STATUS_CHANGED,
                    AlarmStatus.valueOf((String) row.get("status")), null, "rules", cause));
        }
        return rows.size();
    }

    /** Alarm types open at each of these sites (hazards only), for inhibition. */
    public Map<String, List<String>> openHazardTypesAtSites(Collection<String> siteIds) {
        Map<String, List<String>> bySite = new HashMap<>();
        if (siteIds.isEmpty()) return bySite;
        jdbc.query("select site_id, alarm_type from alarm where kind = 'HAZARD' and site_id = any(?) and " + OPEN,
                rs -> {
                    bySite.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }, (Object) siteIds.toArray(String[]::new));
        return bySite;
    }

    /**
     * Sets the alarm's level to the highest its sources hold and records the change, if any. A rise restarts the
     * escalation chain; the decision behind a rise becomes the alarm's reasons.
     */
    private void relevel(String id, String oldLevelName, Reason cause, Decision decision) {
        Level level = null;
        for (String l : jdbc.queryForList("select level from alarm_source where alarm_id = ?", String.class, id)) {
            if (l != null) level = Level.max(level, Level.valueOf(l));
        }
        String newLevelName = level == null ? null : level.name();
        if (Objects.equals(newLevelName, oldLevelName)) return;
        Level old = oldLevelName == null ? null : Level.valueOf(oldLevelName);
        boolean raised = level != null && level.isMoreSevereThan(old);
        if (raised && decision != null) {
            jdbc.update("update alarm set level = ?, reasons = ?::jsonb, coupled_risks = ?::jsonb where id = ?",
                    newLevelName, writeJson(decision.reasons()), writeJson(decision.coupledRisks()), id);
        } else {
            jdbc.update("update alarm set level = ? where id = ?", newLevelName, id);
        }
        event(id, raised ? "LEVEL_RAISED" : "LEVEL_LOWERED", cause, null, null, oldLevelName, newLevelName);
        if (raised) {
            Alarm alarm = find(id).orElseThrow();
            events.publishEvent(new AlarmTransition(alarm, AlarmTransition.Type.LEVEL_RAISED, alarm.status(), null,
                    "rules", cause == null ? null : cause.message()));
        }
    }

    private void lockKey(String key) {
        jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended(?, 0))", Object.class, key);
    }

    private void event(String alarmId, String type, Reason cause, String fromStatus, String toStatus,
                       String fromLevel, String toLevel) {
        timeline.record(alarmId, type, "rules", cause == null ? null : cause.message(), fromStatus, toStatus,
                fromLevel, toLevel, cause == null ? null : Map.of("ruleId", cause.ruleId(),
                        "messageZh", cause.messageZh() == null ? "" : cause.messageZh()));
    }

    /** @param within the districts the caller may see (each with everything below it); null: all of them */
    public record Filter(String district, AlarmStatus status, Level level, int limit, List<String> within) {
    }

    public List<Alarm> list(Filter filter) {
        StringBuilder sql = new StringBuilder("select * from alarm where true");
        List<Object> args = new ArrayList<>();
        if (filter.district() != null && !filter.district().isBlank()) {
            sql.append(" and (district_path = ? or starts_with(district_path, ? || '/'))");
            args.add(filter.district());
            args.add(filter.district());
        }
        if (filter.within() != null) {
            sql.append(" and (false");
            for (String d : filter.within()) {
                sql.append(" or district_path = ? or starts_with(district_path, ? || '/')");
                args.add(d);
                args.add(d);
            }
            sql.append(")");
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
