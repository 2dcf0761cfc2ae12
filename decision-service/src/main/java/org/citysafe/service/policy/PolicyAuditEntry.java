package org.citysafe.service.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** Who did what to which scope's policy, when and why. */
public record PolicyAuditEntry(long id, Instant at, String actor, String action, String scope, Integer version,
                               String comment, JsonNode detail) {
}
