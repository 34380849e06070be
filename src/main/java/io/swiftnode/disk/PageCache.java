package io.swiftnode.disk;

import com.sun.jna.LastErrorException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drops one file's pages from the page cache, as Swift's {@code drop_buffer_cache}:
 * {@code posix_fadvise(POSIX_FADV_DONTNEED)} on a byte range. Large objects read or written once
 * would otherwise push everything else out of memory (Swift: writers drop every
 * {@code mb_per_sync} and after the final fsync, readers every MiB unless the object is under
 * {@code keep_cache_size}).
 *
 * <p>The JDK gives no descriptor of a {@code FileChannel}, so this opens one of its own (read-only;
 * advice applies to the file's pages whichever descriptor gives it) at the first drop and keeps it
 * until {@link #close}. A hint only: failures are logged, as Swift does, and never fail a request.
 *
 * <p>Not thread-safe: one belongs to one reader or writer.
 */
final class PageCache implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PageCache.class.getName());
    private static final int POSIX_FADV_DONTNEED = 4;

    private final Path file;
    private int fd = -1;
    private boolean failed;

    PageCache(Path file) {
        this.file = file;
    }

    /** Advises the kernel to drop the cached pages of {@code [offset, offset + length)}. */
    void drop(long offset, long length) {
        if (length <= 0 || failed) {
            return;
        }
        if (fd < 0) {
            try {
                fd = NativeIO.open(file.toString(), NativeIO.O_RDONLY | NativeIO.O_CLOEXEC, 0);
            } catch (LastErrorException e) {
                failed = true;
                LOG.log(Level.WARNING, "cannot open {0} to drop its page cache: errno {1}",
                        new Object[] {file, e.getErrorCode()});
                return;
            }
        }
        int ret = NativeIO.posix_fadvise(fd, offset, length, POSIX_FADV_DONTNEED);
        if (ret != 0) {
            LOG.log(Level.WARNING, "posix_fadvise64({0}, {1}, {2}, 4) -> {3}",
                    new Object[] {file, offset, length, ret});
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            NativeIO.closeQuietly(fd);
            fd = -1;
        }
    }
}
