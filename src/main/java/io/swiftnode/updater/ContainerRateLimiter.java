package io.swiftnode.updater;

import io.swiftnode.disk.HashPath;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * {@code max_objects_per_container_per_second} (object-daemons.md §3.2 step 5), as Swift's
 * {@code BucketizedUpdateSkippingLimiter}: wraps a sweep's updates; each update maps to one of
 * {@code per_container_ratelimit_buckets} buckets by the hash of its {@code account/container}
 * with a random salt. An update whose bucket is busy is deferred ({@code deferrals}) to a queue of
 * at most {@code max_deferred_updates} (0: not deferred but skipped); when the queue is full the
 * least recently deferred update is dropped ({@code skips}). Once the wrapped updates are
 * exhausted, deferred ones are handed out bucket by bucket in order of readiness, newest first in
 * each bucket, waiting for the bucket ({@code drains}) until {@code drain_until}; whatever is left
 * then is skipped. So {@code skips + drains == deferrals} at the end.
 *
 * <p>Not thread-safe: the sweep thread pulls from it.
 */
final class ContainerRateLimiter {
    /** An iterator step that may sleep (rate limits) and so be interrupted. */
    interface Source {
        /** The next update, or null when there are none. */
        PendingUpdate next() throws InterruptedException;
    }

    private static final Logger LOG = Logger.getLogger(ContainerRateLimiter.class.getName());

    private final Source source;
    private final SweepStats stats;
    private final SweepClock clock;
    private final HashPath hashPath;
    private final RateBucket[] buckets;
    private final long maxDeferred;
    private final double drainUntil;
    private final String salt = UUID.randomUUID().toString();
    private final Deque<RateBucket> deferredOrder = new ArrayDeque<>();
    private PriorityQueue<RateBucket> byReadiness;

    ContainerRateLimiter(Source source, SweepStats stats, SweepClock clock, HashPath hashPath, int numBuckets,
            double maxPerContainerPerSecond, long maxDeferred, double drainUntil) {
        this.source = source;
        this.stats = stats;
        this.clock = clock;
        this.hashPath = hashPath;
        this.buckets = new RateBucket[Math.max(1, numBuckets)];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new RateBucket(maxPerContainerPerSecond);
        }
        this.maxDeferred = maxDeferred;
        this.drainUntil = drainUntil;
    }

    private RateBucket bucket(PendingUpdate u) {
        String[] ac = u.accountContainer();
        BigInteger h = new BigInteger(1, hashPath.digest(ac[0], ac[1], salt));
        return buckets[h.mod(BigInteger.valueOf(buckets.length)).intValue()];
    }

    /**
     * The next update to send, or null when the sweep's updates are done. An update whose
     * {@code container_path} is malformed is counted as an error and left on disk (Swift's sweep
     * of the device would end there).
     */
    PendingUpdate nextUpdate() throws InterruptedException {
        PendingUpdate u;
        while ((u = source.next()) != null) {
            RateBucket b;
            try {
                b = bucket(u);
            } catch (IllegalArgumentException e) {
                stats.errors.incrementAndGet();
                Path f = u.file();
                LOG.severe(() -> "ERROR async pending " + f + ": " + e.getMessage());
                continue;
            }
            if (b.isAllowed(clock.now())) {
                return u;
            }
            stats.deferrals.incrementAndGet();
            if (maxDeferred > 0) {
                if (deferredOrder.size() >= maxDeferred) {
                    deferredOrder.poll().deferred.poll();
                    stats.skips.incrementAndGet();
                }
                b.deferred.add(u);
                deferredOrder.add(b);
            } else {
                stats.skips.incrementAndGet();
            }
        }
        if (byReadiness == null) {
            byReadiness = new PriorityQueue<>(Comparator.comparingDouble(RateBucket::runningTime));
            for (RateBucket b : buckets) {
                if (!b.deferred.isEmpty()) {
                    byReadiness.add(b);
                }
            }
        }
        long undrained = 0;
        RateBucket b;
        while ((b = byReadiness.poll()) != null) {
            double now = clock.now();
            if (now < drainUntil) {
                b.await(now, clock);
                PendingUpdate item = b.deferred.pollLast();
                if (!b.deferred.isEmpty()) {
                    byReadiness.add(b);
                }
                stats.drains.incrementAndGet();
                return item;
            }
            undrained += b.deferred.size();
            b.deferred.clear();
        }
        stats.skips.addAndGet(undrained);
        return null;
    }
}
