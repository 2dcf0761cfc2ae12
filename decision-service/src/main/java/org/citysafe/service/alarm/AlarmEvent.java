package org.citysafe.service.alarm;

import java.time.Instant;
import java.util.Map;

/**
 * One transition in an alarm's timeline: what changed, who or what caused it, and why.
 *
 * @param actor  the user who did it, {@code rules} (a decision) or {@code escalation} (its timers and deliveries)
 * @param detail machine-readable particulars, e.g. the delivery id and attempts of a delivery
 */
public record AlarmEvent(Instant at, String type, String actor, String cause, String fromStatus, String toStatus,
                         String fromLevel, String toLevel, Map<String, Object> detail) {
}
