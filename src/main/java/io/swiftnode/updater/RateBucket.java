package io.swiftnode.updater;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One per-container rate-limit bucket of a sweep (Swift's {@code RateLimiterBucket}: a rate
 * limiter without any catch-up allowance): an update is allowed when the bucket's running time has
 * been reached, which then moves on by {@code 1 / rate} seconds; the bucket also holds the updates
 * deferred because it was busy. A rate of 0 or less allows everything.
 *
 * <p>Not thread-safe: owned by one {@link ContainerRateLimiter}.
 */
final class RateBucket {
    private final double secondsPerUpdate;
    private double runningTime;
    final Deque<PendingUpdate> deferred = new ArrayDeque<>();

    RateBucket(double rate) {
        this.secondsPerUpdate = rate > 0 ? 1 / rate : 0;
    }

    /** When the bucket next allows an update. */
    double runningTime() {
        return runningTime;
    }

    /** Whether an update may go at {@code now}; if so it is counted. */
    boolean isAllowed(double now) {
        if (secondsPerUpdate == 0) {
            return true;
        }
        if (now > runningTime) {
            runningTime = now; // no allowance for time spent idle
        }
        if (now >= runningTime) {
            runningTime += secondsPerUpdate;
            return true;
        }
        return false;
    }

    /** Counts an update, first sleeping until the bucket allows it. */
    void await(double now, SweepClock clock) throws InterruptedException {
        if (secondsPerUpdate == 0) {
            return;
        }
        if (now > runningTime) {
            runningTime = now;
        }
        double wait = runningTime - now;
        runningTime += secondsPerUpdate;
        clock.sleep(wait);
    }
}
