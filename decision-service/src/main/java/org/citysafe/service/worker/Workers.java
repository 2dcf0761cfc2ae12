package org.citysafe.service.worker;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * The background loops of this instance. They start when the application is ready (routes and rules are up) and
 * stop when it begins to close, before Camel and the database pool go away, so no batch is cut in half.
 */
@Component
public class Workers {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private final List<PollingWorker> workers = new CopyOnWriteArrayList<>();
    private volatile boolean started;

    public PollingWorker register(String name, Duration interval, IntSupplier work) {
        PollingWorker worker = new PollingWorker(name, interval, work);
        workers.add(worker);
        if (started) worker.start();
        return worker;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        started = true;
        workers.forEach(PollingWorker::start);
    }

    @EventListener(ContextClosedEvent.class)
    void stop() {
        started = false;
        workers.forEach(w -> w.stop(STOP_TIMEOUT));
    }

    /** Wakes the worker once the current transaction commits (at once when there is none): its rows are visible then. */
    public static void wakeAfterCommit(PollingWorker worker) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    worker.wake();
                }
            });
        } else {
            worker.wake();
        }
    }
}
