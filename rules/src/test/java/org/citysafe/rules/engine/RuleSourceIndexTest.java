package org.citysafe.rules.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RuleSourceIndexTest {

    @Test
    void everyDrlFileInTheModuleIsListedInTheIndex() throws IOException {
        Path root = Path.of("src/main/resources");
        try (Stream<Path> files = Files.walk(root)) {
            var onDisk = files.filter(p -> p.toString().endsWith(".drl"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
            var indexed = BundledRules.sources().stream().map(RuleSource::path).sorted().toList();
            assertThat(indexed).isEqualTo(onDisk);
        }
    }
}
