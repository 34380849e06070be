package io.swiftnode.disk;

/** Metadata that cannot be read: checksum mismatch, unpicklable or missing. Leads to quarantine. */
public class DiskFileBadMetadata extends DiskFileError {
    public DiskFileBadMetadata(String message) {
        super(message);
    }

    public DiskFileBadMetadata(String message, Throwable cause) {
        super(message, cause);
    }
}
