package org.citysafe.service.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * city/district/street/community: one to four segments separated by {@code /}, each a {@link Identifiers district
 * segment} (letters and digits of any script, {@code -} and {@code _}, starting with a letter or digit). A path is
 * taken as written, never rewritten: one with an empty segment, a trailing {@code /}, {@code .} or {@code ..} is
 * refused, so that a scope compared by prefix ({@link #within}) means exactly the districts it names.
 */
public final class DistrictPath {

    public static final List<String> LEVELS = List.of("CITY", "DISTRICT", "STREET", "COMMUNITY");

    private DistrictPath() {
    }

    /** An error message, or null when the path is well formed. */
    public static String problem(String path) {
        if (path == null || path.isBlank()) return "districtPath is missing (city/district/street/community)";
        String[] parts = path.split("/", -1);
        if (parts.length > LEVELS.size()) {
            return "districtPath '" + path + "' has " + parts.length + " levels; at most 4 (city/district/street/community)";
        }
        for (String part : parts) {
            if (part.isEmpty()) return "districtPath '" + Identifiers.shown(path) + "' has an empty level";
            String problem = Identifiers.segmentProblem("level", part);
            if (problem != null) return "districtPath '" + Identifiers.shown(path) + "': " + problem;
        }
        return null;
    }

    /** The path and its ancestors, city first. */
    public static List<String> withAncestors(String path) {
        List<String> paths = new ArrayList<>();
        String[] parts = path.split("/");
        StringBuilder prefix = new StringBuilder();
        for (String part : parts) {
            if (!prefix.isEmpty()) prefix.append('/');
            prefix.append(part);
            paths.add(prefix.toString());
        }
        return paths;
    }

    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
    }

    public static String level(String path) {
        return LEVELS.get(path.split("/").length - 1);
    }

    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Whether a device at {@code path} lies within {@code scope} (the scope itself or below it). */
    public static boolean within(String path, String scope) {
        return path.equals(scope) || path.startsWith(scope + "/");
    }
}
