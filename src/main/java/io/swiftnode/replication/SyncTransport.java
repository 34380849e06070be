package io.swiftnode.replication;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A way of pushing suffix directories of a local partition to one remote device: {@code rsync}
 * (the real binary to the peer's rsync daemon) or {@code ssync} (the SSYNC verb). Chosen by the
 * replicator's {@code sync_method}.
 *
 * <p>Implementations are thread-safe: the replicator syncs several partitions concurrently.
 */
public interface SyncTransport {

    /**
     * The outcome of one sync.
     *
     * @param success whether the remote now has everything offered
     * @param inSync  for ssync: object hash → timestamps of the objects confirmed in sync (the
     *                replicator may remove exactly those from a handoff); empty for rsync
     */
    record Result(boolean success, Map<String, Map<String, String>> inSync) {
        public static final Result FAILED = new Result(false, Map.of());

        public Result {
            inSync = Map.copyOf(inSync);
        }
    }

    /**
     * Pushes {@code suffixes} of the job's partition to {@code target}.
     *
     * @param remoteCheckObjs ssync only (Swift's {@code remote_check_objs}): when not null, only
     *                        compare (MISSING_CHECK) the objects with these hashes and send nothing —
     *                        a handoff checking a second node of a remote region it already synced;
     *                        null for a full sync. rsync ignores it
     * @return the outcome; failures are logged by the transport, never thrown
     * @throws InterruptedException if the daemon is stopping
     */
    Result sync(SyncJob job, SyncTarget target, List<String> suffixes, Set<String> remoteCheckObjs)
            throws InterruptedException;
}
