package io.swiftnode.replication;

import io.swiftnode.ring.Ring;
import io.swiftnode.ring.RingDevice;

import java.util.List;

/**
 * One partition of one local device to replicate in a pass (Swift's job dict).
 *
 * @param sync  the local side (device, policy, partition, paths, region, handoff)
 * @param nodes the partition's primaries other than this device: where it is pushed
 * @param ring  the policy's object ring (for handoffs when a primary is unmounted)
 */
public record ReplicationJob(SyncJob sync, List<RingDevice> nodes, Ring ring) {
    public ReplicationJob {
        nodes = List.copyOf(nodes);
    }

    /** The sync target of a ring device. */
    static SyncTarget target(RingDevice d) {
        return new SyncTarget(d.replicationIp(), d.replicationPort(), d.device(), d.region(), d.id(), d.zone(),
                d.ip(), d.port(), d.meta());
    }

    static ReplicationStats.NodeKey key(RingDevice d) {
        return new ReplicationStats.NodeKey(d.replicationIp(), d.device());
    }
}
