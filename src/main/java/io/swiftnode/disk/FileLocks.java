package io.swiftnode.disk;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Swift's {@code lock_path}: an exclusive {@code flock(2)} on {@code <dir>/.lock} (or
 * {@code .lock-<name>}; with a limit of n, any free one of {@code .lock}, {@code .lock-1}, …
 * {@code .lock-(n-1)}), polled every 10 ms until a timeout, as Python Swift does, so that Java and
 * Python processes sharing a disk exclude each other. Lock files are created mode 0777 &amp; ~umask
 * and never deleted.
 *
 * <p>Threads of this JVM first queue on an in-process lock of the same path (kept only while
 * someone holds or waits for it), so local contention waits without polling and only contention
 * with other processes pays the 10 ms poll. Being per exact path, it adds no lock-ordering
 * constraint that the flocks themselves do not have.
 *
 * <p>Thread-safe.
 */
public final class FileLocks {
    /** Swift's {@code DEFAULT_LOCK_TIMEOUT}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final ConcurrentHashMap<String, LocalLock> LOCAL = new ConcurrentHashMap<>();

    /** An in-process lock with a count of its users, dropped from the map when unused. */
    private static final class LocalLock {
        final ReentrantLock lock = new ReentrantLock();
        int users; // guarded by the map's compute on this key

        static LocalLock acquireRef(String key) {
            return LOCAL.compute(key, (k, v) -> {
                LocalLock l = v == null ? new LocalLock() : v;
                l.users++;
                return l;
            });
        }

        static void releaseRef(String key) {
            LOCAL.computeIfPresent(key, (k, v) -> --v.users == 0 ? null : v);
        }
    }

    private FileLocks() {
    }

    /** A held lock; closing it releases the flock and the in-process stripe. */
    public static final class Held implements AutoCloseable {
        private final int fd;
        private final String localKey;
        private final Path file;

        private Held(int fd, String localKey, Path file) {
            this.fd = fd;
            this.localKey = localKey;
            this.file = file;
        }

        /** The lock file taken. */
        public Path file() {
            return file;
        }

        @Override
        public void close() {
            NativeIO.closeQuietly(fd); // closing the fd drops the flock
            if (localKey != null) {
                LOCAL.get(localKey).lock.unlock();
                LocalLock.releaseRef(localKey);
            }
        }
    }

    /** Locks {@code <dir>/.lock} with the default 10 s timeout, creating {@code dir} if needed. */
    public static Held lockPath(Path dir) throws IOException {
        return lockPath(dir, DEFAULT_TIMEOUT, null, 1);
    }

    /**
     * Locks one of {@code limit} lock files in {@code dir}.
     *
     * @param name optional lock name ({@code .lock-<name>})
     * @throws LockTimeout when no lock file could be taken within {@code timeout}
     */
    public static Held lockPath(Path dir, Duration timeout, String name, int limit) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be greater than or equal to 1");
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir); // it throws internally when dir exists: not on the hot path
        }
        String base = dir.resolve(name == null ? ".lock" : ".lock-" + name).toString();
        String[] paths = new String[limit];
        for (int i = 0; i < limit; i++) {
            paths[i] = i == 0 ? base : base + "-" + i;
        }
        return lockOneOf(base, paths, timeout, limit == 1);
    }

    /**
     * Locks {@code file} itself (created if missing), as Swift's {@code lock_file} does for shared
     * files such as {@code object.recon}: the flock is on the file's own descriptor.
     *
     * @throws LockTimeout when the lock could not be taken within {@code timeout}
     */
    public static Held lockFile(Path file, Duration timeout) throws IOException {
        String p = file.toString();
        return lockOneOf(p, new String[] {p}, timeout, true);
    }

    /** Takes the flock of one of {@code paths}, polling as Swift's {@code lock_path} does. */
    private static Held lockOneOf(String base, String[] paths, Duration timeout, boolean inProcessLock)
            throws IOException {
        int limit = paths.length;
        long deadline = System.nanoTime() + timeout.toNanos();
        String local = null;
        if (inProcessLock) {
            LocalLock l = LocalLock.acquireRef(base);
            boolean got = false;
            try {
                got = l.lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (!got) {
                    LocalLock.releaseRef(base);
                }
            }
            if (!got) {
                throw new LockTimeout(timeout.toMillis() + "ms (" + base + ")");
            }
            local = base;
        }
        int[] fds = new int[limit];
        int opened = 0;
        try {
            for (int i = 0; i < limit; i++) {
                String p = paths[i];
                try {
                    fds[i] = NativeIO.open(p, NativeIO.O_WRONLY | NativeIO.O_CREAT | NativeIO.O_CLOEXEC, 0777);
                } catch (LastErrorException e) {
                    throw new IOException("cannot open lock file " + p + ": errno " + e.getErrorCode());
                }
                opened++;
            }
            double timeoutSecs = timeout.toNanos() / 1e9;
            long sleepMs = 10;
            long slowerMs = Math.max((long) (timeoutSecs * 10), 10); // timeout * 0.01 s
            long slowdownAt = System.nanoTime() + (long) (timeout.toNanos() * 0.01);
            while (true) {
                for (int i = 0; i < limit; i++) {
                    if (NativeIO.tryLockExclusive(fds[i])) {
                        for (int j = 0; j < limit; j++) {
                            if (j != i) {
                                NativeIO.closeQuietly(fds[j]);
                            }
                        }
                        Held held = new Held(fds[i], local, Path.of(paths[i]));
                        local = null;
                        opened = 0;
                        return held;
                    }
                }
                long now = System.nanoTime();
                if (now >= deadline) {
                    throw new LockTimeout(timeout.toMillis() + "ms (" + base + ")");
                }
                if (now > slowdownAt) {
                    sleepMs = slowerMs;
                }
                try {
                    Thread.sleep(Math.max(1, Math.min(sleepMs, (deadline - now) / 1_000_000 + 1)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LockTimeout("interrupted waiting for " + base);
                }
            }
        } finally {
            for (int i = 0; i < opened; i++) {
                NativeIO.closeQuietly(fds[i]);
            }
            if (local != null) {
                LOCAL.get(local).lock.unlock();
                LocalLock.releaseRef(local);
            }
        }
    }
}
