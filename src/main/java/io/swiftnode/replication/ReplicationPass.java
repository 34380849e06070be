package io.swiftnode.replication;

import io.swiftnode.config.ReplicatorConfig;
import io.swiftnode.disk.DiskFileDeviceUnavailable;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.ring.Ring;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One replication pass (Swift's {@code replicate}): collects the jobs of every replication policy,
 * runs them {@code concurrency} at a time, logs progress every {@code stats_interval}
 * ({@link #statsLine}), aborts when a ring file changes or (with {@code handoffs_first}) when
 * handoffs remain before primaries start, and ends a pass that makes no progress for
 * {@code lockup_timeout} seconds by interrupting its workers (a hung peer or rsync is also bounded
 * by {@code http_timeout} / {@code rsync_timeout} on its own).
 *
 * <p>Not thread-safe as a whole: one instance is one pass, driven by one thread; the counters its
 * workers touch are atomic or synchronized.
 */
final class ReplicationPass {
    private static final Logger LOG = Logger.getLogger(ReplicationPass.class.getName());

    /** A policy's ring and the jobs found for it. */
    record PolicyRing(int policy, Ring ring) {
    }

    private final ReplicatorConfig conf;
    private final DiskFileManager disk;
    private final PartitionReplicator partitions;
    private final JobCollector collector;
    private final int replicationCycle;
    private final double lockupTimeout;

    /** Filled by the pass's thread, read by the heartbeat's: a concurrent map. */
    private final Map<String, ReplicationStats> statsByDevice = new ConcurrentSkipListMap<>();
    private final List<Double> partitionTimes = new ArrayList<>();
    private final AtomicInteger handoffsRemaining = new AtomicInteger();
    private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    private volatile int jobCount;
    private volatile boolean lockedUp;
    private volatile long lastStatsLine = System.nanoTime();
    private long start;
    private int lastReplicationCount;

    private final RsyncBatcher batcher;

    /** @param batcher the batched rsync pushes to wait for at the end of the pass, or null */
    ReplicationPass(ReplicatorConfig conf, DiskFileManager disk, PartitionReplicator partitions, int replicationCycle,
            double lockupTimeout, RsyncBatcher batcher) {
        this.batcher = batcher;
        this.conf = conf;
        this.disk = disk;
        this.partitions = partitions;
        this.collector = new JobCollector(conf, disk);
        this.replicationCycle = replicationCycle;
        this.lockupTimeout = lockupTimeout;
    }

    /** Runs the pass; returns the summed stats. */
    ReplicationStats run(List<PolicyRing> rings) throws InterruptedException {
        start = System.nanoTime();
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
                r -> daemonThread(r, "object-replicator-heartbeat"));
        // replicator_workers > 0: Swift forks that many processes, each with its share of the devices and
        // its own concurrency; here their partitions run in one pool that many times larger
        int workers = Math.max(1, conf.replicatorWorkers());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, conf.concurrency()) * workers,
                r -> daemonThread(r, "object-replicator-worker"));
        long statsMs = Math.max(1, (long) (conf.statsInterval() * 1000));
        heartbeat.scheduleWithFixedDelay(() -> heartbeat(pool), statsMs, Math.min(statsMs, 1000),
                TimeUnit.MILLISECONDS);
        try {
            List<ReplicationJob> jobs = new ArrayList<>();
            Map<Ring, Long> mtimes = new java.util.IdentityHashMap<>();
            for (PolicyRing pr : rings) {
                if (pr.ring().nextPartPower() != null) {
                    LOG.warning("next_part_power set in policy " + pr.policy() + ". Skipping");
                    continue;
                }
                mtimes.put(pr.ring(), mtime(pr.ring()));
                jobs.addAll(collector.collect(pr.policy(), pr.ring(), statsByDevice));
            }
            jobs = collector.order(jobs);
            jobCount = jobs.size();
            long nextRingCheck = System.nanoTime() + (long) (conf.ringCheckInterval() * 1e9);
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (ReplicationJob job : jobs) {
                if (lockedUp) {
                    break;
                }
                ReplicationStats stats = statsByDevice.computeIfAbsent(job.sync().device(),
                        k -> new ReplicationStats());
                try {
                    disk.devicePath(job.sync().device());
                } catch (DiskFileDeviceUnavailable e) {
                    stats.failures(job.nodes().stream().map(ReplicationJob::key).toList());
                    LOG.warning("Skipping " + job.sync().device() + " as it is not mounted");
                    continue;
                }
                if (conf.handoffsFirst() && !job.sync().handoff()) {
                    waitAll(running); // handoffs_remaining is known once the handoff jobs are done
                    if (handoffsRemaining.get() > 0) {
                        LOG.warning("Handoffs first mode still has handoffs remaining.  Aborting current "
                                + "replication pass.");
                        break;
                    }
                }
                if (System.nanoTime() > nextRingCheck) {
                    nextRingCheck = System.nanoTime() + (long) (conf.ringCheckInterval() * 1e9);
                    if (mtime(job.ring()) != mtimes.get(job.ring())) {
                        LOG.info("Ring change detected. Aborting current replication pass.");
                        break;
                    }
                }
                if (Files.isRegularFile(job.sync().partitionPath())) {
                    LOG.warning("Removing partition directory which was a file: " + job.sync().partitionPath());
                    Files.deleteIfExists(job.sync().partitionPath());
                    continue;
                }
                running.add(pool.submit(() -> runJob(job, stats)));
            }
            waitAll(running);
            if (batcher != null) {
                batcher.flushAndWait();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "Exception in top-level replication loop: " + e, e);
        } finally {
            pool.shutdownNow();
            heartbeat.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            statsLine();
        }
        return total();
    }

    private void runJob(ReplicationJob job, ReplicationStats stats) {
        long begin = System.nanoTime();
        try {
            if (job.sync().handoff()) {
                if (!partitions.updateDeleted(job, stats)) {
                    handoffsRemaining.incrementAndGet();
                }
            } else {
                partitions.update(job, replicationCycle, stats);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (partitionTimes) {
                partitionTimes.add((System.nanoTime() - begin) / 1e9);
            }
            lastProgress.set(System.nanoTime());
        }
    }

    private static void waitAll(List<java.util.concurrent.Future<?>> futures) throws InterruptedException {
        for (java.util.concurrent.Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                LOG.log(Level.SEVERE, "replication job failed", e);
            }
        }
        futures.clear();
    }

    private void heartbeat(ExecutorService pool) {
        long idle = System.nanoTime() - lastProgress.get();
        if (lockupTimeout > 0 && idle > lockupTimeout * 1e9 && !lockedUp) {
            lockedUp = true;
            LOG.severe("Lockup detected.. killing live coros.");
            pool.shutdownNow();
        }
        long now = System.nanoTime();
        if (now - lastStatsLine >= conf.statsInterval() * 1e9) {
            lastStatsLine = now;
            statsLine();
        }
    }

    /** Each local device's stats (a copy). */
    Map<String, ReplicationStats> byDevice() {
        return new TreeMap<>(statsByDevice);
    }

    /** The summed stats of every device. */
    ReplicationStats total() {
        ReplicationStats t = new ReplicationStats();
        statsByDevice.values().forEach(t::add);
        return t;
    }

    int handoffsRemaining() {
        return handoffsRemaining.get();
    }

    /** Swift's {@code stats_line}. */
    synchronized void statsLine() {
        ReplicationStats stats = total();
        int count = (int) stats.attemptedCount();
        double elapsed = Math.max((System.nanoTime() - start) / 1e9, 0.000001);
        if (count > lastReplicationCount) {
            lastReplicationCount = count;
            int total = Math.max(jobCount, 1);
            double rate = count / elapsed;
            LOG.info(String.format("%d/%d (%.2f%%) partitions replicated in %.2fs (%.2f/sec, %s remaining)",
                    count, jobCount, count * 100.0 / total, elapsed, rate, eta(elapsed, count, jobCount)));
            LOG.info(stats.successCount() + " successes, " + stats.failureCount() + " failures");
            long checked = stats.suffixCountValue();
            if (checked > 0) {
                LOG.info(String.format("%d suffixes checked - %.2f%% hashed, %.2f%% synced", checked,
                        stats.suffixHashValue() * 100.0 / checked, stats.suffixSyncValue() * 100.0 / checked));
                List<Double> times;
                synchronized (partitionTimes) {
                    times = new ArrayList<>(partitionTimes);
                }
                if (!times.isEmpty()) {
                    times.sort(null);
                    LOG.info(String.format("Partition times: max %.4fs, min %.4fs, med %.4fs",
                            times.get(times.size() - 1), times.get(0), times.get(times.size() / 2)));
                }
            }
        } else {
            LOG.info("Nothing replicated for " + elapsed + " seconds.");
        }
    }

    /** Swift's {@code compute_eta} as the stats line prints it ({@code 12s}, {@code 3m}, {@code 2h}). */
    static String eta(double elapsed, int done, int total) {
        if (done <= 0) {
            return "0s";
        }
        double remaining = elapsed / done * (total - done);
        if (remaining >= 3600) {
            return ((long) (remaining / 3600)) + "h";
        }
        if (remaining >= 60) {
            return ((long) (remaining / 60)) + "m";
        }
        return ((long) remaining) + "s";
    }

    private static long mtime(Ring ring) {
        try {
            return Files.getLastModifiedTime(ring.file()).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
