package io.swiftnode.daemon;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one {@link Daemon}: passes one at a time, forever on a schedule or once on request, and
 * remembers how the last pass went.
 *
 * <p>Thread-safe: passes are serialised by a lock; the status fields are guarded by this object's
 * monitor.
 */
public final class DaemonRunner {
    private static final Logger LOG = Logger.getLogger(DaemonRunner.class.getName());

    private final Daemon daemon;
    private final ReentrantLock passLock = new ReentrantLock();

    private boolean scheduled;
    private boolean stopped;
    private boolean running;
    private long passes;
    private Double lastStart;
    private Double lastEnd;
    private String lastError;
    private Double nextPass;
    private Map<String, Object> lastStats = Map.of();
    private ScheduledFuture<?> next;
    private ScheduledExecutorService executor;

    public DaemonRunner(Daemon daemon) {
        this.daemon = daemon;
    }

    public Daemon daemon() {
        return daemon;
    }

    /** Starts run-forever mode: the first pass after {@link Daemon#firstDelay()}, then every interval. */
    public synchronized void startForever(ScheduledExecutorService executor) {
        this.executor = executor;
        scheduled = true;
        scheduleNext(daemon.firstDelay());
    }

    /** Stops scheduling and interrupts a running scheduled pass. */
    public synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(true);
            next = null;
        }
        nextPass = null;
    }

    /**
     * Runs one pass now in the calling thread, after any pass in progress ends.
     *
     * @return the pass's statistics
     * @throws InterruptedException if interrupted while waiting or during the pass
     * @throws IllegalStateException if the application is stopping
     */
    public Map<String, Object> runOnce() throws InterruptedException {
        passLock.lockInterruptibly();
        try {
            double start = now();
            synchronized (this) {
                if (stopped) {
                    throw new IllegalStateException(daemon.name() + " is stopped");
                }
                running = true;
                lastStart = start;
            }
            Map<String, Object> stats = null;
            String error = null;
            try {
                stats = daemon.runPass();
                return stats;
            } catch (RuntimeException | Error e) {
                error = e.toString();
                throw e;
            } finally {
                synchronized (this) {
                    running = false;
                    if (error == null && stats != null) {
                        passes++;
                        lastEnd = now();
                        lastStats = new LinkedHashMap<>(stats);
                        lastError = null;
                    } else if (error != null) {
                        lastEnd = now();
                        lastError = error;
                    }
                }
            }
        } finally {
            passLock.unlock();
        }
    }

    /** The daemon's state now. */
    public synchronized DaemonStatus status() {
        DaemonState state = stopped ? DaemonState.STOPPED
                : running ? DaemonState.RUNNING
                : scheduled ? DaemonState.IDLE : DaemonState.DISABLED;
        return new DaemonStatus(daemon.name(), state, daemon.interval(), passes, lastStart, lastEnd, lastError,
                nextPass, lastStats);
    }

    private synchronized void scheduleNext(double delaySeconds) {
        if (stopped) {
            return;
        }
        long delayMs = Math.max(0, Math.round(delaySeconds * 1000));
        nextPass = now() + delayMs / 1000.0;
        next = executor.schedule(this::scheduledPass, delayMs, TimeUnit.MILLISECONDS);
    }

    private void scheduledPass() {
        synchronized (this) {
            nextPass = null;
        }
        long started = System.nanoTime();
        try {
            runOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (IllegalStateException e) {
            return; // stopping
        } catch (RuntimeException | Error e) {
            // Swift's run_forever logs and goes on with the next pass
            LOG.log(Level.SEVERE, "Unhandled exception in " + daemon.name() + " pass", e);
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        scheduleNext(daemon.intervalFromPassStart() ? daemon.interval() - elapsed : daemon.interval());
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }
}
