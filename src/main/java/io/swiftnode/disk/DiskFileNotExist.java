package io.swiftnode.disk;

/**
 * No data file and no tombstone: the object does not exist here (HTTP 404). An answer rather
 * than a failure, so it carries no stack trace: filling one in was a tenth of a 404's CPU.
 */
public class DiskFileNotExist extends DiskFileError {
    public DiskFileNotExist(String message) {
        super(message);
    }

    public DiskFileNotExist(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
