package org.citysafe.service.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * A background loop over work kept in PostgreSQL (due timers, messages to send). It runs the work, goes straight
 * on while there was some, and otherwise sleeps for the poll interval or until {@link #wake()}: rows written by
 * another instance are found by polling, rows written here are picked up at once.
 */
public final class PollingWorker {

    private static final Logger log = LoggerFactory.getLogger(PollingWorker.class);
    private static final Duration MAX_ERROR_PAUSE = Duration.ofSeconds(5);

    private final String name;
    private final Duration interval;
    private final IntSupplier work;
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    /** @param work does one batch and returns how many items it handled; 0 when nothing was due */
    PollingWorker(String name, Duration interval, IntSupplier work) {
        this.name = name;
        this.interval = interval;
        this.work = work;
    }

    public String name() {
        return name;
    }

    /** Look for work now instead of at the end of the poll interval. Safe to call from any thread, any time. */
    public void wake() {
        if (signal.availablePermits() == 0) signal.release();
    }

    synchronized void start() {
        if (running) return;
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the batch in hand, so that nothing is left half done. */
    synchronized void stop(Duration timeout) {
        if (!running) return;
        running = false;
        signal.release();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        int failures = 0;
        while (running) {
            int done;
            try {
                done = work.getAsInt();
                failures = 0;
            } catch (RuntimeException e) {
                failures++;
                done = 0;
                if (failures == 1 || failures % 100 == 0) {
                    log.warn("{}: work failed ({} time(s) in a row), trying again", name, failures, e);
                }
            }
            if (done > 0 && failures == 0) continue;
            long pause = failures == 0 ? interval.toMillis()
                    : Math.min(MAX_ERROR_PAUSE.toMillis(), interval.toMillis() * (1L << Math.min(failures, 6)));
            try {
                if (signal.tryAcquire(pause, TimeUnit.MILLISECONDS)) signal.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
