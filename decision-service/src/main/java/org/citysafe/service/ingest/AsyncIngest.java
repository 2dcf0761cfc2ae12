package org.citysafe.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysafe.routes.ingest.MalformedBodyException;
import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.service.deadletter.DeadLetterStore;
import org.citysafe.service.decision.ReadingValidation;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Asynchronous ingest of a JSON batch, for every HTTP entry point ({@code /api/v1/readings}, platform push): each
 * element is decoded on its own; good readings wait in the {@link Inbox}, bad ones become dead letters, and the
 * caller learns which is which at once. A body that is not a batch at all is kept and refused as a whole.
 */
@Component
public class AsyncIngest {

    private final ReadingJsonCodec codec;
    private final Inbox inbox;
    private final DeadLetterStore deadLetters;
    private final ReadingValidation validation;

    public AsyncIngest(ReadingJsonCodec codec, Inbox inbox, DeadLetterStore deadLetters, ReadingValidation validation) {
        this.validation = validation;
        this.codec = codec;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
    }

    /** @throws MalformedBodyException when the body is not a batch of readings (kept as a dead letter first) */
    public IngestController.IngestResponse queue(String route, String peer, byte[] body) {
        List<ParsedReading> parsed;
        try {
            JsonNode root = codec.parse(body);
            // refused here rather than after the 202: nothing that cannot be decided waits in the inbox
            parsed = validation.check(codec.decode(root, route, null));
        } catch (MalformedBodyException e) {
            deadLetters.store(new DeadLetterStore.Refusal(route, peer, e.getMessage(), null, null, body));
            throw e;
        }
        List<IngestController.IngestResponse.Accepted> accepted = new ArrayList<>();
        List<IngestController.IngestResponse.Rejected> rejected = new ArrayList<>();
        List<String> queued = new ArrayList<>();
        List<DeadLetterStore.Refusal> refusals = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            ParsedReading p = parsed.get(i);
            if (p instanceof ParsedReading.Accepted a) {
                accepted.add(new IngestController.IngestResponse.Accepted(i, a.reading().deviceId(),
                        a.reading().messageId()));
                queued.add(codec.encode(a.reading()));
            } else if (p instanceof ParsedReading.Refused r) {
                rejected.add(new IngestController.IngestResponse.Rejected(i, r.deviceId(), r.messageId(), r.reason()));
                refusals.add(new DeadLetterStore.Refusal(route, peer, r.reason(), r.deviceId(), r.messageId(),
                        r.raw().getBytes(StandardCharsets.UTF_8)));
            }
        }
        inbox.enqueue(route, peer, queued, refusals);
        return new IngestController.IngestResponse(accepted, rejected);
    }
}
