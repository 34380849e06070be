package io.swiftnode.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes one new file of an object: body bytes into a temp file in {@code <device>/tmp[-N]/}, then
 * metadata, fsync, and an atomic rename into the hash directory. Lifecycle:
 * {@link DiskFile#create} → {@link #write} … → {@link #put} (durable, visible, obsolete files
 * cleaned up) → {@link #commit} → {@link #close} (always; removes the temp file if {@code put} did
 * not happen). A crash before the rename leaves only a temp file, which no reader
 * looks at and the replicator reclaims.
 *
 * <p>Not thread-safe: one writer belongs to one request.
 */
public final class DiskFileWriter implements AutoCloseable {
    private static final Set<OpenOption> CREATE_NEW_WRITE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Logger LOG = Logger.getLogger(DiskFileWriter.class.getName());
    private final DiskFile diskFile;
    private final String ext;
    private final Path tmpPath;
    private final FileChannel channel;
    private final MessageDigest md5 = HashPath.md5();
    private final long bytesPerSync;
    private long written;
    private long lastSync;
    private boolean putDone;
    private boolean committed;
    private boolean closed;
    /** Drops written pages from the page cache; opened at the first drop. */
    private final PageCache pageCache;
    private boolean keepCacheAfterPut;

    DiskFileWriter(DiskFile diskFile, String ext, long size) throws IOException {
        this.diskFile = diskFile;
        this.ext = ext;
        DiskConfig cfg = diskFile.manager().config();
        this.bytesPerSync = cfg.mbPerSync() * 1024 * 1024;
        Path tmpDir = diskFile.devicePath().resolve(PolicyDirs.tmp(diskFile.policy()));
        if (size > 0 && !cfg.disableFallocate()) {
            long[] space;
            try {
                space = diskFile.manager().space(diskFile.devicePath()); // the temp dir's filesystem
            } catch (IOException e) {
                throw DiskErrors.translate(e, "checking free space of " + diskFile.devicePath());
            }
            if (cfg.fallocateReserve().refuses(size, space[0], space[1])) {
                throw new DiskFileNoSpace("FALLOCATE_RESERVE fail: " + size + " bytes on " + tmpDir);
            }
        }
        Path tmp;
        FileChannel ch;
        for (int attempt = 1; ; attempt++) {
            // mkstemp's contract (a new name, mode 0600) in one open: createTempFile would open,
            // close and stat it, and the channel open it again
            tmp = tmpDir.resolve("tmp" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
            try {
                ch = FileChannel.open(tmp, CREATE_NEW_WRITE, OWNER_ONLY);
                break;
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (NoSuchFileException e) {
                if (attempt > 3) {
                    throw DiskErrors.translate(e, "creating temp file in " + tmpDir);
                }
                createTmpDir(tmpDir); // the first write to this device, or the dir was removed
            } catch (IOException e) {
                throw DiskErrors.translate(e, "creating temp file in " + tmpDir);
            }
        }
        this.tmpPath = tmp;
        this.channel = ch;
        this.pageCache = new PageCache(tmp);
        try {
            if (size > 0 && !cfg.disableFallocate()) {
                NativeIO.preallocate(tmpPath.toString(), size);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            Files.deleteIfExists(tmpPath);
            throw e;
        }
    }

    private static void createTmpDir(Path tmpDir) throws IOException {
        try {
            Files.createDirectories(tmpDir);
        } catch (IOException e) {
            throw DiskErrors.translate(e, "creating " + tmpDir);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // the temp file is deleted next; nothing else to release
        }
    }

    /** Appends body bytes, updating the md5 and syncing every {@code mb_per_sync}. */
    public void write(ByteBuffer buf) throws IOException {
        ensureOpen();
        ByteBuffer dup = buf.duplicate();
        md5.update(dup);
        try {
            while (buf.hasRemaining()) {
                written += channel.write(buf);
            }
            if (written - lastSync >= bytesPerSync) {
                channel.force(false);
                pageCache.drop(lastSync, written - lastSync);
                lastSync = written;
            }
        } catch (IOException e) {
            throw DiskErrors.translate(e, "writing " + tmpPath);
        }
    }

    public void write(byte[] b, int off, int len) throws IOException {
        write(ByteBuffer.wrap(b, off, len));
    }

    /**
     * Whether the body's pages may stay in the page cache after {@link #put}. Swift drops them
     * always; the PUT handler keeps objects smaller than {@code keep_cache_size}, which a GET
     * would keep anyway (a freshly written small object is the likeliest to be read next).
     */
    public void keepCacheAfterPut(boolean keep) {
        this.keepCacheAfterPut = keep;
    }

    /** Bytes written so far. */
    public long bytesWritten() {
        return written;
    }

    /** Lower-case hex md5 of the bytes written (call once, after the last write). */
    public String etag() {
        return HexFormat.of().formatHex(md5.digest());
    }

    /**
     * Makes the file durable and visible: writes metadata (adding {@code name}), fsyncs,
     * invalidates the suffix, renames into the hash dir and fsyncs the directories. The file name
     * comes from {@code X-Timestamp} (and, for .meta, {@code Content-Type-Timestamp}). During a
     * partition power increase the file is also linked for the next power ({@link PartPowerRelink}).
     *
     * @return the final path
     */
    public Path put(Map<String, String> metadata) throws IOException {
        ensureOpen();
        if (putDone) {
            throw new IllegalStateException("put twice");
        }
        Timestamp ts = Timestamp.parse(metadata.get("X-Timestamp"));
        Timestamp ctype = null;
        String ctypeTs = metadata.get("Content-Type-Timestamp");
        if (OnDiskFiles.META.equals(ext) && ctypeTs != null && !ctypeTs.isEmpty()) {
            ctype = Timestamp.parse(ctypeTs);
        }
        Map<String, String> md = new LinkedHashMap<>(metadata);
        md.remove("name");
        md.put("name", diskFile.name());
        Path target = diskFile.hashDir().resolve(OnDiskFiles.fileName(ts, ext, ctype));
        try {
            XattrMetadata.writeNewFile(tmpPath, md);
            channel.force(true);
            channel.close();
            if (!keepCacheAfterPut) {
                pageCache.drop(0, written); // after the fsync: the pages are clean, dropping is cheap
            }
            pageCache.close();
            SuffixHashes.invalidate(diskFile.partitionDir(), diskFile.suffix());
            Durable.rename(tmpPath, target, true);
        } catch (IOException e) {
            throw DiskErrors.translate(e, "finalizing " + target);
        }
        putDone = true;
        // as Swift's _finalize_put: relink for a partition power increase (a bad power fails the
        // request here, the file being in place), then the files this write made obsolete go
        Integer nextPartPower = PartPowerRelink.power(diskFile.nextPartPower());
        if (nextPartPower != null) {
            PartPowerRelink.link(diskFile, target, nextPartPower);
        }
        long reclaimAge = diskFile.manager().config().reclaimAge();
        double now = System.currentTimeMillis() / 1000.0;
        try {
            OnDiskFiles.cleanup(diskFile.hashDir(), reclaimAge, now);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Problem cleaning up " + diskFile.hashDir(), e);
        }
        if (nextPartPower != null) {
            PartPowerRelink.cleanupOtherLocation(diskFile, nextPartPower, reclaimAge, now);
        }
        return target;
    }

    /**
     * Ends the write as committed. A replicated policy's data is durable and current from
     * {@link #put} on (Swift's replicated {@code commit} has nothing to do either); a request with
     * {@code X-Backend-No-Commit} skips this call, which only matters to erasure-coded policies,
     * whose durable marker this package does not write.
     */
    public void commit() {
        if (!putDone) {
            throw new IllegalStateException("commit before put");
        }
        committed = true;
    }

    /** Whether {@link #commit} was called. */
    public boolean committed() {
        return committed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("writer closed");
        }
    }

    /** Releases the temp file; a write that was never {@code put} leaves nothing behind. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a file we are discarding or already closed
        }
        pageCache.close();
        if (!putDone) {
            try {
                Files.deleteIfExists(tmpPath);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove temp file " + tmpPath, e);
            }
        }
    }
}
