package io.swiftnode.auditor;

import io.swiftnode.config.AuditorConfig;
import io.swiftnode.config.ServerConfig;
import io.swiftnode.daemon.Daemon;
import io.swiftnode.daemon.ReconCache;
import io.swiftnode.daemon.RunMode;
import io.swiftnode.disk.DiskFileManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
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
 * <p>Differences from Swift: {@code concurrency} > 1 (one ALL process per device) is not
 * implemented, all devices are audited by one ALL worker; audit watchers are not supported (a
 * warning is logged when configured). Device names, mount checks and policies come from the disk
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
        if (config.concurrency() > 1) {
            LOG.warning("concurrency = " + config.concurrency() + " is not supported; one ALL worker audits"
                    + " every device");
        }
        recon.update(Map.of(AuditorType.ALL.reconKey(), Map.of()));
        recon.update(Map.of(AuditorType.ZBF.reconKey(), Map.of()));
        Random random = new Random();
        AtomicReference<Map<String, Object>> zbfResult = new AtomicReference<>();
        Thread zbf = null;
        if (config.zeroByteFilesPerSecond() > 0) {
            zbf = new Thread(() -> zbfResult.set(runWorker(AuditorType.ZBF, new Random(random.nextLong()))),
                    "auditor-ZBF");
            zbf.setDaemon(true);
            zbf.start();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            out.put(AuditorType.ALL.name(), runWorker(AuditorType.ALL, random));
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

    /** Runs one worker; its failure is logged (as Swift's child does) and reported in the stats. */
    private Map<String, Object> runWorker(AuditorType type, Random random) {
        try {
            return new AuditorWorker(config, disk, recon, type, clock, random).run(MODE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of("interrupted", true);
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "ERROR: Unable to run auditing: " + e, e);
            return Map.of("failed", String.valueOf(e));
        }
    }
}
