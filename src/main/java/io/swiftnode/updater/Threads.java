package io.swiftnode.updater;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The updater's thread pools: plain named daemon threads, created per pass and shut down at its
 * end. Like the object server's container-update pool they need no application context (sockets
 * and files only), and they must not take threads from the container's daemon executor, which runs
 * the passes themselves.
 *
 * <p>Stateless and thread-safe.
 */
final class Threads {
    private Threads() {
    }

    /** A pool of {@code size} threads with an unbounded queue. */
    static ExecutorService pool(String name, int size) {
        return new ThreadPoolExecutor(size, size, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory(name));
    }

    /** A pool that grows as needed and lets idle threads go. */
    static ExecutorService cached(String name) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                factory(name));
    }

    private static ThreadFactory factory(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
