package org.citysafe.service.authoring;

import java.time.Instant;
import java.util.Map;

/** One publication: the version of every package that is live from then on. */
public record RuleRevision(long revision, Map<String, Integer> packages, Instant publishedAt, String publishedBy,
                           String comment) {
}
