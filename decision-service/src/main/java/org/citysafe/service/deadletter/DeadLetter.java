package org.citysafe.service.deadletter;

import java.time.Instant;

/**
 * Input that was refused, kept for inspection.
 *
 * @param payload         the raw input as text when it is UTF-8, else Base64
 * @param payloadEncoding {@code utf-8} or {@code base64}
 */
public record DeadLetter(long id, Instant receivedAt, String route, String peer, String reason, String deviceId,
                         String messageId, String payload, String payloadEncoding) {
}
