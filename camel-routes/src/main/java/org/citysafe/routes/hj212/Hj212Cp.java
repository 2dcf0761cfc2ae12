package org.citysafe.routes.hj212;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The command parameters between {@code CP=&&} and {@code &&}: groups separated by {@code ;}, items within a group by
 * {@code ,}, each item {@code key=value}. Factor values have keys {@code <factor code>-<suffix>}
 * ({@code w01001-Rtd=8.33,w01001-Flag=N}); other keys ({@code DataTime}, {@code QnRtn}, ...) have no dash. Order
 * is kept, so a decoded CP formats back to the same text.
 */
public record Hj212Cp(List<List<Item>> groups) {

    public static final String DATA_TIME = "DataTime";

    public record Item(String key, String value) {
        public Item {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.isEmpty()) throw new IllegalArgumentException("empty CP key");
            if (key.chars().anyMatch(c -> c == ';' || c == ',' || c == '=' || c == '&')
                    || value.chars().anyMatch(c -> c == ';' || c == ',' || c == '&')) {
                throw new IllegalArgumentException("CP item " + key + "=" + value + " contains a separator");
            }
        }
    }

    public Hj212Cp {
        List<List<Item>> copy = new ArrayList<>();
        for (List<Item> group : groups) {
            if (group.isEmpty()) throw new IllegalArgumentException("empty CP group");
            copy.add(List.copyOf(group));
        }
        groups = List.copyOf(copy);
    }

    public static Hj212Cp empty() {
        return new Hj212Cp(List.of());
    }

    /** Parses the text between {@code CP=&&} and {@code &&}; empty groups and items (stray separators) are skipped. */
    static Hj212Cp parse(String content) {
        List<List<Item>> groups = new ArrayList<>();
        for (String groupText : content.split(";", -1)) {
            List<Item> group = new ArrayList<>();
            for (String itemText : groupText.split(",", -1)) {
                if (itemText.isEmpty()) continue;
                int eq = itemText.indexOf('=');
                if (eq < 0) throw new IllegalArgumentException("CP item " + Hj212Text.quoted(itemText) + " is not key=value");
                if (eq == 0) throw new IllegalArgumentException("CP item " + Hj212Text.quoted(itemText) + " has an empty key");
                String key = itemText.substring(0, eq);
                String value = itemText.substring(eq + 1);
                if (key.indexOf('&') >= 0 || value.indexOf('&') >= 0) {
                    throw new IllegalArgumentException("CP item " + Hj212Text.quoted(itemText) + " contains '&'");
                }
                group.add(new Item(key, value));
            }
            if (!group.isEmpty()) groups.add(group);
        }
        return new Hj212Cp(groups);
    }

    /** The text between {@code CP=&&} and {@code &&}. */
    public String format() {
        StringBuilder text = new StringBuilder();
        for (List<Item> group : groups) {
            if (text.length() > 0) text.append(';');
            for (int i = 0; i < group.size(); i++) {
                if (i > 0) text.append(',');
                text.append(group.get(i).key()).append('=').append(group.get(i).value());
            }
        }
        return text.toString();
    }

    /** The value of the first item with {@code key}. */
    public Optional<String> first(String key) {
        for (List<Item> group : groups) {
            for (Item item : group) {
                if (item.key().equals(key)) return Optional.of(item.value());
            }
        }
        return Optional.empty();
    }

    public Optional<String> dataTime() {
        return first(DATA_TIME);
    }

    /**
     * Factor values by factor code, in order of appearance: code to (suffix to value), e.g.
     * {@code w01001 -> {Rtd=8.33, Flag=N}}. When a code and suffix repeat, the first value counts.
     */
    public Map<String, Map<String, String>> factors() {
        Map<String, Map<String, String>> factors = new LinkedHashMap<>();
        for (List<Item> group : groups) {
            for (Item item : group) {
                int dash = item.key().lastIndexOf('-');
                if (dash <= 0 || dash == item.key().length() - 1) continue;
                factors.computeIfAbsent(item.key().substring(0, dash), k -> new LinkedHashMap<>())
                        .putIfAbsent(item.key().substring(dash + 1), item.value());
            }
        }
        factors.replaceAll((code, values) -> Collections.unmodifiableMap(values));
        return Collections.unmodifiableMap(factors);
    }

    /** This CP's groups followed by {@code other}'s: how the parts of a split packet join. */
    public Hj212Cp followedBy(Hj212Cp other) {
        List<List<Item>> joined = new ArrayList<>(groups);
        joined.addAll(other.groups);
        return new Hj212Cp(joined);
    }
}
