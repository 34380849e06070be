package io.swiftnode.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFile;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.DiskFileWriter;
import io.swiftnode.disk.FileLocks;
import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.Timestamp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver's side of the protocol on in-memory streams, against objects on a temporary device. */
class SsyncReceiverTest {
    @TempDir
    Path devices;
    DiskFileManager disk;
    final List<String> sent = new ArrayList<>();
    final List<SsyncReceiver.Subrequest> subs = new ArrayList<>();
    final List<byte[]> bodies = new ArrayList<>();
    int nextStatus = 201;

    static final Timestamp T = Timestamp.of(System.currentTimeMillis() / 1000); // recent: tombstones are not reclaimed
    static final Timestamp BEFORE = T.withDelta(-100000);

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(devices.resolve("sda"));
        disk = new DiskFileManager(DiskConfig.defaults(devices, new HashPath("p", "s")).withPolicies(Set.of(0, 1)));
    }

    private DiskFile df(String obj) throws IOException {
        return disk.diskFile("sda", "0", "a", "c", obj, 0);
    }

    private void put(String obj, Timestamp ts) throws IOException {
        byte[] body = "x".getBytes(StandardCharsets.US_ASCII);
        try (DiskFileWriter w = df(obj).create(body.length)) {
            w.write(body, 0, body.length);
            Map<String, String> md = new LinkedHashMap<>();
            md.put("X-Timestamp", ts.internal());
            md.put("Content-Type", "text/plain");
            md.put("Content-Length", "1");
            md.put("ETag", w.etag());
            w.put(md);
            w.commit();
        }
    }

    private String hash(String obj) {
        return disk.hash("a", "c", obj);
    }

    private SsyncReceiver receiver(InputStream in, Semaphore sem, int lockTimeout, int threshold) {
        return new SsyncReceiver(disk, new SsyncReceiver.Settings(1, lockTimeout, threshold, 1.0, 60, 65536), sem,
                "sda", "0", 0, null, "127.0.0.1", in, m -> sent.add(new String(m, StandardCharsets.ISO_8859_1)),
                r -> {
                    subs.add(r);
                    if (nextStatus < 300) {
                        bodies.add(r.body().readAllBytes());
                    } else {
                        bodies.add(new byte[0]); // a refused subrequest leaves its body unread
                    }
                    return new SsyncReceiver.Outcome(nextStatus, "nope".getBytes(StandardCharsets.US_ASCII));
                });
    }

    private static InputStream body(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void missingCheckAndUpdates() throws IOException {
        put("same", T);
        put("older", BEFORE);
        df("deleted").delete(BEFORE);
        put("posted", T);
        String in = ":MISSING_CHECK: START\r\n"
                + hash("same") + " " + T.internal() + "\r\n"
                + hash("older") + " " + T.internal() + "\r\n"
                + hash("deleted") + " " + T.internal() + "\r\n"
                + hash("posted") + " " + T.internal() + " m:186a0\r\n"
                + hash("missing") + " " + T.internal() + "\r\n"
                + ":MISSING_CHECK: END\r\n"
                + ":UPDATES: START\r\n"
                + "PUT /a/c/%C3%A9\r\nContent-Length: 5\r\nContent-Type: text/plain\r\nEtag: abc\r\n"
                + "X-Timestamp: " + T.internal() + "\r\nX-Object-Meta-K:  v v \r\n\r\nhello"
                + "DELETE /a/c/deleted\r\nX-Timestamp: " + T.internal() + "\r\n\r\n"
                + "POST /a/c/posted\r\nX-Timestamp: " + T.withDelta(100000).internal() + "\r\n\r\n"
                + ":UPDATES: END\r\n";
        assertFalse(receiver(body(in), new Semaphore(1), 15, 100).run());
        assertEquals(List.of("\r\n", ":MISSING_CHECK: START\r\n",
                hash("older") + " dm\r\n" + hash("deleted") + " d\r\n" + hash("posted") + " m\r\n" + hash("missing")
                        + " dm",
                "\r\n", ":MISSING_CHECK: END\r\n", ":UPDATES: START\r\n", ":UPDATES: END\r\n"), sent);
        assertEquals(3, subs.size());
        SsyncReceiver.Subrequest put = subs.get(0);
        assertEquals("PUT", put.method());
        assertEquals("/sda/0/a/c/%C3%A9", put.rawPath());
        assertEquals("v v", put.headers().get("x-object-meta-k"));
        assertEquals("abc", put.headers().get("etag"));
        assertEquals("True", put.headers().get("x-backend-replication"));
        assertEquals("0", put.headers().get("x-backend-storage-policy-index"));
        assertEquals("content-length content-type x-timestamp x-object-meta-k",
                put.headers().get("x-backend-replication-headers"));
        assertEquals("hello", new String(bodies.get(0), StandardCharsets.US_ASCII));
        assertEquals("DELETE", subs.get(1).method());
        assertEquals(0, bodies.get(1).length);
        assertEquals("/sda/0/a/c/posted", subs.get(2).rawPath());
        // the partition lock file was taken
        assertTrue(Files.exists(devices.resolve("sda/objects/0/.lock-replication")));
        assertTrue(Files.exists(devices.resolve("sda/.lock")));
    }

    @Test
    void failedSubrequestsAreDrainedAndReportedAs500() {
        nextStatus = 409;
        String in = ":MISSING_CHECK: START\r\n:MISSING_CHECK: END\r\n:UPDATES: START\r\n"
                + "PUT /a/c/o\r\nContent-Length: 3\r\nX-Timestamp: 1\r\n\r\nabc"
                + "PUT /a/c/p\r\nContent-Length: 2\r\nX-Timestamp: 1\r\n\r\nde"
                + ":UPDATES: END\r\n";
        assertTrue(receiver(body(in), null, 15, 100).run());
        assertEquals(2, subs.size(), "the unread body of the first was skipped");
        assertEquals(":ERROR: 500 b'ERROR: With :UPDATES: 2 failures to 0 successes'\n", sent.get(sent.size() - 1));
    }

    @Test
    void tooManyFailuresAbort() {
        nextStatus = 500;
        String in = ":MISSING_CHECK: START\r\n:MISSING_CHECK: END\r\n:UPDATES: START\r\n"
                + "DELETE /a/c/o\r\nX-Timestamp: 1\r\n\r\n"
                + "DELETE /a/c/p\r\nX-Timestamp: 1\r\n\r\n"
                + ":UPDATES: END\r\n";
        assertTrue(receiver(body(in), null, 15, 1).run());
        assertEquals(1, subs.size());
        assertEquals(":ERROR: 0 'Too many 1 failures to 0 successes'\n", sent.get(sent.size() - 1));
    }

    @Test
    void notFoundCountsAsSuccess() {
        nextStatus = 404;
        String in = ":MISSING_CHECK: START\r\n:MISSING_CHECK: END\r\n:UPDATES: START\r\n"
                + "POST /a/c/o\r\nX-Timestamp: 1\r\n\r\n:UPDATES: END\r\n";
        assertFalse(receiver(body(in), null, 15, 100).run());
        assertEquals(":UPDATES: END\r\n", sent.get(sent.size() - 1));
    }

    @Test
    void protocolViolations() {
        assertTrue(receiver(body("hello\r\n"), null, 15, 100).run());
        assertEquals(List.of("\r\n", ":ERROR: 0 \"Looking for :MISSING_CHECK: START got b'hello\\\\r\\\\n'\"\n"), sent);
        sent.clear();
        String in = ":MISSING_CHECK: START\r\n:MISSING_CHECK: END\r\n:UPDATES: START\r\n"
                + "POST /a/c/o\r\nContent-Length: 1\r\n\r\nx";
        assertTrue(receiver(body(in), null, 15, 100).run());
        assertEquals(":ERROR: 0 'POST subrequest with content-length /a/c/o'\n", sent.get(sent.size() - 1));
        sent.clear();
        in = ":MISSING_CHECK: START\r\n:MISSING_CHECK: END\r\n:UPDATES: START\r\nPUT /a/c/o\r\nX-Timestamp: 1\r\n\r\n";
        assertTrue(receiver(body(in), null, 15, 100).run());
        assertEquals(":ERROR: 0 'No content-length sent for PUT /a/c/o'\n", sent.get(sent.size() - 1));
        sent.clear();
        in = ":MISSING_CHECK: START\r\n:MISSING_CHECK: END\r\n:UPDATES: START\r\nGET /a/c/o\r\n\r\n";
        assertTrue(receiver(body(in), null, 15, 100).run());
        assertEquals(":ERROR: 0 'Invalid subrequest method GET'\n", sent.get(sent.size() - 1));
    }

    @Test
    void hangUpIsNoErrorLine() {
        assertTrue(receiver(body(""), null, 15, 100).run());
        assertEquals(List.of("\r\n"), sent);
        sent.clear();
        assertTrue(receiver(body(":MISSING_CHECK: START\r\n:MISSING_CHECK: END\r\n"), null, 15, 100).run());
        assertEquals(":MISSING_CHECK: END\r\n", sent.get(sent.size() - 1));
    }

    @Test
    void readTimeoutIs408() {
        InputStream timingOut = new SequenceInputStream(body(":MISSING_CHECK: START\r\n"), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new SocketTimeoutException("Read timed out");
            }
        });
        assertTrue(receiver(timingOut, null, 15, 100).run());
        assertEquals(":ERROR: 408 '60.0 seconds: missing_check line'\n", sent.get(sent.size() - 1));
    }

    @Test
    void busyServerIs503() {
        Semaphore none = new Semaphore(0);
        assertTrue(receiver(body(":MISSING_CHECK: START\r\n"), none, 15, 100).run());
        assertEquals(List.of("\r\n", ":ERROR: 503 b'<html><h1>Service Unavailable</h1><p>The server is currently "
                + "unavailable. Please try again at a later time.</p></html>'\n"), sent);
    }

    @Test
    void partitionLockTimeout() throws Exception {
        Path part = devices.resolve("sda/objects/0");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (FileLocks.Held h = FileLocks.lockPath(part, Duration.ofSeconds(5), "replication", 1)) {
                held.countDown();
                done.await();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        holder.start();
        held.await();
        try {
            Semaphore sem = new Semaphore(1);
            assertTrue(receiver(body(":MISSING_CHECK: START\r\n"), sem, 1, 100).run());
            assertEquals(":ERROR: 0 '1 second: " + part + "/.lock-replication'\n", sent.get(sent.size() - 1));
            assertEquals(1, sem.availablePermits(), "the semaphore is released");
        } finally {
            done.countDown();
            holder.join();
        }
    }

    @Test
    void yieldHashesOffersDataAndTombstonesWithTheirTimestamps() throws IOException {
        put("a", T);
        df("b").delete(T);
        put("c", T);
        Map<String, String> md = new LinkedHashMap<>();
        md.put("X-Timestamp", T.withDelta(10).internal());
        md.put("Content-Type", "text/x");
        md.put("Content-Type-Timestamp", T.withDelta(10).internal());
        df("c").writeMetadata(md);
        List<DiskFileManager.HashTimestamps> got = new ArrayList<>();
        List<String> suffixes = List.of(hash("a").substring(29), hash("b").substring(29), hash("c").substring(29),
                "fff");
        disk.yieldHashes("sda", "0", 0, suffixes, got::add);
        Map<String, DiskFileManager.HashTimestamps> byHash = new LinkedHashMap<>();
        got.forEach(h -> byHash.put(h.hash(), h));
        assertEquals(new DiskFileManager.HashTimestamps(hash("a"), T, null, null), byHash.get(hash("a")));
        assertEquals(new DiskFileManager.HashTimestamps(hash("b"), T, null, null), byHash.get(hash("b")));
        assertEquals(new DiskFileManager.HashTimestamps(hash("c"), T, T.withDelta(10), T.withDelta(10)),
                byHash.get(hash("c")));
        assertEquals(3, got.size());
        // the empty suffix was invalidated for the next rehash
        assertTrue(Files.readString(devices.resolve("sda/objects/0/hashes.invalid")).contains("fff\n"));
    }
}
