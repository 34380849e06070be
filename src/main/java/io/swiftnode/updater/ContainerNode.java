package io.swiftnode.updater;

import java.util.Objects;

/**
 * One container server of the container ring as the updater addresses it: by the device's ring id
 * (what an async pending's {@code successes} records) and its replication address, which Swift's
 * updater uses instead of the client-facing one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id              the device's id in the container ring
 * @param replicationIp   {@code replication_ip} (an IPv6 address without brackets)
 * @param replicationPort {@code replication_port}
 * @param device          the device name on that server
 */
public record ContainerNode(int id, String replicationIp, int replicationPort, String device) {
    public ContainerNode {
        Objects.requireNonNull(replicationIp, "replicationIp");
        Objects.requireNonNull(device, "device");
    }

    /** {@code ip:port} as {@link io.swiftnode.backend.UpdateSender} takes it (IPv6 in brackets). */
    public String host() {
        return (replicationIp.indexOf(':') >= 0 ? "[" + replicationIp + "]" : replicationIp) + ":" + replicationPort;
    }

    /** {@code ip:port/device}, as Swift's log lines name a node. */
    @Override
    public String toString() {
        return replicationIp + ":" + replicationPort + "/" + device;
    }
}
