package org.citysafe.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * Per-route ingest meters, at /actuator/prometheus: every input a route hands on ends as accepted (decided and
 * stored) or refused (a dead letter), so {@code received = accepted + refused};
 * {@code citysafe_ingest_latency_seconds} is the time from the route handing a batch over to its decisions being
 * stored, which is when a route acknowledges its transport.
 * <pre>
 * citysafe_ingest_received_total{route}   citysafe_ingest_accepted_total{route}   citysafe_ingest_refused_total{route}
 * citysafe_ingest_latency_seconds{route}  (count, sum, max; histogram buckets)
 * </pre>
 */
public final class IngestMeters {

    private final MeterRegistry registry;

    public IngestMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted(String route, int count) {
        if (count <= 0) return;
        received(route, count);
        counter("citysafe.ingest.accepted", "readings decided and stored", route).increment(count);
    }

    public void refused(String route, int count) {
        if (count <= 0) return;
        received(route, count);
        counter("citysafe.ingest.refused", "inputs refused and kept as dead letters", route).increment(count);
    }

    public void latency(String route, Duration elapsed) {
        Timer.builder("citysafe.ingest.latency").description("from a route handing a batch over to its decisions stored")
                .tag("route", route).publishPercentileHistogram().register(registry).record(elapsed);
    }

    private void received(String route, int count) {
        counter("citysafe.ingest.received", "inputs received (readings, frames, bodies)", route).increment(count);
    }

    private Counter counter(String name, String description, String route) {
        return Counter.builder(name).description(description).tag("route", route).register(registry);
    }
}
