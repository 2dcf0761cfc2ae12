package org.citysafe.service.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.citysafe.rules.CoupledRisk;
import org.citysafe.rules.network.Asset;
import org.citysafe.rules.network.Link;
import org.citysafe.rules.network.Relation;
import org.citysafe.rules.network.Route;
import org.citysafe.service.deadletter.DeadLetterStore;
import org.citysafe.service.web.BadRequestException;
import org.citysafe.service.web.NotFoundException;
import org.springframework.http.MediaType;
import org.citysafe.service.security.DistrictScopes;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The asset network over HTTP: import or update assets and links as GeoJSON or CSV (all or nothing: a batch with a
 * bad row is refused with every problem, field by field, and kept as a dead letter), read one asset with its links
 * and devices, and walk its neighbours.
 */
@RestController
@RequestMapping("/api/v1/assets")
public class AssetController {

    static final String GEO_JSON = "application/geo+json";
    private static final int MAX_HOPS = 10;

    private final AssetNetworkStore store;
    private final DeadLetterStore deadLetters;
    private final ObjectMapper json;

    private final DistrictScopes scopes;

    public AssetController(AssetNetworkStore store, DeadLetterStore deadLetters, ObjectMapper json,
                           DistrictScopes scopes) {
        this.scopes = scopes;
        this.store = store;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    @PostMapping(consumes = {GEO_JSON, MediaType.APPLICATION_JSON_VALUE})
    public AssetNetworkStore.ImportResult importGeoJson(@RequestBody String body, HttpServletRequest request) {
        return importBatch(AssetImport.geoJson(json, body), body, request);
    }

    @PostMapping(consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    public AssetNetworkStore.ImportResult importCsv(@RequestBody String body, HttpServletRequest request) {
        return importBatch(AssetImport.csv(body), body, request);
    }

    private AssetNetworkStore.ImportResult importBatch(AssetImport.Batch batch, String body,
                                                       HttpServletRequest request) {
        List<String> problems = store.problems(batch);
        if (!problems.isEmpty()) {
            String reason = "asset import refused, nothing applied: " + problems.size() + " problem(s); first: "
                    + problems.get(0);
            deadLetters.store(new DeadLetterStore.Refusal("assets", request.getRemoteAddr(), reason, null, null,
                    body.getBytes(StandardCharsets.UTF_8)));
            throw new BadRequestException("asset import refused, nothing applied", problems);
        }
        return store.apply(batch);
    }

    /** One asset with its links (both directions) and the devices on it. */
    public record AssetView(String id, String kind, String name, String districtPath, double lat, double lon,
                            Map<String, String> attributes, List<LinkView> links, List<String> devices) {
    }

    /** A link as imported: {@code relation} by its code ({@code connects}, {@code downstream-of}, ...). */
    public record LinkView(String from, String relation, String to, double distanceMetres) {
        static LinkView of(Link l) {
            return new LinkView(l.from(), l.relation().code(), l.to(), l.distanceMetres());
        }
    }

    @GetMapping("/{id}")
    public AssetView get(@PathVariable String id, Authentication who) {
        Asset a = store.network().asset(id).orElseThrow(() -> new NotFoundException("no asset '" + id + "'"));
        scopes.requireCovered(who, a.districtPath(), "asset '" + id + "'");
        return new AssetView(a.id(), a.kind().code(), a.name(), a.districtPath(), a.location().lat(),
                a.location().lon(), a.attributes(), store.network().linksOf(id).stream().map(LinkView::of).toList(),
                store.network().devicesOn(id).stream().sorted().toList());
    }

    /** An asset reached from another, with the path walked. */
    public record Neighbour(String id, String kind, int hops, double metres, List<CoupledRisk.Step> path,
                            String explanation, String explanationZh) {
    }

    /**
     * The assets reachable in at most {@code hops} links (default 1) and {@code maxMetres} along them, over the
     * given relations (default all), nearest first.
     */
    @GetMapping("/{id}/neighbours")
    public List<Neighbour> neighbours(@PathVariable String id, @RequestParam(defaultValue = "1") int hops,
                                      @RequestParam(defaultValue = "1000000") double maxMetres,
                                      @RequestParam(required = false) String relations, Authentication who) {
        Asset from = store.network().asset(id).orElseThrow(() -> new NotFoundException("no asset '" + id + "'"));
        scopes.requireCovered(who, from.districtPath(), "asset '" + id + "'");
        if (hops < 1 || hops > MAX_HOPS) throw new BadRequestException("hops must be 1 to " + MAX_HOPS);
        Set<Relation> walk;
        try {
            walk = relations == null ? EnumSet.allOf(Relation.class) : Relation.parse(relations);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        List<Route> routes = store.network().reach(id, walk, hops, maxMetres, false, a -> true);
        // a district-scoped account sees the neighbours in its districts (the path may cross others)
        return routes.stream().filter(r -> scopes.covers(who, r.target().districtPath()))
                .map(r -> new Neighbour(r.target().id(), r.target().kind().code(), r.hops(), r.metres(),
                r.steps(), r.describeEn(store.network()), r.describeZh(store.network()))).toList();
    }
}
