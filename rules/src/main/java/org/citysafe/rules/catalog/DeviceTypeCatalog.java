package org.citysafe.rules.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Known device types, read from {@code catalog/device-types.tsv}. Columns (tab-separated): name, scenario,
 * metrics separated by {@code |}, English name, Chinese name.
 */
public final class DeviceTypeCatalog {

    private static final String RESOURCE = "/org/citysafe/rules/catalog/device-types.tsv";
    private final Map<String, DeviceType> types;

    private DeviceTypeCatalog(Map<String, DeviceType> types) {
        this.types = Map.copyOf(types);
    }

    public static DeviceTypeCatalog bundled() {
        try (InputStream in = DeviceTypeCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing " + RESOURCE);
            Map<String, DeviceType> types = new LinkedHashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] cols = line.split("\t", -1);
                DeviceType type = new DeviceType(cols[0].trim(), cols[1].trim(),
                        Arrays.stream(cols[2].split("\\|")).map(String::trim).collect(Collectors.toSet()),
                        cols[3].trim(), cols[4].trim());
                types.put(type.name(), type);
            }
            return new DeviceTypeCatalog(types);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<DeviceType> find(String name) {
        return Optional.ofNullable(name == null ? null : types.get(name));
    }

    public Collection<DeviceType> all() {
        return types.values();
    }
}
