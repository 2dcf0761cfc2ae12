package org.citysafe.service.security;

import org.citysafe.service.CitysafeProperties;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    Instant now = Instant.parse("2026-11-22T00:00:00Z");
    final Clock clock = new Clock() {
        public ZoneId getZone() { return ZoneId.of("UTC"); }
        public Clock withZone(ZoneId zone) { return this; }
        public Instant instant() { return now; }
    };
    final LoginThrottle throttle = new LoginThrottle(
            new CitysafeProperties.Logins(3, 5, Duration.ofSeconds(1), Duration.ofSeconds(8)), clock);

    @Test
    void anAccountIsLockedAfterItsFreeFailuresForALockThatDoublesUpToTheMaximum() {
        for (int i = 0; i < 3; i++) throttle.failed("platform", "10.0.0." + i);
        assertThat(throttle.locked("platform", "10.0.0.9")).isEmpty();

        throttle.failed("platform", "10.0.0.3");
        assertThat(throttle.locked("platform", "10.0.0.9")).contains(Duration.ofSeconds(1));
        assertThat(throttle.locked("operator", "10.0.0.9")).as("another account").isEmpty();
        now = now.plusSeconds(1);
        assertThat(throttle.locked("platform", "10.0.0.9")).isEmpty();

        for (long expected : new long[]{2, 4, 8, 8}) {
            throttle.failed("platform", "10.0.1.1");
            assertThat(throttle.locked("platform", null)).contains(Duration.ofSeconds(expected));
            now = now.plusSeconds(expected);
        }
    }

    @Test
    void anAddressIsLockedAfterItsFreeFailuresWhicheverAccountsItTries() {
        for (int i = 0; i < 5; i++) throttle.failed("guess-" + i, "10.9.9.9");
        assertThat(throttle.locked("someone", "10.9.9.9")).isEmpty();
        throttle.failed("guess-5", "10.9.9.9");
        assertThat(throttle.locked("someone", "10.9.9.9")).contains(Duration.ofSeconds(1));
        assertThat(throttle.locked("someone", "10.9.9.8")).isEmpty();
        throttle.succeeded("someone");
        assertThat(throttle.locked("someone", "10.9.9.9")).as("a success does not clear the address").isPresent();
    }

    @Test
    void aSuccessClearsTheAccountAndAQuietSpellForgetsTheFailures() {
        for (int i = 0; i < 3; i++) throttle.failed("platform", "10.0.0.1");
        throttle.succeeded("platform");
        throttle.failed("platform", "10.0.0.2");
        assertThat(throttle.locked("platform", "10.0.0.3")).isEmpty();

        for (int i = 0; i < 2; i++) throttle.failed("platform", "10.0.0.4");
        now = now.plusSeconds(9);
        throttle.failed("platform", "10.0.0.5");
        assertThat(throttle.locked("platform", "10.0.0.6")).as("earlier failures forgotten after max-lock").isEmpty();
    }
}
