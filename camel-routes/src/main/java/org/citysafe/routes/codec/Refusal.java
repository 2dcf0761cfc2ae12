package org.citysafe.routes.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * Bytes a codec would not accept, with the reason in words. Goes to the dead-letter store as is, so that nothing
 * received is dropped silently and an operator can see what a device actually sent.
 *
 * @param protocol the codec that refused ({@code gb26875}, {@code hj212})
 * @param raw      the bytes exactly as received (a copy)
 * @param reason   why, precise enough to fix the device or the codec, never empty
 */
public record Refusal(String protocol, byte[] raw, String reason) {

    public Refusal {
        Objects.requireNonNull(protocol, "protocol");
        raw = raw == null ? new byte[0] : raw.clone();
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("a refusal needs a reason");
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    public int length() {
        return raw.length;
    }

    /** The same reason about other bytes, e.g. the whole frame instead of the part that was wrong. */
    public Refusal withRaw(byte[] otherRaw) {
        return new Refusal(protocol, otherRaw, reason);
    }

    /** The same bytes with the reason put in context ({@code "app data: " + reason}). */
    public Refusal prefixed(String context) {
        return new Refusal(protocol, raw, context + reason);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Refusal other && protocol.equals(other.protocol) && Arrays.equals(raw, other.raw)
                && reason.equals(other.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, Arrays.hashCode(raw), reason);
    }

    @Override
    public String toString() {
        return protocol + " refused " + raw.length + " bytes: " + reason + " [" + Hex.preview(raw, 64) + "]";
    }
}
