package io.swiftnode.replication;

import io.swiftnode.config.ReplicatorConfig;
import io.swiftnode.disk.DiskFileDeviceUnavailable;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.PolicyDirs;
import io.swiftnode.ring.LocalDevices;
import io.swiftnode.ring.Ring;
import io.swiftnode.ring.RingDevice;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Swift's {@code collect_jobs}: for every local device of a policy's ring (mount-checked; tmp files
 * older than {@code reclaim_age} deleted; {@code objects[-N]} created if missing), one job per
 * partition directory, marked handoff when the device is not among the partition's primaries.
 * Jobs are shuffled; with {@code handoffs_first} handoffs come first.
 *
 * <p>Thread-safe: stateless apart from immutable collaborators.
 */
final class JobCollector {
    private static final Logger LOG = Logger.getLogger(JobCollector.class.getName());

    private final ReplicatorConfig conf;
    private final DiskFileManager disk;

    JobCollector(ReplicatorConfig conf, DiskFileManager disk) {
        this.conf = conf;
        this.disk = disk;
    }

    /**
     * @param statsByDevice per-device stats, filled with failures of unusable devices and partitions
     */
    List<ReplicationJob> collect(int policy, Ring ring, Map<String, ReplicationStats> statsByDevice)
            throws IOException {
        List<ReplicationJob> jobs = new ArrayList<>();
        List<RingDevice> local = LocalDevices.of(ring, conf.ringIp(), conf.bindPort(), conf.serversPerPort());
        if (local.isEmpty()) {
            LOG.severe(() -> "Can't find itself in policy with index " + policy + " with ips " + conf.ringIp()
                    + " and with port " + conf.bindPort() + " in ring file, not replicating");
        }
        List<ReplicationStats.NodeKey> allDevices = ring.devices().stream().map(ReplicationJob::key).toList();
        for (RingDevice dev : local) {
            ReplicationStats stats = statsByDevice.computeIfAbsent(dev.device(), k -> new ReplicationStats());
            Path devPath;
            try {
                devPath = disk.devicePath(dev.device());
            } catch (DiskFileDeviceUnavailable e) {
                stats.failures(allDevices);
                LOG.warning("Skipping " + dev.device() + " as it is not mounted");
                continue;
            }
            Path objPath = devPath.resolve(PolicyDirs.objects(policy));
            TmpReaper.unlinkOlderThan(devPath.resolve(PolicyDirs.tmp(policy)),
                    System.currentTimeMillis() - conf.reclaimAge() * 1000);
            if (!Files.isDirectory(objPath)) {
                try {
                    Files.createDirectories(objPath);
                } catch (IOException e) {
                    LOG.severe("ERROR creating " + objPath + ": " + e);
                }
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(objPath)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    if (name.startsWith("auditor_status_") && name.endsWith(".json")) {
                        continue;
                    }
                    int part = parsePartition(name);
                    if (part < 0 || part >= ring.partitionCount()) {
                        stats.failures(allDevices);
                        continue;
                    }
                    List<RingDevice> partNodes = ring.partNodes(part);
                    List<RingDevice> others = partNodes.stream().filter(n -> n.id() != dev.id()).toList();
                    boolean handoff = others.size() > partNodes.size() - 1;
                    jobs.add(new ReplicationJob(new SyncJob(dev.device(), devPath, policy, name, p, dev.region(),
                            handoff), others, ring));
                }
            }
        }
        return jobs;
    }

    /** Orders jobs as Swift: shuffled, handoffs first when configured. */
    List<ReplicationJob> order(List<ReplicationJob> jobs) {
        List<ReplicationJob> out = new ArrayList<>(jobs);
        Collections.shuffle(out);
        if (conf.handoffsFirst()) {
            out.sort((a, b) -> Boolean.compare(b.sync().handoff(), a.sync().handoff()));
        }
        return out;
    }

    /** Python's {@code int(name)} for a partition directory; -1 when it is not a number. */
    static int parsePartition(String name) {
        String s = name.strip();
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long v = Long.parseLong(s);
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
