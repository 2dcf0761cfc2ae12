package org.citysafe.routes.ingest;

import org.citysafe.rules.Reading;

/**
 * One element of an inbound batch after decoding: either a canonical reading ready for the rules, or a refusal that
 * says why, keeping the raw text for the dead-letter store. A refused element never stops the rest of its batch.
 */
public sealed interface ParsedReading {

    /** The raw text of this element as it arrived (one JSON object, one frame, one field). */
    String raw();

    record Accepted(Reading reading, String raw) implements ParsedReading {
    }

    /** deviceId and messageId are whatever could be read from the element, possibly null. */
    record Refused(String deviceId, String messageId, String reason, String raw) implements ParsedReading {
    }
}
