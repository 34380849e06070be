package io.swiftnode.disk;

/** The device is missing or, with {@code mount_check}, not mounted (HTTP 507). */
public class DiskFileDeviceUnavailable extends DiskFileError {
    public DiskFileDeviceUnavailable(String device) {
        super("device unavailable: " + device);
    }
}
