package org.citysafe.service.registry;

import org.springframework.security.core.Authentication;

/**
 * Which districts a caller may see: asked by the registry's endpoints, answered by the accounts' settings
 * (security.DistrictScopes), so that the registry does not depend on security.
 */
public interface DistrictAccess {

    /** Whether something at {@code path} is in the caller's districts (always, for an account not scoped). */
    boolean covers(Authentication who, String path);

    /** Whether the caller may look at {@code path}: within its districts or above them. */
    boolean canRead(Authentication who, String path);

    /** 403 unless {@link #covers}; {@code what} names the thing at {@code path}. */
    void requireCovered(Authentication who, String path, String what);

    /** 403 unless {@link #canRead}. */
    void requireRead(Authentication who, String path);
}
