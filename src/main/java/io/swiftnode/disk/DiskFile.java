package io.swiftnode.disk;

import java.io.IOException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One object's hash directory, {@code <device>/objects[-N]/<part>/<suffix>/<hash>/}: the entry
 * point to read it ({@link #open}), to write a new body ({@link #create}), POST metadata
 * ({@link #writeMetadata}) or a tombstone ({@link #delete}).
 *
 * <p>Immutable and thread-safe; the readers and writers it hands out are not.
 */
public final class DiskFile {
    private final DiskFileManager manager;
    private final Path devicePath;
    private final int policy;
    private final String partition;
    private final String hash;
    private final String name; // "/a/c/o", or null when opened by hash
    private final String nextPartPower;

    DiskFile(DiskFileManager manager, Path devicePath, int policy, String partition, String hash, String name) {
        this(manager, devicePath, policy, partition, hash, name, null);
    }

    private DiskFile(DiskFileManager manager, Path devicePath, int policy, String partition, String hash, String name,
            String nextPartPower) {
        this.manager = manager;
        this.devicePath = devicePath;
        this.policy = policy;
        this.partition = partition;
        this.hash = hash;
        this.name = name;
        this.nextPartPower = nextPartPower;
    }

    /**
     * This disk file during a partition power increase: {@code header} is the request's
     * {@code X-Backend-Next-Part-Power} (null or empty: none), kept as sent because Swift only
     * reads it as a number once the written file is in place (see {@link PartPowerRelink}).
     */
    public DiskFile withNextPartPower(String header) {
        return new DiskFile(manager, devicePath, policy, partition, hash, name, header);
    }

    /** The {@code X-Backend-Next-Part-Power} this disk file's writes relink for, or null. */
    public String nextPartPower() {
        return nextPartPower;
    }

    DiskFileManager manager() {
        return manager;
    }

    public Path devicePath() {
        return devicePath;
    }

    public int policy() {
        return policy;
    }

    public String partition() {
        return partition;
    }

    public String hash() {
        return hash;
    }

    public String suffix() {
        return hash.substring(hash.length() - 3);
    }

    /** {@code /<account>/<container>/<object>}, or null for a disk file found by hash. */
    public String name() {
        return name;
    }

    public Path partitionDir() {
        return devicePath.resolve(PolicyDirs.objects(policy)).resolve(partition);
    }

    public Path hashDir() {
        return partitionDir().resolve(suffix()).resolve(hash);
    }

    /** Opens the current state, hiding expired objects. */
    public DiskFileReader open() throws IOException {
        return open(false, System.currentTimeMillis() / 1000.0);
    }

    /**
     * Opens the object: chooses its files, reads and merges metadata, verifies it (quarantining
     * corrupt files).
     *
     * @param openExpired whether an object past its {@code X-Delete-At} opens normally
     * @param now         the current time in seconds, for expiry
     * @throws DiskFileNotExist     no object (subclasses: deleted, expired, quarantined)
     * @throws DiskFileCollision    the stored name is another object's
     */
    public DiskFileReader open(boolean openExpired, double now) throws IOException {
        return open(openExpired, now, false);
    }

    /**
     * {@link #open(boolean, double)}, optionally "modernizing" the files as Swift's auditor does
     * ({@code open(modernize=True)}): a {@code .data} or {@code .meta} without
     * {@code user.swift.metadata_checksum} gets one (failures to add it are only logged).
     */
    public DiskFileReader open(boolean openExpired, double now, boolean modernize) throws IOException {
        // the auditor (modernize) looks at the files as they are; requests may use what is
        // remembered of an unchanged hash dir
        HashDirCache.Entry remembered = null;
        OnDiskFiles.Selection sel;
        try {
            if (modernize) {
                sel = OnDiskFiles.select(OnDiskFiles.list(hashDir()));
            } else {
                HashDirCache.Listing listing = manager.hashDirs().list(hashDir());
                remembered = listing.entry();
                sel = remembered != null ? remembered.selection() : OnDiskFiles.select(listing.names());
            }
        } catch (NotDirectoryException e) {
            throw quarantineAndThrow("Expected directory, found file at " + hashDir());
        }
        if (sel.data() == null) {
            if (sel.tombstone() == null) {
                throw new DiskFileNotExist(hashDir().toString());
            }
            Path ts = hashDir().resolve(sel.tombstone().name());
            Map<String, String> md;
            try {
                md = readMetadata(remembered, ts, false);
            } catch (DiskFileQuarantined e) {
                throw new DiskFileNotExist("corrupt tombstone quarantined: " + ts);
            }
            String t = md.get("X-Timestamp");
            Timestamp tt = t == null ? null : Timestamp.tryParse(t);
            throw new DiskFileDeleted(tt != null ? tt : sel.tombstone().timestamp());
        }
        return DiskFileReader.open(this, sel, openExpired, now, modernize, remembered);
    }

    /**
     * A file's metadata: remembered for an unchanged hash dir, else read (quarantining on bad
     * metadata) and remembered when {@code remembered} is given.
     */
    Map<String, String> readMetadata(HashDirCache.Entry remembered, Path file, boolean modernize) throws IOException {
        if (remembered == null || modernize) {
            return readMetadataOrQuarantine(file, modernize);
        }
        String name = file.getFileName().toString();
        Map<String, String> md = remembered.metadata(name);
        return md != null ? md : remembered.remember(name, readMetadataOrQuarantine(file, false));
    }

    /** Reads a file's metadata, quarantining the hash dir when it is unreadable. */
    Map<String, String> readMetadataOrQuarantine(Path file) throws IOException {
        return readMetadataOrQuarantine(file, false);
    }

    /** As above; {@code addMissingChecksum} as in {@link XattrMetadata#read(Path, boolean)}. */
    Map<String, String> readMetadataOrQuarantine(Path file, boolean addMissingChecksum) throws IOException {
        try {
            return XattrMetadata.read(file, addMissingChecksum);
        } catch (DiskFileXattrNotSupported | DiskFileNotExist e) {
            throw e;
        } catch (DiskFileBadMetadata e) {
            throw quarantineAndThrow(e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw quarantineAndThrow("Exception reading metadata: " + e);
        }
    }

    /** Quarantines this hash dir and answers the exception to throw. */
    DiskFileQuarantined quarantineAndThrow(String reason) throws IOException {
        Quarantine.quarantine(devicePath, policy, hashDir(), reason);
        return new DiskFileQuarantined(reason);
    }

    /**
     * Starts writing a new {@code .data}.
     *
     * @param size the body size when known (preallocated, checked against the reserve), else -1
     */
    public DiskFileWriter create(long size) throws IOException {
        requireName();
        return new DiskFileWriter(this, OnDiskFiles.DATA, size);
    }

    /**
     * Writes a {@code .meta} (a POST). A {@code Content-Type-Timestamp} in the metadata is encoded
     * into the file name.
     */
    public Path writeMetadata(Map<String, String> metadata) throws IOException {
        requireName();
        try (DiskFileWriter w = new DiskFileWriter(this, OnDiskFiles.META, 0)) {
            Path p = w.put(metadata);
            w.commit();
            return p;
        }
    }

    /** Writes a tombstone {@code <ts>.ts} holding only {@code X-Timestamp} and {@code name}. */
    public Path delete(Timestamp timestamp) throws IOException {
        requireName();
        Map<String, String> md = new LinkedHashMap<>();
        md.put("X-Timestamp", timestamp.internal());
        try (DiskFileWriter w = new DiskFileWriter(this, OnDiskFiles.TS, 0)) {
            Path p = w.put(md);
            w.commit();
            return p;
        }
    }

    private void requireName() {
        if (name == null) {
            throw new IllegalStateException("a disk file opened by hash has no name to write");
        }
    }
}
