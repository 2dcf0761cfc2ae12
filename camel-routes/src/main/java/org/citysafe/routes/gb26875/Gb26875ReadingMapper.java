package org.citysafe.routes.gb26875;

import org.citysafe.routes.codec.MetricTable;
import org.citysafe.routes.codec.ReadingMapping;
import org.citysafe.routes.codec.ReadingFlags;
import org.citysafe.rules.Reading;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns decoded GB/T 26875.3 data units into canonical {@link Reading}s.
 *
 * <ul>
 *   <li>System (type 1) and component (type 2) states become {@code fac.fire}, {@code fac.fault},
 *       {@code fac.supervisory} and {@code fac.shielded}, each 1 or 0 in unit {@code state}; the UITD's own state
 *       (type 21) becomes {@code fac.fire} and {@code fac.fault}. Power, bus and line faults count as faults.</li>
 *   <li>Analogue values (type 3) go through the analogue table: type code to metric, unit and scale.</li>
 *   <li>Operations, versions, configurations and clocks carry no measurement and give no reading.</li>
 * </ul>
 *
 * <p>Ids (documented in docs/PROTOCOLS.md):
 * <pre>
 * deviceId   uitd-&lt;source, 12 hex&gt;                                  the UITD itself (type 21)
 *            uitd-&lt;source&gt;.&lt;system type&gt;-&lt;system address&gt;              a system (type 1)
 *            uitd-&lt;source&gt;.&lt;system type&gt;-&lt;system address&gt;.&lt;component address, 8 hex&gt;   (types 2, 3)
 * messageId  gb26875:&lt;source&gt;:&lt;serial&gt;:&lt;frame time yyMMddHHmmss&gt;:&lt;object index&gt;:&lt;metric&gt;
 * </pre>
 * The message id is the same for a retransmission of the same frame, so it deduplicates; the frame time is part of
 * it because serial numbers restart at 0 on every connection.
 *
 * <p>Times are the object's own, in the device's local zone. An impossible object time falls back to the frame's
 * time, then to the receive time, and the reading gets {@link ReadingFlags#TIME_ESTIMATED}. Thread-safe.
 */
public final class Gb26875ReadingMapper {

    public static final String SOURCE = "gb26875";
    public static final String ANALOGUE_TABLE = "/org/citysafe/routes/gb26875/analogue-metrics.tsv";
    public static final String FIRE = "fac.fire";
    public static final String FAULT = "fac.fault";
    public static final String SUPERVISORY = "fac.supervisory";
    public static final String SHIELDED = "fac.shielded";
    public static final String STATE_UNIT = "state";


    private final Gb26875Options options;
    private final MetricTable analogueTable;

    public Gb26875ReadingMapper(Gb26875Options options, MetricTable analogueTable) {
        this.options = options;
        this.analogueTable = analogueTable;
    }

    public Gb26875ReadingMapper(Gb26875Options options) {
        this(options, bundledAnalogueTable());
    }

    public static MetricTable bundledAnalogueTable() {
        return MetricTable.fromResource(ANALOGUE_TABLE);
    }

    /** Readings from {@code unit}, received in {@code frame} at {@code receivedAt}; only data-carrying commands map. */
    public ReadingMapping map(Gb26875Frame frame, Gb26875DataUnit unit, Instant receivedAt) {
        if (!frame.is(Gb26875Command.SEND_DATA) && !frame.is(Gb26875Command.RESPONSE)) return ReadingMapping.empty();
        List<Reading> readings = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Gb26875InfoObject> objects = unit.objects();
        for (int index = 0; index < objects.size(); index++) {
            Gb26875InfoObject object = objects.get(index);
            Context at = new Context(frame, index, receivedAt);
            if (object instanceof Gb26875InfoObject.SystemState s) {
                String device = systemId(frame.source(), s.systemType(), s.systemAddress());
                boolean fault = s.fault() || s.mainPowerFault() || s.backupPowerFault() || s.busFault();
                states(readings, at, device, s.time(), !s.runningNormally(), s.fireAlarm(), fault, s.supervisory(),
                        s.shielded());
            } else if (object instanceof Gb26875InfoObject.ComponentState c) {
                String device = componentId(frame.source(), c.systemType(), c.systemAddress(), c.componentAddress());
                states(readings, at, device, c.time(), !c.runningNormally(), c.fireAlarm(), c.fault() || c.powerFault(),
                        c.supervisory(), c.shielded());
            } else if (object instanceof Gb26875InfoObject.UitdState u) {
                boolean fault = u.fault() || u.mainPowerFault() || u.backupPowerFault() || u.centreLinkFault()
                        || u.monitoredLineFault();
                Set<String> flags = flags(u.time(), !u.runningNormally());
                Instant ts = timestamp(u.time(), frame, receivedAt);
                String device = uitdId(frame.source());
                readings.add(reading(at, device, FIRE, u.fireAlarm() ? 1 : 0, STATE_UNIT, ts, flags));
                readings.add(reading(at, device, FAULT, fault ? 1 : 0, STATE_UNIT, ts, flags));
            } else if (object instanceof Gb26875InfoObject.ComponentAnalogue a) {
                Optional<MetricTable.Entry> entry = analogueTable.find(Integer.toString(a.analogueType()));
                if (entry.isEmpty()) {
                    skipped.add("object " + index + ": analogue type " + a.analogueType()
                            + " has no metric in the analogue table");
                    continue;
                }
                String device = componentId(frame.source(), a.systemType(), a.systemAddress(), a.componentAddress());
                readings.add(reading(at, device, entry.get().metric(), entry.get().apply(a.value()), entry.get().unit(),
                        timestamp(a.time(), frame, receivedAt), flags(a.time(), false)));
            } else if (object instanceof Gb26875InfoObject.Opaque o) {
                skipped.add("data unit type " + Gb26875DataUnit.describe(unit.type()) + " is not decoded; its "
                        + o.body().length + " bytes were not mapped");
            }
        }
        return new ReadingMapping(readings, skipped);
    }

    private void states(List<Reading> readings, Context at, String device, Gb26875Time time, boolean testBitClear,
                        boolean fire, boolean fault, boolean supervisory, boolean shielded) {
        Instant ts = timestamp(time, at.frame, at.receivedAt);
        Set<String> flags = flags(time, testBitClear);
        readings.add(reading(at, device, FIRE, fire ? 1 : 0, STATE_UNIT, ts, flags));
        readings.add(reading(at, device, FAULT, fault ? 1 : 0, STATE_UNIT, ts, flags));
        readings.add(reading(at, device, SUPERVISORY, supervisory ? 1 : 0, STATE_UNIT, ts, flags));
        readings.add(reading(at, device, SHIELDED, shielded ? 1 : 0, STATE_UNIT, ts, flags));
    }

    private Reading reading(Context at, String device, String metric, double value, String unit, Instant ts,
                            Set<String> flags) {
        return new Reading(device, metric, value, unit, ts, messageId(at.frame, at.index, metric), SOURCE, flags);
    }

    private Set<String> flags(Gb26875Time objectTime, boolean testBitClear) {
        Set<String> flags = new HashSet<>();
        if (testBitClear && options.testModeBit() == Gb26875Options.TestModeBit.STANDARD) flags.add(ReadingFlags.TEST);
        if (objectTime.toLocalDateTime().isEmpty()) flags.add(ReadingFlags.TIME_ESTIMATED);
        return flags;
    }

    private Instant timestamp(Gb26875Time objectTime, Gb26875Frame frame, Instant receivedAt) {
        Optional<LocalDateTime> local = objectTime.toLocalDateTime().or(() -> frame.time().toLocalDateTime());
        return local.map(t -> t.atZone(options.zone()).toInstant()).orElse(receivedAt);
    }

    public static String messageId(Gb26875Frame frame, int objectIndex, String metric) {
        return SOURCE + ":" + Gb26875Frame.addressHex(frame.source()) + ":" + frame.serialNo() + ":"
                + frame.time().key() + ":" + objectIndex + ":" + metric;
    }

    public static String uitdId(long source) {
        return "uitd-" + Gb26875Frame.addressHex(source);
    }

    public static String systemId(long source, int systemType, int systemAddress) {
        return uitdId(source) + "." + systemType + "-" + systemAddress;
    }

    public static String componentId(long source, int systemType, int systemAddress, long componentAddress) {
        return systemId(source, systemType, systemAddress) + "." + String.format("%08x", componentAddress);
    }

    private record Context(Gb26875Frame frame, int index, Instant receivedAt) {
    }
}
