package io.swiftnode.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

class DaemonRunnerTest {

    /** A daemon whose passes count themselves, optionally slow or failing. */
    static final class Counting implements Daemon {
        final AtomicInteger passes = new AtomicInteger();
        final AtomicInteger concurrent = new AtomicInteger();
        volatile int maxConcurrent;
        volatile long passMillis;
        volatile boolean fail;
        final double interval;
        final boolean fromStart;

        Counting(double interval, boolean fromStart) {
            this.interval = interval;
            this.fromStart = fromStart;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public double interval() {
            return interval;
        }

        @Override
        public boolean intervalFromPassStart() {
            return fromStart;
        }

        @Override
        public Map<String, Object> runPass() throws InterruptedException {
            int c = concurrent.incrementAndGet();
            maxConcurrent = Math.max(maxConcurrent, c);
            try {
                Thread.sleep(passMillis);
                if (fail) {
                    throw new IllegalStateException("disk on fire");
                }
                return Map.of("n", passes.incrementAndGet());
            } finally {
                concurrent.decrementAndGet();
            }
        }
    }

    @Test
    void passesNeverOverlapAndStatusFollows() throws Exception {
        Counting d = new Counting(3600, false);
        d.passMillis = 100;
        DaemonRunner r = new DaemonRunner(d);
        assertEquals(DaemonState.DISABLED, r.status().state());
        assertNull(r.status().lastPassEnd());
        ScheduledExecutorService ex = Executors.newScheduledThreadPool(4);
        try {
            CountDownLatch done = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                ex.submit(() -> {
                    r.runOnce();
                    done.countDown();
                    return null;
                });
            }
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(1, d.maxConcurrent, "run-once requests wait for the pass in progress");
            DaemonStatus s = r.status();
            assertEquals(3, s.passes());
            assertEquals(Map.of("n", 3), s.stats());
            assertNotNull(s.lastPassEnd());
            assertTrue(s.lastPassEnd() >= s.lastPassStart());

            d.fail = true;
            assertThrows(IllegalStateException.class, r::runOnce);
            assertTrue(r.status().lastPassError().contains("disk on fire"));
            assertEquals(3, r.status().passes(), "a failed pass is not counted");
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void foreverModeKeepsTheIntervalAndStopEndsIt() throws Exception {
        Counting afterEnd = new Counting(0.3, false);
        Counting fromStart = new Counting(0.3, true);
        afterEnd.passMillis = 200;
        fromStart.passMillis = 200;
        ScheduledExecutorService ex = Executors.newScheduledThreadPool(4);
        DaemonRunner a = new DaemonRunner(afterEnd);
        DaemonRunner b = new DaemonRunner(fromStart);
        try {
            a.startForever(ex);
            b.startForever(ex);
            Thread.sleep(2100);
            a.stop();
            b.stop();
            // pass 200 ms + pause 300 ms: ~5 passes in 2.1 s; from-start: one every 300 ms, ~7-8
            int pa = afterEnd.passes.get();
            int pb = fromStart.passes.get();
            assertTrue(pa >= 3 && pa <= 5, "after-end passes " + pa);
            assertTrue(pb > pa, "from-start passes " + pb + " vs " + pa);
            assertEquals(DaemonState.STOPPED, a.status().state());
            assertNull(a.status().nextPass());
            Thread.sleep(700);
            assertTrue(afterEnd.passes.get() <= pa + 1, "no pass starts after stop");
            assertThrows(IllegalStateException.class, a::runOnce);
        } finally {
            ex.shutdownNow();
        }
    }
}
