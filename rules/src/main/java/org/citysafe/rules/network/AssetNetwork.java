package org.citysafe.rules.network;

import org.citysafe.rules.CoupledRisk;
import org.citysafe.rules.Location;
import org.jgrapht.Graph;
import org.jgrapht.graph.DirectedPseudograph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * The city's asset network in memory: assets as the vertices of a JGraphT graph, {@link Link}s as its edges, a grid
 * over their locations for radius searches, and which devices sit on which asset.
 *
 * <p>Updates are incremental: {@link #apply} adds or replaces assets and links in one step under a write lock, so a
 * search never sees half a batch. Searches are bounded (hops and metres) and take a read lock; they are what the
 * coupling rules run per reading, so they stay cheap on a network of 100,000 assets.
 */
public final class AssetNetwork {

    private static final double EARTH_RADIUS_METRES = 6_371_000;
    /** Grid cell edge in degrees of latitude (about 220 m). */
    private static final double CELL_DEGREES = 0.002;

    private static final Comparator<Route> NEAREST_FIRST = Comparator.comparingDouble(Route::metres)
            .thenComparing((Route r) -> r.target().id());

    private final Graph<String, Link> graph = new DirectedPseudograph<>(null, null, false);
    private final Map<String, Asset> assets = new HashMap<>();
    private final Map<String, Link> links = new HashMap<>();
    private final Map<Long, List<Asset>> grid = new HashMap<>();
    private final Map<String, String> assetOfDevice = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> devicesOfAsset = new ConcurrentHashMap<>();
    private final Map<String, String> scenarioOfDevice = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> devicesOfScenario = new ConcurrentHashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    /** The problems that keep a batch from being applied; empty when it can be. */
    public List<String> problems(Collection<Asset> newAssets, Collection<Link> newLinks) {
        List<String> problems = new ArrayList<>();
        Set<String> batch = new HashSet<>();
        for (Asset a : newAssets) batch.add(a.id());
        lock.readLock().lock();
        try {
            for (Link l : newLinks) {
                for (String end : List.of(l.from(), l.to())) {
                    if (!batch.contains(end) && !assets.containsKey(end)) {
                        problems.add("link " + l.from() + " " + l.relation().code() + " " + l.to()
                                + ": asset '" + end + "' is neither known nor in this batch");
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return problems;
    }

    /**
     * Adds or replaces assets and links, all or nothing. A link already present (same from, to and relation) takes
     * the new distance.
     *
     * @throws IllegalArgumentException when a link names an asset that is neither known nor in the batch
     */
    public void apply(Collection<Asset> newAssets, Collection<Link> newLinks) {
        lock.writeLock().lock();
        try {
            List<String> problems = problems(newAssets, newLinks);
            if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
            for (Asset a : newAssets) {
                Asset old = assets.put(a.id(), a);
                if (old != null && old.location() != null) {
                    List<Asset> cell = grid.get(cellOf(old.location()));
                    if (cell != null) cell.removeIf(x -> x.id().equals(old.id()));
                }
                if (a.location() != null) grid.computeIfAbsent(cellOf(a.location()), k -> new ArrayList<>()).add(a);
                graph.addVertex(a.id());
            }
            for (Link l : newLinks) {
                Link old = links.put(l.key(), l);
                if (old != null) graph.removeEdge(old);
                graph.addEdge(l.from(), l.to(), l);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Records that a device sits on an asset (null: on none). The asset need not be imported yet. */
    public void attach(String deviceId, String assetId) {
        attach(deviceId, assetId, null);
    }

    /**
     * As {@link #attach(String, String)}, remembering the device's scenario, so that rules can find the few devices
     * of a kind (rain gauges) without searching every asset around.
     */
    public void attach(String deviceId, String assetId, String scenario) {
        String oldScenario = scenarioOfDevice.remove(deviceId);
        if (oldScenario != null) {
            Set<String> of = devicesOfScenario.get(oldScenario);
            if (of != null) of.remove(deviceId);
        }
        if (scenario != null && assetId != null) {
            scenarioOfDevice.put(deviceId, scenario);
            devicesOfScenario.computeIfAbsent(scenario, k -> ConcurrentHashMap.newKeySet()).add(deviceId);
        }
        String old = assetId == null ? assetOfDevice.remove(deviceId) : assetOfDevice.put(deviceId, assetId);
        if (old != null && !old.equals(assetId)) {
            Set<String> devices = devicesOfAsset.get(old);
            if (devices != null) devices.remove(deviceId);
        }
        if (assetId != null) devicesOfAsset.computeIfAbsent(assetId, k -> ConcurrentHashMap.newKeySet()).add(deviceId);
    }

    public Optional<String> assetOf(String deviceId) {
        return Optional.ofNullable(assetOfDevice.get(deviceId));
    }

    /** The devices of a scenario that sit on an asset (attached with their scenario). */
    public Set<String> devicesOfScenario(String scenario) {
        Set<String> devices = devicesOfScenario.get(scenario);
        return devices == null ? Set.of() : devices;
    }

    /** The devices on an asset: a live, unmodifiable view. */
    public Set<String> devicesOn(String assetId) {
        Set<String> devices = devicesOfAsset.get(assetId);
        return devices == null ? Set.of() : Collections.unmodifiableSet(devices);
    }

    public Optional<Asset> asset(String id) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(assets.get(id));
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return assets.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    public int linkCount() {
        lock.readLock().lock();
        try {
            return links.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The links that start or end at an asset. */
    public List<Link> linksOf(String assetId) {
        lock.readLock().lock();
        try {
            if (!graph.containsVertex(assetId)) return List.of();
            return List.copyOf(graph.edgesOf(assetId));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The assets reachable from {@code start} over the given relations, in at most {@code maxHops} links and
     * {@code maxMetres} along them, each by its shortest route within those bounds (start excluded), nearest first.
     *
     * @param downstreamOnly walk {@code downstream-of} links only in the direction water flows
     */
    public List<Route> reach(String start, Set<Relation> relations, int maxHops, double maxMetres,
                             boolean downstreamOnly, Predicate<Asset> wanted) {
        lock.readLock().lock();
        try {
            Asset origin = assets.get(start);
            if (origin == null || maxHops <= 0 || relations.isEmpty()) return List.of();
            Map<String, Route> best = new HashMap<>();
            best.put(start, new Route(origin, List.of(), 0));
            Deque<Route> frontier = new ArrayDeque<>();
            frontier.add(best.get(start));
            while (!frontier.isEmpty()) {
                Route here = frontier.poll();
                if (here != best.get(here.target().id()) || here.hops() >= maxHops) continue;
                String at = here.target().id();
                for (Link l : graph.edgesOf(at)) {
                    if (!relations.contains(l.relation())) continue;
                    boolean outgoing = l.from().equals(at);
                    String next = outgoing ? l.to() : l.from();
                    // A downstream-of B: water flows from B to A; walking downstream goes from B to A (incoming)
                    if (downstreamOnly && l.relation() == Relation.DOWNSTREAM_OF && outgoing) continue;
                    Asset nextAsset = assets.get(next);
                    if (nextAsset == null || next.equals(at)) continue;
                    Route candidate = here.then(nextAsset, new CoupledRisk.Step(at, l.relation().code(), next,
                            l.distanceMetres(), !outgoing));
                    if (candidate.metres() > maxMetres) continue;
                    Route known = best.get(next);
                    if (known == null || candidate.metres() < known.metres()) {
                        best.put(next, candidate);
                        frontier.add(candidate);
                    }
                }
            }
            best.remove(start);
            return best.values().stream().filter(r -> wanted.test(r.target()))
                    .sorted(NEAREST_FIRST).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The assets within {@code radiusMetres} in a straight line of an asset (itself excluded), nearest first, each as
     * a one-step {@code within-distance} route.
     */
    public List<Route> within(String start, double radiusMetres, Predicate<Asset> wanted) {
        lock.readLock().lock();
        try {
            Asset origin = assets.get(start);
            if (origin == null || origin.location() == null) return List.of();
            Location here = origin.location();
            double dLat = Math.toDegrees(radiusMetres / EARTH_RADIUS_METRES);
            double dLon = dLat / Math.max(Math.cos(Math.toRadians(here.lat())), 0.01);
            long r0 = row(here.lat() - dLat), r1 = row(here.lat() + dLat);
            long c0 = col(here.lon() - dLon), c1 = col(here.lon() + dLon);
            List<Route> found = new ArrayList<>();
            // a flat projection is exact enough to filter at city scale; the kept ones get the great-circle distance
            double metresPerDegLat = Math.toRadians(1) * EARTH_RADIUS_METRES;
            double metresPerDegLon = metresPerDegLat * Math.cos(Math.toRadians(here.lat()));
            double bound = radiusMetres * 1.001 + 1;
            for (long r = r0; r <= r1; r++) {
                for (long c = c0; c <= c1; c++) {
                    List<Asset> cell = grid.get(key(r, c));
                    if (cell == null) continue;
                    for (Asset a : cell) {
                        double dy = (a.location().lat() - here.lat()) * metresPerDegLat;
                        double dx = (a.location().lon() - here.lon()) * metresPerDegLon;
                        if (dx * dx + dy * dy > bound * bound || a.id().equals(start) || !wanted.test(a)) continue;
                        double d = metresBetween(here, a.location());
                        if (d <= radiusMetres) {
                            found.add(new Route(origin, List.of(), 0).then(a, new CoupledRisk.Step(start,
                                    Relation.WITHIN_DISTANCE.code(), a.id(), d, false)));
                        }
                    }
                }
            }
            found.sort(NEAREST_FIRST);
            return found;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static long row(double lat) {
        return (long) Math.floor(lat / CELL_DEGREES);
    }

    private static long col(double lon) {
        return (long) Math.floor(lon / CELL_DEGREES);
    }

    private static long key(long row, long col) {
        return (row << 32) ^ (col & 0xffffffffL);
    }

    private static long cellOf(Location l) {
        return key(row(l.lat()), col(l.lon()));
    }

    /** Great-circle distance (haversine). */
    public static double metresBetween(Location a, Location b) {
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLon = Math.toRadians(b.lon() - a.lon());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(a.lat()))
                * Math.cos(Math.toRadians(b.lat())) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
