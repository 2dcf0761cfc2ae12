package org.citysafe.service.security;

import org.citysafe.service.CitysafeProperties;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PLATFORM accounts are scoped only when citysafe.security.scope-platform says so; a scope is a path, not a prefix. */
class DistrictScopesTest {

    private static final List<CitysafeProperties.User> USERS = List.of(
            new CitysafeProperties.User("platform", "{noop}x", List.of("PLATFORM"), List.of("yangzhou/guangling")),
            new CitysafeProperties.User("operator", "{noop}x", List.of("OPERATOR"), List.of("yangzhou/guangling")));

    private static DistrictScopes scopes(boolean scopePlatform) {
        return new DistrictScopes(new CitysafeProperties(null, null, null, null,
                new CitysafeProperties.Security(USERS, scopePlatform, null), null));
    }

    private static Authentication as(String name, String role) {
        return new UsernamePasswordAuthenticationToken(name, null, List.of(new SimpleGrantedAuthority("ROLE_" + role)));
    }

    @Test
    void aPlatformAccountSeesEverythingUnlessPlatformsAreScoped() {
        assertThat(scopes(false).covers(as("platform", "PLATFORM"), "yangzhou/hanjiang")).isTrue();
        assertThat(scopes(false).visibleDistricts(as("platform", "PLATFORM"))).isNull();
        assertThat(scopes(true).covers(as("platform", "PLATFORM"), "yangzhou/hanjiang")).isFalse();
        assertThat(scopes(true).covers(as("platform", "PLATFORM"), "yangzhou/guangling/dongguan")).isTrue();
        assertThat(scopes(true).visibleDistricts(as("platform", "PLATFORM"))).containsExactly("yangzhou/guangling");
    }

    @Test
    void aDistrictCoversWhatIsBelowItNotWhatSharesItsPrefix() {
        DistrictScopes scopes = scopes(false);
        Authentication operator = as("operator", "OPERATOR");
        assertThat(scopes.covers(operator, "yangzhou/guangling")).isTrue();
        assertThat(scopes.covers(operator, "yangzhou/guangling/dongguan/wenhe")).isTrue();
        assertThat(scopes.covers(operator, "yangzhou/guanglingxi")).isFalse();
        assertThat(scopes.covers(operator, "yangzhou")).isFalse();
        assertThat(scopes.canRead(operator, "yangzhou")).as("what it inherits").isTrue();
        assertThat(scopes.covers(operator, null)).isFalse();
        assertThat(scopes.covers(as("someone", "EXPERT"), "anywhere")).isTrue();
    }
}
