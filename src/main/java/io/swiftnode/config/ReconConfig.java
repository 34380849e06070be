package io.swiftnode.config;

import java.nio.file.Path;

/**
 * Swift's {@code recon} middleware options: the filter section whose {@code use} is
 * {@code egg:swift#recon} (or {@code [filter:recon]}), read with PasteDeploy semantics.
 *
 * <p>Immutable and thread-safe.
 *
 * @param inPipeline     whether {@code [pipeline:main]} lists the filter
 * @param reconCachePath {@code recon_cache_path} (/var/cache/swift): where {@code object.recon} is
 * @param reconLockPath  {@code recon_lock_path} (/var/lock)
 * @param devices        the filter's own {@code devices} (/srv/node), as written: the endpoints list and
 *                       check this directory and {@code /recon/devices} answers the string as its key
 * @param swiftDir       the filter's own {@code swift_dir} (/etc/swift), as written: where
 *                       {@code /recon/ringmd5} looks for the rings (and names them)
 */
public record ReconConfig(boolean inPipeline, Path reconCachePath, Path reconLockPath, String devices,
        String swiftDir) {
    public static final String EGG = "egg:swift#recon";
}
