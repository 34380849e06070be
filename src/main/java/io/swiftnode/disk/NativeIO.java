package io.swiftnode.disk;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The few Linux calls the JDK lacks: {@code flock(2)} (Java's {@code FileChannel.lock} takes
 * fcntl record locks, which do not exclude Python Swift's flock holders),
 * {@code fallocate(2)} with {@code FALLOC_FL_KEEP_SIZE}, and {@code posix_fadvise(2)} for
 * {@link PageCache}. Bound through JNA direct mapping.
 *
 * <p>Stateless and thread-safe.
 */
final class NativeIO {
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_CLOEXEC = 02000000;
    static final int LOCK_EX = 2;
    static final int LOCK_NB = 4;
    static final int LOCK_UN = 8;
    static final int FALLOC_FL_KEEP_SIZE = 1;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int ENOSYS = 38;
    static final int EOPNOTSUPP = 95;
    static final int EDQUOT = 122;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private NativeIO() {
    }

    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int flock(int fd, int operation) throws LastErrorException;

    static native int fallocate(int fd, int mode, long offset, long len) throws LastErrorException;

    /** Returns 0 or an error number (posix_fadvise does not set errno). */
    static native int posix_fadvise(int fd, long offset, long len, int advice);

    /** Tries {@code flock(fd, LOCK_EX|LOCK_NB)}; false when another holder has it. */
    static boolean tryLockExclusive(int fd) {
        while (true) {
            try {
                flock(fd, LOCK_EX | LOCK_NB);
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR) {
                    continue;
                }
                if (e.getErrorCode() == EAGAIN) {
                    return false;
                }
                throw e;
            }
        }
    }

    /** Closes quietly: an fd that fails to close has nothing left for us to do. */
    static void closeQuietly(int fd) {
        try {
            close(fd);
        } catch (LastErrorException ignored) {
            // nothing useful to do
        }
    }

    /**
     * Preallocates {@code len} bytes without changing the file size. Errors meaning "not
     * supported here" are ignored as Swift ignores them.
     *
     * @throws DiskFileNoSpace on ENOSPC or EDQUOT
     */
    static void preallocate(String path, long len) throws DiskFileError {
        int fd;
        try {
            fd = open(path, O_WRONLY | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new DiskFileError("cannot open " + path + " for fallocate: errno " + e.getErrorCode());
        }
        try {
            fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, len);
        } catch (LastErrorException e) {
            int err = e.getErrorCode();
            if (err == ENOSPC || err == EDQUOT) {
                throw new DiskFileNoSpace("fallocate(" + len + ") failed: no space on " + path);
            }
            if (err != EINVAL && err != EOPNOTSUPP && err != ENOSYS) {
                throw new DiskFileError("fallocate(" + len + ") failed on " + path + ": errno " + err);
            }
        } finally {
            closeQuietly(fd);
        }
    }
}
