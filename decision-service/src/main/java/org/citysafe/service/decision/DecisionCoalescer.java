package org.citysafe.service.decision;

import org.citysafe.routes.ingest.ParsedReading;
import org.citysafe.service.web.ServiceBusyException;
import org.citysafe.rules.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit for synchronous decisions. The operations platform asks for decisions one reading at a time, many at
 * once; each request on its own is a transaction of about eight statements. Requests that arrive while a batch is
 * being decided wait together and are decided as one batch, in arrival order, each getting back its own decisions.
 * Nothing waits for company: a request that finds the service idle is decided at once, so this adds no latency at
 * low load and removes most of the per-request cost at high load. Requests from different peers are not mixed (the
 * peer is recorded with what is refused), and dry runs are decided on their own.
 */
@Component
public class DecisionCoalescer {

    private static final Logger log = LoggerFactory.getLogger(DecisionCoalescer.class);

    private record Request(String route, String peer, List<ParsedReading> readings,
                           CompletableFuture<List<Decision>> result) {
    }

    private final DecisionService decisions;
    private final boolean enabled;
    private final int maxReadings;
    private final LinkedBlockingDeque<Request> queue = new LinkedBlockingDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    public DecisionCoalescer(DecisionService decisions,
                             @Value("${citysafe.decision.coalesce.enabled:true}") boolean enabled,
                             @Value("${citysafe.decision.coalesce.max-readings:500}") int maxReadings,
                             @Value("${citysafe.decision.coalesce.workers:2}") int workerCount) {
        this.decisions = decisions;
        this.enabled = enabled;
        this.maxReadings = maxReadings;
        if (enabled) {
            for (int i = 0; i < workerCount; i++) {
                Thread t = new Thread(this::work, "decision-coalescer-" + i);
                t.setDaemon(true);
                t.start();
                workers.add(t);
            }
        }
    }

    /** Decides a request's readings, possibly in one batch with others; the decisions are this request's, in order. */
    public List<Decision> decide(String route, String peer, List<ParsedReading> readings, boolean dryRun) {
        if (!enabled || dryRun || readings.isEmpty()) return decisions.decide(route, peer, readings, dryRun);
        Request r = new Request(route, peer, readings, new CompletableFuture<>());
        queue.add(r);
        try {
            return r.result().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the decision was being made", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new ServiceBusyException("no decision within 60 s: the service is overloaded");
        }
    }

    private void work() {
        while (running) {
            Request first;
            try {
                first = queue.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) continue;
            List<Request> group = new ArrayList<>();
            group.add(first);
            int size = first.readings().size();
            while (size < maxReadings) {
                Request next = queue.pollFirst();
                if (next == null) break;
                if (!next.peer().equals(first.peer()) || !next.route().equals(first.route())
                        || size + next.readings().size() > maxReadings) {
                    queue.offerFirst(next);
                    break;
                }
                group.add(next);
                size += next.readings().size();
            }
            decideGroup(group, size);
        }
    }

    private void decideGroup(List<Request> group, int size) {
        try {
            List<ParsedReading> all = new ArrayList<>(size);
            for (Request r : group) all.addAll(r.readings());
            List<Decision> decided = decisions.decide(group.get(0).route(), group.get(0).peer(), all, false);
            int at = 0;
            for (Request r : group) {
                r.result().complete(List.copyOf(decided.subList(at, at + r.readings().size())));
                at += r.readings().size();
            }
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).result().completeExceptionally(e);
                return;
            }
            // one request's readings must not fail the others': each decided alone, each answered for itself
            log.warn("deciding {} requests together failed: {}; deciding them one by one", group.size(), e.toString());
            for (Request r : group) decideGroup(List.of(r), r.readings().size());
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        workers.forEach(Thread::interrupt);
    }
}
