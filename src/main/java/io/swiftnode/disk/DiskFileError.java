package io.swiftnode.disk;

import java.io.IOException;

/**
 * Base of the typed disk errors, one subclass per outcome the HTTP layer maps to a Swift status
 * (not found, deleted, expired, quarantined, no space, device unavailable, xattr unsupported,
 * bad metadata, collision, lock timeout).
 */
public class DiskFileError extends IOException {
    public DiskFileError(String message) {
        super(message);
    }

    public DiskFileError(String message, Throwable cause) {
        super(message, cause);
    }
}
