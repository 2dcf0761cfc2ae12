package org.citysafe.scenarios.quality;

import org.citysafe.rules.Device;
import org.citysafe.rules.Reading;
import org.citysafe.rules.catalog.DeviceType;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.catalog.Metric;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.scenarios.quality.Family.Plan;
import org.citysafe.scenarios.quality.Family.Track;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Draws episodes from the {@link Families}: a plan, a reporting interval, sensor noise at the metric's noise floor
 * (one to two times it), values quantised to its resolution and clipped to its range, and the transport's faults:
 * duplicates, re-deliveries of old readings, out-of-order blocks, the device clock's skew and gaps. The same seed
 * gives the same corpus.
 */
final class EpisodeGenerator {

    private static final MetricCatalog METRICS = MetricCatalog.bundled();
    private static final DeviceTypeCatalog TYPES = DeviceTypeCatalog.bundled();
    static final Instant EPOCH = Instant.parse("2026-12-01T00:00:00Z");

    /** One generated episode: its devices, its readings in delivery order, and when each was truly taken. */
    record Episode(String id, Family family, int intervalSeconds, Instant onset, List<Device> devices,
                   List<Reading> readings, long skewSeconds) {

        /** When a reading (or a re-examination of one) was truly taken: its device time less the clock's skew. */
        Instant trueTime(Reading r) {
            return r.ts().minusSeconds(skewSeconds);
        }
    }

    private EpisodeGenerator() {
    }

    /** {@code count} episodes, the families taken in turn. */
    static List<Episode> generate(long seed, int count, String prefix) {
        List<Family> families = Families.all();
        Random r = new Random(seed);
        List<Episode> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(episode(prefix + i, families.get(i % families.size()), r));
        return out;
    }

    static Episode episode(String id, Family family, Random r) {
        Plan plan = family.maker().make(r);
        int interval = family.intervals()[r.nextInt(family.intervals().length)];
        DeviceType type = TYPES.find(family.deviceType()).orElseThrow();
        Device device = new Device(id + "-dev", type.name(), type.scenario(), "site-" + id, "yangzhou/guangling/generated",
                null, interval, null, List.of(), Set.of());
        // the onset falls on a sample of the device's schedule, so that a transient is seen by at least one sample
        double before = Math.max(plan.beforeSeconds(), 5.0 * interval);
        long startOffset = (long) (r.nextDouble() * 86_400);
        Instant onset = EPOCH.plusSeconds(startOffset + (long) Math.ceil(before / interval) * interval);
        double after = Math.max(plan.afterSeconds(), 8.0 * interval);
        long skew = r.nextDouble() < 0.3 ? (long) ((r.nextDouble() * 2 - 1) * 90) : 0;
        double noiseScale = 1 + r.nextDouble();

        record Sample(Instant trueTs, String metric, double value) {
        }
        List<Sample> samples = new ArrayList<>();
        for (Track track : plan.tracks()) {
            Metric m = METRICS.find(track.metric()).orElseThrow();
            for (double t = -Math.ceil(before / interval) * interval; t <= after; t += interval) {
                double v = track.shape().at(t);
                boolean binary = m.canonicalUnit().equals("state");
                boolean exact = binary || (track.frozenAfterOnset() && t >= 0);
                if (!exact) v += r.nextGaussian() * m.noiseFloor() * noiseScale;
                v = binary ? (v >= 0.5 ? 1 : 0) : quantise(v, m);
                samples.add(new Sample(onset.plusMillis((long) (t * 1000)), track.metric(), v));
            }
            if (m.canonicalUnit().equals("state")) {
                // an on/off device reports each change as it happens (alarm, alarm cleared), besides its heartbeat
                double previous = track.shape().at(-before) >= 0.5 ? 1 : 0;
                for (double t = -before; t <= after; t += 1) {
                    double v = track.shape().at(t) >= 0.5 ? 1 : 0;
                    if (v != previous) samples.add(new Sample(onset.plusMillis((long) (t * 1000)), track.metric(), v));
                    previous = v;
                }
            }
        }
        samples.sort((a, b) -> a.trueTs().compareTo(b.trueTs()));

        // gaps: a run of lost samples somewhere in a quarter of the episodes
        Set<Integer> lost = new HashSet<>();
        if (r.nextDouble() < 0.25) {
            int from = r.nextInt(samples.size());
            int length = 2 + r.nextInt(5);
            for (int k = from; k < Math.min(samples.size(), from + length); k++) lost.add(k);
        }
        List<Reading> delivered = new ArrayList<>();
        List<Reading> redeliver = new ArrayList<>();
        int seq = 0;
        for (int k = 0; k < samples.size(); k++) {
            if (lost.contains(k)) continue;
            Sample s = samples.get(k);
            Instant deviceTs = s.trueTs().plusSeconds(skew);
            boolean flagged = !plan.flags().isEmpty() && !s.trueTs().isBefore(onset);
            String messageId = id + ":" + (seq++);
            Reading reading = new Reading(device.deviceId(), s.metric(), s.value(), METRICS.find(s.metric()).orElseThrow()
                    .canonicalUnit(), deviceTs, messageId, "generated", flagged ? plan.flags() : Set.of());
            delivered.add(reading);
            if (r.nextDouble() < 0.03) delivered.add(reading);                  // a duplicate, at once
            if (r.nextDouble() < 0.02) redeliver.add(reading);                  // re-sent later from the device's buffer
            if (!redeliver.isEmpty() && r.nextDouble() < 0.3) delivered.add(redeliver.remove(0));
        }
        delivered.addAll(redeliver);
        // an out-of-order block: a gateway flushes 2-4 buffered readings in reverse
        if (r.nextDouble() < 0.2 && delivered.size() > 6) {
            int from = r.nextInt(delivered.size() - 4);
            Collections.reverse(delivered.subList(from, from + 2 + r.nextInt(3)));
        }
        return new Episode(id, family, interval, onset, List.of(device), List.copyOf(delivered), skew);
    }

    static double quantise(double v, Metric m) {
        double q = Math.round(v / m.resolution()) * m.resolution();
        q = Math.max(m.instrumentMin(), Math.min(m.instrumentMax(), q));
        // round the binary noise of the step away, so equal samples are exactly equal
        return Double.parseDouble(String.format(Locale.ROOT, "%.6f", q));
    }
}
