package io.swiftnode.replication;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Batches the rsync pushes of primary partitions: a job that found differing suffixes hands them
 * here and moves on; pushes to the same target device (from the same local device and policy) are
 * sent together by one rsync once {@code rsync_batch_partitions} partitions are queued, or when the
 * pass flushes. rsync's start-up and daemon handshake (about 0.1 s on loopback, mostly idle) is then
 * paid once per batch instead of once per partition, which is where a pass over many small
 * partitions spends its time. The outcome reaches each partition's callback, which settles its
 * stats.
 *
 * <p>Handoff partitions and targets in another region are never batched: their jobs need the
 * result at once (handoff removal, remote-region skipping), so they rsync on their own as Swift does.
 *
 * <p>Thread-safe: queues are guarded by this object's monitor; batches run on the given executor.
 */
final class RsyncBatcher {
    private static final Logger LOG = Logger.getLogger(RsyncBatcher.class.getName());
    /** Upper bound of source paths in one command line (far below ARG_MAX). */
    private static final int MAX_PATHS = 2048;

    private record Key(SyncTarget target, String device, int policy) {
    }

    private record Pending(RsyncTransport.BatchItem item, Consumer<Boolean> done) {
    }

    private final RsyncTransport rsync;
    private final int maxPartitions;
    private final ExecutorService runner;
    private final Map<Key, List<Pending>> queues = new LinkedHashMap<>();
    private final Map<Key, Integer> queuedPaths = new LinkedHashMap<>();
    private final List<Future<?>> running = new ArrayList<>();

    RsyncBatcher(RsyncTransport rsync, int maxPartitions, ExecutorService runner) {
        this.rsync = rsync;
        this.maxPartitions = Math.max(1, maxPartitions);
        this.runner = runner;
    }

    /** Queues one partition's push; {@code done} gets whether rsync succeeded. */
    void submit(SyncJob job, SyncTarget target, List<String> suffixes, Consumer<Boolean> done) {
        Key key = new Key(target, job.device(), job.policy());
        List<Pending> ready = null;
        synchronized (this) {
            List<Pending> q = queues.computeIfAbsent(key, k -> new ArrayList<>());
            q.add(new Pending(new RsyncTransport.BatchItem(job, List.copyOf(suffixes)), done));
            int paths = queuedPaths.merge(key, suffixes.size(), Integer::sum);
            if (q.size() >= maxPartitions || paths >= MAX_PATHS) {
                ready = queues.remove(key);
                queuedPaths.remove(key);
            }
        }
        if (ready != null) {
            start(key, ready);
        }
    }

    /** Sends everything queued and waits until every batch has finished. */
    void flushAndWait() throws InterruptedException {
        Map<Key, List<Pending>> rest;
        synchronized (this) {
            rest = new LinkedHashMap<>(queues);
            queues.clear();
            queuedPaths.clear();
        }
        rest.forEach(this::start);
        List<Future<?>> all;
        synchronized (this) {
            all = new ArrayList<>(running);
            running.clear();
        }
        for (Future<?> f : all) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                LOG.log(Level.SEVERE, "rsync batch failed", e);
            }
        }
    }

    private void start(Key key, List<Pending> batch) {
        Future<?> f = runner.submit(() -> {
            boolean ok = false;
            try {
                ok = rsync.syncBatch(key.target(), batch.stream().map(Pending::item).toList());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                for (Pending p : batch) {
                    p.done().accept(ok);
                }
            }
        });
        synchronized (this) {
            running.add(f);
        }
    }
}
