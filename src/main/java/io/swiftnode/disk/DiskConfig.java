package io.swiftnode.disk;

import java.nio.file.Path;
import java.util.Set;

/**
 * What the disk layer needs to know of the node's configuration, already parsed.
 *
 * @param devices          the devices root ({@code devices})
 * @param mountCheck       whether a device must be a mount point ({@code mount_check})
 * @param hashPath         the cluster's hash prefix and suffix
 * @param policies         indexes of the storage policies this node serves
 * @param reclaimAge       seconds after which tombstones and orphan .meta are reclaimed
 * @param mbPerSync        fdatasync cadence while writing, in MiB
 * @param fallocateReserve free space to keep when preallocating
 * @param disableFallocate skip preallocation and the reserve check
 */
public record DiskConfig(Path devices, boolean mountCheck, HashPath hashPath, Set<Integer> policies,
        long reclaimAge, long mbPerSync, FallocateReserve fallocateReserve, boolean disableFallocate) {

    public static final long DEFAULT_RECLAIM_AGE = 604800;

    /** A config with Swift's defaults for everything but the devices root and hash path. */
    public static DiskConfig defaults(Path devices, HashPath hashPath) {
        return new DiskConfig(devices, false, hashPath, Set.of(0), DEFAULT_RECLAIM_AGE, 512,
                FallocateReserve.parse("1%"), false);
    }

    public DiskConfig withPolicies(Set<Integer> p) {
        return new DiskConfig(devices, mountCheck, hashPath, Set.copyOf(p), reclaimAge, mbPerSync,
                fallocateReserve, disableFallocate);
    }

    public DiskConfig withReclaimAge(long seconds) {
        return new DiskConfig(devices, mountCheck, hashPath, policies, seconds, mbPerSync, fallocateReserve,
                disableFallocate);
    }

    public DiskConfig withFallocateReserve(FallocateReserve r, boolean disable) {
        return new DiskConfig(devices, mountCheck, hashPath, policies, reclaimAge, mbPerSync, r, disable);
    }
}
