package org.citysafe.service.ui;

import org.citysafe.service.support.Browser;
import org.citysafe.service.support.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysafe.service.support.Fixtures.batch;
import static org.citysafe.service.support.Fixtures.device;
import static org.citysafe.service.support.Fixtures.devices;
import static org.citysafe.service.support.Fixtures.reading;

/** A duty operator in a real browser: the live alarm list by district and level, an alarm's why and timeline. */
class OperatorConsoleBrowserIT extends ServiceTestBase {

    private record Raised(String site, String alarmId) {
    }

    /** A device in its own district, and a reading that raises an alarm at its site. */
    private Raised raise(String district, String deviceType, String metric, double value, String unit) {
        String site = unique("site");
        String id = unique("dev");
        assertThat(platform.post("/api/v1/devices", devices(device(id, deviceType, site, district))).status())
                .isEqualTo(200);
        // the same value a minute earlier too: one smoke detector's alarm is pushed once it has lasted 60 s
        String alarmId = platform.post("/api/v1/decisions", batch(false, reading(id, metric, value, unit,
                unique("m"), 90), reading(id, metric, value, unit, unique("m"), 30))).json().get("decisions").get(1)
                .get("alarmId").asText();
        return new Raised(site, alarmId);
    }

    @Test
    void anOperatorSeesTheAlarmsOfADistrictAndAnAlarmsTimeline() {
        String district = "yangzhou/" + unique("console") + "/dongguan/wenhe";
        Raised gas = raise(district, "restaurant-gas-detector", "gas.concentration", 60, "%LEL");
        Raised smoke = raise(district, "smoke-detector", "smoke.alarm", 1, "state");
        try (Browser browser = Browser.open(port)) {
            browser.go("/ui/");
            browser.waitFor(By.id("login-user")).sendKeys("operator");
            browser.driver().findElement(By.id("login-password")).sendKeys("wrong");
            browser.driver().findElement(By.id("login-submit")).click();
            browser.waitForText(By.id("login-error"), "Wrong user name or password");

            browser.signIn("operator", "operator-pw");
            assertThat(browser.driver().findElements(By.id("nav-rules"))).isEmpty();
            new Select(browser.waitFor(By.id("filter-district"))).selectByValue(district.substring(0,
                    district.indexOf("/dongguan")));
            browser.waitFor(By.cssSelector("tr.alarm-row[data-id='" + gas.alarmId() + "']"));
            browser.waitFor(By.cssSelector("tr.alarm-row[data-id='" + smoke.alarmId() + "']"));
            // the district filter applies once its request has answered: wait for the list to narrow
            browser.waitUntil(d -> d.findElements(By.cssSelector("tr.alarm-row")).size() == 2);

            new Select(browser.driver().findElement(By.id("filter-level"))).selectByValue("RED");
            browser.waitUntil(d -> d.findElements(By.cssSelector("tr.alarm-row")).size() == 1);
            assertThat(browser.driver().findElement(By.cssSelector("tr.alarm-row")).getAttribute("data-id"))
                    .isEqualTo(gas.alarmId());
            new Select(browser.driver().findElement(By.id("filter-level"))).selectByValue("");
            browser.waitUntil(d -> d.findElements(By.cssSelector("tr.alarm-row")).size() == 2);

            browser.driver().findElement(By.cssSelector("tr.alarm-row[data-id='" + gas.alarmId() + "']")).click();
            browser.waitForText(By.id("timeline"), "OPENED");
            String detail = browser.driver().findElement(By.id("alarm-detail")).getText();
            assertThat(detail).contains("COMBUSTIBLE_GAS").contains(gas.site())
                    .contains("at or above the RED threshold of 50 %LEL").contains("红色预警阈值")
                    .contains("by rules");
            assertThat(browser.driver().findElement(By.cssSelector("#alarm-detail .evidence")).getText())
                    .contains("gas.concentration").contains("60 %LEL");
            assertThat(browser.driver().findElements(By.id("action-ack"))).hasSize(1);
            browser.screenshot("alarm-console");

            // a further reading at the same site raises nothing new but is picked up by the automatic refresh
            browser.driver().findElement(By.cssSelector("tr.alarm-row[data-id='" + smoke.alarmId() + "']")).click();
            browser.waitForText(By.cssSelector("#alarm-detail h2"), "SMOKE");
        }
    }

    @Test
    void anOperatorAcknowledgesAndVerifiesAnAlarm() {
        Raised smoke = raise("yangzhou/" + unique("console") + "/x/y", "smoke-detector", "smoke.alarm", 1, "state");
        try (Browser browser = Browser.open(port)) {
            browser.signIn("operator", "operator-pw");
            browser.go("/ui/#/console/" + smoke.alarmId());
            browser.waitForText(By.id("timeline"), "OPENED");
            browser.driver().findElement(By.id("action-note")).sendKeys("called the shop owner");
            browser.driver().findElement(By.id("action-ack")).click();
            browser.waitForText(By.id("timeline"), "ACKNOWLEDGED");
            browser.driver().findElement(By.id("action-note")).sendKeys("owner confirms smoke from the kitchen");
            browser.driver().findElement(By.id("action-confirm")).click();
            browser.waitForText(By.id("timeline"), "VERIFIED");
            // a confirmed alarm releases the 119 step at once, so it may already be DISPATCHED
            assertThat(operator.get("/api/v1/alarms/" + smoke.alarmId()).json().get("status").asText())
                    .isIn("VERIFIED", "DISPATCHED");
        }
    }
}
