package io.swiftnode.auditor;

import io.swiftnode.config.AuditorConfig;
import io.swiftnode.daemon.ReconCache;
import io.swiftnode.daemon.TokenBucket;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.PolicyDirs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One auditor pass of one {@link AuditorType} over every replication policy and device (Swift's
 * {@code AuditorWorker.audit_all_objects}): locations from one {@link AuditWalk} per policy taken
 * round-robin, each audited by {@link ObjectAudit} and followed by one {@code files_per_second}
 * (ZBF: {@code zero_byte_files_per_second}) token. Every {@code log_time} seconds — and, as in
 * Swift, after the first location, since a new worker has never reported — it logs
 * {@code Object audit (TYPE). Since …}, writes {@code object_auditor_stats_<TYPE>} to the recon
 * cache and restarts the since-report counters. At the end it logs the completion line (and
 * {@code object_size_stats} buckets) and deletes the pass's status files.
 *
 * <p>Not thread-safe: one worker makes one pass on one thread; the ALL and ZBF workers of a pass
 * share nothing but the recon cache, whose updates are locked.
 */
final class AuditorWorker {
    private static final double BURST_SECONDS = 5; // Swift's rate_buffer

    private final AuditorConfig config;
    private final DiskFileManager disk;
    private final ReconCache recon;
    private final AuditorType type;
    private final DoubleSupplier clock;
    private final Random random;
    private final Logger log;
    private final List<String> devices;

    AuditorWorker(AuditorConfig config, DiskFileManager disk, ReconCache recon, AuditorType type,
            DoubleSupplier clock, Random random) {
        this(config, disk, recon, type, clock, random, null);
    }

    /**
     * @param devices the devices this worker audits (Swift's {@code device_dirs}: one device per ALL
     *                worker when {@code concurrency} > 1), or null for every device; with a list the
     *                recon entry is nested under the devices' names joined by commas
     */
    AuditorWorker(AuditorConfig config, DiskFileManager disk, ReconCache recon, AuditorType type,
            DoubleSupplier clock, Random random, List<String> devices) {
        this.devices = devices == null ? null : List.copyOf(devices);
        this.config = config;
        this.disk = disk;
        this.recon = recon;
        this.type = type;
        this.clock = clock;
        this.random = random;
        this.log = Logger.getLogger(AuditorWorker.class.getName() + "." + type);
    }

    /**
     * Makes the pass.
     *
     * @param mode {@code once} or {@code forever}, for the log lines
     * @return the pass's totals ({@link AuditStats#totals})
     * @throws InterruptedException when interrupted; the status files then stay for the next pass to resume
     */
    Map<String, Object> run(String mode) throws InterruptedException, IOException {
        String deviceKey = devices == null ? null : String.join(",", new TreeSet<>(devices));
        String description = deviceKey == null ? ""
                : type == AuditorType.ALL ? " - parallel, " + deviceKey : " - " + deviceKey;
        log.info("Begin object audit \"" + mode + "\" mode (" + type + description + ")");
        double fps = type == AuditorType.ZBF ? config.zeroByteFilesPerSecond() : config.filesPerSecond();
        TokenBucket files = new TokenBucket(fps, BURST_SECONDS);
        files.drain();
        TokenBucket bytes = new TokenBucket(config.bytesPerSecond(), BURST_SECONDS);
        bytes.drain();
        ObjectAudit audit = new ObjectAudit(disk, type, bytes, config.reclaimAge(), config.rsyncTempfileTimeout(),
                clock);
        SizeBuckets sizes = new SizeBuckets(config.objectSizeStats());
        double begin = clock.getAsDouble();
        AuditStats stats = new AuditStats(type, description, begin);
        double lastLogged = 0;

        List<Iterator<AuditLocation>> walks = new ArrayList<>();
        for (int policy : new TreeSet<>(disk.config().policies())) {
            walks.add(new AuditWalk(disk, policy, type, devices, random, clock));
        }
        Iterator<AuditLocation> locations = AuditWalk.roundRobin(walks);
        while (locations.hasNext()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("auditor " + type + " pass interrupted");
            }
            AuditLocation loc = locations.next();
            double loopStart = clock.getAsDouble();
            failsafeAudit(audit, loc, stats, sizes);
            files.acquire(1);
            double now = clock.getAsDouble();
            if (now - lastLogged >= config.logTime()) {
                log.info(stats.reportLine(now));
                recon.update(Map.of(type.reconKey(), deviceKey == null ? stats.reconEntry()
                        : Map.of(deviceKey, stats.reconEntry())));
                stats.reset(now);
                lastLogged = now;
            }
            stats.file(now - loopStart);
        }
        double end = clock.getAsDouble();
        log.info(stats.completedLine(mode, end));
        if (sizes.enabled()) {
            log.info("Object audit stats: " + sizes.json());
        }
        for (int policy : disk.config().policies()) {
            AuditStatusFile.clear(disk.config().devices(), PolicyDirs.objects(policy), type);
        }
        return stats.totals(end);
    }

    private void failsafeAudit(ObjectAudit audit, AuditLocation loc, AuditStats stats, SizeBuckets sizes)
            throws InterruptedException {
        try {
            ObjectAudit.Outcome o = audit.audit(loc, stats::bytes);
            if (o.size() >= 0 && sizes.enabled()) {
                sizes.record(o.size());
            }
            if (o.kind() == ObjectAudit.Kind.QUARANTINED) {
                stats.quarantined();
                log.severe("ERROR Object " + loc + " failed audit and was quarantined: " + o.reason());
            }
            stats.passed();
        } catch (InterruptedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            stats.error();
            log.log(Level.SEVERE, "ERROR Trying to audit " + loc, e);
        }
    }
}
