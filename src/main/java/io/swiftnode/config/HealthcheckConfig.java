package io.swiftnode.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Swift's {@code healthcheck} middleware options: the filter section whose {@code use} is
 * {@code egg:swift#healthcheck} (or {@code [filter:healthcheck]}), read with PasteDeploy semantics.
 *
 * <p>Immutable and thread-safe.
 *
 * @param inPipeline  whether {@code [pipeline:main]} lists the filter (Swift answers
 *                    {@code /healthcheck} only then; this server always answers it)
 * @param disablePath {@code disable_path}: while this file exists {@code /healthcheck} answers 503
 */
public record HealthcheckConfig(boolean inPipeline, Optional<Path> disablePath) {
    public static final String EGG = "egg:swift#healthcheck";
}
