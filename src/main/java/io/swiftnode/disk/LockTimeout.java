package io.swiftnode.disk;

/** A {@code flock} could not be taken within its timeout. */
public class LockTimeout extends DiskFileError {
    public LockTimeout(String message) {
        super(message);
    }
}
