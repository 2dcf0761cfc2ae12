package org.citysafe.service.security;

import org.citysafe.service.CitysafeProperties;
import org.citysafe.service.registry.DistrictAccess;
import org.citysafe.service.registry.DistrictPath;
import org.citysafe.service.web.ForbiddenException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which districts an account governs: its {@code districts} in {@code citysafe.security.users} (a district covers
 * everything below it; the city's path covers the whole city). OPERATOR and REGULATOR accounts are scoped, and
 * PLATFORM accounts too with {@code citysafe.security.scope-platform}: they see alarms, devices, assets, silences and
 * policy of their districts only (lists filtered, {@code 403} elsewhere). Policy is read there and in the scopes
 * above (what they inherit) and edited by a REGULATOR within its districts. Other accounts (EXPERT, DEVICE, PLATFORM
 * by default) are not scoped. The README's role × resource table says the same.
 */
@Component
public class DistrictScopes implements DistrictAccess {

    static final Set<String> SCOPED_ROLES = Set.of("ROLE_OPERATOR", "ROLE_REGULATOR");

    private final Map<String, List<String>> districts;
    private final boolean scopePlatform;

    public DistrictScopes(CitysafeProperties properties) {
        this.districts = properties.security().users().stream().collect(Collectors.toMap(
                CitysafeProperties.User::username, u -> u.districts() == null ? List.of() : List.copyOf(u.districts()),
                (a, b) -> a));
        this.scopePlatform = properties.security().scopePlatform();
    }

    public static boolean isRegulator(Authentication who) {
        return who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_REGULATOR"));
    }

    /** Whether the account sees only its districts. */
    public boolean isScoped(Authentication who) {
        return who.getAuthorities().stream().anyMatch(a -> SCOPED_ROLES.contains(a.getAuthority())
                || scopePlatform && a.getAuthority().equals("ROLE_PLATFORM"));
    }

    public List<String> districtsOf(Authentication who) {
        return districts.getOrDefault(who.getName(), List.of());
    }

    /** The districts whose contents the account may see and act on; null when it is not scoped (all of them). */
    public List<String> visibleDistricts(Authentication who) {
        return isScoped(who) ? districtsOf(who) : null;
    }

    /** Whether something at {@code path} (an alarm's, a device's, an asset's district) is the account's. */
    @Override
    public boolean covers(Authentication who, String path) {
        if (!isScoped(who)) return true;
        return path != null && districtsOf(who).stream().anyMatch(d -> DistrictPath.within(path, d));
    }

    /** @param what the thing at {@code path}, as the 403 names it ({@code alarm 'a-1'}) */
    @Override
    public void requireCovered(Authentication who, String path, String what) {
        if (!covers(who, path)) {
            throw new ForbiddenException(who.getName() + " governs " + describe(who) + "; " + what + " is in "
                    + (path == null ? "no district" : path));
        }
    }

    /** May edit, approve, publish and roll back the policy of {@code scope}. */
    public boolean canEdit(Authentication who, String scope) {
        return isRegulator(who) && districtsOf(who).stream().anyMatch(d -> DistrictPath.within(scope, d));
    }

    /** May read the policy of {@code scope}: within the account's districts or above them. */
    @Override
    public boolean canRead(Authentication who, String scope) {
        if (!isScoped(who)) return true;
        return districtsOf(who).stream().anyMatch(d -> DistrictPath.within(scope, d) || DistrictPath.within(d, scope));
    }

    public void requireEdit(Authentication who, String scope) {
        if (!canEdit(who, scope)) {
            throw new ForbiddenException(who.getName() + " governs " + describe(who) + ", not " + scope);
        }
    }

    @Override
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
