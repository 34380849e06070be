package io.swiftnode.replication;

import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.FileLocks;
import io.swiftnode.disk.LockTimeout;
import io.swiftnode.disk.SuffixHashes;
import io.swiftnode.ring.RingDevice;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Replicates one partition, as Swift's {@code update} (a primary partition: compare suffix hashes
 * with each other primary through REPLICATE and push what differs) and {@code update_deleted} (a
 * handoff partition: push every suffix to every primary, then remove the partition once they all
 * have it).
 *
 * <p>Thread-safe: stateless apart from thread-safe collaborators; a pass runs many partitions
 * concurrently through one instance.
 */
final class PartitionReplicator {
    private static final Logger LOG = Logger.getLogger(PartitionReplicator.class.getName());
    private static final Duration HANDOFF_LOCK_TIMEOUT = Duration.ofMillis(200);

    private final DiskFileManager disk;
    private final ReplicateClient replicate;
    private final SyncTransport transport;
    private final boolean ssync;
    private final int handoffDelete;
    private final RsyncBatcher batcher;
    private final double reclaimAge;

    /**
     * @param reclaimAge the replicator's {@code reclaim_age} (its section's, inheriting {@code [DEFAULT]}),
     *                   for what local rehashes reclaim
     * @param batcher    where primary partitions' rsync pushes to same-region targets go, or null to
     *                   push each partition on its own (ssync, or batching off)
     */
    PartitionReplicator(DiskFileManager disk, ReplicateClient replicate, SyncTransport transport, boolean ssync,
            int handoffDelete, double reclaimAge, RsyncBatcher batcher) {
        this.reclaimAge = reclaimAge;
        this.batcher = batcher;
        this.disk = disk;
        this.replicate = replicate;
        this.transport = transport;
        this.ssync = ssync;
        this.handoffDelete = handoffDelete;
    }

    /** A primary partition. */
    void update(ReplicationJob job, int replicationCycle, ReplicationStats stats) throws InterruptedException {
        SyncJob sj = job.sync();
        stats.attempted();
        Set<ReplicationStats.NodeKey> targets = new LinkedHashSet<>();
        Set<ReplicationStats.NodeKey> failures = new LinkedHashSet<>();
        try {
            boolean listdir = (Integer.parseInt(sj.partition().strip()) + replicationCycle) % 10 == 0;
            SuffixHashes.Result local = disk.getHashes(sj.device(), sj.partition(), List.of(), listdir, sj.policy(),
                    reclaimAge);
            stats.suffixHash(local.hashed());
            Map<String, String> localHashes = local.hashes();
            List<RingDevice> primaries = new ArrayList<>(job.nodes());
            Collections.shuffle(primaries);
            Iterator<RingDevice> handoffs = job.ring().moreNodes(Integer.parseInt(sj.partition().strip()));
            Iterator<RingDevice> candidates = primaries.iterator();
            int attemptsLeft = primaries.size();
            Set<Integer> syncedRegions = new HashSet<>();
            while (attemptsLeft > 0) {
                RingDevice node;
                if (candidates.hasNext()) {
                    node = candidates.next();
                } else if (handoffs.hasNext()) {
                    node = handoffs.next();
                } else {
                    LOG.severe("Ran out of handoffs while replicating partition " + sj.partition() + " of policy "
                            + sj.policy());
                    break;
                }
                ReplicationStats.NodeKey key = ReplicationJob.key(node);
                targets.add(key);
                attemptsLeft--;
                if (syncedRegions.contains(node.region())) {
                    continue;
                }
                SyncTarget target = ReplicationJob.target(node);
                try {
                    Map<String, String> remote;
                    try {
                        remote = replicate.hashes(target, sj.partition(), sj.policy());
                    } catch (ReplicateClient.RemoteFailure e) {
                        if (e.status() == 507) {
                            LOG.severe(node.replicationIp() + "/" + node.device() + " responded as unmounted");
                            attemptsLeft++;
                        } else {
                            LOG.severe("Invalid response " + e.status() + " from " + node.replicationIp());
                        }
                        failures.add(key);
                        continue;
                    }
                    List<String> suffixes = differing(localHashes, remote);
                    if (suffixes.isEmpty()) {
                        stats.hashmatch();
                        continue;
                    }
                    SuffixHashes.Result recalc = disk.getHashes(sj.device(), sj.partition(), suffixes, false,
                            sj.policy(), reclaimAge);
                    stats.suffixHash(recalc.hashed());
                    localHashes = recalc.hashes();
                    suffixes = differing(localHashes, remote);
                    if (suffixes.isEmpty()) {
                        stats.hashmatch();
                        continue;
                    }
                    stats.synced();
                    if (batcher != null && node.region() == sj.region()) {
                        // counted a success at the end of this job; a failed batch turns it into a failure
                        stats.suffixSync(suffixes.size());
                        batcher.submit(sj, target, suffixes, ok -> {
                            if (!ok) {
                                stats.failures(List.of(key));
                                stats.success(-1);
                            }
                        });
                        continue;
                    }
                    SyncTransport.Result r = transport.sync(sj, target, suffixes, null);
                    if (!r.success()) {
                        failures.add(key);
                    } else if (node.region() != sj.region()) {
                        syncedRegions.add(node.region());
                    }
                    stats.suffixSync(suffixes.size());
                } catch (IOException | RuntimeException e) {
                    failures.add(key);
                    LOG.log(Level.SEVERE, "Error syncing with node: " + target + ": " + e, e instanceof IOException
                            ? null : e);
                }
            }
            stats.suffixCount(localHashes.size());
        } catch (IOException | RuntimeException e) {
            failures.addAll(targets);
            LOG.log(Level.SEVERE, "Error syncing partition " + sj.partitionPath(), e);
        } finally {
            stats.failures(failures);
            stats.success(targets.stream().filter(t -> !failures.contains(t)).count());
        }
    }

    /** Suffixes whose local hash differs from the remote one (a suffix the remote lacks always differs). */
    static List<String> differing(Map<String, String> local, Map<String, String> remote) {
        List<String> out = new ArrayList<>();
        local.forEach((s, h) -> {
            if (!remote.containsKey(s) || !Objects.equals(h, remote.get(s))) {
                out.add(s);
            }
        });
        return out;
    }

    /**
     * A handoff partition.
     *
     * @return true when the partition was removed (it is no longer a remaining handoff)
     */
    boolean updateDeleted(ReplicationJob job, ReplicationStats stats) throws InterruptedException {
        SyncJob sj = job.sync();
        stats.attempted();
        Set<ReplicationStats.NodeKey> failures = new LinkedHashSet<>();
        boolean deleted = false;
        try (FileLocks.Held lock = FileLocks.lockPath(sj.partitionPath(), HANDOFF_LOCK_TIMEOUT, "replication", 1)) {
            List<String> suffixes = suffixDirs(sj.partitionPath());
            List<Boolean> responses = new ArrayList<>();
            Map<Integer, Set<String>> syncedRegions = new java.util.HashMap<>();
            Set<String> deleteObjs = null;
            if (!suffixes.isEmpty()) {
                for (RingDevice node : job.nodes()) {
                    stats.synced();
                    Set<String> remoteCheck = ssync ? syncedRegions.get(node.region()) : null;
                    SyncTransport.Result r = transport.sync(sj, ReplicationJob.target(node), suffixes, remoteCheck);
                    if (!r.success()) {
                        failures.add(ReplicationJob.key(node));
                    }
                    if (r.success() && node.region() != sj.region()) {
                        syncedRegions.put(node.region(), r.inSync().keySet());
                    }
                    responses.add(r.success());
                }
                for (Set<String> objs : syncedRegions.values()) {
                    if (deleteObjs == null) {
                        deleteObjs = new HashSet<>(objs);
                    } else {
                        deleteObjs.retainAll(objs);
                    }
                }
            }
            long ok = responses.stream().filter(b -> b).count();
            boolean deleteHandoff = handoffDelete > 0 ? ok >= handoffDelete
                    : responses.size() == job.nodes().size() && ok == responses.size();
            if (deleteHandoff) {
                stats.removed();
                if (ssync && deleteObjs != null) {
                    LOG.info("Removing " + deleteObjs.size() + " objects");
                    if (!deleteObjects(sj.partitionPath(), deleteObjs)) {
                        job.nodes().forEach(n -> failures.add(ReplicationJob.key(n)));
                    }
                } else {
                    deletePartition(sj.partitionPath());
                    deleted = true;
                }
            } else if (suffixes.isEmpty()) {
                deletePartition(sj.partitionPath());
                deleted = true;
            }
        } catch (LockTimeout e) {
            LOG.info("Unable to lock handoff partition " + sj.partition() + " for replication on device "
                    + sj.device() + " policy " + sj.policy());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "Error syncing handoff partition", e);
            // as Swift: failed pushes of a handoff count as failures only when the job broke off
            stats.failures(failures);
        } finally {
            stats.success(job.nodes().stream().map(ReplicationJob::key).distinct()
                    .filter(t -> !failures.contains(t)).count());
        }
        return deleted;
    }

    static List<String> suffixDirs(Path partition) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(partition)) {
            for (Path p : ds) {
                if (p.getFileName().toString().length() == 3 && Files.isDirectory(p)) {
                    out.add(p.getFileName().toString());
                }
            }
        }
        return out;
    }

    static void deletePartition(Path path) throws IOException {
        LOG.info("Removing partition: " + path);
        Rmtree.remove(path);
    }

    /** Removes the objects confirmed in sync everywhere (ssync); false if a suffix dir could not be cleaned. */
    private static boolean deleteObjects(Path partition, Set<String> hashes) {
        boolean ok = true;
        for (String h : hashes) {
            Path suffix = partition.resolve(h.substring(h.length() - 3));
            try {
                Rmtree.remove(suffix.resolve(h));
                try {
                    Files.deleteIfExists(suffix);
                } catch (java.nio.file.DirectoryNotEmptyException e) {
                    // other objects remain in the suffix
                }
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "Unexpected error trying to cleanup suffix dir: " + suffix, e);
                ok = false;
            }
        }
        return ok;
    }
}
