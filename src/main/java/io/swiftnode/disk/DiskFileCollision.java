package io.swiftnode.disk;

/** The stored {@code name} differs from the requested one: an md5 collision (HTTP 403). */
public class DiskFileCollision extends DiskFileError {
    public DiskFileCollision(String message) {
        super(message);
    }
}
