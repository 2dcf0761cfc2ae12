package org.citysafe.service.decision;

import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Reading;
import org.citysafe.rules.Reason;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.service.deadletter.DeadLetterStore;
import org.citysafe.service.registry.DeviceRegistry;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The first step of a batch: which readings may be decided. A reading is refused (and kept as a dead letter with its
 * reason) when its parsing failed, its device is unknown or does not report the metric, or it repeats a message of
 * its device earlier in the batch or already decided.
 */
@Component
public class ReadingAdmission {

    private final DeviceRegistry registry;
    private final DeviceTypeCatalog deviceTypes;
    private final ReadingLog readingLog;

    public ReadingAdmission(DeviceRegistry registry, DeviceTypeCatalog deviceTypes, ReadingLog readingLog) {
        this.registry = registry;
        this.deviceTypes = deviceTypes;
        this.readingLog = readingLog;
    }

    /** A reading to decide: its place in the batch, with its registered device. */
    public record Candidate(int index, Reading reading, Device device, String raw) {
    }

    /**
     * What admission made of a batch.
     *
     * @param decisions  by place in the batch: the REJECTED decisions, null where a candidate is to be decided
     * @param candidates the readings to decide, in batch order
     * @param refusals   the dead letters of the rejected ones
     */
    public record Admitted(Decision[] decisions, List<Candidate> candidates, List<DeadLetterStore.Refusal> refusals) {
    }

    /** With {@code dryRun}, duplicates are not looked for: the same readings can be tried again and again. */
    public Admitted admit(String route, String peer, List<ParsedReading> readings, boolean dryRun) {
        Decision[] out = new Decision[readings.size()];
        List<DeadLetterStore.Refusal> refusals = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();
        for (int i = 0; i < readings.size(); i++) {
            ParsedReading parsed = readings.get(i);
            String refusal = null;
            String deviceId = null;
            String messageId = null;
            if (parsed instanceof ParsedReading.Refused r) {
                refusal = r.reason();
                deviceId = r.deviceId();
                messageId = r.messageId();
            } else if (parsed instanceof ParsedReading.Accepted a) {
                Reading reading = a.reading();
                deviceId = reading.deviceId();
                messageId = reading.messageId();
                Device device = registry.find(deviceId).orElse(null);
                if (device == null) {
                    refusal = "unknown device '" + deviceId + "': register it with POST /api/v1/devices";
                } else if (!reportsMetric(device, reading.metric())) {
                    refusal = "device '" + deviceId + "' of type " + device.deviceType() + " does not report "
                            + reading.metric();
                } else if (!dryRun && !inBatch.add(deviceId + '\u0000' + messageId)) {
                    refusal = "duplicate: message '" + messageId + "' of device '" + deviceId
                            + "' appears earlier in this batch";
                } else {
                    candidates.add(new Candidate(i, reading, device, a.raw()));
                }
            }
            if (refusal != null) {
                out[i] = Decision.rejected(deviceId, messageId, Reason.of("ingest.rejected", refusal, null));
                refusals.add(refusal(route, peer, refusal, deviceId, messageId, parsed.raw()));
            }
        }
        if (!dryRun && !candidates.isEmpty()) candidates = withoutDecided(route, peer, candidates, out, refusals);
        return new Admitted(out, candidates, refusals);
    }

    /** The candidates whose message was not decided before; the others are refused as duplicates. */
    private List<Candidate> withoutDecided(String route, String peer, List<Candidate> candidates, Decision[] out,
                                           List<DeadLetterStore.Refusal> refusals) {
        Set<String> known = readingLog.alreadyDecided(candidates.stream().map(Candidate::reading).toList());
        List<Candidate> fresh = new ArrayList<>();
        for (Candidate c : candidates) {
            Reading r = c.reading();
            if (known.contains(r.deviceId() + '\u0000' + r.messageId())) {
                String refusal = "duplicate: message '" + r.messageId() + "' of device '" + r.deviceId()
                        + "' was already decided";
                out[c.index()] = Decision.rejected(r.deviceId(), r.messageId(), Reason.of("ingest.duplicate", refusal,
                        null));
                refusals.add(refusal(route, peer, refusal, r.deviceId(), r.messageId(), c.raw()));
            } else {
                fresh.add(c);
            }
        }
        return fresh;
    }

    private static DeadLetterStore.Refusal refusal(String route, String peer, String reason, String deviceId,
                                                   String messageId, String raw) {
        return new DeadLetterStore.Refusal(route, peer, reason, deviceId, messageId,
                raw.getBytes(StandardCharsets.UTF_8));
    }

    private boolean reportsMetric(Device device, String metric) {
        return deviceTypes.find(device.deviceType()).map(t -> t.reports(metric)).orElse(false);
    }
}
