package org.citysafe.service.authoring;

import org.citysafe.service.lifecycle.Lifecycle.Stage;

import java.time.Instant;
import java.util.List;

/**
 * One version of a rule package. A published version never changes; rolling back publishes a copy as a new version.
 *
 * @param live  this is the version decisions are made with now
 * @param files empty in listings
 */
public record RuleVersion(String packageName, int version, Stage status, boolean live, String author,
                          String comment, Integer basedOn, Instant createdAt, Instant updatedAt, Instant publishedAt,
                          String publishedBy, List<RuleFile> files) {
}
