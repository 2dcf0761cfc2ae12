package org.citysafe.service.security;

import org.citysafe.service.CitysafeProperties;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing passwords: failed logins are counted per account and per address. Past the free failures
 * (per account, and a larger number per address, which several honest clients may share), the account or the
 * address is locked for {@code initial-lock}, doubled with each further failure up to {@code max-lock}; while it is
 * locked no password is even checked, the answer is {@code 429} with {@code Retry-After}. A successful login clears
 * the account's count; a count with no failure for {@code max-lock} is forgotten.
 */
public class LoginThrottle {

    private static final int MAX_KEYS = 100_000;
    private final Clock clock;
    private final CitysafeProperties.Logins settings;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    public LoginThrottle(CitysafeProperties.Logins settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** How long the caller must wait before trying again, or empty when it may try now. */
    public Optional<Duration> locked(String account, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : new String[]{accountKey(account), addressKey(address)}) {
            if (key == null) continue;
            Failures f = failures.get(key);
            if (f != null && f.lockedUntil() != null && f.lockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, f.lockedUntil());
                if (left.compareTo(wait) > 0) wait = left;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public void failed(String account, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) forgetQuiet(now);
        count(accountKey(account), settings.freeFailuresPerAccount(), now);
        count(addressKey(address), settings.freeFailuresPerAddress(), now);
    }

    /** Clears the account's count; not the address's, which a guesser with one good account could clear too. */
    public void succeeded(String account) {
        if (account != null && !account.isEmpty()) failures.remove(accountKey(account));
    }

    private void count(String key, int free, Instant now) {
        if (key == null) return;
        failures.compute(key, (k, f) -> {
            int count = f == null || f.last().plus(settings.maxLock()).isBefore(now) ? 1 : f.count() + 1;
            Instant lockedUntil = null;
            if (count > free) {
                long factor = 1L << Math.min(count - free - 1, 30);
                Duration lock = settings.initialLock().multipliedBy(factor);
                if (lock.compareTo(settings.maxLock()) > 0 || lock.isNegative()) lock = settings.maxLock();
                lockedUntil = now.plus(lock);
            }
            return new Failures(count, now, lockedUntil);
        });
    }

    private void forgetQuiet(Instant now) {
        failures.entrySet().removeIf(e -> e.getValue().last().plus(settings.maxLock()).isBefore(now));
    }

    private static String accountKey(String account) {
        return account == null || account.isEmpty() ? null : "account:" + account;
    }

    private static String addressKey(String address) {
        return address == null ? null : "address:" + address;
    }
}
