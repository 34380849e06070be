package io.swiftnode.disk;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * Maps the JDK's I/O exceptions to the typed disk errors: ENOSPC and EDQUOT become
 * {@link DiskFileNoSpace} (HTTP 507), everything else stays as it is.
 *
 * <p>Stateless and thread-safe.
 */
final class DiskErrors {
    private DiskErrors() {
    }

    static IOException translate(IOException e, String what) {
        if (e instanceof DiskFileError) {
            return e;
        }
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : msg;
        if (reason.contains("No space left on device") || reason.contains("Disk quota exceeded")
                || msg.contains("No space left on device") || msg.contains("Disk quota exceeded")) {
            return new DiskFileNoSpace("no space while " + what, e);
        }
        return e;
    }
}
