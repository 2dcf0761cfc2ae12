package org.citysafe.service.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.rules.Location;
import org.citysafe.rules.network.Asset;
import org.citysafe.rules.network.AssetKind;
import org.citysafe.rules.network.Link;
import org.citysafe.rules.network.Relation;
import org.citysafe.service.registry.DeviceCsv;
import org.citysafe.service.registry.DistrictPath;
import org.citysafe.service.registry.Identifiers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assets and links as sent to {@code POST /api/v1/assets}, read from GeoJSON or CSV. Reading never throws on a bad
 * row: every problem is collected with where it is (feature or line, asset id, field), so that one answer lists
 * them all and nothing of the batch is applied.
 *
 * <p>GeoJSON: a FeatureCollection. A feature whose properties have {@code from}, {@code to} and
 * {@code relation} is a link ({@code metres}, geometry optional); any other is an asset with {@code id},
 * {@code kind}, {@code districtPath}, optional {@code name}, and a Point or LineString geometry (a line is placed at
 * the mean of its vertices). Its other properties are its attributes.
 *
 * <p>CSV: a header row names the columns. Assets: {@code id,kind,districtPath,lat,lon} and optional
 * {@code name,attributes} ({@code key=value;key=value}). Links: {@code from,relation,to,metres}. One kind per body.
 */
public final class AssetImport {

    private static final Set<String> RESERVED = Set.of("id", "kind", "name", "districtPath", "from", "to",
            "relation", "metres");

    /** What a body held: the assets and links read, and the problems found, each naming its place and field. */
    public record Batch(List<Asset> assets, List<Link> links, List<String> errors) {
    }

    private final List<Asset> assets = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private AssetImport() {
    }

    public static Batch geoJson(ObjectMapper json, String body) {
        AssetImport in = new AssetImport();
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            in.errors.add("body is not JSON: " + e.getOriginalMessage());
            return in.batch();
        }
        if (root == null || !"FeatureCollection".equals(root.path("type").asText())
                || !root.path("features").isArray()) {
            in.errors.add("body must be a GeoJSON FeatureCollection with a 'features' array");
            return in.batch();
        }
        int i = 0;
        for (JsonNode f : root.get("features")) {
            String where = "feature " + i++;
            JsonNode p = f.path("properties");
            if (!p.isObject()) {
                in.errors.add(where + ": properties are missing");
                continue;
            }
            if (p.has("from") || p.has("to") || p.has("relation")) {
                in.link(where, text(p, "from"), text(p, "relation"), text(p, "to"), text(p, "metres"));
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!RESERVED.contains(e.getKey()) && !e.getValue().isNull()) {
                    attributes.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
                }
            }
            String id = text(p, "id");
            Location location = in.location(where + (id == null ? "" : " (" + id + ")"), f.path("geometry"));
            in.asset(where, id, text(p, "kind"), text(p, "name"), text(p, "districtPath"), location, attributes,
                    location != null);
        }
        return in.batch();
    }

    public static Batch csv(String body) {
        AssetImport in = new AssetImport();
        List<List<String>> rows = DeviceCsv.rows(body);
        if (rows.isEmpty()) {
            in.errors.add("CSV is empty; the first row must name the columns");
            return in.batch();
        }
        Map<String, Integer> header = new HashMap<>();
        for (int c = 0; c < rows.get(0).size(); c++) header.put(rows.get(0).get(c).trim(), c);
        boolean linkRows = header.containsKey("from") && header.containsKey("to");
        List<String> required = linkRows ? List.of("from", "relation", "to", "metres")
                : List.of("id", "kind", "districtPath", "lat", "lon");
        for (String column : required) {
            if (!header.containsKey(column)) in.errors.add("CSV header lacks the column '" + column + "'");
        }
        if (!in.errors.isEmpty()) return in.batch();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.get(0).isBlank()) continue;
            String where = "line " + (r + 1);
            if (linkRows) {
                in.link(where, cell(row, header, "from"), cell(row, header, "relation"), cell(row, header, "to"),
                        cell(row, header, "metres"));
                continue;
            }
            String id = cell(row, header, "id");
            String at = where + (id == null ? "" : " (" + id + ")");
            Double lat = in.number(at, "lat", cell(row, header, "lat"));
            Double lon = in.number(at, "lon", cell(row, header, "lon"));
            Location location = lat == null || lon == null ? null : in.checked(at, lat, lon);
            Map<String, String> attributes = new LinkedHashMap<>();
            String cell = cell(row, header, "attributes");
            if (cell != null) {
                for (String pair : cell.split(";")) {
                    if (pair.isBlank()) continue;
                    int eq = pair.indexOf('=');
                    if (eq <= 0) in.errors.add(at + ": attributes: '" + pair.trim() + "' is not key=value");
                    else attributes.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
            in.asset(where, id, cell(row, header, "kind"), cell(row, header, "name"),
                    cell(row, header, "districtPath"), location, attributes, location != null);
        }
        return in.batch();
    }

    private Batch batch() {
        return new Batch(List.copyOf(assets), List.copyOf(links), List.copyOf(errors));
    }

    private void asset(String where, String id, String kindCode, String name, String districtPath,
                       Location location, Map<String, String> attributes, boolean located) {
        String at = where + (id == null ? "" : " (" + id + ")");
        int before = errors.size();
        String idProblem = Identifiers.idProblem("id", id);
        if (idProblem != null) errors.add(at + ": " + idProblem);
        AssetKind kind = kindCode == null ? null : AssetKind.of(kindCode).orElse(null);
        if (kind == null) errors.add(at + ": kind '" + kindCode + "' is unknown; known: " + AssetKind.codes());
        String pathProblem = DistrictPath.problem(districtPath);
        if (pathProblem != null) errors.add(at + ": districtPath: " + pathProblem);
        // a missing or malformed location was reported where it was read
        if (errors.size() == before && located) assets.add(new Asset(id, kind, name, districtPath, location, attributes));
    }

    private void link(String where, String from, String relationCode, String to, String metres) {
        String at = where + " (" + from + " " + relationCode + " " + to + ")";
        int before = errors.size();
        if (from == null || from.isBlank()) errors.add(at + ": from is missing");
        if (to == null || to.isBlank()) errors.add(at + ": to is missing");
        if (from != null && from.equals(to)) errors.add(at + ": an asset cannot be linked to itself");
        Relation relation = relationCode == null ? null : Relation.of(relationCode).orElse(null);
        if (relation == null) errors.add(at + ": relation '" + relationCode + "' is unknown; known: " + Relation.codes());
        Double distance = metres == null ? null : number(at, "metres", metres);
        if (metres == null) errors.add(at + ": metres is missing");
        else if (distance != null && (distance < 0 || distance.isInfinite())) {
            errors.add(at + ": metres must be 0 or more");
        }
        if (errors.size() == before) links.add(new Link(from, to, relation, distance));
    }

    private Location location(String where, JsonNode geometry) {
        if (geometry.isMissingNode() || geometry.isNull()) {
            errors.add(where + ": geometry is missing (a Point or a LineString)");
            return null;
        }
        String type = geometry.path("type").asText();
        JsonNode coordinates = geometry.path("coordinates");
        List<JsonNode> points = new ArrayList<>();
        if (type.equals("Point")) points.add(coordinates);
        else if (type.equals("LineString") && coordinates.isArray()) coordinates.forEach(points::add);
        else {
            errors.add(where + ": geometry type '" + type + "' is not supported; use Point or LineString");
            return null;
        }
        if (points.isEmpty()) {
            errors.add(where + ": geometry has no coordinates");
            return null;
        }
        double lat = 0, lon = 0;
        for (JsonNode p : points) {
            if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
                errors.add(where + ": geometry coordinates must be [lon, lat] numbers");
                return null;
            }
            lon += p.get(0).asDouble();
            lat += p.get(1).asDouble();
        }
        return checked(where, lat / points.size(), lon / points.size());
    }

    private Location checked(String where, double lat, double lon) {
        if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || Double.isNaN(lat) || Double.isNaN(lon)) {
            errors.add(where + ": lat must be within ±90 and lon within ±180");
            return null;
        }
        return new Location(lat, lon);
    }

    private Double number(String where, String field, String value) {
        if (value == null) {
            errors.add(where + ": " + field + " is missing");
            return null;
        }
        try {
            return Double.valueOf(value.trim());
        } catch (NumberFormatException e) {
            errors.add(where + ": " + field + " '" + value + "' is not a number");
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String cell(List<String> row, Map<String, Integer> header, String column) {
        Integer i = header.get(column);
        if (i == null || i >= row.size()) return null;
        String v = row.get(i).trim();
        return v.isEmpty() ? null : v;
    }
}
