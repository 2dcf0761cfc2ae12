package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.MetricTable;
import org.citysafe.routes.codec.ReadingMapping;
import org.citysafe.routes.codec.ReadingFlags;
import org.citysafe.rules.Reading;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns HJ 212 data uploads into canonical {@link Reading}s, one per mapped factor:
 * <ul>
 *   <li>real-time data (CN=2011) gives each factor's {@code Rtd}; minute (2051), hour (2061) and day (2031) data give
 *       {@code Avg} (or {@code Rtd} when a station sends only that). {@code Min}, {@code Max} and {@code Cou} stay
 *       in the packet for whoever needs them;</li>
 *   <li>the factor table says which metric, unit and scale a factor code becomes;</li>
 *   <li>the factor's data flag becomes a reading flag (M maintenance, C calibration, D device fault, ...).</li>
 * </ul>
 * <pre>
 * deviceId   &lt;MN&gt;.&lt;factor code&gt;   (no '/': device ids appear in MQTT topics)
 * messageId  hj212:&lt;MN&gt;:&lt;CN&gt;:&lt;QN&gt;:&lt;factor code&gt;   (no QN: dt&lt;DataTime&gt;; neither: cp&lt;hash of CP&gt;)
 * </pre>
 * A station resends a packet with the same QN until it gets the data response, so the message id deduplicates.
 * Times: the factor's {@code SampleTime}, else the packet's {@code DataTime}, in the station's zone; when neither is a
 * valid time, the QN (the send time), else the receive time, with {@link ReadingFlags#TIME_ESTIMATED}. Thread-safe.
 */
public final class Hj212ReadingMapper {

    public static final String SOURCE = "hj212";
    public static final String FACTOR_TABLE = "/org/citysafe/routes/hj212/factor-metrics.tsv";

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");
    private static final Map<String, List<String>> STATISTIC_BY_CN = Map.of(
            "2011", List.of("Rtd"),
            "2051", List.of("Avg", "Rtd"),
            "2061", List.of("Avg", "Rtd"),
            "2031", List.of("Avg", "Rtd"));
    private static final Map<String, String> FLAGS = Map.of(
            "F", ReadingFlags.STOPPED,
            "M", ReadingFlags.MAINTENANCE,
            "S", ReadingFlags.MANUAL_VALUE,
            "D", ReadingFlags.DEVICE_FAULT,
            "C", ReadingFlags.CALIBRATION,
            "T", ReadingFlags.OVER_RANGE,
            "B", ReadingFlags.COMMUNICATION_FAULT);


    private final Hj212Options options;
    private final MetricTable factorTable;

    public Hj212ReadingMapper(Hj212Options options, MetricTable factorTable) {
        this.options = options;
        this.factorTable = factorTable;
    }

    public Hj212ReadingMapper(Hj212Options options) {
        this(options, bundledFactorTable());
    }

    public static MetricTable bundledFactorTable() {
        return MetricTable.fromResource(FACTOR_TABLE);
    }

    public ReadingMapping map(Hj212Packet packet, Instant receivedAt) {
        List<String> statistics = STATISTIC_BY_CN.get(packet.cn());
        if (statistics == null) {
            return packet.cn().startsWith("2")
                    ? new ReadingMapping(List.of(), List.of("CN=" + packet.cn() + " is not a data upload this mapper maps"))
                    : ReadingMapping.empty();
        }
        Optional<LocalDateTime> dataTime = packet.cp().dataTime().flatMap(Hj212ReadingMapper::parseTime);
        Instant packetTime = dataTime
                .or(() -> Optional.ofNullable(packet.qn()).flatMap(Hj212ReadingMapper::parseTime))
                .map(t -> t.atZone(options.zone()).toInstant())
                .orElse(receivedAt);
        String occurrence = packet.qn() != null ? packet.qn()
                : packet.cp().dataTime().map(t -> "dt" + t)
                .orElseGet(() -> "cp" + Integer.toHexString(packet.cp().format().hashCode()));

        List<Reading> readings = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> factor : packet.cp().factors().entrySet()) {
            String code = factor.getKey();
            Map<String, String> values = factor.getValue();
            Optional<String> statistic = statistics.stream().filter(values::containsKey).findFirst();
            if (statistic.isEmpty()) {
                if (!values.keySet().stream().allMatch(s -> s.equals("Flag") || s.equals("EFlag")
                        || s.equals("SampleTime"))) {
                    skipped.add("factor " + code + " has no " + String.join(" or ", statistics) + " value");
                }
                continue;
            }
            Optional<MetricTable.Entry> entry = factorTable.find(code);
            if (entry.isEmpty()) {
                skipped.add("factor " + code + " has no metric in the factor table");
                continue;
            }
            String text = values.get(statistic.get());
            if (!NUMBER.matcher(text).matches()) {
                skipped.add("factor " + code + ": " + statistic.get() + " value " + Hj212Text.quoted(text)
                        + " is not a number");
                continue;
            }
            double value = entry.get().apply(Double.parseDouble(text));
            if (!Double.isFinite(value)) {
                skipped.add("factor " + code + ": " + statistic.get() + " value " + Hj212Text.quoted(text)
                        + " is out of range");
                continue;
            }
            Set<String> flags = new HashSet<>();
            String dataFlag = values.get("Flag");
            if (dataFlag != null && !dataFlag.isEmpty() && !dataFlag.equals("N")) {
                flags.add(FLAGS.getOrDefault(dataFlag, ReadingFlags.UNKNOWN_DATA_FLAG));
            }
            Optional<LocalDateTime> sampleTime = Optional.ofNullable(values.get("SampleTime"))
                    .flatMap(Hj212ReadingMapper::parseTime);
            if (sampleTime.isEmpty() && dataTime.isEmpty()) flags.add(ReadingFlags.TIME_ESTIMATED);
            Instant ts = sampleTime.map(t -> t.atZone(options.zone()).toInstant()).orElse(packetTime);
            readings.add(new Reading(packet.mn() + "." + code, entry.get().metric(), value, entry.get().unit(), ts,
                    SOURCE + ":" + packet.mn() + ":" + packet.cn() + ":" + occurrence + ":" + code, SOURCE, flags));
        }
        return new ReadingMapping(readings, skipped);
    }

    /** {@code yyyyMMddHHmmss}, optionally followed by milliseconds ({@code SSS}), as HJ 212 writes times. */
    static Optional<LocalDateTime> parseTime(String text) {
        if ((text.length() != 14 && text.length() != 17) || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        try {
            LocalDateTime time = LocalDateTime.of(Integer.parseInt(text.substring(0, 4)),
                    Integer.parseInt(text.substring(4, 6)), Integer.parseInt(text.substring(6, 8)),
                    Integer.parseInt(text.substring(8, 10)), Integer.parseInt(text.substring(10, 12)),
                    Integer.parseInt(text.substring(12, 14)));
            return Optional.of(text.length() == 17
                    ? time.plusNanos(Integer.parseInt(text.substring(14)) * 1_000_000L) : time);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
