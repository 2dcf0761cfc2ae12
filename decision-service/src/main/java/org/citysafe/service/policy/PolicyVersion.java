package org.citysafe.service.policy;

import org.citysafe.service.lifecycle.Lifecycle.Stage;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One version of a scope's policy: the values a regulator set over what the scope inherits.
 *
 * @param live      in force now for its scope
 * @param scheduled published with an effective time still to come
 * @param preview   the summary of the last preview against history (null before one)
 */
public record PolicyVersion(long id, String scope, int version, Stage status, boolean live, boolean scheduled,
                            JsonNode document, String author, String comment, Integer basedOn, Instant createdAt,
                            Instant updatedAt, JsonNode preview, Instant approvedAt, String approvedBy,
                            Instant publishedAt, String publishedBy, Instant effectiveAt) {
}
