package io.swiftnode.disk;

/** The newest file is a tombstone (HTTP 404 with {@code X-Backend-Timestamp}). */
public class DiskFileDeleted extends DiskFileNotExist {
    private final Timestamp timestamp;

    public DiskFileDeleted(Timestamp timestamp) {
        super("deleted at " + timestamp.internal());
        this.timestamp = timestamp;
    }

    /** The tombstone's timestamp. */
    public Timestamp timestamp() {
        return timestamp;
    }
}
