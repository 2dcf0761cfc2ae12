package org.citysafe.service.ingest;

import java.time.temporal.ChronoUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks who pushed a batch: a signature {@code X-Citysafe-Signature: sha256=<hex HMAC-SHA256(secret,
 * timestamp + "." + body)>} with {@code X-Citysafe-Timestamp: <epoch seconds>} inside the replay window, each
 * signature accepted once; or a bearer token. Answers with the reason for a refusal, never which part of a secret
 * was wrong. Thread-safe.
 */
public final class PushAuthentication {

    public static final String SIGNATURE = "X-Citysafe-Signature";
    public static final String TIMESTAMP = "X-Citysafe-Timestamp";

    private final Map<String, PushProperties.Platform> platforms = new LinkedHashMap<>();
    private final Duration window;
    private final Clock clock;
    /** Signatures accepted within the window, oldest first: a replayed request is refused. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public PushAuthentication(PushProperties properties, Clock clock) {
        properties.platforms().forEach(p -> platforms.put(p.name(), p));
        this.window = properties.replayWindow();
        this.clock = clock;
    }

    /** Empty when the request may pass; else the reason it may not. */
    public Optional<String> refusal(String platform, String authorization, String signature, String timestamp,
                                    byte[] body) {
        PushProperties.Platform p = platforms.get(platform);
        if (p == null) return Optional.of("unknown platform '" + platform + "'");
        if (signature != null) return checkSignature(p, signature, timestamp, body);
        if (authorization != null && authorization.startsWith("Bearer ")) {
            if (blank(p.token())) return Optional.of("platform '" + platform + "' must sign its requests ("
                    + SIGNATURE + "); it has no token");
            return equal(authorization.substring(7).trim(), p.token()) ? Optional.empty()
                    : Optional.of("bearer token is not platform '" + platform + "''s");
        }
        return Optional.of("no credentials: send " + SIGNATURE + " and " + TIMESTAMP
                + (blank(p.token()) ? "" : ", or Authorization: Bearer <token>"));
    }

    private Optional<String> checkSignature(PushProperties.Platform p, String signature, String timestamp,
                                            byte[] body) {
        if (blank(p.secret())) return Optional.of("platform '" + p.name() + "' has no signing secret; use its token");
        if (!signature.startsWith("sha256=")) return Optional.of(SIGNATURE + " must be sha256=<hex>");
        if (timestamp == null || !timestamp.matches("\\d{1,12}")) {
            return Optional.of(TIMESTAMP + " must be the signing time in seconds since 1970 (UTC)");
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(window) > 0) {
            return Optional.of("timestamp " + signedAt + " is outside the replay window of " + window.toSeconds()
                    + " s around " + now.truncatedTo(ChronoUnit.SECONDS)
                    + " (clock skew, or a replayed request)");
        }
        String expected = "sha256=" + hmac(p.secret(), timestamp, body);
        if (!equal(signature.trim().toLowerCase(), expected)) {
            return Optional.of("signature does not match the body and timestamp (HMAC-SHA256 over timestamp + '.' "
                    + "+ body with platform '" + p.name() + "''s secret)");
        }
        synchronized (seen) {
            forget(now);
            if (seen.putIfAbsent(p.name() + ':' + signature.trim().toLowerCase(), signedAt) != null) {
                return Optional.of("this signed request was already accepted (replay)");
            }
        }
        return Optional.empty();
    }

    private void forget(Instant now) {
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
            if (Duration.between(it.next(), now).compareTo(window) > 0) it.remove();
            else if (seen.size() < 100_000) break; // roughly ordered by arrival; sweep fully only when large
        }
    }

    /** The signature a platform sends: lower-case hex HMAC-SHA256 of {@code timestamp + "." + body}. */
    public static String hmac(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
