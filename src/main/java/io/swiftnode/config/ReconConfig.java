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
 */
public record ReconConfig(boolean inPipeline, Path reconCachePath, Path reconLockPath) {
    public static final String EGG = "egg:swift#recon";
}
