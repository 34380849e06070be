package io.swiftnode.auditor;

import io.swiftnode.daemon.TokenBucket;
import io.swiftnode.disk.DiskFile;
import io.swiftnode.disk.DiskFileDeleted;
import io.swiftnode.disk.DiskFileExpired;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.DiskFileNotExist;
import io.swiftnode.disk.DiskFileQuarantined;
import io.swiftnode.disk.DiskFileReader;
import io.swiftnode.disk.OnDiskFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

/**
 * The audit of one hash directory (Swift's {@code AuditorWorker.object_audit}): open the object by
 * hash with "modernize" (the disk layer's open checks quarantine bad metadata, a stored name whose
 * MD5 is not the directory name, and a size other than {@code Content-Length}); in the ALL pass,
 * read a non-empty body to its end at {@code bytes_per_second}, which quarantines on a short read
 * or an MD5 other than the {@code ETag}. Then the outcome: expired or missing objects are ignored;
 * a tombstone older than {@code reclaim_age} (ALL pass only) gets its suffix invalidated so the
 * replicator's rehash reclaims it. Finally rsync temp files ({@code .name.XXXXXX}) left in the
 * directory longer than {@code rsync_tempfile_timeout} are deleted.
 *
 * <p>Thread-safe if the byte limiter is (it is): it holds only configuration.
 */
final class ObjectAudit {
    private static final Logger LOG = Logger.getLogger(ObjectAudit.class.getName());
    private static final int CHUNK = 65536;

    /** What became of one location. */
    enum Kind { PASSED, QUARANTINED, EXPIRED, DELETED, NOT_FOUND }

    /**
     * @param kind   the outcome
     * @param size   the object's {@code Content-Length} when it opened, else -1
     * @param reason why it was quarantined, else null
     */
    record Outcome(Kind kind, long size, String reason) {
    }

    private final DiskFileManager disk;
    private final AuditorType type;
    private final TokenBucket bytesLimiter;
    private final long reclaimAge;
    private final long rsyncTempfileTimeout;
    private final DoubleSupplier clock;

    /**
     * @param bytesLimiter the ALL pass's {@code bytes_per_second} bucket (unused by ZBF)
     * @param clock        epoch seconds
     */
    ObjectAudit(DiskFileManager disk, AuditorType type, TokenBucket bytesLimiter, long reclaimAge,
            long rsyncTempfileTimeout, DoubleSupplier clock) {
        this.disk = disk;
        this.type = type;
        this.bytesLimiter = bytesLimiter;
        this.reclaimAge = reclaimAge;
        this.rsyncTempfileTimeout = rsyncTempfileTimeout;
        this.clock = clock;
    }

    /**
     * Audits {@code loc}; bytes are reported to {@code bytesRead} as they are read.
     *
     * @throws IOException on unexpected failures (Swift counts them as errors, not passes)
     */
    Outcome audit(AuditLocation loc, LongConsumer bytesRead) throws IOException, InterruptedException {
        if (!loc.hash().endsWith(loc.suffix())) {
            // not a directory named like a hash of its suffix: nothing the disk layer can open
            return new Outcome(Kind.NOT_FOUND, -1, null);
        }
        DiskFile df = disk.diskFileFromHash(loc.device(), loc.partition(), loc.hash(), loc.policy());
        try {
            return check(df, bytesRead);
        } catch (DiskFileQuarantined e) {
            return new Outcome(Kind.QUARANTINED, -1, e.getMessage());
        } catch (DiskFileExpired e) {
            return new Outcome(Kind.EXPIRED, -1, null);
        } catch (DiskFileDeleted e) {
            double now = clock.getAsDouble();
            if (type == AuditorType.ALL && now - e.timestamp().seconds() > reclaimAge) {
                disk.invalidateSuffixes(loc.device(), loc.partition(), List.of(loc.suffix()), loc.policy());
            }
            return new Outcome(Kind.DELETED, -1, null);
        } catch (DiskFileNotExist e) {
            return new Outcome(Kind.NOT_FOUND, -1, null);
        } finally {
            removeOldRsyncTempfiles(loc.hashDir());
        }
    }

    private Outcome check(DiskFile df, LongConsumer bytesRead) throws IOException, InterruptedException {
        try (DiskFileReader r = df.open(false, clock.getAsDouble(), true)) {
            long size = r.contentLength();
            if (size > 0 && type == AuditorType.ALL) {
                byte[] buf = new byte[CHUNK];
                try (InputStream in = r.stream(0, size)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        bytesLimiter.acquire(n);
                        bytesRead.accept(n);
                    }
                }
                if (r.quarantined()) {
                    return new Outcome(Kind.QUARANTINED, size, r.quarantineReason());
                }
            }
            return new Outcome(Kind.PASSED, size, null);
        }
    }

    /** Deletes rsync temp files in {@code hashDir} not modified for {@code rsync_tempfile_timeout}. */
    private void removeOldRsyncTempfiles(Path hashDir) {
        if (!Files.isDirectory(hashDir)) {
            return;
        }
        double cutoff = clock.getAsDouble() - rsyncTempfileTimeout;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(hashDir,
                p -> OnDiskFiles.RSYNC_TEMPFILE.matcher(p.getFileName().toString()).matches())) {
            for (Path p : ds) {
                try {
                    if (Files.getLastModifiedTime(p).toMillis() / 1000.0 < cutoff) {
                        Files.delete(p);
                        LOG.fine(() -> "Removed old rsync temp file " + p);
                    }
                } catch (IOException e) {
                    // gone or unreadable: Swift ignores it too
                }
            }
        } catch (IOException e) {
            // the directory went away (quarantined) or cannot be listed: nothing to clean
        }
    }
}
