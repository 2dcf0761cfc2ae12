package org.citysafe.routes.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads JSON readings, the format shared by HTTP, MQTT and Kafka:
 * <pre>{"deviceId":"gas-7","metric":"gas.concentration","value":23.5,"unit":"%LEL",
 *  "ts":"2026-11-22T10:15:30+08:00","messageId":"m-1","flags":["MAINTENANCE"]}</pre>
 * A body is one such object, an array of them, or {@code {"readings":[...]}}. Each element is checked on its own:
 * known metric, a value that is a JSON number (not a boolean, not a string), a unit the metric accepts (converted to the canonical unit here), a timestamp with
 * an offset and not too far in the future. A missing messageId is derived from the content, so that an identical
 * retransmission is recognised as a duplicate.
 */
public final class ReadingJsonCodec {

    /** Network and batching delays never put a reading this far ahead of the service's clock. */
    static final Duration CLOCK_AHEAD_TOLERANCE = Duration.ofSeconds(60);

    private final ObjectMapper json;
    private final MetricCatalog metrics;
    private final Clock clock;
    private final Duration maxFutureSkew;
    private final int maxBatchSize;

    public ReadingJsonCodec(ObjectMapper json, MetricCatalog metrics, Clock clock, Duration maxFutureSkew,
                            int maxBatchSize) {
        this.json = json;
        this.metrics = metrics;
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
        this.maxBatchSize = maxBatchSize;
    }

    /** Parses a body, refusing it whole when it is not JSON. */
    public JsonNode parse(byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            if (root == null || root.isMissingNode()) throw new MalformedBodyException("body is empty");
            return root;
        } catch (IOException e) {
            throw new MalformedBodyException("body is not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * @param defaultDeviceId used for elements that carry no deviceId (e.g. from the MQTT topic); may be null
     * @throws MalformedBodyException when the body is not JSON of one of the accepted shapes, or too large
     */
    public List<ParsedReading> decode(byte[] body, String source, String defaultDeviceId) {
        return decode(parse(body), source, defaultDeviceId);
    }

    /** As {@link #decode(byte[], String, String)}, for a body already parsed (e.g. to read other fields of it). */
    public List<ParsedReading> decode(JsonNode root, String source, String defaultDeviceId) {
        if (root == null || root.isMissingNode()) throw new MalformedBodyException("body is empty");
        JsonNode elements;
        if (root.isArray()) {
            elements = root;
        } else if (root.isObject() && root.has("readings")) {
            elements = root.get("readings");
            if (!elements.isArray()) throw new MalformedBodyException("'readings' must be an array");
        } else if (root.isObject()) {
            elements = json.createArrayNode().add(root);
        } else {
            throw new MalformedBodyException("body must be a reading object, an array of readings or {\"readings\":[...]}");
        }
        if (elements.size() > maxBatchSize) {
            throw new MalformedBodyException("batch of " + elements.size() + " readings exceeds the limit of "
                    + maxBatchSize + "; split it");
        }
        List<ParsedReading> out = new ArrayList<>(elements.size());
        for (JsonNode element : elements) out.add(decodeOne(element, source, defaultDeviceId));
        return out;
    }

    ParsedReading decodeOne(JsonNode node, String source, String defaultDeviceId) {
        String raw = node.toString();
        if (!node.isObject()) return new ParsedReading.Refused(null, null, "a reading must be a JSON object", raw);
        String deviceId = text(node, "deviceId");
        String messageId = text(node, "messageId");
        if (deviceId == null) deviceId = defaultDeviceId;
        else if (defaultDeviceId != null && !defaultDeviceId.equals(deviceId)) {
            return new ParsedReading.Refused(deviceId, messageId, "deviceId '" + deviceId
                    + "' does not match the device '" + defaultDeviceId + "' it was sent for", raw);
        }
        if (deviceId == null || deviceId.isBlank()) return refused(null, messageId, "deviceId is missing", raw);
        String metricName = text(node, "metric");
        if (metricName == null) return refused(deviceId, messageId, "metric is missing", raw);
        Metric metric = metrics.find(metricName).orElse(null);
        if (metric == null) return refused(deviceId, messageId, "unknown metric '" + metricName + "'", raw);

        JsonNode valueNode = node.get("value");
        double value;
        if (valueNode == null || valueNode.isNull()) return refused(deviceId, messageId, "value is missing", raw);
        // only a JSON number is a value: neither true (a state is 1 or 0) nor "60" (a string) is guessed at
        if (valueNode.isNumber()) {
            value = valueNode.doubleValue();
        } else if (valueNode.isBoolean()) {
            return refused(deviceId, messageId, "value " + valueNode + " is a boolean, not a number; a state is sent"
                    + " as 1 or 0", raw);
        } else if (valueNode.isTextual() && looksNumeric(valueNode.textValue())) {
            return refused(deviceId, messageId, "value " + valueNode + " is a string, not a number; send the number"
                    + " without quotes", raw);
        } else {
            return refused(deviceId, messageId, "value " + valueNode + " is not a number", raw);
        }
        if (!Double.isFinite(value)) return refused(deviceId, messageId, "value is not a finite number", raw);

        String unit = text(node, "unit");
        var canonical = metric.toCanonical(value, unit == null ? "" : unit);
        if (canonical.isEmpty()) {
            return refused(deviceId, messageId, (unit == null ? "unit is missing" : "unit '" + unit + "' is wrong")
                    + " for " + metricName + "; accepted: " + String.join(", ", acceptedUnits(metric)), raw);
        }

        String tsText = text(node, "ts");
        if (tsText == null) return refused(deviceId, messageId, "timestamp 'ts' is missing", raw);
        Instant ts;
        try {
            ts = OffsetDateTime.parse(tsText).toInstant();
        } catch (DateTimeParseException e) {
            return refused(deviceId, messageId, "timestamp '" + tsText
                    + "' is not ISO-8601 with an offset, e.g. 2026-11-22T10:15:30+08:00", raw);
        }
        Instant latest = clock.instant().plus(maxFutureSkew);
        if (ts.isAfter(latest)) {
            return refused(deviceId, messageId, "timestamp " + tsText + " is more than " + maxFutureSkew.toSeconds()
                    + " s in the future (device clock skew?)", raw);
        }
        Set<String> flags = new LinkedHashSet<>();
        JsonNode flagsNode = node.get("flags");
        if (flagsNode != null && flagsNode.isArray()) flagsNode.forEach(f -> flags.add(f.asText()));
        // within the tolerance, but ahead: decided, and the device's clock is reported as a fault
        if (ts.isAfter(clock.instant().plus(CLOCK_AHEAD_TOLERANCE))) flags.add("CLOCK_AHEAD");
        if (messageId == null) messageId = derivedMessageId(deviceId, metricName, value, unit, tsText);
        Reading reading = new Reading(deviceId, metricName, canonical.get(), metric.canonicalUnit(), ts, messageId,
                source, flags);
        return new ParsedReading.Accepted(reading, raw);
    }

    /** Canonical JSON of a reading, as stored and as replayed. */
    public String encode(Reading r) {
        ObjectNode node = json.createObjectNode();
        node.put("deviceId", r.deviceId()).put("metric", r.metric()).put("value", r.value()).put("unit", r.unit())
                .put("ts", r.ts().toString()).put("messageId", r.messageId());
        if (!r.flags().isEmpty()) {
            var flags = node.putArray("flags");
            r.flags().forEach(flags::add);
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean looksNumeric(String text) {
        try {
            Double.parseDouble(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<String> acceptedUnits(Metric metric) {
        List<String> units = new ArrayList<>();
        units.add(metric.canonicalUnit());
        metric.acceptedUnits().keySet().stream().filter(u -> !u.isEmpty()).sorted()
                .filter(u -> !u.equalsIgnoreCase(metric.canonicalUnit())).forEach(units::add);
        return units;
    }

    private static ParsedReading refused(String deviceId, String messageId, String reason, String raw) {
        return new ParsedReading.Refused(deviceId, messageId, reason, raw);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    private static String derivedMessageId(String deviceId, String metric, double value, String unit, String ts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((deviceId + '|' + metric + '|' + value + '|' + unit + '|' + ts)
                    .getBytes(StandardCharsets.UTF_8));
            return "auto-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
