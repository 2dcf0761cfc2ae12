package org.citysafe.rules.policy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/THRESHOLDS.md lists exactly the shipped defaults, each with a source. */
class ThresholdsDocumentationTest {

    static final Path DOC = Path.of("../docs/THRESHOLDS.md");
    static final Set<String> LEVELS = Set.of("RED", "ORANGE", "YELLOW", "BLUE");

    /** scenario, metric, level, direction, value, clear: the numbers compared as numbers. */
    static String key(String[] cells) {
        return String.join(" ", cells[0], cells[1], cells[2], cells[3],
                Double.toString(Double.parseDouble(cells[4])), Double.toString(Double.parseDouble(cells[5])));
    }

    static List<String[]> shippedRows() throws IOException {
        try (InputStream in = Policy.class.getResourceAsStream("/org/citysafe/rules/policy/default-thresholds.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t", -1)).toList();
        }
    }

    static List<String[]> documentedRows() throws IOException {
        return Files.readAllLines(DOC, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("| "))
                .map(l -> l.substring(2, l.length() - 2).split(" \\| ", -1))
                .filter(c -> c.length == 8 && LEVELS.contains(c[2]))
                .toList();
    }

    @Test
    void everyShippedThresholdHasASource() throws IOException {
        for (String[] row : shippedRows()) {
            assertThat(row).as(String.join(" ", row)).hasSize(7);
            assertThat(row[6]).as(key(row)).isNotBlank();
        }
    }

    @Test
    void theDocumentListsExactlyTheShippedThresholds() throws IOException {
        Set<String> shipped = shippedRows().stream().map(ThresholdsDocumentationTest::key).collect(Collectors.toSet());
        Set<String> documented = documentedRows().stream().map(ThresholdsDocumentationTest::key)
                .collect(Collectors.toSet());
        assertThat(documented).as("rows in " + DOC).containsExactlyInAnyOrderElementsOf(shipped);
    }

    @Test
    void theDocumentGivesTheSameSourceAsTheShippedRow() throws IOException {
        var sources = documentedRows().stream().collect(Collectors.toMap(ThresholdsDocumentationTest::key, c -> c[7]));
        for (String[] row : shippedRows()) {
            assertThat(sources.get(key(row))).as(key(row)).isEqualTo(row[6]);
        }
    }
}
