package org.citysafe.rules.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** House rules for the bundled DRL, checked on the source text so that a new pack cannot forget them. */
class RuleMetadataTest {

    static final Pattern RULE = Pattern.compile("(?m)^rule \"([^\"]+)\"(.*?)^end", Pattern.DOTALL);
    static final Pattern ID = Pattern.compile("@id\\(\"([^\"]+)\"\\)");
    static final Pattern NAME_ZH = Pattern.compile("@nameZh\\(\"([^\"]+)\"\\)");

    record ParsedRule(String path, String name, String body) {
    }

    static List<ParsedRule> rules() {
        List<ParsedRule> rules = new ArrayList<>();
        for (RuleSource s : BundledRules.sources()) {
            Matcher m = RULE.matcher(s.drl());
            while (m.find()) rules.add(new ParsedRule(s.path(), m.group(1), m.group(2)));
        }
        return rules;
    }

    @Test
    void everyRuleHasAUniqueIdAndAChineseName() {
        Set<String> ids = new HashSet<>();
        List<ParsedRule> rules = rules();
        assertThat(rules).hasSizeGreaterThan(90);
        for (ParsedRule r : rules) {
            Matcher id = ID.matcher(r.body());
            assertThat(id.find()).as("%s in %s has @id", r.name(), r.path()).isTrue();
            assertThat(ids.add(id.group(1))).as("id %s is unique", id.group(1)).isTrue();
            assertThat(NAME_ZH.matcher(r.body()).find()).as("%s has @nameZh", r.name()).isTrue();
        }
    }

    @Test
    void idsAreNamespacedByTheirPackageFolder() {
        for (ParsedRule r : rules()) {
            String folder = r.path().replaceFirst("^org/citysafe/rules/", "").replaceFirst("/.*$", "");
            Matcher id = ID.matcher(r.body());
            assertThat(id.find()).isTrue();
            assertThat(id.group(1)).as(r.name()).startsWith(folder.equals("device") ? "device." : folder + ".");
        }
    }

    @Test
    void noThresholdNumberIsWrittenIntoAGradedRule() {
        for (ParsedRule r : rules()) {
            if (!r.body().contains("thresholdsReached") && !r.body().contains("clearsAlarm")) continue;
            String when = r.body().substring(r.body().indexOf("when"), r.body().indexOf("then"));
            assertThat(when).as(r.name()).doesNotContainPattern("[<>=]=?\\s*-?\\d");
            String then = r.body().substring(r.body().indexOf("then") + 4).trim();
            assertThat(then).as(r.name() + " consequence").startsWith("insert( Finding.").doesNotContain("\n");
        }
    }
}
