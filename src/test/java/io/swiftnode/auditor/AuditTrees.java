package io.swiftnode.auditor;

import io.swiftnode.config.AuditorConfig;
import io.swiftnode.config.LogConfig;
import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFile;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.DiskFileWriter;
import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.SuffixHashes;
import io.swiftnode.disk.Timestamp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Builds object trees with our disk layer and damages them the ways the auditor must notice. */
final class AuditTrees {
    static final HashPath HASH = new HashPath("changeme", "changeme");
    static final int PART_POWER = 8;

    private AuditTrees() {
    }

    static DiskFileManager manager(Path devices, boolean mountCheck) {
        return new DiskFileManager(new DiskConfig(devices, mountCheck, HASH, Set.of(0, 1),
                DiskConfig.DEFAULT_RECLAIM_AGE, 512, DiskConfig.defaults(devices, HASH).fallocateReserve(), true));
    }

    /** An {@code [object-auditor]} config: Swift's defaults but for the given rates. */
    static AuditorConfig config(Path devices, Path reconCache, int zbfPerSecond, double filesPerSecond,
            double bytesPerSecond) {
        return new AuditorConfig(true, devices, false, 1, zbfPerSecond, 30, filesPerSecond, bytesPerSecond, 3600,
                List.of(), 86400, DiskConfig.DEFAULT_RECLAIM_AGE, List.of(), reconCache,
                new LogConfig("object-auditor", "LOG_LOCAL0", "INFO", "/dev/log", "", 514, 0), Map.of());
    }

    static String partition(String obj) {
        return Integer.toString(HashPath.partition(HASH.digest("a", "c", obj), PART_POWER));
    }

    static DiskFile diskFile(DiskFileManager mgr, String device, int policy, String obj) {
        try {
            return mgr.diskFile(device, partition(obj), "a", "c", obj, policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PUTs {@code obj} and returns its {@code .data} file. */
    static Path put(DiskFileManager mgr, String device, int policy, String obj, double ts, byte[] body,
            Map<String, String> extra) throws IOException {
        DiskFile df = diskFile(mgr, device, policy, obj);
        try (DiskFileWriter w = df.create(body.length)) {
            w.write(body, 0, body.length);
            Map<String, String> md = new LinkedHashMap<>();
            md.put("X-Timestamp", Timestamp.of(ts).internal());
            md.put("Content-Type", "application/octet-stream");
            md.put("Content-Length", Integer.toString(body.length));
            md.put("ETag", w.etag());
            md.putAll(extra);
            Path p = w.put(md);
            w.commit();
            return p;
        }
    }

    static Path delete(DiskFileManager mgr, String device, int policy, String obj, double ts) throws IOException {
        return diskFile(mgr, device, policy, obj).delete(Timestamp.of(ts));
    }

    static byte[] body(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    /** Flips one bit in the middle of the body, keeping size and xattrs. */
    static void flipByte(Path data) throws IOException {
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long pos = ch.size() / 2;
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, pos);
            b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
            ch.write(b, pos);
        }
    }

    static void truncate(Path data, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    /** Overwrites the pickled metadata with bytes that no longer match the stored checksum. */
    static void breakMetadata(Path data) throws IOException {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(data, UserDefinedFileAttributeView.class);
        v.write("swift.metadata", ByteBuffer.wrap("not a pickle".getBytes()));
    }

    /** Empties every {@code hashes.invalid} so that only the auditor's invalidations show. */
    static void clearInvalidations(Path devices) throws IOException {
        try (Stream<Path> s = Files.walk(devices)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals(SuffixHashes.INVALIDATIONS_FILE)).toList()) {
                Files.write(p, new byte[0]);
            }
        }
    }

    /** The suffixes listed in a partition's {@code hashes.invalid}. */
    static Set<String> invalidated(Path partitionDir) throws IOException {
        Path f = partitionDir.resolve(SuffixHashes.INVALIDATIONS_FILE);
        return Files.exists(f) ? new TreeSet<>(Files.readAllLines(f)) : Set.of();
    }

    /** Names in {@code <device>/quarantined/<objects dir>}. */
    static Set<String> quarantined(Path devicePath, String objectsDir) throws IOException {
        Path q = devicePath.resolve("quarantined").resolve(objectsDir);
        if (!Files.isDirectory(q)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(q)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
