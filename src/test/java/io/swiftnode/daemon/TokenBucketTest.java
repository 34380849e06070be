package io.swiftnode.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

class TokenBucketTest {

    /** A clock that only moves when the bucket sleeps. */
    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

    private TokenBucket bucket(double rate, double burst) {
        return new TokenBucket(rate, burst, clock::get, clock::addAndGet);
    }

    @Test
    void longRunRateIsExactWhatEverTheUnitSize() throws Exception {
        TokenBucket b = bucket(1000, 1);
        long start = clock.get();
        double units = 0;
        for (int i = 0; i < 500; i++) {
            double n = (i % 7 + 1) * 37;
            b.acquire(n);
            units += n;
        }
        double seconds = (clock.get() - start) / 1e9;
        // the burst (1 s of units) and the last unpaid request are the only slack
        assertTrue(units / seconds <= 1000 * 1.0 + (1000 + 259) / seconds, "rate " + units / seconds);
        assertTrue(units / seconds >= 1000 * 0.95, "rate " + units / seconds);
    }

    @Test
    void idleTimeBuildsAtMostTheBurst() throws Exception {
        TokenBucket b = bucket(10, 1);
        clock.addAndGet(3_600_000_000_000L); // an hour idle
        long start = clock.get();
        for (int i = 0; i < 10; i++) {
            b.acquire(1); // one second of burst: no waiting
        }
        assertEquals(start, clock.get());
        b.acquire(1);
        b.acquire(1);
        assertEquals(start + 100_000_000L, clock.get(), "the 12th unit waits 1/rate");
    }

    @Test
    void unlimitedNeverWaits() throws Exception {
        TokenBucket b = bucket(0, 0);
        long start = clock.get();
        b.acquire(1e12);
        b.acquire(1e12);
        assertEquals(start, clock.get());
    }
}
