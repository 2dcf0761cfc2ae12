package org.citysafe.rules;

import org.citysafe.rules.network.Relation;

import java.util.List;

/**
 * A risk that arises from this reading together with neighbouring assets on other networks (gas in a sewer well that
 * connects to a power cable trench).
 *
 * @param type          GAS_LEAK_MIGRATION, IGNITION_RISK, PROBABLE_BIOGAS, SUBSIDENCE_RISK, FLOODING_RISK,
 *                      OVERFLOW_RISK, HEATING_LEAK_WATERLOGGING
 * @param level         the level this risk asks for; the decision's level is at least this (lower for a risk that
 *                      lowers it, such as probable biogas)
 * @param assets        the assets involved: the reading's asset first
 * @param path          the links that tie them together, in order
 * @param explanation   in English, naming the assets, relations and distances
 * @param explanationZh the same in Chinese
 * @param routeTo       who should act: GAS_UTILITY, DRAINAGE_MAINTENANCE, POWER_UTILITY, WATER_UTILITY,
 *                      ROAD_AUTHORITY, HEATING_UTILITY
 */
public record CoupledRisk(String type, Level level, List<String> assets, List<Step> path, String explanation,
                          String explanationZh, String routeTo) {

    public CoupledRisk {
        assets = assets == null ? List.of() : List.copyOf(assets);
        path = path == null ? List.of() : List.copyOf(path);
    }

    public CoupledRisk(String type, Level level, List<String> assets, String explanation) {
        this(type, level, assets, List.of(), explanation, null, null);
    }

    /**
     * One link walked from {@code from} to {@code to}. {@code reversed}: the stored link points the other way (for
     * {@code downstream-of}, {@code from} is then upstream of {@code to}).
     */
    public record Step(String from, String relation, String to, double distanceMetres, boolean reversed) {

        public String verbEn() {
            Relation r = Relation.of(relation).orElse(null);
            if (r == null) return relation;
            if (r == Relation.DOWNSTREAM_OF && reversed) return "is upstream of";
            return r.verbEn();
        }

        public String wordZh() {
            Relation r = Relation.of(relation).orElse(null);
            if (r == null) return relation;
            if (r == Relation.DOWNSTREAM_OF) return reversed ? "（前者位于上游）" : "（前者位于下游）";
            return r.wordZh();
        }
    }
}
