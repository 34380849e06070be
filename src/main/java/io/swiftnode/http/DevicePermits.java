package io.swiftnode.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Per-device isolation: every request that touches a device's files holds one of that device's
 * permits, so a stalled disk can take at most {@code perDevice} request threads; further requests
 * for it wait briefly and then get 503, while requests for other devices go on.
 *
 * <p>Thread-safe.
 */
public final class DevicePermits {
    private final int perDevice;
    private final long waitMillis;
    private final ConcurrentHashMap<String, Semaphore> permits = new ConcurrentHashMap<>();

    public DevicePermits(int perDevice, long waitMillis) {
        this.perDevice = perDevice;
        this.waitMillis = waitMillis;
    }

    /** A held permit; close it to release. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes a permit for the device.
     *
     * @throws HttpError 503 when none frees up in time
     */
    public Held acquire(String device) throws HttpError {
        Semaphore s = permits.computeIfAbsent(device, d -> new Semaphore(perDevice));
        boolean got;
        try {
            got = s.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            throw HttpError.of(503);
        }
        return s::release;
    }

    /** Permits in use on a device (for metrics and tests). */
    public int inUse(String device) {
        Semaphore s = permits.get(device);
        return s == null ? 0 : perDevice - s.availablePermits();
    }
}
