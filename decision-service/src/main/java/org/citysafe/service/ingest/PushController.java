package org.citysafe.service.ingest;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.citysafe.service.deadletter.DeadLetterStore;
import org.citysafe.service.CitysafeProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * IoT platforms (NB-IoT and the like) push batches of JSON readings here, authenticated per platform by an HMAC
 * signature or a bearer token ({@link PushAuthentication}); the batch is then ingested like {@code /api/v1/readings}
 * (202, per-reading refusals). A refused request is answered 401 with its reason and kept as a dead letter.
 */
@RestController
public class PushController {

    public static final String ROUTE = "push";

    private final PushAuthentication authentication;
    private final AsyncIngest ingest;
    private final DeadLetterStore deadLetters;
    private final long maxBodyBytes;

    public PushController(PushProperties push, Clock clock, AsyncIngest ingest, DeadLetterStore deadLetters,
                          CitysafeProperties properties) {
        this.authentication = new PushAuthentication(push, clock);
        this.ingest = ingest;
        this.deadLetters = deadLetters;
        this.maxBodyBytes = properties.ingest().maxBodyBytes();
    }

    @Operation(summary = "A platform pushes readings (batch JSON); signed (X-Citysafe-Signature, X-Citysafe-Timestamp) "
            + "or with a bearer token; 202 with accepted and rejected readings, 401 with the reason")
    @PostMapping(path = "/api/v1/push/{platform}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> push(@PathVariable String platform, HttpServletRequest request) throws IOException {
        String peer = platform + "@" + request.getRemoteAddr();
        byte[] body;
        try {
            body = RequestBodies.read(request, maxBodyBytes);
        } catch (RequestBodies.TooLarge e) {
            deadLetters.store(new DeadLetterStore.Refusal(ROUTE, peer, e.getMessage() + " (first bytes kept)", null,
                    null, e.head));
            throw e;
        }
        Optional<String> refusal = authentication.refusal(platform, request.getHeader("Authorization"),
                request.getHeader(PushAuthentication.SIGNATURE), request.getHeader(PushAuthentication.TIMESTAMP), body);
        if (refusal.isPresent()) {
            deadLetters.store(new DeadLetterStore.Refusal(ROUTE, peer, "not authenticated: " + refusal.get(), null,
                    null, body));
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", refusal.get()));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(ingest.queue(ROUTE, peer, body));
    }
}
