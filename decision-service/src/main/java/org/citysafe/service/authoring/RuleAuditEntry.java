package org.citysafe.service.authoring;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** Who did what to which package version, when and why. */
public record RuleAuditEntry(long id, Instant at, String actor, String action, String packageName, Integer version,
                             Long revision, String comment, JsonNode detail) {
}
