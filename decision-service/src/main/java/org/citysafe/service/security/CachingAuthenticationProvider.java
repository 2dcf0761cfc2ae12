package org.citysafe.service.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers successful HTTP Basic logins for a short while. A machine client sends its credentials with every
 * request, and verifying a bcrypt hash costs tens of milliseconds on purpose: done per request it would cap the
 * decision API at a few dozen requests per second per core. Entries are keyed by a SHA-256 of the credentials,
 * never the password itself, expire after {@code ttl}, and a changed password simply misses the cache.
 */
public class CachingAuthenticationProvider implements AuthenticationProvider {

    private static final int MAX_ENTRIES = 10_000;
    private final AuthenticationProvider delegate;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(Authentication authentication, Instant expires) {
    }

    public CachingAuthenticationProvider(AuthenticationProvider delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        Object credentials = authentication.getCredentials();
        if (credentials == null) return delegate.authenticate(authentication);
        String key = digest(authentication.getName() + '\u0000' + credentials);
        Instant now = clock.instant();
        Entry hit = cache.get(key);
        if (hit != null && hit.expires().isAfter(now)) return hit.authentication();
        Authentication result = delegate.authenticate(authentication);
        if (result != null && result.isAuthenticated()) {
            if (cache.size() >= MAX_ENTRIES) cache.entrySet().removeIf(e -> !e.getValue().expires().isAfter(now));
            if (cache.size() < MAX_ENTRIES) cache.put(key, new Entry(result, now.plus(ttl)));
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
