package org.citysafe.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.servlet.http.HttpServletRequest;
import org.citysafe.routes.ingest.MalformedBodyException;
import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.rules.Decision;
import org.citysafe.service.CitysafeProperties;
import org.citysafe.service.deadletter.DeadLetterStore;
import org.citysafe.service.decision.DecisionCoalescer;
import org.citysafe.service.decision.DecisionService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.List;

/**
 * The operations platform's entry points: synchronous decisions and asynchronous ingest. Bodies are read as bytes
 * and decoded element by element, so one bad reading is answered on its own and never fails its batch.
 */
@RestController
@RequestMapping("/api/v1")
public class IngestController {

    public static final String ROUTE = "http";

    private final ReadingJsonCodec codec;
    private final DecisionService decisions;
    private DecisionCoalescer coalescer;

    /** Synchronous decisions go through group commit (several requests, one transaction, when they queue up). */
    @Autowired
    void setCoalescer(DecisionCoalescer coalescer) {
        this.coalescer = coalescer;
    }
    private final AsyncIngest asyncIngest;
    private final DeadLetterStore deadLetters;
    private final long maxBodyBytes;

    public IngestController(ReadingJsonCodec codec, DecisionService decisions, AsyncIngest asyncIngest,
                            DeadLetterStore deadLetters, CitysafeProperties properties) {
        this.codec = codec;
        this.decisions = decisions;
        this.asyncIngest = asyncIngest;
        this.deadLetters = deadLetters;
        this.maxBodyBytes = properties.ingest().maxBodyBytes();
    }

    public record DecisionsResponse(List<Decision> decisions) {
    }

    public record RequestBodyShape(List<Object> readings, boolean dryRun) {
    }

    @Operation(summary = "Decide readings now and return one decision per reading, in order",
            requestBody = @RequestBody(content = @Content(
                    schema = @Schema(implementation = RequestBodyShape.class))))
    @PostMapping(path = "/decisions", consumes = MediaType.APPLICATION_JSON_VALUE)
    public DecisionsResponse decide(HttpServletRequest request) throws IOException {
        String peer = peer(request);
        byte[] body = readBody(request, peer);
        JsonNode root = parseOrRefuse(body, peer);
        boolean dryRun = root.path("dryRun").asBoolean(false);
        List<ParsedReading> parsed = decodeOrRefuse(root, body, peer);
        return new DecisionsResponse(coalescer.decide(ROUTE, peer, parsed, dryRun));
    }

    /** @param accepted index and messageId of each reading queued for decision */
    public record IngestResponse(List<Accepted> accepted, List<Rejected> rejected) {
        public record Accepted(int index, String deviceId, String messageId) {
        }

        public record Rejected(int index, String deviceId, String messageId, String reason) {
        }
    }

    @Operation(summary = "Accept readings for asynchronous decision (202); bad readings are refused with reasons")
    @PostMapping(path = "/readings", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<IngestResponse> ingest(HttpServletRequest request) throws IOException {
        String peer = peer(request);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(asyncIngest.queue(ROUTE, peer, readBody(request, peer)));
    }

    private byte[] readBody(HttpServletRequest request, String peer) throws IOException {
        try {
            return RequestBodies.read(request, maxBodyBytes);
        } catch (RequestBodies.TooLarge e) {
            deadLetters.store(new DeadLetterStore.Refusal(ROUTE, peer, e.getMessage() + " (first bytes kept)", null,
                    null, e.head));
            throw e;
        }
    }

    private JsonNode parseOrRefuse(byte[] body, String peer) {
        try {
            return codec.parse(body);
        } catch (MalformedBodyException e) {
            deadLetters.store(new DeadLetterStore.Refusal(ROUTE, peer, e.getMessage(), null, null, body));
            throw e;
        }
    }

    private List<ParsedReading> decodeOrRefuse(JsonNode root, byte[] body, String peer) {
        try {
            return codec.decode(root, ROUTE, null);
        } catch (MalformedBodyException e) {
            deadLetters.store(new DeadLetterStore.Refusal(ROUTE, peer, e.getMessage(), null, null, body));
            throw e;
        }
    }

    private static String peer(HttpServletRequest request) {
        String user = request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
        return user + "@" + request.getRemoteAddr();
    }
}
