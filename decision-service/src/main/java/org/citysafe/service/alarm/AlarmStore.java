package org.citysafe.service.alarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Level;
import org.citysafe.rules.Outcome;
import org.citysafe.rules.Reading;
import org.citysafe.rules.Reason;
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
 * never open the same alarm twice.
 */
@Repository
public class AlarmStore {

    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {
    };
    private static final String OPEN = "status not in ('RESOLVED', 'CLOSED')";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final RowMapper<Alarm> alarmRow;

    public AlarmStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.alarmRow = (rs, i) -> new Alarm(rs.getString("id"), rs.getString("kind"), rs.getString("alarm_type"),
                rs.getString("level") == null ? null : Level.valueOf(rs.getString("level")),
                AlarmStatus.valueOf(rs.getString("status")), rs.getString("site_id"), rs.getString("device_id"),
                rs.getString("district_path"), rs.getString("scenario"), instant(rs.getTimestamp("first_seen")),
                instant(rs.getTimestamp("last_seen")), rs.getInt("reading_count"), instant(rs.getTimestamp("opened_at")),
                instant(rs.getTimestamp("updated_at")), instant(rs.getTimestamp("closed_at")),
                readReasons(rs.getString("reasons")), rs.getString("incident_id"), List.of());
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
        lock(key);
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
            oldLevelName = null;
            Device device = worst.device();
            // join the incident of another alarm open at this site, so the duty centre sees one incident per site
            String incident = jdbc.queryForList("select incident_id from alarm where site_id = ? and " + OPEN
                    + " order by opened_at limit 1", String.class, device.siteId()).stream().findFirst().orElse(id);
            Level level = decision.level();
            jdbc.update("""
                    insert into alarm (id, alarm_key, kind, alarm_type, level, status, site_id, device_id,
                                       district_path, scenario, first_seen, last_seen, reading_count, reasons,
                                       incident_id)
                    values (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                    """, id, key, decision.outcome() == Outcome.FAULT ? "FAULT" : "HAZARD", decision.alarmType(),
                    level == null ? null : level.name(), device.siteId(), device.deviceId(), device.districtPath(),
                    device.scenario(), Timestamp.from(first), Timestamp.from(last), triggers.size(),
                    writeJson(decision.reasons()), incident);
            event(id, "OPENED", "rules", cause, null, AlarmStatus.OPEN.name(), null, level == null ? null : level.name());
            oldLevelName = level == null ? null : level.name();
        } else {
            id = (String) open.get().get("id");
            oldLevelName = (String) open.get().get("level");
            jdbc.update("""
                    update alarm set reading_count = reading_count + ?, last_seen = greatest(last_seen, ?),
                                     first_seen = least(first_seen, ?), updated_at = now()
                    where id = ?
                    """, triggers.size(), Timestamp.from(last), Timestamp.from(first), id);
        }
        for (Trigger t : latestByDevice.values()) {
            Level level = t.decision().level();
            jdbc.update("""
                    insert into alarm_source (alarm_id, device_id, level) values (?, ?, ?)
                    on conflict (alarm_id, device_id) do update set level = excluded.level, updated_at = now()
                    """, id, t.device().deviceId(), level == null ? null : level.name());
        }
        relevel(id, oldLevelName, cause, decision.reasons());
        return id;
    }

    /** A device whose readings no longer hold these alarm types: it stops being a source of them. */
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
            lock(entry.getKey());
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
                jdbc.update("update alarm set status = 'RESOLVED', closed_at = now(), updated_at = now() where id = ?", id);
                event(id, "CLEARED", "rules", last.reason(), from, AlarmStatus.RESOLVED.name(),
                        (String) open.get(0).get("level"), null);
            } else {
                relevel(id, (String) open.get(0).get("level"), last.reason(), null);
            }
        }
    }

    /** Sets the alarm's level to the highest its sources hold and records the change, if any. */
    private void relevel(String id, String oldLevelName, Reason cause, List<Reason> reasons) {
        Level level = null;
        for (String l : jdbc.queryForList("select level from alarm_source where alarm_id = ?", String.class, id)) {
            if (l != null) level = Level.max(level, Level.valueOf(l));
        }
        String newLevelName = level == null ? null : level.name();
        if (java.util.Objects.equals(newLevelName, oldLevelName)) return;
        Level old = oldLevelName == null ? null : Level.valueOf(oldLevelName);
        boolean raised = level != null && level.isMoreSevereThan(old);
        if (raised && reasons != null) {
            jdbc.update("update alarm set level = ?, reasons = ?::jsonb where id = ?", newLevelName, writeJson(reasons), id);
        } else {
            jdbc.update("update alarm set level = ? where id = ?", newLevelName, id);
        }
        event(id, raised ? "LEVEL_RAISED" : "LEVEL_LOWERED", "rules", cause, null, null, oldLevelName, newLevelName);
    }

    private void lock(String key) {
        jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended(?, 0))", Object.class, key);
    }

    private void event(String alarmId, String type, String actor, Reason cause, String fromStatus, String toStatus,
                       String fromLevel, String toLevel) {
        jdbc.update("""
                insert into alarm_event (alarm_id, type, actor, cause, from_status, to_status, from_level, to_level, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                """, alarmId, type, actor, cause == null ? null : cause.message(), fromStatus, toStatus, fromLevel,
                toLevel, cause == null ? null : writeJson(Map.of("ruleId", cause.ruleId(),
                        "messageZh", cause.messageZh() == null ? "" : cause.messageZh())));
    }

    /**
     * Resolves the open alarms of the given type on these devices, as the system (not an operator) does when the
     * condition is gone, e.g. an offline device reported again. Returns how many were resolved.
     */
    public int resolveOnDevices(String alarmType, Collection<String> deviceIds, String cause) {
        if (deviceIds.isEmpty()) return 0;
        List<String> ids = jdbc.queryForList("select id from alarm where alarm_type = ? and device_id = any(?) and "
                + OPEN + " for update", String.class, alarmType, deviceIds.toArray(String[]::new));
        for (String id : ids) {
            String from = jdbc.queryForObject("select status from alarm where id = ?", String.class, id);
            jdbc.update("update alarm set status = 'RESOLVED', closed_at = now(), updated_at = now() where id = ?", id);
            jdbc.update("delete from alarm_source where alarm_id = ?", id);
            event(id, "RESOLVED", "rules", Reason.of("device.back", cause, null), from, "RESOLVED", null, null);
        }
        return ids.size();
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

    public Optional<Alarm> find(String id) {
        List<Alarm> rows = jdbc.query("select * from alarm where id = ?", alarmRow, id);
        if (rows.isEmpty()) return Optional.empty();
        Alarm a = rows.get(0);
        List<AlarmEvent> timeline = jdbc.query("select * from alarm_event where alarm_id = ? order by id",
                (rs, i) -> new AlarmEvent(instant(rs.getTimestamp("at")), rs.getString("type"), rs.getString("actor"),
                        rs.getString("cause"), rs.getString("from_status"), rs.getString("to_status"),
                        rs.getString("from_level"), rs.getString("to_level")), id);
        return Optional.of(new Alarm(a.id(), a.kind(), a.alarmType(), a.level(), a.status(), a.siteId(), a.deviceId(),
                a.districtPath(), a.scenario(), a.firstSeen(), a.lastSeen(), a.readingCount(), a.openedAt(),
                a.updatedAt(), a.closedAt(), a.reasons(), a.incidentId(), timeline));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private List<Reason> readReasons(String text) {
        try {
            return text == null ? List.of() : json.readValue(text, REASONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alarm reasons are not JSON", e);
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
