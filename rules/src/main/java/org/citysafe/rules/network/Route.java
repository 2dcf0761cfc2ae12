package org.citysafe.rules.network;

import org.citysafe.rules.CoupledRisk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an asset was reached from another: the links walked, in order, with their relations and distances. A route of
 * no steps is the start itself; a step whose relation is {@code within-distance} without a stored link is a straight
 * line found by a radius search.
 */
public record Route(Asset target, List<CoupledRisk.Step> steps, double metres) {

    public Route {
        steps = List.copyOf(steps);
    }

    public int hops() {
        return steps.size();
    }

    Route then(Asset next, CoupledRisk.Step step) {
        List<CoupledRisk.Step> more = new ArrayList<>(steps);
        more.add(step);
        return new Route(next, more, metres + step.distanceMetres());
    }

    /** The asset ids along the route, start first. */
    public List<String> assetIds() {
        List<String> ids = new ArrayList<>();
        if (steps.isEmpty()) {
            ids.add(target.id());
            return ids;
        }
        ids.add(steps.get(0).from());
        for (CoupledRisk.Step s : steps) ids.add(s.to());
        return ids;
    }

    /** "W-12 connects to CT-3 (35 m), CT-3 shares space with SS-1 (0 m)". */
    public String describeEn(AssetNetwork network) {
        if (steps.isEmpty()) return "the same asset";
        List<String> parts = new ArrayList<>();
        for (CoupledRisk.Step s : steps) {
            parts.add(String.format(Locale.ROOT, "%s %s %s (%s m)", label(network, s.from(), true), s.verbEn(),
                    label(network, s.to(), true), rounded(s.distanceMetres())));
        }
        return String.join(", ", parts);
    }

    public String describeZh(AssetNetwork network) {
        if (steps.isEmpty()) return "同一设施";
        List<String> parts = new ArrayList<>();
        for (CoupledRisk.Step s : steps) {
            parts.add(String.format(Locale.ROOT, "%s 与 %s %s（%s 米）", label(network, s.from(), false),
                    label(network, s.to(), false), s.wordZh(), rounded(s.distanceMetres())));
        }
        return String.join("，", parts);
    }

    private static String label(AssetNetwork network, String id, boolean en) {
        return network.asset(id).map(a -> en ? a.labelEn() : a.labelZh()).orElse(id);
    }

    static String rounded(double m) {
        return String.valueOf(Math.round(m));
    }
}
