package io.swiftnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stalled device holds at most its own permits; requests for other devices are not held up. */
class DevicePermitsTest {
    @Test
    void aStalledDeviceGets503WhileOtherDevicesProceed() throws Exception {
        DevicePermits permits = new DevicePermits(4, 100);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch stalled = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        try {
            List<Future<?>> stuck = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                stuck.add(pool.submit(() -> {
                    try (DevicePermits.Held h = permits.acquire("sdstall")) {
                        stalled.countDown();
                        release.await(); // a disk that does not answer
                    }
                    return null;
                }));
            }
            assertTrue(stalled.await(5, TimeUnit.SECONDS));
            assertEquals(4, permits.inUse("sdstall"));
            long t0 = System.nanoTime();
            HttpError e = assertThrows(HttpError.class, () -> permits.acquire("sdstall"));
            assertEquals(503, e.status());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "refused after the short wait");
            // another device is untouched
            for (int i = 0; i < 10; i++) {
                try (DevicePermits.Held h = permits.acquire("sdok")) {
                    assertEquals(1, permits.inUse("sdok"));
                }
            }
            assertEquals(0, permits.inUse("sdok"));
            release.countDown();
            for (Future<?> f : stuck) {
                f.get(5, TimeUnit.SECONDS);
            }
            assertEquals(0, permits.inUse("sdstall"));
            try (DevicePermits.Held h = permits.acquire("sdstall")) {
                assertEquals(1, permits.inUse("sdstall"));
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
