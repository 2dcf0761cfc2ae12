package org.citysafe.service.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.rules.Device;
import org.citysafe.rules.Location;
import org.citysafe.rules.network.Asset;
import org.citysafe.rules.network.AssetKind;
import org.citysafe.rules.network.AssetNetwork;
import org.citysafe.rules.network.Link;
import org.citysafe.rules.network.Relation;
import org.citysafe.service.registry.DevicesRegistered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The asset network: PostgreSQL is the record ({@code asset}, {@code asset_link}, devices through
 * {@code device.asset_id}), an {@link AssetNetwork} (JGraphT) in memory serves the decision path. An import is
 * validated as a whole, written in one transaction and then applied to the graph; what another instance imported
 * is picked up by polling what changed. No restart is needed for either.
 */
@Service
public class AssetNetworkStore {

    private static final Logger log = LoggerFactory.getLogger(AssetNetworkStore.class);
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };
    /** Rows are stamped with their transaction's start: look back this far so a slow commit is not missed. */
    private static final Duration OVERLAP = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final AssetNetwork network = new AssetNetwork();
    private volatile Instant seenUntil = Instant.EPOCH;

    /** What an import did. */
    public record ImportResult(int assets, int links, int assetsCreated, int assetsUpdated, int networkAssets,
                               int networkLinks) {
    }

    public AssetNetworkStore(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        refresh();
        log.info("asset network loaded: {} assets, {} links", network.size(), network.linkCount());
    }

    public AssetNetwork network() {
        return network;
    }

    /**
     * Validates a batch against itself and the stored network, then stores and applies it, all or nothing.
     *
     * @return the problems when the batch is refused (nothing applied), otherwise empty
     */
    public synchronized List<String> problems(AssetImport.Batch batch) {
        List<String> problems = new ArrayList<>(batch.errors());
        Set<String> ids = new HashSet<>();
        for (Asset a : batch.assets()) {
            if (!ids.add(a.id())) problems.add("asset '" + a.id() + "' appears twice in this batch");
        }
        Set<String> linkKeys = new HashSet<>();
        for (Link l : batch.links()) {
            if (!linkKeys.add(l.key())) {
                problems.add("link " + l.from() + " " + l.relation().code() + " " + l.to() + " appears twice in this batch");
            }
        }
        List<String> network = this.network.problems(batch.assets(), batch.links());
        if (!network.isEmpty()) {
            // a link may name an asset another instance imported since the last poll
            refresh();
            network = this.network.problems(batch.assets(), batch.links());
        }
        problems.addAll(network);
        return problems;
    }

    /** Stores and applies a batch that {@link #problems} found nothing wrong with. */
    public synchronized ImportResult apply(AssetImport.Batch batch) {
        int[] created = {0};
        tx.executeWithoutResult(status -> {
            for (Asset a : batch.assets()) {
                Boolean inserted = jdbc.queryForObject("""
                        insert into asset (asset_id, kind, name, district_path, lat, lon, attributes)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb)
                        on conflict (asset_id) do update set kind = excluded.kind, name = excluded.name,
                            district_path = excluded.district_path, lat = excluded.lat, lon = excluded.lon,
                            attributes = excluded.attributes, updated_at = now()
                        returning (xmax = 0)
                        """, Boolean.class, a.id(), a.kind().code(), a.name(), a.districtPath(), a.location().lat(),
                        a.location().lon(), toJson(a.attributes()));
                if (Boolean.TRUE.equals(inserted)) created[0]++;
            }
            jdbc.batchUpdate("""
                    insert into asset_link (from_asset, to_asset, relation, distance_metres) values (?, ?, ?, ?)
                    on conflict (from_asset, to_asset, relation) do update
                        set distance_metres = excluded.distance_metres, updated_at = now()
                    """, batch.links().stream().map(l -> new Object[]{l.from(), l.to(), l.relation().code(),
                    l.distanceMetres()}).toList());
        });
        network.apply(batch.assets(), batch.links());
        return new ImportResult(batch.assets().size(), batch.links().size(), created[0],
                batch.assets().size() - created[0], network.size(), network.linkCount());
    }

    /** Devices registered on this instance sit on their assets at once. */
    @EventListener
    public void onDevicesRegistered(DevicesRegistered event) {
        for (Device d : event.devices()) network.attach(d.deviceId(), d.assetId(), d.scenario());
    }

    /**
     * Applies what changed in PostgreSQL since the last look (assets, links, devices' assets), e.g. imported on
     * another instance. Returns how many rows were newer than the last look.
     */
    @Scheduled(fixedDelayString = "${citysafe.assets.poll-interval:5s}")
    public synchronized int refresh() {
        Timestamp since = Timestamp.from(seenUntil.minus(OVERLAP));
        Instant[] newest = {seenUntil};
        int[] fresh = {0};
        List<Asset> assets = new ArrayList<>();
        jdbc.query("select * from asset where updated_at >= ?", rs -> {
            Instant updated = rs.getTimestamp("updated_at").toInstant();
            if (updated.isAfter(newest[0])) newest[0] = updated;
            if (updated.isAfter(seenUntil)) fresh[0]++;
            String kind = rs.getString("kind");
            try {
                assets.add(new Asset(rs.getString("asset_id"), AssetKind.of(kind).orElseThrow(),
                        rs.getString("name"), rs.getString("district_path"),
                        new Location(rs.getDouble("lat"), rs.getDouble("lon")),
                        json.readValue(rs.getString("attributes"), ATTRIBUTES)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("attributes of asset " + rs.getString("asset_id") + " are not JSON", e);
            }
        }, since);
        List<Link> links = new ArrayList<>();
        jdbc.query("select * from asset_link where updated_at >= ?", rs -> {
            Instant updated = rs.getTimestamp("updated_at").toInstant();
            if (updated.isAfter(newest[0])) newest[0] = updated;
            if (updated.isAfter(seenUntil)) fresh[0]++;
            links.add(new Link(rs.getString("from_asset"), rs.getString("to_asset"),
                    Relation.of(rs.getString("relation")).orElseThrow(), rs.getDouble("distance_metres")));
        }, since);
        Map<String, String[]> attachments = new HashMap<>();
        jdbc.query("select device_id, asset_id, scenario, updated_at from device where updated_at >= ?", rs -> {
            Instant updated = rs.getTimestamp("updated_at").toInstant();
            if (updated.isAfter(newest[0])) newest[0] = updated;
            attachments.put(rs.getString("device_id"), new String[]{rs.getString("asset_id"), rs.getString("scenario")});
        }, since);
        if (!assets.isEmpty() || !links.isEmpty()) network.apply(assets, links);
        attachments.forEach((device, assetAndScenario) -> network.attach(device, assetAndScenario[0],
                assetAndScenario[1]));
        seenUntil = newest[0];
        return fresh[0];
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
