package org.citysafe.service.ui;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.service.support.Browser;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.DISTRICT;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * A safety expert in a real browser: writes a rule with the guided form, sees the compile error of a typo at its line
 * and column, fixes it, runs the tests, publishes; a decision made through the API then follows the new rule.
 */
class ExpertAuthoringBrowserIT extends ServiceTestBase {

    private static final String CASE_NAME = "browser: gas at 60 percent LEL is serious";

    @AfterEach
    void backToTheBundledGasRules() {
        expert.delete("/api/v1/rule-packages/gas/test-cases/" + CASE_NAME.replace(" ", "%20"));
        JsonNode pkg = expert.get("/api/v1/rule-packages/gas").json();
        int live = pkg.get("publishedVersion").asInt();
        String liveDrl = expert.get("/api/v1/rule-packages/gas/versions/" + live).json().get("files").toString();
        String bundled = expert.get("/api/v1/rule-packages/gas/versions/1").json().get("files").toString();
        if (!liveDrl.equals(bundled)) {
            expert.post("/api/v1/rule-packages/gas/rollback",
                    "{\"version\":1,\"comment\":\"restore the bundled gas rules after a browser test\"}");
        }
    }

    private JsonNode decideGas(double lel) {
        String id = unique("gas");
        platform.post("/api/v1/devices", devices(device(id, "restaurant-gas-detector", unique("site"), DISTRICT)));
        return platform.post("/api/v1/decisions", batch(true, reading(id, "gas.concentration", lel, "%LEL",
                unique("m"), 1))).json().get("decisions").get(0);
    }

    @Test
    void anExpertWritesAGuidedRuleFixesAnErrorTestsAndPublishesIt() {
        assertThat(decideGas(60).get("alarmType").asText()).isEqualTo("COMBUSTIBLE_GAS");
        try (Browser browser = Browser.open(port)) {
            browser.signIn("expert", "expert-pw");
            browser.waitFor(By.cssSelector("#packages tr[data-name='gas']"));
            assertThat(browser.driver().findElements(By.id("nav-console"))).isEmpty();
            browser.screenshot("rule-packages");

            browser.driver().findElement(By.cssSelector("#packages tr[data-name='gas'] a")).click();
            browser.waitFor(By.id("new-draft")).click();
            browser.waitFor(By.cssSelector(".CodeMirror"));
            browser.waitFor(By.id("no-problems"));

            // the guided form: a threshold rule on the policy's thresholds, for the two most severe levels only
            new Select(browser.driver().findElement(By.id("guided-shape"))).selectByValue("THRESHOLD");
            fill(browser, "guided-name", "Combustible gas in a kitchen reaches a serious level");
            fill(browser, "guided-id", "gas.kitchen.serious");
            new Select(browser.driver().findElement(By.id("guided-scenario"))).selectByValue("gas.restaurant");
            new Select(browser.driver().findElement(By.id("guided-metric"))).selectByValue("gas.concentration");
            browser.driver().findElement(By.id("guided-level-YELLOW")).click();
            browser.driver().findElement(By.id("guided-level-BLUE")).click();
            fill(browser, "guided-alarm-type", "KITCHEN_GAS_SERIOUS");
            browser.waitForText(By.id("guided-preview"), "level in (Level.RED, Level.ORANGE)");
            browser.waitForText(By.id("guided-preview"), "\"KITCHEN_GAS_SERIOUS\"");
            browser.screenshot("guided-form");
            browser.driver().findElement(By.id("guided-add")).click();
            browser.waitUntil(d -> editorText(browser).contains("@id(\"gas.kitchen.serious\")"));

            // a typo, typed into the editor: the problem appears at its line and column, with a gutter marker
            int line = lineOf(browser, "Combustible gas in a kitchen reaches a serious level") + 3;
            int column = selectWord(browser, line, "metric");
            browser.driver().findElement(By.cssSelector(".CodeMirror textarea")).sendKeys("metrik");
            browser.waitFor(By.cssSelector(".CodeMirror-lint-marker-error"));
            browser.waitForText(By.id("problems"), "line " + (line + 1) + ", column " + (column + 1));
            assertThat(browser.driver().findElement(By.id("problems")).getText()).contains("metrik");
            browser.screenshot("editor-compile-error");

            selectWord(browser, line, "metrik");
            browser.driver().findElement(By.cssSelector(".CodeMirror textarea")).sendKeys("metric");
            browser.waitFor(By.id("no-problems"));
            assertThat(browser.driver().findElements(By.cssSelector(".CodeMirror-lint-marker-error"))).isEmpty();
            browser.driver().findElement(By.id("save-draft")).click();
            browser.waitForText(By.id("toast"), "saved");

            // test before publish: a case for the new rule, and the stored readings replayed
            browser.driver().findElement(By.id("panel-tests")).click();
            WebElement json = browser.waitFor(By.id("case-json"));
            browser.script("arguments[0].value = arguments[1];", json, """
                    {"name": "%s",
                     "device": {"deviceType": "restaurant-gas-detector"},
                     "readings": [{"metric": "gas.concentration", "value": 3, "unit": "%%VOL"}],
                     "expect": {"outcome": "ALARM", "level": "RED", "alarmType": "KITCHEN_GAS_SERIOUS"}}
                    """.formatted(CASE_NAME));
            browser.driver().findElement(By.id("save-case")).click();
            browser.waitForText(By.id("case-list"), CASE_NAME);
            browser.driver().findElement(By.id("run-tests")).click();
            browser.waitForText(By.id("test-summary"), "passed, 0 failed");
            String results = browser.driver().findElement(By.id("case-results")).getText();
            assertThat(results).contains("PASS").contains(CASE_NAME).contains("KITCHEN_GAS_SERIOUS")
                    .contains("COMBUSTIBLE_GAS");
            browser.screenshot("test-before-publish");

            fill(browser, "publish-comment", "duty centre wants serious kitchen gas as its own alarm type");
            browser.driver().findElement(By.id("publish")).click();
            browser.waitForText(By.id("version-status"), "PUBLISHED");
            assertThat(browser.driver().findElement(By.cssSelector(".editor-head")).getText()).contains("LIVE");

            // the package page: versions, and the diff against the bundled version
            browser.go("/ui/#/package/gas");
            new Select(browser.waitFor(By.id("diff-from"))).selectByValue("1");
            browser.driver().findElement(By.id("show-diff")).click();
            browser.waitForText(By.id("diff"), "+rule \"Combustible gas in a kitchen reaches a serious level\"");
            browser.screenshot("versions-and-diff");

            browser.go("/ui/#/thresholds");
            browser.waitForText(By.id("threshold-matrix"), "gas.restaurant");
            browser.screenshot("threshold-matrix");
            browser.go("/ui/#/audit");
            browser.waitForText(By.id("revisions"), "duty centre wants serious kitchen gas");
            browser.screenshot("audit");
        }
        JsonNode decision = decideGas(60);
        assertThat(decision.get("alarmType").asText()).isEqualTo("KITCHEN_GAS_SERIOUS");
        assertThat(decision.get("level").asText()).isEqualTo("RED");
        assertThat(decision.get("reasons").toString()).contains("gas.kitchen.serious");
    }

    @Test
    void aRegulatorReadsTheRulesButCannotChangeThem() {
        try (Browser browser = Browser.open(port)) {
            browser.signIn("regulator", "regulator-pw");
            browser.go("/ui/#/package/gas");
            browser.waitFor(By.id("versions"));
            assertThat(browser.driver().findElements(By.id("new-draft"))).isEmpty();
            browser.go("/ui/#/edit/gas/1");
            browser.waitFor(By.cssSelector(".CodeMirror"));
            assertThat(browser.driver().findElements(By.id("publish"))).isEmpty();
            assertThat(browser.script("return window.ruleEditor.getOption('readOnly')")).isEqualTo(true);
        }
    }

    private static void fill(Browser browser, String id, String text) {
        WebElement input = browser.driver().findElement(By.id(id));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
    }

    private static String editorText(Browser browser) {
        return (String) browser.script("return window.ruleEditor.getValue();");
    }

    /** The 0-based line holding the text. */
    private static int lineOf(Browser browser, String text) {
        String[] lines = editorText(browser).split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains(text)) return i;
        throw new AssertionError("no line with " + text);
    }

    /** Selects the word on a 0-based line, focuses the editor and returns its 0-based column. */
    private static int selectWord(Browser browser, int line, String word) {
        Object column = browser.script("""
                const cm = window.ruleEditor, line = arguments[0], word = arguments[1];
                const ch = cm.getLine(line).indexOf(word);
                cm.focus();
                cm.setSelection({line, ch}, {line, ch: ch + word.length});
                return ch;""", line, word);
        int ch = ((Number) column).intValue();
        assertThat(ch).as("'" + word + "' on line " + line).isNotNegative();
        return ch;
    }
}
