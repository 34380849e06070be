package io.swiftnode.disk;

/** The object's files were corrupt and have been moved to {@code quarantined/} (HTTP 404). */
public class DiskFileQuarantined extends DiskFileNotExist {
    public DiskFileQuarantined(String message) {
        super(message);
    }
}
