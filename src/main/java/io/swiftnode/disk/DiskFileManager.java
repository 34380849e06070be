package io.swiftnode.disk;

import io.swiftnode.disk.pickle.AsyncPendingPickle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one entry point to the node's disks, injected wherever disk is touched: device checks
 * ({@code mount_check}), object disk files by name or hash, suffix hashes and invalidation,
 * async pendings. It holds only configuration; all state lives on disk (and in the flocks that
 * Python Swift processes on the same node share with us).
 *
 * <p>Thread-safe.
 */
@ApplicationScoped
public class DiskFileManager {
    private static final Pattern DRIVE = Pattern.compile("[A-Za-z0-9_.~-]+");
    private DiskConfig config;

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

    /**
     * The device's path, checked as Swift's {@code check_drive}: a name that URL quoting leaves
     * unchanged (and not {@code .} or {@code ..}) and a directory, or
     * with {@code mount_check} a mount point (or a directory holding {@code .ismount}).
     *
     * @throws DiskFileDeviceUnavailable otherwise
     */
    public Path devicePath(String device) throws DiskFileDeviceUnavailable {
        // Swift's quote_plus check lets "." and ".." through; they never name a device
        if (device == null || !DRIVE.matcher(device).matches() || device.equals(".") || device.equals("..")) {
            throw new DiskFileDeviceUnavailable(String.valueOf(device));
        }
        Path p = config.devices().resolve(device);
        if (config.mountCheck() ? !isMount(p) : !Files.isDirectory(p)) {
            throw new DiskFileDeviceUnavailable(device);
        }
        return p;
    }

    /** Swift's {@code ismount}: another device than the parent, the root, or a {@code .ismount} file. */
    static boolean isMount(Path p) {
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
