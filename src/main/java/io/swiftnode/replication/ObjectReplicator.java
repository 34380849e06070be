package io.swiftnode.replication;

import io.swiftnode.config.ReplicatorConfig;
import io.swiftnode.config.ServerConfig;
import io.swiftnode.config.SwiftConf;
import io.swiftnode.daemon.Daemon;
import io.swiftnode.daemon.ReconCache;
import io.swiftnode.daemon.RunMode;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.ring.Rings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * The object replicator (Swift's {@code ObjectReplicator}) as a {@link Daemon}: each pass
 * replicates every partition of every local device of every replication policy
 * ({@link ReplicationPass}), then logs {@code Object replication complete.} and writes the recon
 * entries {@code replication_stats}, {@code replication_time} (minutes), {@code replication_last}
 * and their {@code object_} twins. Runs forever when {@code [object-replicator]} is present;
 * {@code sync_method} picks the transport (rsync or ssync).
 *
 * <p>Thread-safe: the scheduler never runs two passes at once; the replication cycle counter is
 * only touched by the pass.
 */
@ApplicationScoped
public class ObjectReplicator implements Daemon {
    private static final Logger LOG = Logger.getLogger(ObjectReplicator.class.getName());
    /**
     * {@code rsync_batch_partitions} (an option of ours): primary partitions pushed to one target by
     * one rsync; 1 runs one rsync per partition as Swift does.
     */
    static final int DEFAULT_RSYNC_BATCH = 32;

    private ReplicatorConfig conf;
    private List<Integer> policies;
    private DiskFileManager disk;
    private Rings rings;
    private SyncTransport transport;
    private ReconCache recon;
    private int replicationCycle = ThreadLocalRandom.current().nextInt(10);

    protected ObjectReplicator() {
        // for CDI proxies
    }

    @Inject
    public ObjectReplicator(ServerConfig server, SwiftConf swift, DiskFileManager disk, Rings rings) {
        this(server.replicator(), new ArrayList<>(new TreeSet<>(swift.replicationPolicyIndexes())), disk, rings,
                null);
    }

    /**
     * @param transport the sync transport, or null for the one {@code sync_method} names
     */
    public ObjectReplicator(ReplicatorConfig conf, List<Integer> policies, DiskFileManager disk, Rings rings,
            SyncTransport transport) {
        this.conf = conf;
        this.policies = List.copyOf(policies);
        this.disk = disk;
        this.rings = rings;
        this.transport = transport != null ? transport : Transports.forConfig(conf, disk);
        this.recon = new ReconCache(conf.reconCachePath());
    }

    @Override
    public String name() {
        return "replicator";
    }

    @Override
    public boolean enabled() {
        return RunMode.runForever(conf.present(), conf.others());
    }

    @Override
    public double interval() {
        return conf.interval();
    }

    @Override
    public Map<String, Object> runPass() throws InterruptedException {
        replicationCycle = (replicationCycle + 1) % 10;
        LOG.info("Starting object replication pass.");
        double startSecs = System.currentTimeMillis() / 1000.0;
        List<ReplicationPass.PolicyRing> policyRings = new ArrayList<>();
        for (int p : policies) {
            try {
                policyRings.add(new ReplicationPass.PolicyRing(p, rings.objectRing(p)));
            } catch (IOException e) {
                LOG.warning("No usable object ring for policy " + p + " (" + e.getMessage()
                        + "): nothing to replicate for it");
            }
        }
        int batch = intOption("rsync_batch_partitions", DEFAULT_RSYNC_BATCH);
        ExecutorService batchRunner = null;
        RsyncBatcher batcher = null;
        if (transport instanceof RsyncTransport rsync && batch > 1) {
            batchRunner = Executors.newFixedThreadPool(Math.max(1, conf.concurrency()), r -> {
                Thread t = new Thread(r, "object-replicator-rsync");
                t.setDaemon(true);
                return t;
            });
            batcher = new RsyncBatcher(rsync, batch, batchRunner);
        }
        PartitionReplicator partitions = new PartitionReplicator(disk,
                new ReplicateClient(conf.httpTimeout()), transport, conf.syncMethod().equals("ssync"),
                conf.handoffDelete(), conf.reclaimAge(), batcher);
        ReplicationPass pass = new ReplicationPass(conf, disk, partitions, replicationCycle, lockupTimeout(),
                batcher);
        ReplicationStats total;
        try {
            total = pass.run(policyRings);
        } finally {
            if (batchRunner != null) {
                batchRunner.shutdownNow();
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("replication pass interrupted");
        }
        double end = System.currentTimeMillis() / 1000.0;
        double minutes = (end - startSecs) / 60;
        LOG.info(String.format("Object replication complete. (%.02f minutes)", minutes));
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("replication_stats", total.toRecon());
        update.put("replication_time", minutes);
        update.put("replication_last", end);
        update.put("object_replication_time", minutes);
        update.put("object_replication_last", end);
        if (conf.replicatorWorkers() > 0) {
            update.put("object_replication_per_disk", perDisk(pass.byDevice(), minutes, end));
        }
        recon.update(update);
        return update;
    }

    /**
     * What Swift's replicator workers write, one entry per local device (each worker covers its
     * devices for the whole pass, so every device has the pass's time); devices no longer local
     * are removed (an empty map deletes the key in the recon cache). The top-level keys above are
     * what Swift's parent aggregates from them: summed stats, the minimum times.
     */
    private Map<String, Object> perDisk(Map<String, ReplicationStats> byDevice, double minutes, double end) {
        Map<String, Object> perDisk = new LinkedHashMap<>();
        byDevice.forEach((device, stats) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("replication_stats", stats.toRecon());
            e.put("replication_time", minutes);
            e.put("replication_last", end);
            e.put("object_replication_time", minutes);
            e.put("object_replication_last", end);
            perDisk.put(device, e);
        });
        Object old = recon.read().get("object_replication_per_disk");
        if (old instanceof Map<?, ?> m) {
            m.keySet().forEach(k -> perDisk.putIfAbsent(String.valueOf(k), Map.of()));
        }
        return perDisk;
    }

    /** {@code lockup_timeout} (seconds, default 1800; 0 disables the watchdog). */
    double lockupTimeout() {
        return intOption("lockup_timeout", 1800);
    }

    /** An integer option of ours from the section (Swift ignores it); the default when absent or bad. */
    private int intOption(String name, int def) {
        String v = conf.others().get(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            LOG.warning(name + ": not an integer: " + v + "; using " + def);
            return def;
        }
    }
}
