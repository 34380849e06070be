package io.swiftnode.replication;

import java.util.List;
import java.util.Map;

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
     * @param remoteCheckOnly ssync only: just compare (MISSING_CHECK), send nothing; rsync ignores it
     * @return the outcome; failures are logged by the transport, never thrown
     * @throws InterruptedException if the daemon is stopping
     */
    Result sync(SyncJob job, SyncTarget target, List<String> suffixes, boolean remoteCheckOnly)
            throws InterruptedException;
}
