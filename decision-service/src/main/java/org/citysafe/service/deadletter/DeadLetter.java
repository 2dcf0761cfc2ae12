package org.citysafe.service.deadletter;

import java.time.Instant;

/**
 * Input that was refused, kept for inspection.
 *
 * @param payload         the raw input as text when it is UTF-8, else Base64
 * @param payloadEncoding {@code utf-8} or {@code base64}
 * @param payloadHex      the raw bytes as spaced hex ({@code "40 40 01 00"}), as the binary protocols' documents show
 *                        frames; null above {@value #MAX_HEX_BYTES} bytes
 */
public record DeadLetter(long id, Instant receivedAt, String route, String peer, String reason, String deviceId,
                         String messageId, String payload, String payloadEncoding, String payloadHex) {

    public static final int MAX_HEX_BYTES = 65536;
}
