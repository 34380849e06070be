package io.swiftnode.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskFileTest {
    @TempDir
    Path devices;
    DiskFileManager mgr;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(devices.resolve("sda"));
        mgr = new DiskFileManager(DiskConfig.defaults(devices, new HashPath("changeme", "changeme"))
                .withPolicies(java.util.Set.of(0, 1)));
    }

    private DiskFile df(String obj) throws IOException {
        return mgr.diskFile("sda", "839", "a", "c", obj, 0);
    }

    static Map<String, String> put(DiskFile df, String ts, byte[] body, Map<String, String> extra) throws IOException {
        try (DiskFileWriter w = df.create(body.length)) {
            w.write(body, 0, body.length);
            Map<String, String> md = new LinkedHashMap<>();
            md.put("X-Timestamp", Timestamp.parse(ts).internal());
            md.put("Content-Type", "text/plain");
            md.put("Content-Length", Integer.toString(body.length));
            md.put("ETag", w.etag());
            md.putAll(extra);
            w.put(md);
            w.commit();
            return md;
        }
    }

    static byte[] readAll(DiskFileReader r) throws IOException {
        try (InputStream in = r.stream(0, r.contentLength())) {
            return in.readAllBytes();
        }
    }

    @Test
    void putThenOpenReturnsBytesAndMetadata() throws IOException {
        DiskFile d = df("o");
        byte[] body = "hello world".getBytes(StandardCharsets.UTF_8);
        put(d, "1700000000.00000", body, Map.of("X-Object-Meta-Color", "blue"));
        assertTrue(Files.exists(d.hashDir().resolve("1700000000.00000.data")));
        assertEquals("d1c91d91068a170a6bcf220efe77711d", d.hash());
        try (DiskFileReader r = d.open()) {
            assertArrayEquals(body, readAll(r));
            assertEquals("blue", r.metadata().get("X-Object-Meta-Color"));
            assertEquals("/a/c/o", r.metadata().get("name"));
            assertEquals("5eb63bbbe01eeed093cb22bb8f5acdc3", r.metadata().get("ETag"));
            try (InputStream in = r.stream(6, 11)) {
                assertEquals("world", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        // the write invalidated its suffix for replication
        assertEquals("11d\n", Files.readString(d.partitionDir().resolve("hashes.invalid")));
        // nothing left in tmp
        try (Stream<Path> s = Files.list(devices.resolve("sda/tmp"))) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void postMetadataReplacesUserMetaButKeepsDataSysmetaAndContentType() throws IOException {
        DiskFile d = df("o");
        put(d, "100", "x".getBytes(), Map.of("X-Object-Meta-A", "1", "X-Object-Sysmeta-S", "s"));
        Map<String, String> post = new LinkedHashMap<>();
        post.put("X-Timestamp", Timestamp.parse("101").internal());
        post.put("X-Object-Meta-B", "2");
        d.writeMetadata(post);
        try (DiskFileReader r = d.open()) {
            assertNull(r.metadata().get("X-Object-Meta-A"));
            assertEquals("2", r.metadata().get("X-Object-Meta-B"));
            assertEquals("s", r.metadata().get("X-Object-Sysmeta-S"));
            assertEquals("text/plain", r.metadata().get("Content-Type"));
            assertEquals(Timestamp.parse("101"), r.timestamp());
            assertEquals(Timestamp.parse("100"), r.dataTimestamp());
        }
        // a POST with a content type: name carries the ctype delta, newest ctype wins
        Map<String, String> post2 = new LinkedHashMap<>();
        post2.put("X-Timestamp", Timestamp.parse("103").internal());
        post2.put("Content-Type", "image/png");
        post2.put("Content-Type-Timestamp", Timestamp.parse("102").internal());
        Path p = d.writeMetadata(post2);
        assertEquals("0000000103.00000-186a0.meta", p.getFileName().toString());
        try (DiskFileReader r = d.open()) {
            assertEquals("image/png", r.metadata().get("Content-Type"));
            assertEquals(Timestamp.parse("102").internal(), r.metadata().get("Content-Type-Timestamp"));
            assertNull(r.metadata().get("X-Object-Meta-B"));
        }
        List<String> files = OnDiskFiles.list(d.hashDir());
        assertEquals(2, files.size(), files.toString()); // the first .meta is obsolete
    }

    @Test
    void putAloneCleansUpAsSwiftDoesEvenWithoutCommit() throws IOException {
        DiskFile d = df("o");
        put(d, "100", "old".getBytes(), Map.of());
        try (DiskFileWriter w = d.create(3)) { // X-Backend-No-Commit: put without commit
            w.write("new".getBytes(), 0, 3);
            Map<String, String> md = new LinkedHashMap<>();
            md.put("X-Timestamp", Timestamp.parse("200").internal());
            md.put("Content-Length", "3");
            md.put("ETag", w.etag());
            w.put(md);
            assertFalse(w.committed());
        }
        assertEquals(List.of("0000000200.00000.data"), OnDiskFiles.list(d.hashDir()));
    }

    @Test
    void deleteWritesATombstoneAndOpenSaysDeleted() throws IOException {
        DiskFile d = df("o");
        put(d, "100", "x".getBytes(), Map.of());
        Timestamp dts = Timestamp.of(Math.floor(System.currentTimeMillis() / 1000.0) + 0.5);
        d.delete(dts);
        DiskFileDeleted e = assertThrows(DiskFileDeleted.class, d::open);
        assertEquals(dts, e.timestamp());
        assertEquals(List.of(dts.internal() + ".ts"), OnDiskFiles.list(d.hashDir()));
        assertEquals(Map.of("X-Timestamp", dts.internal(), "name", "/a/c/o"),
                XattrMetadata.read(d.hashDir().resolve(dts.internal() + ".ts")));
        assertThrows(DiskFileNotExist.class, () -> df("other").open());
    }

    @Test
    void expiredObjectsAreHiddenUnlessAsked() throws IOException {
        DiskFile d = df("o");
        put(d, "100", "x".getBytes(), Map.of("X-Delete-At", "1000"));
        assertThrows(DiskFileExpired.class, () -> d.open(false, 1000));
        try (DiskFileReader r = d.open(true, 1000)) {
            assertEquals("1000", r.metadata().get("X-Delete-At"));
        }
        try (DiskFileReader r = d.open(false, 999)) {
            assertEquals(1, r.contentLength());
        }
    }

    @Test
    void collisionIsNotQuarantine() throws IOException {
        DiskFile d = df("o");
        put(d, "100", "x".getBytes(), Map.of());
        DiskFile other = new DiskFile(mgr, devices.resolve("sda"), 0, "839", d.hash(), "/a/c/other");
        assertThrows(DiskFileCollision.class, other::open);
        assertTrue(Files.exists(d.hashDir()));
    }

    @Test
    void wrongSizeIsQuarantinedOnOpen() throws IOException {
        DiskFile d = df("o");
        put(d, "100", "abc".getBytes(), Map.of());
        Path data = d.hashDir().resolve("0000000100.00000.data");
        Files.write(data, "ab".getBytes(), java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        assertThrows(DiskFileQuarantined.class, d::open);
        assertFalse(Files.exists(d.hashDir()));
        assertTrue(Files.exists(devices.resolve("sda/quarantined/objects").resolve(d.hash())
                .resolve("0000000100.00000.data")));
        assertTrue(Files.readString(d.partitionDir().resolve("hashes.invalid")).contains("11d\n"));
    }

    @Test
    void flippedByteIsQuarantinedAfterAFullRead() throws IOException {
        DiskFile d = df("o");
        put(d, "100", "abcdef".getBytes(), Map.of());
        Path data = d.hashDir().resolve("0000000100.00000.data");
        byte[] b = Files.readAllBytes(data);
        b[2] ^= 1;
        // rewrite in place keeping xattrs
        try (var ch = java.nio.channels.FileChannel.open(data, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(b), 0);
        }
        try (DiskFileReader r = d.open()) {
            try (InputStream in = r.stream(0, 3)) {
                in.readAllBytes(); // a range read does not verify
            }
            assertFalse(r.quarantined());
            assertNull(r.quarantineReason());
            readAll(r);
            assertTrue(r.quarantined());
            assertTrue(r.quarantineReason().startsWith("ETag "), r.quarantineReason());
        }
        assertThrows(DiskFileNotExist.class, d::open);
        // a second quarantine of the same hash gets a unique name
        put(d, "200", "x".getBytes(), Map.of());
        Files.write(d.hashDir().resolve("0000000200.00000.data"), new byte[0],
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        assertThrows(DiskFileQuarantined.class, d::open);
        try (Stream<Path> s = Files.list(devices.resolve("sda/quarantined/objects"))) {
            assertEquals(2, s.count());
        }
    }

    @Test
    void fallocateReserveRefusesWithNothingLeftBehind() throws IOException {
        DiskFileManager full = new DiskFileManager(DiskConfig.defaults(devices, new HashPath("changeme", "changeme"))
                .withFallocateReserve(FallocateReserve.parse("100%"), false));
        DiskFile d = full.diskFile("sda", "839", "a", "c", "o", 0);
        assertThrows(DiskFileNoSpace.class, () -> d.create(10));
        assertFalse(Files.exists(d.hashDir()));
        // refused before any temp file is made (the temp dir itself comes with the first write)
        if (Files.exists(devices.resolve("sda/tmp"))) {
            try (Stream<Path> s = Files.list(devices.resolve("sda/tmp"))) {
                assertEquals(0, s.count());
            }
        }
        // zero-length bodies are not preallocated and so never refused by the reserve
        try (DiskFileWriter w = d.create(0)) {
            assertEquals(0, w.bytesWritten());
        }
    }

    @Test
    void abandonedWriterLeavesNothingAndTmpLeftoversAreIgnored() throws IOException {
        DiskFile d = df("o");
        try (DiskFileWriter w = d.create(5)) {
            w.write("abc".getBytes(), 0, 3);
        }
        try (Stream<Path> s = Files.list(devices.resolve("sda/tmp"))) {
            assertEquals(0, s.count());
        }
        Files.write(devices.resolve("sda/tmp/tmpLEFTOVER"), "partial".getBytes());
        assertThrows(DiskFileNotExist.class, d::open);
    }

    @Test
    void unknownDeviceOrBadNameIsUnavailable() {
        assertThrows(DiskFileDeviceUnavailable.class, () -> mgr.diskFile("sdz", "1", "a", "c", "o", 0));
        assertThrows(DiskFileDeviceUnavailable.class, () -> mgr.diskFile("..", "1", "a", "c", "o", 0));
        DiskFileManager mounted = new DiskFileManager(new DiskConfig(devices, true, new HashPath("x", "y"),
                java.util.Set.of(0), 604800, 512, FallocateReserve.parse("1%"), false));
        assertThrows(DiskFileDeviceUnavailable.class, () -> mounted.diskFile("sda", "1", "a", "c", "o", 0));
    }

    @Test
    void policyDirsAndAsyncPendings() throws IOException {
        DiskFile d = mgr.diskFile("sda", "5", "a", "c", "o", 1);
        put(d, "100", "x".getBytes(), Map.of());
        assertTrue(Files.isDirectory(devices.resolve("sda/objects-1/5")));
        assertEquals(1, PolicyDirs.policyOf("objects-1", "objects"));
        assertEquals(-1, PolicyDirs.policyOf("objects-01", "objects"));
    }

    @Test
    void openByHashWithModernizeAddsAMissingMetadataChecksum() throws IOException {
        DiskFile d = df("o");
        put(d, "1700000000.00000", "abc".getBytes(), Map.of());
        Path data = d.hashDir().resolve("1700000000.00000.data");
        var view = Files.getFileAttributeView(data, java.nio.file.attribute.UserDefinedFileAttributeView.class);
        view.delete("swift.metadata_checksum");
        DiskFile byHash = mgr.diskFileFromHash("sda", "839", d.hash(), 0);
        try (DiskFileReader r = byHash.open(false, 1.8e9, false)) {
            assertEquals("/a/c/o", r.metadata().get("name"));
        }
        assertFalse(view.list().contains("swift.metadata_checksum"));
        try (DiskFileReader r = byHash.open(false, 1.8e9, true)) {
            assertEquals("3", r.metadata().get("Content-Length"));
        }
        assertTrue(view.list().contains("swift.metadata_checksum"));
    }
}
