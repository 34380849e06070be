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
        this.transport = transport != null ? transport : Transports.forConfig(conf);
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
                LOG.severe("Cannot load the object ring of policy " + p + ": " + e.getMessage());
            }
        }
        PartitionReplicator partitions = new PartitionReplicator(disk,
                new ReplicateClient(conf.httpTimeout()), transport, conf.syncMethod().equals("ssync"),
                conf.handoffDelete(), conf.reclaimAge());
        ReplicationPass pass = new ReplicationPass(conf, disk, partitions, replicationCycle, lockupTimeout());
        ReplicationStats total = pass.run(policyRings);
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
        recon.update(update);
        return update;
    }

    /** {@code lockup_timeout} (seconds, default 1800; 0 disables the watchdog). */
    double lockupTimeout() {
        String v = conf.others().get("lockup_timeout");
        if (v == null || v.isBlank()) {
            return 1800;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            LOG.warning("lockup_timeout: not a number: " + v + "; using 1800");
            return 1800;
        }
    }
}
