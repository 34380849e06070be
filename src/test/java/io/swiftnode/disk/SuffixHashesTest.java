package io.swiftnode.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuffixHashesTest {
    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static DiskFileManager manager(Path devices) throws Exception {
        Files.createDirectories(devices.resolve("sda"));
        // a reclaim age of ~30 years keeps the contract's fixed timestamps alive
        return new DiskFileManager(DiskConfig.defaults(devices, new HashPath("changeme", "changeme"))
                .withReclaimAge(1_000_000_000L));
    }

    @Test
    void knownSuffixHashesOfTheContract(@TempDir Path devices) throws Exception {
        DiskFileManager mgr = manager(devices);
        DiskFile d = mgr.diskFile("sda", "7", "a", "c", "o", 0);
        d.delete(Timestamp.parse("1795795902.00000"));
        Map<String, String> h = mgr.getHashes("sda", "7", List.of(), false, 0).hashes();
        assertEquals(Map.of("11d", "1cce18c5b467d96e4bcde8c639025e5e"), h);

        DiskFile e = mgr.diskFile("sda", "7", "a", "c", "o2", 0);
        DiskFileTest.put(e, "1795795900", "x".getBytes(), Map.of());
        Map<String, String> post = new LinkedHashMap<>();
        post.put("X-Timestamp", Timestamp.parse("1795795902").internal());
        post.put("Content-Type", "a/b");
        post.put("Content-Type-Timestamp", Timestamp.parse("1795795901").internal());
        e.writeMetadata(post);
        String expected = md5("1795795902.00000.meta1795795900.00000.data1795795901.00000_ctype");
        Map<String, String> h2 = mgr.getHashes("sda", "7", List.of(), false, 0).hashes();
        assertEquals(expected, h2.get(e.suffix()));
        // hashes.pkl now holds them, with text keys, valid, and hashes.invalid is empty
        Map<String, Object> pkl = SuffixHashes.read(d.partitionDir());
        assertEquals(Boolean.TRUE, pkl.get("valid"));
        assertEquals(expected, pkl.get(e.suffix()));
        assertEquals(0, Files.size(d.partitionDir().resolve("hashes.invalid")));
    }

    /** The replicator rehashes with its own reclaim_age, not the manager's (the object server's). */
    @Test
    void reclaimAgeOfTheCaller(@TempDir Path devices) throws Exception {
        DiskFileManager mgr = manager(devices);
        DiskFile d = mgr.diskFile("sda", "7", "a", "c", "o", 0);
        long old = System.currentTimeMillis() / 1000 - 100;
        d.delete(Timestamp.parse(old + ".00000"));
        // the manager's reclaim age keeps the 100 s old tombstone
        assertEquals(Set.of(d.suffix()), mgr.getHashes("sda", "7", List.of(), false, 0).hashes().keySet());
        assertTrue(Files.isDirectory(d.hashDir()));
        // a caller's reclaim age of 10 s reclaims it when the suffix is rehashed
        assertEquals(Map.of(), mgr.getHashes("sda", "7", List.of(d.suffix()), false, 0, 10).hashes());
        assertFalse(Files.exists(d.hashDir()));
    }

    @Test
    void suffixesComeInTheDictsOrderNotSorted(@TempDir Path devices) throws Exception {
        // Python's get_hashes answers its dict: hashes.pkl order, then new invalidations appended
        DiskFileManager mgr = manager(devices);
        Path part = devices.resolve("sda/objects/4");
        for (String s : List.of("fff", "000", "abc")) {
            Files.createDirectories(part.resolve(s).resolve("00000000000000000000000000000" + s));
            Files.writeString(part.resolve(s).resolve("00000000000000000000000000000" + s)
                    .resolve("1795795900.00000.ts"), "");
        }
        Map<String, Object> pkl = new LinkedHashMap<>();
        pkl.put("valid", Boolean.TRUE);
        pkl.put("fff", null);
        pkl.put("000", null);
        SuffixHashes.write(part, pkl);
        SuffixHashes.invalidate(part, "abc");
        assertEquals(List.of("fff", "000", "abc"),
                List.copyOf(mgr.getHashes("sda", "4", List.of(), false, 0).hashes().keySet()));
    }

    @Test
    void emptySuffixDisappearsAndMissingPartitionIsEmpty(@TempDir Path devices) throws Exception {
        DiskFileManager mgr = manager(devices);
        assertEquals(Map.of(), mgr.getHashes("sda", "9", List.of(), false, 0).hashes());
        Path suffix = devices.resolve("sda/objects/9/abc");
        Files.createDirectories(suffix);
        Map<String, String> h = mgr.getHashes("sda", "9", List.of("abc"), false, 0).hashes();
        assertEquals(Map.of(), h);
        assertFalse(Files.exists(suffix));
    }

    @Test
    void reclaimsOldTombstonesWhileHashing(@TempDir Path devices) throws Exception {
        Files.createDirectories(devices.resolve("sda"));
        DiskFileManager mgr = new DiskFileManager(DiskConfig.defaults(devices, new HashPath("changeme", "changeme")));
        DiskFile d = mgr.diskFile("sda", "7", "a", "c", "o", 0);
        d.delete(Timestamp.of(System.currentTimeMillis() / 1000.0 - 604801));
        // the DELETE's own cleanup already reclaimed it: no tombstone at all (verified Swift behaviour)
        assertFalse(Files.exists(d.hashDir()));
        Map<String, String> h = mgr.getHashes("sda", "7", List.of(), true, 0).hashes();
        assertEquals(Map.of(), h);
    }

    @Test
    void invalidationsAreConsolidatedAndOnlyThoseRehashed(@TempDir Path devices) throws Exception {
        DiskFileManager mgr = manager(devices);
        DiskFile d = mgr.diskFile("sda", "3", "a", "c", "o", 0);
        DiskFileTest.put(d, "1795795900", "x".getBytes(), Map.of());
        SuffixHashes.Result r1 = mgr.getHashes("sda", "3", List.of(), false, 0);
        assertEquals(1, r1.hashed());
        SuffixHashes.Result r2 = mgr.getHashes("sda", "3", List.of(), false, 0);
        assertEquals(0, r2.hashed());
        assertEquals(r1.hashes(), r2.hashes());
        mgr.invalidateSuffixes("sda", "3", List.of("11d", "zzz", "0"), 0);
        assertEquals("11d\n", Files.readString(d.partitionDir().resolve("hashes.invalid")));
        Map<String, Object> consolidated = SuffixHashes.consolidate(d.partitionDir());
        assertNull(consolidated.get("11d"));
        assertTrue(consolidated.containsKey("11d"));
        SuffixHashes.Result r3 = mgr.getHashes("sda", "3", List.of(), false, 0);
        assertEquals(1, r3.hashed());
        assertEquals(r1.hashes(), r3.hashes());
        assertEquals(Set.of("11d"), r3.hashes().keySet());
    }

    @Test
    void aFileWhereAHashDirBelongsIsQuarantined(@TempDir Path devices) throws Exception {
        DiskFileManager mgr = manager(devices);
        Path suffix = devices.resolve("sda/objects/4/fff");
        Files.createDirectories(suffix);
        Files.write(suffix.resolve("0123456789abcdef0123456789abcfff"), "junk".getBytes());
        Files.createDirectories(suffix.resolve("1123456789abcdef0123456789abcfff"));
        Files.createFile(suffix.resolve("1123456789abcdef0123456789abcfff/1795795900.00000.ts"));
        Map<String, String> h = mgr.getHashes("sda", "4", List.of(), true, 0).hashes();
        assertEquals(md5("1795795900.00000.ts"), h.get("fff"));
        assertTrue(Files.exists(devices.resolve("sda/quarantined/objects/0123456789abcdef0123456789abcfff")));
    }
}
