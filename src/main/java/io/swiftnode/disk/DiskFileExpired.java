package io.swiftnode.disk;

import java.util.Map;

/** The object's {@code X-Delete-At} has passed (HTTP 404 with {@code X-Backend-Timestamp}). */
public class DiskFileExpired extends DiskFileNotExist {
    private final transient Map<String, String> metadata;

    public DiskFileExpired(Map<String, String> metadata) {
        super("expired at " + metadata.get("X-Delete-At"));
        this.metadata = Map.copyOf(metadata);
    }

    /** The merged metadata of the expired object. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The object's timestamp. */
    public Timestamp timestamp() {
        return Timestamp.parse(metadata.get("X-Timestamp"));
    }
}
