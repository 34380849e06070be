package io.swiftnode.disk;

import io.swiftnode.disk.pickle.AsyncPendingPickle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The one entry point to the node's disks, injected wherever disk is touched: device checks
 * ({@code mount_check}), object disk files by name or hash, suffix hashes and invalidation,
 * async pendings. It holds configuration, each device's {@link FileStore} and a bounded memory
 * of unchanged hash dirs ({@link HashDirCache}); all state lives on disk (and in the flocks that
 * Python Swift processes on the same node share with us).
 *
 * <p>Thread-safe.
 */
@ApplicationScoped
public class DiskFileManager {
    private DiskConfig config;
    /** The file store of each device dir: {@code Files.getFileStore} parses /proc/mounts on every call. */
    private final ConcurrentMap<Path, FileStore> stores = new ConcurrentHashMap<>();
    /** Listings and metadata of hash dirs that have not changed lately (see {@link HashDirCache}). */
    private final HashDirCache hashDirs = new HashDirCache();

    /** For CDI's client proxy only. */
    protected DiskFileManager() {
    }

    @Inject
    public DiskFileManager(DiskConfig config) {
        this.config = config;
    }

    public DiskConfig config() {
        return config;
    }

    HashDirCache hashDirs() {
        return hashDirs;
    }

    /**
     * The device's path, checked as Swift's {@code check_drive}: a name that URL quoting leaves
     * unchanged (and not {@code .} or {@code ..}) and a directory, or
     * with {@code mount_check} a mount point (or a directory holding {@code .ismount}).
     *
     * @throws DiskFileDeviceUnavailable otherwise
     */
    public Path devicePath(String device) throws DiskFileDeviceUnavailable {
        // Swift's quote_plus check lets "." and ".." through; they never name a device
        if (device == null || !isDriveName(device) || device.equals(".") || device.equals("..")) {
            throw new DiskFileDeviceUnavailable(String.valueOf(device));
        }
        Path p = config.devices().resolve(device);
        if (config.mountCheck() ? !isMount(p) : !Files.isDirectory(p)) {
            throw new DiskFileDeviceUnavailable(device);
        }
        return p;
    }

    /** Whether URL quoting leaves the name unchanged: {@code [A-Za-z0-9_.~-]+}. */
    private static boolean isDriveName(String device) {
        if (device.isEmpty()) {
            return false;
        }
        for (int i = 0; i < device.length(); i++) {
            char c = device.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '~' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Usable and total bytes of the filesystem holding {@code dir} (a device): one statfs each.
     * The store is looked up once per dir, and again if it fails (the device was replaced, say).
     */
    long[] space(Path dir) throws IOException {
        FileStore store = stores.get(dir);
        if (store != null) {
            try {
                return new long[] {store.getUsableSpace(), store.getTotalSpace()};
            } catch (IOException e) {
                stores.remove(dir, store);
            }
        }
        store = Files.getFileStore(dir);
        long[] space = {store.getUsableSpace(), store.getTotalSpace()};
        stores.put(dir, store);
        return space;
    }

    /** Swift's {@code ismount}: another device than the parent, the root, or a {@code .ismount} file. */
    public static boolean isMount(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                return Files.isRegularFile(p.resolve(".ismount"));
            }
            Object dev1 = Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            Object dev2 = Files.getAttribute(p.resolve(".."), "unix:dev", LinkOption.NOFOLLOW_LINKS);
            if (!dev1.equals(dev2)) {
                return true;
            }
            Object ino1 = Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            Object ino2 = Files.getAttribute(p.resolve(".."), "unix:ino", LinkOption.NOFOLLOW_LINKS);
            return ino1.equals(ino2) || Files.isRegularFile(p.resolve(".ismount"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private void checkPolicy(int policy) {
        if (!config.policies().contains(policy)) {
            throw new IllegalArgumentException("unknown storage policy index " + policy);
        }
    }

    /** The object hash of {@code /a/c/o}. */
    public String hash(String account, String container, String object) {
        return config.hashPath().hash(account, container, object);
    }

    /** The object hash of a stored {@code name} ({@code /a/c/o}), as Swift verifies it. */
    String hashOfName(String name) {
        String n = name;
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        return config.hashPath().hash(n, null, null);
    }

    /**
     * The disk file of an object on a device.
     *
     * @param partition the partition as given in the request (Swift never checks it against the hash)
     */
    public DiskFile diskFile(String device, String partition, String account, String container, String object,
            int policy) throws DiskFileDeviceUnavailable {
        checkPolicy(policy);
        Path dev = devicePath(device);
        String h = hash(account, container, object);
        return new DiskFile(this, dev, policy, partition, h, "/" + account + "/" + container + "/" + object);
    }

    /** The disk file of a hash directory (replication, auditing): its name is checked on open. */
    public DiskFile diskFileFromHash(String device, String partition, String hash, int policy)
            throws DiskFileDeviceUnavailable {
        checkPolicy(policy);
        return new DiskFile(this, devicePath(device), policy, partition, hash, null);
    }

    /** A partition's directory. */
    public Path partitionDir(String device, String partition, int policy) throws DiskFileDeviceUnavailable {
        return devicePath(device).resolve(PolicyDirs.objects(policy)).resolve(partition);
    }

    /**
     * Swift's {@code get_hashes} for REPLICATE: the suffix hashes of a partition with
     * {@code recalculate} rehashed; empty when the partition does not exist.
     */
    public SuffixHashes.Result getHashes(String device, String partition, Collection<String> recalculate,
            boolean doListdir, int policy) throws IOException {
        return getHashes(device, partition, recalculate, doListdir, policy, config.reclaimAge());
    }

    /**
     * {@link #getHashes(String, String, Collection, boolean, int)} with another {@code reclaim_age}
     * (seconds) for the tombstones and orphan .meta files the rehash reclaims: Swift's replicator
     * hashes through a diskfile manager built from its own section, so {@code [object-replicator]
     * reclaim_age} applies to its local rehashes, the object server's to REPLICATE.
     */
    public SuffixHashes.Result getHashes(String device, String partition, Collection<String> recalculate,
            boolean doListdir, int policy, double reclaimAge) throws IOException {
        checkPolicy(policy);
        Path dev = devicePath(device);
        List<String> valid = recalculate.stream().filter(SuffixHashes::validSuffix).toList();
        return SuffixHashes.getHashes(dev, policy, dev.resolve(PolicyDirs.objects(policy)).resolve(partition), valid,
                doListdir, reclaimAge);
    }

    /** Marks suffixes for rehashing (REPLICATE with suffixes) without hashing now. */
    public void invalidateSuffixes(String device, String partition, Collection<String> suffixes, int policy)
            throws IOException {
        checkPolicy(policy);
        Path part = partitionDir(device, partition, policy);
        for (String s : suffixes) {
            if (SuffixHashes.validSuffix(s)) {
                SuffixHashes.invalidate(part, s);
            }
        }
    }

    /**
     * What ssync offers for one hash directory: the timestamp of its {@code .data} or {@code .ts},
     * and of its newest {@code .meta} and of the {@code .meta} holding a content type newer than the
     * data (null when there is none).
     *
     * @param hash    the object hash (the directory name)
     * @param tsData  data or tombstone timestamp
     * @param tsMeta  the kept {@code .meta}'s timestamp when a {@code .data} was chosen, else null
     * @param tsCtype the content-type timestamp of the {@code .meta} newer than the data, else null
     */
    public record HashTimestamps(String hash, Timestamp tsData, Timestamp tsMeta, Timestamp tsCtype) {
    }

    /** Receives {@link #yieldHashes}' entries one by one. */
    @FunctionalInterface
    public interface HashConsumer {
        void accept(HashTimestamps entry) throws IOException;
    }

    /**
     * Swift's {@code yield_hashes} for a replicated policy, used by the ssync sender: every hash
     * directory of the given suffixes of a partition is cleaned up ({@link OnDiskFiles#cleanup},
     * reclaiming with {@code reclaim_age}) and, when it still has a {@code .data} or {@code .ts},
     * handed to {@code consumer}. A suffix where nothing was found is invalidated so that the next
     * rehash removes it. Hash "directories" that are files are quarantined and skipped. Hash
     * directories are visited in name order (Swift: directory order).
     */
    public void yieldHashes(String device, String partition, int policy, Collection<String> suffixes,
            HashConsumer consumer) throws IOException {
        checkPolicy(policy);
        Path dev = devicePath(device);
        Path part = dev.resolve(PolicyDirs.objects(policy)).resolve(partition);
        for (String suffix : suffixes) {
            Path suffixDir = part.resolve(suffix);
            List<String> hashes = new java.util.ArrayList<>();
            try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(suffixDir)) {
                for (Path p : ds) {
                    hashes.add(p.getFileName().toString());
                }
            } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException e) {
                // nothing there: Swift's _listdir answers []
            }
            java.util.Collections.sort(hashes);
            boolean found = false;
            for (String h : hashes) {
                Path hashDir = suffixDir.resolve(h);
                OnDiskFiles.Cleanup c;
                try {
                    c = OnDiskFiles.cleanup(hashDir, config.reclaimAge(), System.currentTimeMillis() / 1000.0);
                } catch (java.nio.file.NotDirectoryException e) {
                    Quarantine.quarantine(dev, policy, hashDir, "it is not a directory");
                    continue;
                }
                if (!c.remaining().isEmpty()) {
                    found = true;
                }
                OnDiskFiles.Selection s = c.selection();
                Timestamp tsData = s.data() != null ? s.data().timestamp()
                        : s.tombstone() != null ? s.tombstone().timestamp() : null;
                if (tsData == null) {
                    continue; // no .data or .ts: cannot be opened, so not offered
                }
                consumer.accept(new HashTimestamps(h, tsData, s.meta() == null ? null : s.meta().timestamp(),
                        s.ctype() == null ? null : s.ctype().ctype()));
            }
            if (!found) {
                SuffixHashes.invalidate(part, suffix);
            }
        }
    }

    /**
     * The stored name ({@code /a/c/o}) of the object in a hash directory, as Swift's
     * {@code get_diskfile_from_hash} finds it: the directory is cleaned up first (a file in its place
     * is quarantined) and the name is read from the oldest remaining file (an unreadable one
     * quarantines the directory).
     *
     * @throws DiskFileNotExist when there is no object, or no valid name
     */
    public String replicationName(String device, String partition, String hash, int policy) throws IOException {
        if (hash.length() < 3 || hash.indexOf('/') >= 0 || hash.indexOf('\0') >= 0 || hash.startsWith(".")) {
            throw new DiskFileNotExist("not an object hash: " + hash); // never a path outside the partition
        }
        DiskFile df = diskFileFromHash(device, partition, hash, policy);
        Path hashDir = df.hashDir();
        OnDiskFiles.Cleanup c;
        try {
            c = OnDiskFiles.cleanup(hashDir, config.reclaimAge(), System.currentTimeMillis() / 1000.0);
        } catch (java.nio.file.NotDirectoryException e) {
            Quarantine.quarantine(df.devicePath(), policy, hashDir, "it is not a directory");
            throw new DiskFileNotExist(hashDir.toString());
        }
        List<String> files = c.remaining();
        if (files.isEmpty()) {
            throw new DiskFileNotExist(hashDir.toString());
        }
        java.util.Map<String, String> md;
        try {
            md = XattrMetadata.read(hashDir.resolve(files.get(files.size() - 1)));
        } catch (java.nio.file.NoSuchFileException | DiskFileNotExist e) {
            throw new DiskFileNotExist(hashDir.toString());
        } catch (DiskFileXattrNotSupported e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            Quarantine.quarantine(df.devicePath(), policy, hashDir, "Exception reading metadata: " + e);
            throw new DiskFileNotExist(hashDir.toString());
        }
        String name = md.get("name");
        if (name == null || !name.matches("(?s)/[^/]+/[^/]+/.+")) {
            throw new DiskFileNotExist("no valid name in " + hashDir);
        }
        return name;
    }

    /**
     * Opens an object by its hash for replication ({@code get_diskfile_from_hash} then
     * {@code open()} with {@code open_expired}); see {@link #replicationName}.
     *
     * @throws DiskFileNotExist when there is nothing (subclasses: {@link DiskFileDeleted} with the
     *                          tombstone's timestamp, {@link DiskFileQuarantined})
     */
    public DiskFileReader openByHash(String device, String partition, String hash, int policy) throws IOException {
        replicationName(device, partition, hash, policy);
        return diskFileFromHash(device, partition, hash, policy).open(true, System.currentTimeMillis() / 1000.0);
    }

    /**
     * Writes an async pending container update durably:
     * {@code <device>/async_pending[-N]/<hash[-3:]>/<hash>-<timestamp>}, where hash names the
     * container entry ({@code account/container/obj} of the update).
     *
     * @return the file written
     */
    public Path writeAsyncPending(String device, AsyncPendingPickle.AsyncUpdate update, Timestamp timestamp,
            int policy) throws IOException {
        checkPolicy(policy);
        Path dev = devicePath(device);
        String h = hash(update.account(), update.container(), update.obj());
        Path target = dev.resolve(PolicyDirs.asyncPending(policy)).resolve(h.substring(29))
                .resolve(h + "-" + timestamp.internal());
        Path tmpDir = dev.resolve(PolicyDirs.tmp(policy));
        Files.createDirectories(tmpDir);
        Path tmp = Files.createTempFile(tmpDir, "tmp", ".tmp");
        try {
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(AsyncPendingPickle.encode(update)));
                ch.force(true);
            }
            Durable.rename(tmp, target, true);
        } catch (IOException e) {
            throw DiskErrors.translate(e, "writing async pending " + target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /** Reads an async pending file. */
    public AsyncPendingPickle.AsyncUpdate readAsyncPending(Path file) throws IOException {
        return AsyncPendingPickle.decode(Files.readAllBytes(file));
    }
}
