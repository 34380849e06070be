package io.swiftnode.replication;

/**
 * Where a partition's suffixes are pushed: one remote device, addressed by its replication
 * address (a ring device's {@code replication_ip}/{@code replication_port}).
 *
 * @param ip        replication IP (IPv6 without brackets)
 * @param port      replication port
 * @param device    the remote device name
 * @param region    the remote device's region (rsync compression and ssync remote checks depend on it)
 * @param id        the remote device's ring id (for logs and stats)
 * @param zone      the remote device's zone ({@code rsync_module} may name it)
 * @param frontIp   the device's client-facing {@code ip} ({@code rsync_module} may name it)
 * @param frontPort the device's client-facing {@code port}
 * @param meta      the device's {@code meta} string
 */
public record SyncTarget(String ip, int port, String device, int region, int id, int zone, String frontIp,
        int frontPort, String meta) {

    /** A target known only by its replication address (front address = replication address). */
    public SyncTarget(String ip, int port, String device, int region, int id) {
        this(ip, port, device, region, id, 0, ip, port, "");
    }

    /** {@code ip:port/device} for log lines. */
    @Override
    public String toString() {
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port + "/" + device;
    }
}
