package org.citysafe.rules.network;

import org.citysafe.rules.Location;

import java.util.Map;

/**
 * A node of the asset network: a pipe segment, a well, a trench, a road section.
 *
 * @param location   where it is (a segment's midpoint), for radius searches
 * @param attributes what engineers know about it: {@code pressureClass}, {@code age}, {@code diameter},
 *                   {@code waterloggingProne}, ...
 */
public record Asset(String id, AssetKind kind, String name, String districtPath, Location location,
                    Map<String, String> attributes) {

    public Asset {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public String attribute(String name) {
        return attributes.get(name);
    }

    /** An attribute that says yes ({@code true}, {@code yes}, {@code 1}). */
    public boolean flag(String name) {
        String v = attributes.get(name);
        return v != null && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equals("1"));
    }

    /** How an explanation names it: kind and id ({@code drainage well W-12}). */
    public String labelEn() {
        return kind.nameEn() + " " + id;
    }

    public String labelZh() {
        return kind.nameZh() + " " + id;
    }
}
