package org.citysafe.rules.network;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A physical relation between two assets. {@code downstream-of} is directed (from is downstream of to: water flows
 * from {@code to} to {@code from}); the others hold both ways.
 */
public enum Relation {
    CONNECTS("connects", "connects to", "连通"),
    DOWNSTREAM_OF("downstream-of", "is downstream of", "位于下游"),
    SHARES_SPACE("shares-space", "shares space with", "共用空间"),
    CROSSES("crosses", "crosses", "交叉穿越"),
    WITHIN_DISTANCE("within-distance", "lies close to", "邻近");

    private final String code;
    private final String verbEn;
    private final String wordZh;

    Relation(String code, String verbEn, String wordZh) {
        this.code = code;
        this.verbEn = verbEn;
        this.wordZh = wordZh;
    }

    public String code() {
        return code;
    }

    public String verbEn() {
        return verbEn;
    }

    public String wordZh() {
        return wordZh;
    }

    public boolean isDirected() {
        return this == DOWNSTREAM_OF;
    }

    public static Optional<Relation> of(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }

    public static String codes() {
        return String.join(", ", Arrays.stream(values()).map(Relation::code).toList());
    }

    /**
     * Relations named in a policy setting, comma-separated ({@code connects,shares-space}); unknown names are a
     * policy error.
     */
    public static Set<Relation> parse(String list) {
        return PARSED.computeIfAbsent(list, Relation::parseUncached);
    }

    private static final Map<String, Set<Relation>> PARSED = new ConcurrentHashMap<>();

    private static Set<Relation> parseUncached(String list) {
        Set<Relation> relations = EnumSet.noneOf(Relation.class);
        for (String name : list.split(",")) {
            if (name.isBlank()) continue;
            relations.add(of(name.trim()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown relation '" + name.trim() + "'; known: " + codes())));
        }
        return Collections.unmodifiableSet(relations);
    }
}
