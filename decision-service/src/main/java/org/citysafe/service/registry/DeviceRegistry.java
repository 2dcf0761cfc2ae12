package org.citysafe.service.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.rules.Contact;
import org.citysafe.rules.Device;
import org.citysafe.rules.Location;
import org.citysafe.rules.catalog.DeviceType;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registered devices. PostgreSQL is the record; a map in memory serves the decision path, filled on first use of
 * each device so that a device registered through another instance is found too.
 */
@Service
public class DeviceRegistry {

    private static final TypeReference<List<Contact>> CONTACTS = new TypeReference<>() {
    };
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final DeviceTypeCatalog types;
    private final Map<String, Device> cache = new ConcurrentHashMap<>();
    private final RowMapper<Device> rowMapper;
    /** Which devices each site has, as last read; trusted for {@link #siteTtlNanos}. */
    private final Map<String, SiteMembers> sites = new ConcurrentHashMap<>();
    private final long siteTtlNanos;
    /** Moves on with every registration, so that membership read while one was being made is not kept. */
    private final AtomicLong generation = new AtomicLong();

    private final ApplicationEventPublisher events;

    private record SiteMembers(long loadedAtNanos, List<String> deviceIds) {
    }

    /**
     * When this instance last wrote each device as heard (nanoTime). A device reporting every few seconds need not
     * update its row with every batch: offline detection only asks whether it has been silent for several reporting
     * intervals, so the write is skipped while the last one is younger than {@link #heardResolutionNanos} or half the
     * device's interval, whichever is shorter. Bounded: forgotten wholesale past {@link #MAX_HEARD} entries, which
     * only costs writes. Noted before the batch commits: a batch that rolls back leaves the row at most one
     * resolution older than it would be.
     */
    private final Map<String, Long> heardWritten = new ConcurrentHashMap<>();
    private static final int MAX_HEARD = 2_000_000;
    private final long heardResolutionNanos;

    public DeviceRegistry(JdbcTemplate jdbc, ObjectMapper json, DeviceTypeCatalog types,
                          ApplicationEventPublisher events,
                          @Value("${citysafe.decision.context-cache-ttl:5s}")
                          Duration contextCacheTtl,
                          @Value("${citysafe.registry.heard-resolution:10s}")
                          Duration heardResolution) {
        this.heardResolutionNanos = heardResolution.toNanos();
        this.events = events;
        this.jdbc = jdbc;
        this.json = json;
        this.types = types;
        this.siteTtlNanos = contextCacheTtl.toNanos();
        this.rowMapper = (rs, i) -> {
            Double lat = (Double) rs.getObject("lat");
            Double lon = (Double) rs.getObject("lon");
            try {
                return new Device(rs.getString("device_id"), rs.getString("device_type"), rs.getString("scenario"),
                        rs.getString("site_id"), rs.getString("district_path"), rs.getString("asset_id"),
                        (Integer) rs.getObject("reporting_interval_seconds"),
                        lat == null || lon == null ? null : new Location(lat, lon),
                        json.readValue(rs.getString("contacts"), CONTACTS),
                        Set.of((String[]) rs.getArray("tags").getArray()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("contacts of " + rs.getString("device_id") + " are not JSON", e);
            }
        };
    }

    public Optional<Device> find(String deviceId) {
        if (deviceId == null) return Optional.empty();
        Device cached = cache.get(deviceId);
        if (cached != null) return Optional.of(cached);
        List<Device> rows = jdbc.query("select * from device where device_id = ?", rowMapper, deviceId);
        rows.forEach(d -> cache.put(d.deviceId(), d));
        return rows.stream().findFirst();
    }

    /** A device that has not been heard from, with when it last was (null: never since registration). */
    public record Silent(Device device, Instant lastReceivedAt, Instant registeredAt) {
    }

    /**
     * Devices with a reporting interval that have been silent (wall clock) for more than {@code missedIntervals}
     * intervals and have no open alarm of {@code offlineType}.
     */
    public List<Silent> silentDevices(double missedIntervals, String offlineType, int limit) {
        return jdbc.query("""
                select d.*, d.last_received_at as heard, d.created_at as registered from device d
                where d.reporting_interval_seconds is not null
                  and coalesce(d.last_received_at, d.created_at)
                      < now() - make_interval(secs => d.reporting_interval_seconds * ?)
                  and not exists (select 1 from alarm a where a.device_id = d.device_id and a.alarm_type = ?
                                  and a.status not in ('RESOLVED', 'CLOSED'))
                order by coalesce(d.last_received_at, d.created_at) limit ?
                """, (rs, i) -> new Silent(rowMapper.mapRow(rs, i),
                rs.getTimestamp("heard") == null ? null : rs.getTimestamp("heard").toInstant(),
                rs.getTimestamp("registered").toInstant()), missedIntervals, offlineType, limit);
    }

    /**
     * Records that these devices were heard from now, with the event time of their newest reading; at most once per
     * {@code citysafe.registry.heard-resolution} (10 s) or half its reporting interval for each device.
     */
    public void markHeard(Map<String, Instant> newestReadingByDevice) {
        if (newestReadingByDevice.isEmpty()) return;
        long now = System.nanoTime();
        if (heardWritten.size() > MAX_HEARD) heardWritten.clear();
        List<String> due = new ArrayList<>(newestReadingByDevice.size());
        for (String id : newestReadingByDevice.keySet()) {
            Device device = cache.get(id);
            long resolution = device == null || device.reportingIntervalSeconds() == null ? heardResolutionNanos
                    : Math.min(heardResolutionNanos, device.reportingIntervalSeconds() * 500_000_000L);
            Long written = heardWritten.get(id);
            if (written == null || now - written >= resolution) {
                due.add(id);
                heardWritten.put(id, now);
            }
        }
        if (due.isEmpty()) return;
        String[] ids = due.toArray(String[]::new);
        Timestamp[] ts = Arrays.stream(ids)
                .map(id -> Timestamp.from(newestReadingByDevice.get(id))).toArray(Timestamp[]::new);
        jdbc.update("""
                update device d set last_received_at = now(), last_reading_ts = greatest(d.last_reading_ts, v.ts)
                from unnest(?::text[], ?::timestamptz[]) as v(id, ts) where d.device_id = v.id
                """, ids, ts);
    }

    /**
     * Every device at these sites, for corroboration between devices at one place. Membership comes from memory when
     * read less than {@code citysafe.decision.context-cache-ttl} ago; a registration on this instance applies at
     * once, one on another instance within that time.
     */
    public List<Device> atSites(Collection<String> siteIds) {
        if (siteIds.isEmpty()) return List.of();
        List<Device> devices = new ArrayList<>();
        List<String> toRead = new ArrayList<>();
        long now = System.nanoTime();
        for (String site : new LinkedHashSet<>(siteIds)) {
            SiteMembers members = sites.get(site);
            List<Device> known = members == null || now - members.loadedAtNanos() > siteTtlNanos ? null
                    : members.deviceIds().stream().map(cache::get).toList();
            if (known == null || known.contains(null)) toRead.add(site);
            else devices.addAll(known);
        }
        if (toRead.isEmpty()) return devices;
        long seen = generation.get();
        List<Device> read = jdbc.query("select * from device where site_id = any(?)", rowMapper,
                (Object) toRead.toArray(String[]::new));
        read.forEach(d -> cache.putIfAbsent(d.deviceId(), d));
        if (generation.get() == seen) {
            Map<String, List<String>> bySite = new HashMap<>();
            toRead.forEach(site -> bySite.put(site, new ArrayList<>()));
            read.forEach(d -> bySite.get(d.siteId()).add(d.deviceId()));
            bySite.forEach((site, ids) -> sites.put(site, new SiteMembers(now, List.copyOf(ids))));
        }
        devices.addAll(read);
        return devices;
    }

    /** Forgets the membership of these sites, now and once the registration has committed. */
    private void forgetSites(Set<String> siteIds) {
        generation.incrementAndGet();
        sites.keySet().removeAll(siteIds);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(
                    new TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            generation.incrementAndGet();
                            sites.keySet().removeAll(siteIds);
                        }
                    });
        }
    }

    public List<Device> inDistrict(String districtPath, int limit) {
        return jdbc.query("select * from device where district_path = ? or starts_with(district_path, ? || '/') order by device_id limit ?",
                rowMapper, districtPath, districtPath, limit);
    }

    @Transactional
    public RegistrationResult register(List<DeviceRegistration> registrations) {
        List<RegistrationResult.Line> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> districts = new LinkedHashSet<>();
        List<Device> valid = new ArrayList<>();
        List<Integer> validIndex = new ArrayList<>();
        for (int i = 0; i < registrations.size(); i++) {
            DeviceRegistration r = registrations.get(i);
            List<String> errors = validate(r);
            if (r.deviceId() != null && !seen.add(r.deviceId())) errors.add("deviceId appears twice in this request");
            if (!errors.isEmpty()) {
                lines.add(new RegistrationResult.Line(i, r.deviceId(), "REJECTED", errors));
                continue;
            }
            DeviceType type = types.find(r.deviceType()).orElseThrow();
            valid.add(new Device(r.deviceId(), r.deviceType(), type.scenario(), r.siteId(), r.districtPath(),
                    r.assetId(), r.reportingIntervalSeconds(), r.location(), r.contacts(),
                    r.tags() == null ? Set.of() : Set.copyOf(r.tags())));
            validIndex.add(i);
            districts.addAll(DistrictPath.withAncestors(r.districtPath()));
            lines.add(null);
        }
        for (String path : districts) {
            jdbc.update("insert into district (path, name, level, parent_path) values (?, ?, ?, ?) on conflict do nothing",
                    path, DistrictPath.name(path), DistrictPath.level(path), DistrictPath.parent(path));
        }
        for (int k = 0; k < valid.size(); k++) {
            Device d = valid.get(k);
            Boolean inserted = jdbc.queryForObject("""
                    insert into device (device_id, device_type, scenario, site_id, district_path, asset_id,
                                        reporting_interval_seconds, lat, lon, contacts, tags)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                    on conflict (device_id) do update set device_type = excluded.device_type,
                        scenario = excluded.scenario, site_id = excluded.site_id,
                        district_path = excluded.district_path, asset_id = excluded.asset_id,
                        reporting_interval_seconds = excluded.reporting_interval_seconds, lat = excluded.lat,
                        lon = excluded.lon, contacts = excluded.contacts, tags = excluded.tags, updated_at = now()
                    returning (xmax = 0)
                    """, Boolean.class, d.deviceId(), d.deviceType(), d.scenario(), d.siteId(), d.districtPath(),
                    d.assetId(), d.reportingIntervalSeconds(), d.location() == null ? null : d.location().lat(),
                    d.location() == null ? null : d.location().lon(), toJson(d.contacts()),
                    d.tags().toArray(String[]::new));
            int index = validIndex.get(k);
            lines.set(index, new RegistrationResult.Line(index, d.deviceId(),
                    Boolean.TRUE.equals(inserted) ? "CREATED" : "UPDATED", List.of()));
        }
        Set<String> changedSites = new HashSet<>();
        for (Device d : valid) {
            Device before = cache.put(d.deviceId(), d);
            changedSites.add(d.siteId());
            if (before != null && before.siteId() != null) changedSites.add(before.siteId());
        }
        forgetSites(changedSites);
        if (!valid.isEmpty()) events.publishEvent(new DevicesRegistered(List.copyOf(valid)));
        return new RegistrationResult(valid.size(), registrations.size() - valid.size(), lines);
    }

    private List<String> validate(DeviceRegistration r) {
        List<String> errors = new ArrayList<>();
        // the id set has no '/', '+' or '#': a deviceId appears in MQTT topics
        addProblem(errors, Identifiers.idProblem("deviceId", r.deviceId()));
        if (r.deviceType() == null || types.find(r.deviceType()).isEmpty()) {
            errors.add("deviceType '" + r.deviceType() + "' is unknown; known: "
                    + types.all().stream().map(DeviceType::name).sorted().toList());
        }
        addProblem(errors, Identifiers.idProblem("siteId", r.siteId()));
        if (r.assetId() != null) addProblem(errors, Identifiers.idProblem("assetId", r.assetId()));
        String pathProblem = DistrictPath.problem(r.districtPath());
        if (pathProblem != null) errors.add(pathProblem);
        if (r.reportingIntervalSeconds() != null && r.reportingIntervalSeconds() <= 0) {
            errors.add("reportingIntervalSeconds must be positive");
        }
        if (r.location() != null && (Math.abs(r.location().lat()) > 90 || Math.abs(r.location().lon()) > 180)) {
            errors.add("location must have lat within ±90 and lon within ±180");
        }
        return errors;
    }

    private static void addProblem(List<String> errors, String problem) {
        if (problem != null) errors.add(problem);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
