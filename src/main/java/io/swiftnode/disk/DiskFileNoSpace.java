package io.swiftnode.disk;

/** ENOSPC, EDQUOT or the {@code fallocate_reserve} refused the write (HTTP 507). */
public class DiskFileNoSpace extends DiskFileError {
    public DiskFileNoSpace(String message) {
        super(message);
    }

    public DiskFileNoSpace(String message, Throwable cause) {
        super(message, cause);
    }
}
