package io.swiftnode.auditor;

import io.swiftnode.config.AuditorConfig;
import io.swiftnode.config.ServerConfig;
import io.swiftnode.daemon.Daemon;
import io.swiftnode.daemon.ReconCache;
import io.swiftnode.daemon.RunMode;
import io.swiftnode.disk.DiskFileManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The object auditor daemon ({@code auditor}), Swift's {@code ObjectAuditor} in "once" mode per
 * pass: clear the recon entries {@code object_auditor_stats_ALL} and {@code _ZBF}, then run the ZBF
 * pass (when {@code zero_byte_files_per_second} > 0) on its own thread concurrently with the ALL
 * pass on the caller's, and return when both are done. Enabled when {@code object-server.conf} has
 * an {@code [object-auditor]} section; the pause between passes is its {@code interval}.
 *
 * <p>With {@code concurrency} > 1 the ALL pass is one worker per device, at most
 * {@code concurrency} at a time (Swift forks one process per device), and their recon entries are
 * nested by device name. Audit watchers are not supported (a warning is logged when configured). Device names, mount checks and policies come from the disk
 * layer's config ({@code [app:object-server]}/{@code [DEFAULT]}), which in a Swift config normally
 * agrees with the auditor section's.
 *
 * <p>Thread-safe: the fields are written once, by the constructor; the scheduler never runs two
 * passes of one daemon at once, and each pass uses its own workers.
 */
@ApplicationScoped
public class ObjectAuditor implements Daemon {
    private static final Logger LOG = Logger.getLogger(ObjectAuditor.class.getName());
    /** Swift's log mode for a single audit loop. */
    static final String MODE = "once";

    private AuditorConfig config;
    private DiskFileManager disk;
    private ReconCache recon;
    private DoubleSupplier clock;

    /** For CDI's client proxy only. */
    protected ObjectAuditor() {
    }

    @Inject
    public ObjectAuditor(ServerConfig server, DiskFileManager disk) {
        this(server.auditor(), disk);
    }

    /** An auditor outside a container (tests, tools). */
    public ObjectAuditor(AuditorConfig config, DiskFileManager disk) {
        this(config, disk, () -> System.currentTimeMillis() / 1000.0);
    }

    /** @param clock epoch seconds (tests move it) */
    public ObjectAuditor(AuditorConfig config, DiskFileManager disk, DoubleSupplier clock) {
        this.config = config;
        this.disk = disk;
        this.recon = new ReconCache(config.reconCachePath());
        this.clock = clock;
    }

    @Override
    public String name() {
        return "auditor";
    }

    @Override
    public boolean enabled() {
        return RunMode.runForever(config.present(), config.others());
    }

    @Override
    public double interval() {
        return config.interval();
    }

    /**
     * One audit loop: the ZBF and ALL passes.
     *
     * @return {@code {"ALL": totals, "ZBF": totals}} (no {@code ZBF} when it is disabled); a pass
     *     that failed as a whole has {@code {"failed": message}}
     */
    @Override
    public Map<String, Object> runPass() throws InterruptedException {
        if (!config.watchers().isEmpty()) {
            LOG.warning("Audit watchers are not supported; ignoring watchers = " + config.watchers());
        }
        recon.update(Map.of(AuditorType.ALL.reconKey(), Map.of()));
        recon.update(Map.of(AuditorType.ZBF.reconKey(), Map.of()));
        Random random = new Random();
        AtomicReference<Map<String, Object>> zbfResult = new AtomicReference<>();
        Thread zbf = null;
        if (config.zeroByteFilesPerSecond() > 0) {
            zbf = new Thread(() -> zbfResult.set(runWorker(AuditorType.ZBF, new Random(random.nextLong()), null)),
                    "auditor-ZBF");
            zbf.setDaemon(true);
            zbf.start();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            out.put(AuditorType.ALL.name(), config.concurrency() > 1 ? runPerDevice(random)
                    : runWorker(AuditorType.ALL, random, null));
            if (zbf != null) {
                zbf.join();
            }
        } catch (InterruptedException e) {
            if (zbf != null) {
                zbf.interrupt();
                zbf.join(10_000);
            }
            throw e;
        }
        if (zbf != null) {
            out.put(AuditorType.ZBF.name(), zbfResult.get());
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("auditor pass interrupted");
        }
        return out;
    }

    /**
     * The ALL pass as one worker per device, {@code concurrency} at a time, devices shuffled as
     * Swift's parent does; the result maps each device to its worker's totals.
     */
    private Map<String, Object> runPerDevice(Random random) throws InterruptedException {
        List<String> devices;
        try {
            devices = new ArrayList<>(Listing.list(disk.config().devices()));
        } catch (java.io.IOException e) {
            LOG.log(Level.SEVERE, "ERROR: Unable to list devices " + disk.config().devices() + ": " + e, e);
            return Map.of("failed", String.valueOf(e));
        }
        Collections.shuffle(devices, random);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.concurrency(),
                Math.max(1, devices.size())), r -> {
                    Thread t = new Thread(r, "auditor-ALL-device");
                    t.setDaemon(true);
                    return t;
                });
        Map<String, Future<Map<String, Object>>> running = new LinkedHashMap<>();
        try {
            for (String d : devices) {
                Random r = new Random(random.nextLong());
                running.put(d, pool.submit(() -> runWorker(AuditorType.ALL, r, List.of(d))));
            }
            Map<String, Object> out = new TreeMap<>();
            for (Map.Entry<String, Future<Map<String, Object>>> e : running.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException ex) {
                    out.put(e.getKey(), Map.of("failed", String.valueOf(ex.getCause())));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs one worker; its failure is logged (as Swift's child does) and reported in the stats. */
    private Map<String, Object> runWorker(AuditorType type, Random random, List<String> devices) {
        try {
            return new AuditorWorker(config, disk, recon, type, clock, random, devices).run(MODE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of("interrupted", true);
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "ERROR: Unable to run auditing: " + e, e);
            return Map.of("failed", String.valueOf(e));
        }
    }
}
