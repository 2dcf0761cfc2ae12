package org.citysafe.service.ui;

import org.citysafe.service.support.Browser;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/**
 * A regulator in a real browser: drafts a district threshold, is shown the field error of a value outside the
 * instrument range next to the field, fixes it, validates, previews it against the district's stored readings,
 * approves and publishes it; publishes a second version, compares the two and rolls back to the first; the policy in
 * force for a device then names the district's version as the source, and the next decision made through the API
 * uses it.
 */
class RegulatorPolicyBrowserIT extends ServiceTestBase {

    private static String row(String css) {
        return "#policy-thresholds tr.threshold-row[data-index='0'] " + css;
    }

    /** Saves the draft and waits for the page to show it again (it is rendered anew after each action). */
    private static void save(Browser browser) {
        WebElement button = browser.driver().findElement(By.id("policy-save"));
        button.click();
        browser.waitUntil(d -> ExpectedConditions.stalenessOf(button).apply(d));
        browser.waitFor(By.id("policy-status"));
    }

    /** Waits until the first threshold row shows {@code value} (the page re-renders after each action). */
    private static void waitForValue(Browser browser, String value) {
        browser.waitUntil(d -> {
            try {
                return d.findElements(By.cssSelector("#policy-errors li")).isEmpty()
                        && value.equals(d.findElement(By.cssSelector(row("input.value"))).getAttribute("value"));
            } catch (NoSuchElementException | StaleElementReferenceException e) {
                return false;
            }
        });
    }

    @Test
    void aRegulatorDraftsPreviewsAndPublishesADistrictThreshold() {
        String district = "policytown/" + unique("old-city");
        String deviceId = unique("elec");
        assertThat(platform.post("/api/v1/devices", devices(device(deviceId, "electrical-fire-detector", unique("site"),
                district + "/east-gate/wooden-quarter"))).status()).isEqualTo(200);
        // history to preview against: 320 and 380 mA are YELLOW under the defaults (YELLOW at 300 mA)
        assertThat(platform.post("/api/v1/decisions", batch(false,
                reading(deviceId, "electrical.residual.current", 320, "mA", unique("m"), 600),
                reading(deviceId, "electrical.residual.current", 380, "mA", unique("m"), 300))).status()).isEqualTo(200);

        try (Browser browser = Browser.open(port)) {
            browser.signIn("policytown", "policytown-pw");
            browser.go("/ui/#/policy/" + URLEncoder.encode(district, StandardCharsets.UTF_8));
            browser.waitFor(By.id("policy-new-draft")).click();
            browser.waitForText(By.id("policy-status"), "DRAFT");

            browser.driver().findElement(By.id("add-threshold")).click();
            new Select(browser.waitFor(By.cssSelector(row("select.scenario")))).selectByValue("fire.electrical");
            new Select(browser.waitFor(By.cssSelector(row("select.metric")))).selectByValue("electrical.residual.current");
            new Select(browser.waitFor(By.cssSelector(row("select.level-select")))).selectByValue("YELLOW");
            WebElement value = browser.waitFor(By.cssSelector(row("input.value")));
            value.clear();
            value.sendKeys("5000");
            browser.driver().findElement(By.id("policy-save")).click();
            browser.waitForText(By.id("policy-errors"), "thresholds[0].value: 5000 mA is outside the instrument range 0 to 2000 mA");
            assertThat(browser.driver().findElement(By.cssSelector(row("input.value"))).getAttribute("class")).contains("invalid");
            browser.script("document.getElementById('policy-errors').scrollIntoView({block: 'center'})");
            browser.screenshot("policy-field-errors");

            value = browser.driver().findElement(By.cssSelector(row("input.value")));
            value.clear();
            value.sendKeys("400");
            save(browser);
            waitForValue(browser, "400");
            browser.waitFor(By.id("policy-validate")).click();
            browser.waitForText(By.id("policy-status"), "VALIDATED");
            browser.waitFor(By.id("policy-preview")).click();
            browser.waitForText(By.id("preview-changed"), "2 decisions change");
            assertThat(browser.driver().findElement(By.cssSelector("#preview-levels tr[data-level='YELLOW'] td.lost")).getText())
                    .isEqualTo("−2");
            assertThat(browser.driver().findElement(By.cssSelector("#preview-levels tr[data-level='BLUE'] td.gained")).getText())
                    .isEqualTo("+2");
            assertThat(browser.driver().findElement(By.id("preview-examples")).getText()).contains("380");
            browser.script("document.getElementById('preview-result').scrollIntoView({block: 'end'})");
            browser.screenshot("policy-preview");

            browser.driver().findElement(By.id("policy-approve")).click();
            browser.waitForText(By.id("policy-status"), "APPROVED");
            browser.waitFor(By.id("policy-comment")).sendKeys("wooden buildings: fewer nuisance alarms from old wiring");
            browser.driver().findElement(By.id("policy-publish")).click();
            browser.waitForText(By.id("policy-status"), "PUBLISHED");
            browser.waitForText(By.cssSelector("#policy-versions tr.policy-version-row"), "IN FORCE");
            browser.waitForText(By.id("policy-audit"), "PUBLISHED");

            // a second version from the first, published, then rolled back from the version list; the diff shows it
            browser.driver().findElement(By.id("policy-new-draft")).click();
            browser.waitForText(By.id("policy-status"), "DRAFT");
            waitForValue(browser, "400");
            value = browser.waitFor(By.cssSelector(row("input.value")));
            value.clear();
            value.sendKeys("350");
            save(browser);
            waitForValue(browser, "350");
            browser.waitFor(By.id("policy-validate")).click();
            browser.waitForText(By.id("policy-status"), "VALIDATED");
            browser.waitFor(By.id("policy-preview")).click();
            browser.waitForText(By.id("preview-changed"), "decisions change");
            browser.driver().findElement(By.id("policy-approve")).click();
            browser.waitForText(By.id("policy-status"), "APPROVED");
            browser.waitFor(By.id("policy-comment")).sendKeys("try an earlier warning");
            browser.driver().findElement(By.id("policy-publish")).click();
            browser.waitForText(By.cssSelector("#policy-versions tr[data-version='2']"), "IN FORCE");
            browser.waitFor(By.id("policy-show-diff")).click();
            browser.waitForText(By.id("policy-diff"), "thresholds.fire.electrical/electrical.residual.current/ABOVE/YELLOW.value");
            assertThat(browser.driver().findElement(By.id("policy-diff")).getText()).contains("400").contains("350");

            browser.driver().findElement(By.cssSelector("#policy-versions tr[data-version='1'] button.rollback")).click();
            browser.waitUntil(d -> {
                try {
                    d.switchTo().alert().sendKeys("night market: too many alarms");
                    d.switchTo().alert().accept();
                    return true;
                } catch (NoAlertPresentException e) {
                    return false;
                }
            });
            browser.waitForText(By.cssSelector("#policy-versions tr[data-version='3']"), "IN FORCE");
            browser.waitForText(By.id("policy-audit"), "ROLLED_BACK");
            assertThat(browser.driver().findElement(By.id("policy-audit")).getText())
                    .contains("rollback to version 1: night market: too many alarms");
            browser.waitFor(By.id("policy-show-diff")).click();
            browser.waitForText(By.id("policy-diff"), "YELLOW.value");
            browser.script("window.scrollTo(0, 0)");
            browser.screenshot("policy-versions");

            browser.go("/ui/#/resolved/device/" + deviceId);
            browser.waitForText(By.id("resolved-version"), district + "@v3");
            String yellow = browser.driver().findElements(By.cssSelector("#resolved-thresholds tbody tr")).stream()
                    .map(WebElement::getText).filter(t -> t.contains("YELLOW") && t.contains("electrical.residual.current"))
                    .findFirst().orElseThrow();
            assertThat(yellow).contains("400").contains(district + "@v3");
            browser.screenshot("policy-resolved");
        }
        String decision = platform.post("/api/v1/decisions", batch(true,
                reading(deviceId, "electrical.residual.current", 380, "mA", unique("m"), 5))).body();
        // the alarm the stored readings opened holds at YELLOW by hysteresis, now measured against the district's 400 mA
        assertThat(decision).contains("\"policyVersion\":\"" + district + "@v3\"")
                .contains("the clear level of the YELLOW threshold (400 mA)");
    }
}
