package io.swiftnode.auditor;

import java.nio.file.Path;

/**
 * One hash directory to audit, as the walk found it: {@code <device>/objects[-N]/<partition>/<suffix>/<hash>}.
 * Only the directory is known, not its files (the audit lists it once, when opening).
 *
 * <p>Immutable and thread-safe.
 *
 * @param hashDir   the directory's path
 * @param device    the device name
 * @param partition the partition directory's name
 * @param policy    the storage policy index
 */
public record AuditLocation(Path hashDir, String device, String partition, int policy) {

    /** The directory's name: the object hash (unless something else sits there). */
    public String hash() {
        return hashDir.getFileName().toString();
    }

    /** The suffix directory's name. */
    public String suffix() {
        return hashDir.getParent().getFileName().toString();
    }

    /** The path, as Swift's logs show an audit location. */
    @Override
    public String toString() {
        return hashDir.toString();
    }
}
