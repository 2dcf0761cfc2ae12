package org.citysafe.service.alarm;

import java.time.Instant;

/** One transition in an alarm's timeline: what changed, who or what caused it, and why. */
public record AlarmEvent(Instant at, String type, String actor, String cause, String fromStatus, String toStatus,
                         String fromLevel, String toLevel) {
}
