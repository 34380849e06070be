package io.swiftnode.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swift's {@code drop_buffer_cache}: what writers and readers leave in the page cache, measured
 * with util-linux's {@code fincore} (resident bytes of a file).
 */
class PageCacheTest {
    private static final int MIB = 1024 * 1024;
    /** Pages the kernel may still hold back in per-CPU batches when told to drop them. */
    private static final long SLACK = MIB / 2;

    @TempDir
    Path devices;
    byte[] body;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(devices.resolve("sda"));
        body = new byte[8 * MIB];
        new Random(7).nextBytes(body);
    }

    private DiskFileManager manager(long mbPerSync) {
        HashPath hash = new HashPath("changeme", "changeme");
        return new DiskFileManager(new DiskConfig(devices, false, hash, Set.of(0), DiskConfig.DEFAULT_RECLAIM_AGE,
                mbPerSync, FallocateReserve.parse("1%"), false));
    }

    private Path put(DiskFileManager mgr, String obj, boolean keepCache) throws IOException {
        DiskFile df = mgr.diskFile("sda", "7", "a", "c", obj, 0);
        try (DiskFileWriter w = df.create(body.length)) {
            for (int off = 0; off < body.length; off += 65536) {
                w.write(body, off, 65536);
            }
            Map<String, String> md = new LinkedHashMap<>();
            md.put("X-Timestamp", "1700000000.00000");
            md.put("Content-Type", "application/octet-stream");
            md.put("Content-Length", Integer.toString(body.length));
            md.put("ETag", w.etag());
            w.keepCacheAfterPut(keepCache);
            Path p = w.put(md);
            w.commit();
            return p;
        }
    }

    private static long resident(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("fincore", "--bytes", "--noheadings", "--output", "RES", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, p.waitFor(), "fincore: " + out);
        return Long.parseLong(out);
    }

    @Test
    void putDropsTheBodyUnlessAskedToKeepIt() throws Exception {
        DiskFileManager mgr = manager(512);
        Path dropped = put(mgr, "dropped", false);
        Path kept = put(mgr, "kept", true);
        assertTrue(resident(dropped) <= SLACK, "dropped: " + resident(dropped));
        assertTrue(resident(kept) >= body.length, "kept: " + resident(kept));
    }

    @Test
    void everyMbPerSyncTheWrittenWindowIsSyncedAndDropped() throws Exception {
        Path p = put(manager(1), "windows", true);
        // every whole MiB went at its sync; only what followed the last sync may stay
        assertTrue(resident(p) <= MIB + SLACK, "resident: " + resident(p));
    }

    @Test
    void aReaderThatDoesNotKeepTheCacheDropsWhatItRead() throws Exception {
        DiskFileManager mgr = manager(512);
        Path p = put(mgr, "read", true);
        DiskFile df = mgr.diskFile("sda", "7", "a", "c", "read", 0);
        try (DiskFileReader r = df.open(false, 1700000001)) {
            try (InputStream in = r.stream(0, body.length, false)) {
                assertArrayEquals(body, in.readAllBytes());
            }
            assertTrue(resident(p) <= SLACK, "dropped: " + resident(p));
            try (InputStream in = r.stream(0, body.length, true)) {
                assertArrayEquals(body, in.readAllBytes());
            }
            assertTrue(resident(p) >= body.length, "kept: " + resident(p));
            try (InputStream in = r.stream(2 * MIB, 5 * MIB, false)) {
                in.readAllBytes();
            }
            long left = resident(p);
            assertTrue(left >= body.length - 3 * MIB && left <= body.length - 3 * MIB + SLACK,
                    "a range drops only what it read: " + left);
        }
    }
}
