package io.swiftnode.ops;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.io.IOException;

/**
 * The two libc calls the recon endpoints need and the JDK lacks: {@code statvfs(3)} with its
 * {@code f_bsize} (Swift's disk usage multiplies by {@code f_bsize}; {@code FileStore} uses
 * {@code f_frsize}) and {@code getpagesize(2)} (Swift's {@code resource.getpagesize()}). Bound through JNA
 * direct mapping; the {@code struct statvfs} of 64-bit Linux is read as an array of {@code unsigned long}
 * ({@code f_bsize, f_frsize, f_blocks, f_bfree, f_bavail, …}).
 *
 * <p>Stateless and thread-safe.
 */
final class ReconNative {
    private static final int STATVFS_LONGS = 16; // 112 bytes on x86_64 and aarch64, with room to spare

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private ReconNative() {
    }

    private static native int statvfs(String path, long[] buf) throws LastErrorException;

    private static native int getpagesize();

    /** {@code f_bsize, f_blocks, f_bavail} of the file system holding {@code path}. */
    static long[] statvfs(String path) throws IOException {
        long[] buf = new long[STATVFS_LONGS];
        try {
            statvfs(path, buf);
        } catch (LastErrorException e) {
            throw new IOException("statvfs " + path + ": errno " + e.getErrorCode(), e);
        }
        return new long[] {buf[0], buf[2], buf[4]};
    }

    static int pageSize() {
        return getpagesize();
    }
}
