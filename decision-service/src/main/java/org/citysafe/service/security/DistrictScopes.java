package org.citysafe.service.security;

import org.citysafe.service.CitysafeProperties;
import org.citysafe.service.registry.DistrictPath;
import org.citysafe.service.web.ForbiddenException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which districts an account governs: a REGULATOR's {@code districts} in {@code citysafe.security.users} (a district
 * covers everything below it; the city's path covers the whole city). A regulator edits policy only within those
 * and reads it there and in the scopes above (what they inherit); other roles that may read policy read all of it.
 */
@Component
public class DistrictScopes {

    private final Map<String, List<String>> districts;

    public DistrictScopes(CitysafeProperties properties) {
        this.districts = properties.security().users().stream().collect(Collectors.toMap(
                CitysafeProperties.User::username, u -> u.districts() == null ? List.of() : List.copyOf(u.districts()),
                (a, b) -> a));
    }

    public static boolean isRegulator(Authentication who) {
        return who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_REGULATOR"));
    }

    public List<String> districtsOf(Authentication who) {
        return districts.getOrDefault(who.getName(), List.of());
    }

    /** May edit, approve, publish and roll back the policy of {@code scope}. */
    public boolean canEdit(Authentication who, String scope) {
        return isRegulator(who) && districtsOf(who).stream().anyMatch(d -> DistrictPath.within(scope, d));
    }

    /** May read the policy of {@code scope}: within the regulator's districts or above them. */
    public boolean canRead(Authentication who, String scope) {
        if (!isRegulator(who)) return true;
        return districtsOf(who).stream().anyMatch(d -> DistrictPath.within(scope, d) || DistrictPath.within(d, scope));
    }

    public void requireEdit(Authentication who, String scope) {
        if (!canEdit(who, scope)) {
            throw new ForbiddenException(who.getName() + " governs " + describe(who) + ", not " + scope);
        }
    }

    public void requireRead(Authentication who, String scope) {
        if (!canRead(who, scope)) {
            throw new ForbiddenException(who.getName() + " governs " + describe(who) + ", not " + scope);
        }
    }

    private String describe(Authentication who) {
        List<String> mine = districtsOf(who);
        return mine.isEmpty() ? "no district" : String.join(", ", mine);
    }
}
