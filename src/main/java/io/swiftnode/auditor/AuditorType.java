package io.swiftnode.auditor;

/**
 * The two kinds of auditor pass, named as in Swift's file names, logs and recon keys.
 *
 * <p>Immutable and thread-safe.
 */
public enum AuditorType {
    /** Every object; bodies are read and their MD5 checked, at {@code files_per_second} / {@code bytes_per_second}. */
    ALL,
    /** Metadata only ("zero-byte files"), at {@code zero_byte_files_per_second}; bodies are never read. */
    ZBF;

    /** The recon cache key of this type's stats: {@code object_auditor_stats_<TYPE>}. */
    public String reconKey() {
        return "object_auditor_stats_" + name();
    }
}
