package io.swiftnode.updater;

import java.util.concurrent.TimeUnit;

/**
 * Wall-clock time and sleeping for the updater's deadlines and rate limits; tests replace it.
 *
 * <p>Implementations must be thread-safe.
 */
public interface SweepClock {
    /** The system clock. */
    SweepClock SYSTEM = new SweepClock() {
        @Override
        public double now() {
            return System.currentTimeMillis() / 1000.0;
        }

        @Override
        public void sleep(double seconds) throws InterruptedException {
            if (seconds > 0) {
                TimeUnit.NANOSECONDS.sleep((long) (seconds * 1e9));
            }
        }
    };

    /** Seconds since the epoch. */
    double now();

    /** Sleeps for {@code seconds} (nothing when not positive). */
    void sleep(double seconds) throws InterruptedException;
}
