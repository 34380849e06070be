package io.swiftnode.replication;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters of one replication pass, named as Swift's {@code replicator.Stats} and its recon entry
 * {@code replication_stats}: attempted, failure, failure_nodes, hashmatch, remove, rsync, success,
 * suffix_count, suffix_hash, suffix_sync.
 *
 * <p>Thread-safe: every method is synchronized (partitions of a pass update it concurrently).
 */
public final class ReplicationStats {
    private long attempted;
    private long failure;
    private long hashmatch;
    private long remove;
    private long rsync;
    private long success;
    private long suffixCount;
    private long suffixHash;
    private long suffixSync;
    private final Map<String, Map<String, Long>> failureNodes = new TreeMap<>();

    public synchronized void attempted() {
        attempted++;
    }

    public synchronized void hashmatch() {
        hashmatch++;
    }

    public synchronized void removed() {
        remove++;
    }

    public synchronized void synced() {
        rsync++;
    }

    public synchronized void success(long n) {
        success += n;
    }

    public synchronized void suffixCount(long n) {
        suffixCount += n;
    }

    public synchronized void suffixHash(long n) {
        suffixHash += n;
    }

    public synchronized void suffixSync(long n) {
        suffixSync += n;
    }

    /** Swift's {@code add_failure_stats}: one failure per (replication ip, device). */
    public synchronized void failures(Iterable<NodeKey> nodes) {
        for (NodeKey n : nodes) {
            failure++;
            failureNodes.computeIfAbsent(n.ip(), k -> new TreeMap<>()).merge(n.device(), 1L, Long::sum);
        }
    }

    public synchronized long attemptedCount() {
        return attempted;
    }

    public synchronized long successCount() {
        return success;
    }

    public synchronized long failureCount() {
        return failure;
    }

    public synchronized long suffixCountValue() {
        return suffixCount;
    }

    public synchronized long suffixHashValue() {
        return suffixHash;
    }

    public synchronized long suffixSyncValue() {
        return suffixSync;
    }

    /** Adds {@code other}'s counters into this one. */
    public void add(ReplicationStats other) {
        Map<String, Object> o = other.toRecon();
        synchronized (this) {
            attempted += (Long) o.get("attempted");
            failure += (Long) o.get("failure");
            hashmatch += (Long) o.get("hashmatch");
            remove += (Long) o.get("remove");
            rsync += (Long) o.get("rsync");
            success += (Long) o.get("success");
            suffixCount += (Long) o.get("suffix_count");
            suffixHash += (Long) o.get("suffix_hash");
            suffixSync += (Long) o.get("suffix_sync");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Long>> fn = (Map<String, Map<String, Long>>) o.get("failure_nodes");
            fn.forEach((ip, devs) -> devs.forEach((dev, n) ->
                    failureNodes.computeIfAbsent(ip, k -> new TreeMap<>()).merge(dev, n, Long::sum)));
        }
    }

    /** The recon form ({@code replication_stats}); an empty {@code failure_nodes} is dropped by the cache writer. */
    public synchronized Map<String, Object> toRecon() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempted", attempted);
        m.put("failure", failure);
        Map<String, Map<String, Long>> fn = new TreeMap<>();
        failureNodes.forEach((k, v) -> fn.put(k, new TreeMap<>(v)));
        m.put("failure_nodes", fn);
        m.put("hashmatch", hashmatch);
        m.put("remove", remove);
        m.put("rsync", rsync);
        m.put("success", success);
        m.put("suffix_count", suffixCount);
        m.put("suffix_hash", suffixHash);
        m.put("suffix_sync", suffixSync);
        return m;
    }

    /** A remote device as failure stats count it. */
    public record NodeKey(String ip, String device) {
    }
}
