package io.swiftnode.replication;

/**
 * Where a partition's suffixes are pushed: one remote device, addressed by its replication
 * address (a ring device's {@code replication_ip}/{@code replication_port}).
 *
 * @param ip     replication IP (IPv6 without brackets)
 * @param port   replication port
 * @param device the remote device name
 * @param region the remote device's region (rsync compression and ssync remote checks depend on it)
 * @param id     the remote device's ring id (for logs and stats)
 */
public record SyncTarget(String ip, int port, String device, int region, int id) {

    /** {@code ip:port/device} for log lines. */
    @Override
    public String toString() {
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port + "/" + device;
    }
}
