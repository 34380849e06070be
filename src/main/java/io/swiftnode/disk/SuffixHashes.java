package io.swiftnode.disk;

import io.swiftnode.disk.pickle.HashesPickle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A partition's suffix hashes, kept in Swift's two files under the partition directory.
 *
 * <p>{@code hashes.pkl}: pickle protocol 2 of a dict with text keys: {@code 'valid'} (bool),
 * {@code 'updated'} (float, time of writing) and one entry per suffix ({@code '<3 hex>'} → md5 hex
 * text, or None = must be recomputed). Rewritten through a {@code tmp*.tmp} file in the partition
 * directory, fsynced and renamed.
 *
 * <p>{@code hashes.invalid}: text lines {@code <suffix>\n}, appended under the partition lock
 * ({@code <part>/.lock}, flock) by every write before its file becomes visible; consolidation
 * (under the same lock) folds them into {@code hashes.pkl} as None and truncates the file.
 *
 * <p>A suffix's hash is the md5, over its hash directories in sorted order (each cleaned up first,
 * reclaiming old tombstones), of {@code <meta ts>.meta}, {@code <ts>.ts}, {@code <data ts>.data}
 * and {@code <ctype ts>_ctype} for the files chosen.
 *
 * <p>Stateless; concurrent callers (in this or other processes) are serialised by the partition
 * flock and the re-read-before-write check, exactly as in Swift. Thread-safe.
 */
public final class SuffixHashes {
    public static final String HASH_FILE = "hashes.pkl";
    public static final String INVALIDATIONS_FILE = "hashes.invalid";
    private static final Logger LOG = Logger.getLogger(SuffixHashes.class.getName());
    private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

    private SuffixHashes() {
    }

    /** Whether {@code s} is a valid suffix: exactly 3 lower-case hex characters. */
    public static boolean validSuffix(String s) {
        return s != null && s.length() == 3 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** Appends {@code suffix} to the partition's {@code hashes.invalid} under its lock. */
    public static void invalidate(Path partitionDir, String suffix) throws IOException {
        try (FileLocks.Held lock = FileLocks.lockPath(partitionDir);
                OutputStream out = Files.newOutputStream(partitionDir.resolve(INVALIDATIONS_FILE),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            out.write((suffix + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Swift's {@code read_hashes}: never fails; an unreadable file is {@code {valid: false}}. */
    public static Map<String, Object> read(Path partitionDir) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(partitionDir.resolve(HASH_FILE));
        } catch (IOException e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("valid", Boolean.FALSE);
            m.put("updated", -1.0); // what Python's read_hashes answers for a missing file
            return m;
        }
        return HashesPickle.decode(bytes);
    }

    /** Swift's {@code write_hashes}: stamps {@code updated} and writes durably. */
    static void write(Path partitionDir, Map<String, Object> hashes) throws IOException {
        hashes.putIfAbsent("valid", Boolean.FALSE);
        hashes.put("updated", System.currentTimeMillis() / 1000.0);
        byte[] bytes = HashesPickle.encode(hashes);
        Path tmp = Files.createTempFile(partitionDir, "tmp", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Durable.rename(tmp, partitionDir.resolve(HASH_FILE), true);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Swift's {@code consolidate_hashes}: folds {@code hashes.invalid} into {@code hashes.pkl}. */
    public static Map<String, Object> consolidate(Path partitionDir) throws IOException {
        Path inv = partitionDir.resolve(INVALIDATIONS_FILE);
        try (FileLocks.Held lock = FileLocks.lockPath(partitionDir)) {
            Map<String, Object> hashes = read(partitionDir);
            boolean found = false;
            try {
                for (String line : Files.readAllLines(inv, StandardCharsets.UTF_8)) {
                    found = true;
                    hashes.put(line.strip(), null);
                }
            } catch (NoSuchFileException e) {
                // nothing invalidated
            }
            if (found) {
                write(partitionDir, hashes);
                Files.write(inv, new byte[0], StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            }
            return hashes;
        }
    }

    /** Thrown internally when a suffix directory is gone (or was removed because it was empty). */
    private static final class PathNotDir extends Exception {
        private static final long serialVersionUID = 1L;

        PathNotDir() {
            super(null, null, false, false);
        }
    }

    /**
     * Swift's {@code _hash_suffix}: cleans up every hash dir of the suffix (reclaiming) and answers
     * the md5 of the chosen files; quarantines hash "dirs" that are files.
     */
    static String hashSuffix(Path devicePath, int policy, Path suffixDir, double reclaimAge, double now)
            throws IOException, PathNotDir {
        List<String> entries;
        try {
            entries = new ArrayList<>(listStrict(suffixDir));
        } catch (NotDirectoryException | NoSuchFileException e) {
            throw new PathNotDir();
        }
        java.util.Collections.sort(entries);
        MessageDigest md = null;
        for (String h : entries) {
            Path hashDir = suffixDir.resolve(h);
            OnDiskFiles.Cleanup c;
            try {
                c = OnDiskFiles.cleanup(hashDir, reclaimAge, now);
            } catch (NotDirectoryException e) {
                Quarantine.quarantine(devicePath, policy, hashDir, "it is not a directory");
                continue;
            }
            if (c.remaining().isEmpty()) {
                continue;
            }
            if (md == null) {
                md = HashPath.md5();
            }
            OnDiskFiles.Selection s = c.selection();
            if (s.meta() != null) {
                md.update(ascii(s.meta().timestamp().internal() + s.meta().ext()));
            }
            if (s.tombstone() != null) {
                md.update(ascii(s.tombstone().timestamp().internal() + s.tombstone().ext()));
            }
            if (s.data() != null) {
                md.update(ascii(s.data().timestamp().internal() + s.data().ext()));
            }
            if (s.ctype() != null) {
                md.update(ascii(s.ctype().ctype().internal() + "_ctype"));
            }
        }
        try {
            Files.delete(suffixDir);
            throw new PathNotDir(); // it was empty: as if it never existed
        } catch (NoSuchFileException e) {
            throw new PathNotDir();
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // the normal case
        }
        return md == null ? EMPTY_MD5 : HexFormat.of().formatHex(md.digest());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> listStrict(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (var ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p.getFileName().toString());
            }
        }
        return out;
    }

    /** The answer of {@link #getHashes}: how many suffixes were rehashed, and the hashes. */
    public record Result(int hashed, Map<String, String> hashes) {
    }

    /**
     * Swift's {@code get_hashes} for one partition: consolidates, rehashes every invalid suffix
     * (plus {@code recalculate}, plus every suffix dir when {@code doListdir}), and writes
     * {@code hashes.pkl} if nothing changed it meanwhile, else starts over.
     *
     * @return suffix → md5 hex (or null if hashing failed with an I/O error); empty for a missing
     *         partition
     */
    public static Result getHashes(Path devicePath, int policy, Path partitionDir, Collection<String> recalculate,
            boolean doListdir, double reclaimAge) throws IOException {
        if (!Files.exists(partitionDir)) {
            return new Result(0, Map.of());
        }
        while (true) {
            int hashed = 0;
            boolean listdir = doListdir;
            boolean modified = false;
            Map<String, Object> orig;
            try {
                orig = consolidate(partitionDir);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Unable to read " + partitionDir.resolve(HASH_FILE), e);
                orig = Map.of("valid", Boolean.FALSE);
            }
            Map<String, Object> hashes;
            if (!Boolean.TRUE.equals(orig.get("valid"))) {
                listdir = true;
                hashes = new LinkedHashMap<>();
                hashes.put("valid", Boolean.TRUE);
                orig = read(partitionDir);
            } else {
                hashes = new LinkedHashMap<>(orig);
            }
            if (listdir) {
                for (String s : OnDiskFiles.list(partitionDir)) {
                    if (s.length() == 3) {
                        hashes.putIfAbsent(s, null);
                    }
                }
                modified = true;
            }
            for (String s : recalculate) {
                hashes.put(s, null);
            }
            double now = System.currentTimeMillis() / 1000.0;
            for (String suffix : new ArrayList<>(hashes.keySet())) {
                if (suffix.equals("valid") || suffix.equals("updated")) {
                    continue;
                }
                Object h = hashes.get(suffix);
                if (h == null || (h instanceof String str && str.isEmpty())) {
                    try {
                        hashes.put(suffix, hashSuffix(devicePath, policy, partitionDir.resolve(suffix), reclaimAge, now));
                        hashed++;
                    } catch (PathNotDir e) {
                        hashes.remove(suffix);
                    } catch (IOException e) {
                        LOG.log(Level.SEVERE, "Error hashing suffix " + partitionDir.resolve(suffix), e);
                    }
                    modified = true;
                }
            }
            if (modified) {
                try (FileLocks.Held lock = FileLocks.lockPath(partitionDir)) {
                    if (sameHashes(read(partitionDir), orig)) {
                        write(partitionDir, hashes);
                        return new Result(hashed, publicView(hashes));
                    }
                }
                continue; // someone changed hashes.pkl meanwhile: start over
            }
            return new Result(hashed, publicView(hashes));
        }
    }

    private static boolean sameHashes(Map<String, Object> a, Map<String, Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, Object> e : a.entrySet()) {
            if (!b.containsKey(e.getKey()) || !Objects.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The suffix entries in the dict's order (Swift pops {@code valid}/{@code updated} from the same
     * dict), so that REPLICATE pickles the suffixes in Python's order: that of {@code hashes.pkl},
     * then of {@code hashes.invalid}, then of the partition listing.
     */
    private static Map<String, String> publicView(Map<String, Object> hashes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : hashes.entrySet()) {
            if (!e.getKey().equals("valid") && !e.getKey().equals("updated")) {
                out.put(e.getKey(), (String) e.getValue());
            }
        }
        return out;
    }
}
