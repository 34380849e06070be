package io.swiftnode.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashDirCacheTest {
    @TempDir
    Path root;

    private static Set<String> actual(Path dir) {
        String[] names = dir.toFile().list();
        return names == null ? Set.of() : new TreeSet<>(Arrays.asList(names));
    }

    /**
     * Model-based: random changes to a hash dir as writers, cleanups, rsync and quarantine make
     * them (rename in, replace, unlink, remove and recreate the dir), at random pauses around the
     * stability margin; after each step the remembered listing must be what is on disk.
     */
    @Test
    void aRememberedListingIsNeverStale() throws Exception {
        Random rnd = new Random(20261128);
        HashDirCache cache = new HashDirCache(1000, 30, System::currentTimeMillis);
        Path dir = root.resolve("objects/7/abc/" + "0".repeat(29) + "abc");
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(dir);
        List<String> names = new ArrayList<>();
        long ts = 1_700_000_000L;
        for (int step = 0; step < 400; step++) {
            int op = rnd.nextInt(10);
            if (op < 3) {
                // a writer or rsync: a new file renamed in
                String name = (ts++) + ".00000" + (rnd.nextBoolean() ? ".data" : ".ts");
                Path t = Files.write(tmp.resolve("t" + step), new byte[] {1});
                Files.createDirectories(dir);
                Files.move(t, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                names.add(name);
            } else if (op == 3 && !names.isEmpty()) {
                // the same name renamed over (a replica pushed again)
                String name = names.get(rnd.nextInt(names.size()));
                Path t = Files.write(tmp.resolve("t" + step), new byte[] {2});
                if (Files.isDirectory(dir)) {
                    Files.move(t, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                }
            } else if (op == 4 && !names.isEmpty()) {
                // a cleanup unlinks
                String name = names.remove(rnd.nextInt(names.size()));
                Files.deleteIfExists(dir.resolve(name));
            } else if (op == 5 && rnd.nextInt(4) == 0) {
                // quarantine or reclaim: the whole dir goes
                for (String n : names) {
                    Files.deleteIfExists(dir.resolve(n));
                }
                names.clear();
                Files.deleteIfExists(dir);
            } else if (op >= 8) {
                Thread.sleep(rnd.nextInt(60)); // let it (perhaps) become stable
            }
            HashDirCache.Listing l = cache.list(dir);
            assertEquals(actual(dir), new TreeSet<>(l.names()), "step " + step);
            assertEquals(new TreeSet<>(l.names()), new TreeSet<>(cache.list(dir).names()), "again, step " + step);
        }
        assertTrue(cache.hits() > 50, "the cache was used: " + cache.hits() + " hits");
    }

    @Test
    void aRecentlyChangedDirIsNotRemembered() throws Exception {
        HashDirCache cache = new HashDirCache(1000, 60_000, System::currentTimeMillis);
        Path dir = Files.createDirectories(root.resolve("d"));
        Files.write(dir.resolve("1.data"), new byte[0]);
        assertNull(cache.list(dir).entry());
        assertNull(cache.list(dir).entry());
        assertEquals(0, cache.hits());
        assertEquals(0, cache.size());
        assertEquals(List.of(), cache.list(root.resolve("missing")).names());
    }

    @Test
    void memoryIsBounded() throws Exception {
        HashDirCache cache = new HashDirCache(16, 0, () -> System.currentTimeMillis() + 10_000);
        for (int i = 0; i < 100; i++) {
            cache.list(Files.createDirectories(root.resolve("d" + i)));
            assertTrue(cache.size() <= 16, "size " + cache.size());
        }
    }

    /**
     * Through the disk file manager: a request's open of an unchanged object reads no xattrs (an
     * in-place edit of them is not seen), the auditor's open reads them, and any change to the
     * hash dir (a POST's .meta) is seen at once.
     */
    @Test
    void requestsUseRememberedMetadataTheAuditorDoesNot() throws Exception {
        Files.createDirectories(root.resolve("sda"));
        DiskFileManager mgr = new DiskFileManager(DiskConfig.defaults(root, new HashPath("changeme", "changeme")));
        DiskFile df = mgr.diskFile("sda", "9", "a", "c", "o", 0);
        DiskFileTest.put(df, "1700000000.00000", "body".getBytes(), Map.of("X-Object-Meta-Color", "red"));
        Thread.sleep(HashDirCache.DEFAULT_STABLE_AFTER_MILLIS + 200);
        double now = System.currentTimeMillis() / 1000.0;
        try (DiskFileReader r = df.open(false, now)) {
            assertEquals("red", r.metadata().get("X-Object-Meta-Color"));
        }
        long hits = mgr.hashDirs().hits();
        Path data = df.hashDir().resolve("1700000000.00000.data");
        Map<String, String> edited = new LinkedHashMap<>(XattrMetadata.read(data));
        edited.put("X-Object-Meta-Color", "blue");
        XattrMetadata.write(data, edited); // changes the file, not the directory
        try (DiskFileReader r = df.open(false, now)) {
            assertEquals("red", r.metadata().get("X-Object-Meta-Color"), "remembered");
        }
        assertEquals(hits + 1, mgr.hashDirs().hits());
        try (DiskFileReader r = df.open(false, now, true)) {
            assertEquals("blue", r.metadata().get("X-Object-Meta-Color"), "the auditor reads the file");
        }
        Map<String, String> post = new LinkedHashMap<>();
        post.put("X-Timestamp", "1700000001.00000");
        post.put("X-Object-Meta-Color", "green");
        df.writeMetadata(post);
        try (DiskFileReader r = df.open(false, now)) {
            assertEquals("green", r.metadata().get("X-Object-Meta-Color"), "a changed dir is read again");
        }
    }
}
