package org.citysafe.rules.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule packages shipped in this module. {@code packages.index} lists every DRL file (a test keeps it complete),
 * because a directory cannot be listed portably inside a nested jar.
 */
public final class BundledRules {

    private static final String INDEX = "/org/citysafe/rules/packages.index";

    private BundledRules() {
    }

    public static List<RuleSource> sources() {
        List<RuleSource> sources = new ArrayList<>();
        for (String path : read(INDEX).lines().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            sources.add(new RuleSource(path, read("/" + path)));
        }
        return sources;
    }

    public static RuleSet compile() {
        return RuleSet.compile("bundled", sources());
    }

    private static String read(String resource) {
        try (InputStream in = BundledRules.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing rule resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
