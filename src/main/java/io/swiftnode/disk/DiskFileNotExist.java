package io.swiftnode.disk;

/** No data file and no tombstone: the object does not exist here (HTTP 404). */
public class DiskFileNotExist extends DiskFileError {
    public DiskFileNotExist(String message) {
        super(message);
    }

    public DiskFileNotExist(String message, Throwable cause) {
        super(message, cause);
    }
}
