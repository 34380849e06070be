package io.swiftnode.daemon;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket: at most {@code rate} units per second on average, with up to
 * {@code burstSeconds × rate} units saved up while idle. A request larger than what is saved is
 * allowed to run into debt, which the following requests wait out, so any unit size (files, 64 KiB
 * of bytes) keeps the long-run rate exact under any load and any number of threads.
 *
 * <p>Thread-safe: reservations are made under this object's monitor; the waiting happens outside it.
 */
public final class TokenBucket {
    /** Sleeps for a number of nanoseconds; replaced in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double nanosPerUnit;
    private final long burstNanos;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long nextFree; // when the units reserved so far are paid for

    /** A bucket on the system clock; {@code rate <= 0} means unlimited. */
    public TokenBucket(double rate, double burstSeconds) {
        this(rate, burstSeconds, System::nanoTime, TokenBucket::sleepNanos);
    }

    public TokenBucket(double rate, double burstSeconds, LongSupplier clock, Sleeper sleeper) {
        this.nanosPerUnit = rate > 0 ? 1e9 / rate : 0;
        this.burstNanos = (long) (Math.max(0, burstSeconds) * 1e9);
        this.clock = clock;
        this.sleeper = sleeper;
        this.nextFree = clock.getAsLong() - burstNanos;
    }

    /** Whether this bucket limits anything. */
    public boolean limited() {
        return nanosPerUnit > 0;
    }

    /**
     * Forgets the units saved up so far (and any debt): the bucket counts from now, empty, so the
     * next requests run at the steady rate without a burst (as at the start of an auditor pass).
     */
    public synchronized void drain() {
        nextFree = clock.getAsLong();
    }

    /** Takes {@code units}, first waiting out any debt left by earlier requests. */
    public void acquire(double units) throws InterruptedException {
        if (nanosPerUnit == 0 || units <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = clock.getAsLong();
            long start = Math.max(nextFree, now - burstNanos);
            wait = start - now;
            nextFree = start + (long) (units * nanosPerUnit);
        }
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(nanos);
    }
}
