package io.swiftnode.replication;

import java.nio.file.Path;

/**
 * The local side of one partition sync: which partition of which local device and policy.
 *
 * @param device        local device name
 * @param devicePath    {@code <devices>/<device>}
 * @param policy        storage policy index
 * @param partition     partition (the directory name)
 * @param partitionPath {@code <devicePath>/objects[-N]/<partition>}
 * @param region        region of the local device
 * @param handoff       whether this device is not a primary of the partition (Swift's {@code job['delete']})
 */
public record SyncJob(String device, Path devicePath, int policy, String partition, Path partitionPath, int region,
        boolean handoff) {

    /** A primary partition's job. */
    public SyncJob(String device, Path devicePath, int policy, String partition, Path partitionPath, int region) {
        this(device, devicePath, policy, partition, partitionPath, region, false);
    }
}
