package io.swiftnode.disk;

/** The filesystem refuses user xattrs (ENOTSUP): Swift answers 507. */
public class DiskFileXattrNotSupported extends DiskFileError {
    public DiskFileXattrNotSupported(String message, Throwable cause) {
        super(message, cause);
    }
}
