package io.swiftnode.ring;

import java.util.Objects;

/**
 * One device of a ring ({@code devs[i]} in the ring file), with Swift's load-time defaults
 * applied: a missing {@code region} is 1, a missing {@code replication_ip}/{@code replication_port}
 * is {@code ip}/{@code port}, a missing {@code meta} is empty and a missing {@code weight} is 0.
 * Keys of the file this record does not model are ignored.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id              device id, equal to its index in the ring's device list
 * @param region          region (tier 1)
 * @param zone            zone within the region (tier 2)
 * @param ip              address clients use for object requests (tier 3, as in the file)
 * @param port            port clients use for object requests
 * @param replicationIp   address replication uses ({@code REPLICATE}, rsync, SSYNC)
 * @param replicationPort port replication uses
 * @param device          the device's directory name under {@code devices}, e.g. {@code sdb1}
 * @param weight          relative weight the builder used
 * @param meta            free-form operator text
 */
public record RingDevice(int id, int region, int zone, String ip, int port, String replicationIp,
        int replicationPort, String device, double weight, String meta) {

    public RingDevice {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(replicationIp, "replicationIp");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(meta, "meta");
    }
}
