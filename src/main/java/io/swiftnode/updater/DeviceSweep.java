package io.swiftnode.updater;

import io.swiftnode.daemon.TokenBucket;
import io.swiftnode.disk.HashPath;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;

/**
 * One device's share of a sweep (Swift's {@code object_sweep}, object-daemons.md §3.2 steps 4–6):
 * its async pendings from an {@link AsyncPendingScanner}, paced by {@code objects_per_second}
 * (a {@link TokenBucket} without burst: Swift's limiter starts without one as well), then by the
 * per-container buckets ({@link ContainerRateLimiter}, deferrals drained until
 * {@code begin + interval}), each delivered by {@link UpdateProcessor} with at most
 * {@code concurrency} in flight. Logs progress every {@code report_interval} and Swift's
 * completion line at the end.
 *
 * <p>Thread-safe to construct and share; each {@link #run} call sweeps with its own state.
 */
final class DeviceSweep {
    private static final Logger LOG = Logger.getLogger(DeviceSweep.class.getName());

    /**
     * What a device sweep is configured by.
     *
     * @param policies                        policy indexes whose async dirs are swept
     * @param concurrency                     updates in flight at once
     * @param objectsPerSecond                overall rate (0: unlimited)
     * @param maxObjectsPerContainerPerSecond per-container-bucket rate (0: off)
     * @param buckets                         number of per-container buckets
     * @param maxDeferred                     deferral queue size
     * @param reportInterval                  seconds between progress lines
     */
    record Settings(Set<Integer> policies, int concurrency, double objectsPerSecond,
            double maxObjectsPerContainerPerSecond, int buckets, long maxDeferred, double reportInterval) {
    }

    private final Settings settings;
    private final UpdateProcessor processor;
    private final ExecutorService updatePool;
    private final SweepClock clock;
    private final HashPath hashPath;
    private final Random random;

    /** @param updatePool runs the updates; must accept at least {@code concurrency} tasks at once */
    DeviceSweep(Settings settings, UpdateProcessor processor, ExecutorService updatePool, SweepClock clock,
            HashPath hashPath, Random random) {
        this.settings = settings;
        this.processor = processor;
        this.updatePool = updatePool;
        this.clock = clock;
        this.hashPath = hashPath;
        this.random = random;
    }

    /**
     * Sweeps {@code device} until its updates are done or {@code drainUntil} has passed for the
     * deferred ones; returns when every update sent has finished.
     *
     * @throws InterruptedException if interrupted; updates in flight are left to finish on their own
     */
    SweepStats run(Path device, double drainUntil) throws InterruptedException {
        SweepStats stats = new SweepStats();
        double start = clock.now();
        long pid = ProcessHandle.current().pid();
        LOG.info(() -> "Object update sweep starting on " + device + " (pid: " + pid + ")");
        AsyncPendingScanner scanner = new AsyncPendingScanner(device, settings.policies(), stats, random);
        TokenBucket overall = new TokenBucket(settings.objectsPerSecond(), 0,
                () -> (long) (clock.now() * 1e9), nanos -> clock.sleep(nanos / 1e9));
        ContainerRateLimiter limiter = new ContainerRateLimiter(() -> {
            if (!scanner.hasNext()) {
                return null;
            }
            PendingUpdate u = scanner.next();
            overall.acquire(1);
            return u;
        }, stats, clock, hashPath, settings.buckets(), settings.maxObjectsPerContainerPerSecond(),
                settings.maxDeferred(), drainUntil);

        int concurrency = Math.max(1, settings.concurrency());
        Semaphore inFlight = new Semaphore(concurrency);
        double lastReport = start;
        PendingUpdate u;
        while ((u = limiter.nextUpdate()) != null) {
            if (Thread.interrupted()) {
                throw new InterruptedException("sweep of " + device + " interrupted");
            }
            inFlight.acquire();
            PendingUpdate update = u;
            try {
                updatePool.execute(() -> {
                    try {
                        processor.process(update, stats);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        inFlight.release();
                    }
                });
            } catch (RuntimeException e) {
                inFlight.release();
                throw e;
            }
            double now = clock.now();
            if (now - lastReport >= settings.reportInterval()) {
                LOG.info(String.format(Locale.ROOT, "Object update sweep progress on %s: %.02fs, %s (pid: %d)",
                        device, now - start, stats, pid));
                lastReport = now;
            }
        }
        inFlight.acquire(concurrency); // every update has finished
        inFlight.release(concurrency);
        LOG.info(completionLine(device, clock.now() - start, stats, pid));
        return stats;
    }

    /** Swift's end-of-device line (object-daemons.md §3.4), its odd {@code seconds:,} included. */
    static String completionLine(Path device, double elapsed, SweepStats s, long pid) {
        return String.format(Locale.ROOT, "Object update sweep completed on %s in %.02fs seconds:, %d successes, "
                + "%d failures, %d quarantines, %d unlinks, %d errors, %d redirects, %d skips, %d deferrals, "
                + "%d drains (pid: %d)", device, elapsed, s.get("successes"), s.get("failures"),
                s.get("quarantines"), s.get("unlinks"), s.get("errors"), s.get("redirects"), s.get("skips"),
                s.get("deferrals"), s.get("drains"), pid);
    }
}
