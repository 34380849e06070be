package io.swiftnode.updater;

import io.swiftnode.backend.UpdateSender;
import io.swiftnode.config.ServerConfig;
import io.swiftnode.config.StoragePolicy;
import io.swiftnode.config.SwiftConf;
import io.swiftnode.config.UpdaterConfig;
import io.swiftnode.daemon.Daemon;
import io.swiftnode.daemon.ReconCache;
import io.swiftnode.daemon.RunMode;
import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFileDeviceUnavailable;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.ring.Rings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The object updater daemon (object-daemons.md §3): sends the container updates that object
 * requests could not deliver, saved as async pendings, to the container servers. One
 * {@link #runPass() pass} sweeps every device of {@code devices} that passes the mount check
 * (others are skipped with a warning), up to {@code updater_workers} devices at once, each as a
 * {@link DeviceSweep}; it logs Swift's lines, writes {@code object_updater_sweep} (seconds) to the
 * recon cache and returns the summed {@link SweepStats} counters plus {@code elapsed}, the backlog
 * left ({@code async_pending}, also written to recon as {@code swift-recon-cron} does, so
 * {@code /recon/async} is current without the cron job) and {@code oldest_async_pending_age}
 * (seconds since the oldest remaining pending's timestamp).
 *
 * <p>Enabled when the config has an {@code [object-updater]} section; in run-forever mode the
 * first pass waits a random fraction of {@code interval}, as Swift's {@code run_forever}.
 * Deliberate difference: the scheduler waits {@code interval} after each pass, where Swift sleeps
 * only what is left of {@code interval} after a sweep.
 *
 * <p>Thread-safe: the configuration is immutable and each pass works with its own threads and
 * state; the scheduler does not run two passes at once.
 */
@ApplicationScoped
public class ObjectUpdater implements Daemon {
    private static final Logger LOG = Logger.getLogger(ObjectUpdater.class.getName());

    private final UpdaterConfig config;
    private final DiskFileManager devices;
    private final Set<Integer> policies;
    private final ContainerNodes nodes;
    private final SweepClock clock;
    private final Random random;

    /** For CDI's client proxy only. */
    protected ObjectUpdater() {
        this.config = null;
        this.devices = null;
        this.policies = null;
        this.nodes = null;
        this.clock = null;
        this.random = null;
    }

    /** The application's bean: {@code [object-updater]}, every policy of swift.conf, the container ring. */
    @Inject
    public ObjectUpdater(ServerConfig server, SwiftConf swift, DiskFileManager disk, Rings rings) {
        this(server.updater(), disk, swift.policies().stream().map(StoragePolicy::index).collect(Collectors.toSet()),
                new RingContainerNodes(rings, disk.config().hashPath()), SweepClock.SYSTEM, new Random());
    }

    /** An updater for the policies {@code disk} serves, on the system clock. */
    public ObjectUpdater(UpdaterConfig config, DiskFileManager disk, ContainerNodes nodes) {
        this(config, disk, disk.config().policies(), nodes, SweepClock.SYSTEM, new Random());
    }

    /**
     * @param config   {@code [object-updater]}; its {@code devices} and {@code mount_check} are used
     * @param disk     the node's disk manager (for the hash path and disk settings)
     * @param policies policy indexes whose {@code async_pending[-N]} dirs are swept
     * @param nodes    the container ring
     * @param clock    time and sleeping
     * @param random   the first delay and the order of prefix dirs
     */
    public ObjectUpdater(UpdaterConfig config, DiskFileManager disk, Set<Integer> policies, ContainerNodes nodes,
            SweepClock clock, Random random) {
        this.config = config;
        DiskConfig d = disk.config();
        this.devices = new DiskFileManager(new DiskConfig(config.devices(), config.mountCheck(), d.hashPath(),
                d.policies(), d.reclaimAge(), d.mbPerSync(), d.fallocateReserve(), d.disableFallocate()));
        this.policies = Set.copyOf(policies);
        this.nodes = nodes;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public String name() {
        return "updater";
    }

    @Override
    public boolean intervalFromPassStart() {
        return true; // Swift's run_forever sleeps interval - elapsed
    }

    @Override
    public boolean enabled() {
        return RunMode.runForever(config.present(), config.others());
    }

    @Override
    public double interval() {
        return config.interval();
    }

    @Override
    public double firstDelay() {
        synchronized (random) {
            return random.nextDouble() * config.interval();
        }
    }

    @Override
    public Map<String, Object> runPass() throws InterruptedException {
        LOG.info("Begin object update sweep");
        double begin = clock.now();
        SweepStats total = new SweepStats();
        UpdateSender sender = new UpdateSender(config.connTimeout(), config.nodeTimeout());
        String userAgent = "object-updater " + ProcessHandle.current().pid();
        DeviceSweep.Settings settings = new DeviceSweep.Settings(policies, config.concurrency(),
                config.objectsPerSecond(), config.maxObjectsPerContainerPerSecond(),
                config.perContainerRatelimitBuckets(), config.maxDeferredUpdates(), config.reportInterval());
        List<Path> mounted = mountedDevices(total);
        ExecutorService devicePool = Threads.pool("swift-updater-device", Math.max(1, config.updaterWorkers()));
        List<Future<SweepStats>> sweeps = new ArrayList<>();
        try {
            for (Path device : mounted) {
                sweeps.add(devicePool.submit(() -> sweepDevice(device, begin, settings, sender, userAgent)));
            }
            for (Future<SweepStats> f : sweeps) {
                try {
                    total.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("device sweep failed", e.getCause());
                }
            }
        } finally {
            devicePool.shutdownNow();
        }
        double elapsed = clock.now() - begin;
        LOG.info(String.format(Locale.ROOT, "Object update sweep completed: %.02fs", elapsed));
        double end = clock.now();
        Backlog backlog = Backlog.count(mounted);
        // object_updater_sweep as Swift's updater; async_pending/_last as swift-recon-cron writes them
        new ReconCache(config.reconCachePath()).update(Map.of("object_updater_sweep", elapsed,
                "async_pending", backlog.files(), "async_pending_last", end));
        Map<String, Object> out = new LinkedHashMap<>(total.toMap());
        out.put("elapsed", elapsed);
        out.put("async_pending", backlog.files());
        out.put("oldest_async_pending_age", backlog.oldestAge(end));
        return out;
    }

    private SweepStats sweepDevice(Path device, double begin, DeviceSweep.Settings settings, UpdateSender sender,
            String userAgent) throws InterruptedException {
        ExecutorService updatePool = Threads.pool("swift-updater-update", Math.max(1, settings.concurrency()));
        ExecutorService nodePool = Threads.cached("swift-updater-node");
        try {
            UpdateProcessor processor = new UpdateProcessor(nodes, new NodeSender(sender), nodePool, userAgent);
            DeviceSweep sweep = new DeviceSweep(settings, processor, updatePool, clock,
                    devices.config().hashPath(), random);
            double start = clock.now();
            SweepStats stats = sweep.run(device, begin + config.interval());
            LOG.info(String.format(Locale.ROOT, "Object update sweep of %s completed: %.02fs, %s",
                    device.getFileName(), clock.now() - start, stats));
            return stats;
        } finally {
            updatePool.shutdownNow();
            nodePool.shutdownNow();
        }
    }

    /** The devices that pass the check, in name order; the others are skipped with a warning. */
    private List<Path> mountedDevices(SweepStats stats) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(config.devices())) {
            ds.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            stats.errors.incrementAndGet();
            LOG.severe(() -> "ERROR: Unable to access " + config.devices() + ": " + e);
        }
        names.sort(null);
        List<Path> out = new ArrayList<>();
        for (String name : names) {
            try {
                out.add(devices.devicePath(name));
            } catch (DiskFileDeviceUnavailable e) {
                Path p = config.devices().resolve(name);
                LOG.warning(() -> "Skipping: " + (config.mountCheck() ? p + " is not mounted"
                        : p + " is not a directory"));
            }
        }
        return out;
    }
}
