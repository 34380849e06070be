package io.swiftnode.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token bucket on a fake clock whose sleeps advance time exactly (or with overshoot). */
class TokenBucketTest {
    static final long SEC = 1_000_000_000L;

    static final class FakeClock {
        long now = 1000 * SEC;
        long overshoot;
        final List<Long> sleeps = new ArrayList<>();

        TokenBucket bucket(double rate, double burst) {
            return new TokenBucket(rate, burst, () -> now, n -> {
                sleeps.add(n);
                now += n + overshoot;
            });
        }
    }

    @Test
    void steadyRateAfterTheInitialBurst() throws InterruptedException {
        FakeClock c = new FakeClock();
        TokenBucket b = c.bucket(10, 1); // 10 units/s, 1 s saved up at start
        for (int i = 0; i < 10; i++) {
            b.acquire(1);
        }
        assertEquals(List.of(), c.sleeps, "the first second's worth is saved up");
        b.acquire(1);
        b.acquire(1);
        assertEquals(List.of(100_000_000L), c.sleeps.subList(0, 1));
        long start = c.now;
        for (int i = 0; i < 100; i++) {
            b.acquire(1);
        }
        assertEquals(10 * SEC, c.now - start, 1_000_000L);
    }

    @Test
    void drainRemovesTheInitialBurst() throws InterruptedException {
        FakeClock c = new FakeClock();
        TokenBucket b = c.bucket(100, 5);
        b.drain();
        long start = c.now;
        for (int i = 0; i < 200; i++) {
            b.acquire(1);
        }
        // 200 units at 100/s: the first runs at once, the 200th waits 1.99 s
        assertEquals(1_990_000_000L, c.now - start, 1000);
    }

    @Test
    void largeRequestsRunIntoDebtThatTheNextRequestWaitsOut() throws InterruptedException {
        FakeClock c = new FakeClock();
        TokenBucket b = c.bucket(1000, 0);
        b.acquire(5000); // 5 s worth: allowed at once
        assertEquals(0, c.sleeps.size());
        b.acquire(1);
        assertEquals(List.of(5 * SEC), c.sleeps);
    }

    @Test
    void oversleepingIsCreditedWithinTheBurstSoTheLongRunRateHolds() throws InterruptedException {
        FakeClock c = new FakeClock();
        c.overshoot = 200_000; // every sleep 0.2 ms late
        TokenBucket b = c.bucket(1000, 1);
        b.drain();
        long start = c.now;
        for (int i = 0; i < 10_000; i++) {
            b.acquire(1);
        }
        double rate = 10_000 / ((c.now - start) / 1e9);
        assertEquals(1000, rate, 10, "long-run rate " + rate);
    }

    @Test
    void zeroRateIsUnlimited() throws InterruptedException {
        FakeClock c = new FakeClock();
        TokenBucket b = c.bucket(0, 1);
        assertFalse(b.limited());
        for (int i = 0; i < 1000; i++) {
            b.acquire(1e9);
        }
        assertTrue(c.sleeps.isEmpty());
    }
}
