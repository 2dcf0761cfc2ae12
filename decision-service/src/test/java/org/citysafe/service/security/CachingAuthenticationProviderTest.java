package org.citysafe.service.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingAuthenticationProviderTest {

    final AtomicInteger hashChecks = new AtomicInteger();
    final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4) {
        @Override
        public boolean matches(CharSequence raw, String encoded) {
            hashChecks.incrementAndGet();
            return super.matches(raw, encoded);
        }
    };
    Instant now = Instant.parse("2026-11-22T00:00:00Z");
    final Clock clock = new Clock() {
        public ZoneId getZone() { return ZoneId.of("UTC"); }
        public Clock withZone(ZoneId zone) { return this; }
        public Instant instant() { return now; }
    };
    final CachingAuthenticationProvider provider;

    CachingAuthenticationProviderTest() {
        var users = new InMemoryUserDetailsManager(User.withUsername("platform")
                .password(bcrypt.encode("secret")).roles("PLATFORM").build());
        var dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(bcrypt);
        provider = new CachingAuthenticationProvider(dao, Duration.ofMinutes(5), clock);
    }

    static UsernamePasswordAuthenticationToken login(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }

    @Test
    void aRepeatedLoginIsNotHashedAgainUntilItExpires() {
        assertThat(provider.authenticate(login("platform", "secret")).isAuthenticated()).isTrue();
        assertThat(provider.authenticate(login("platform", "secret")).getAuthorities())
                .extracting(Object::toString).containsExactly("ROLE_PLATFORM");
        assertThat(hashChecks).hasValue(1);
        now = now.plus(Duration.ofMinutes(6));
        provider.authenticate(login("platform", "secret"));
        assertThat(hashChecks).hasValue(2);
    }

    @Test
    void aWrongPasswordIsCheckedEveryTimeAndNeverRemembered() {
        provider.authenticate(login("platform", "secret"));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> provider.authenticate(login("platform", "guess")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThat(hashChecks).hasValue(3);
    }
}
