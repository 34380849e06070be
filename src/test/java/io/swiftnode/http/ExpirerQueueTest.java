package io.swiftnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.Timestamp;
import io.swiftnode.disk.pickle.AsyncPendingPickle.AsyncUpdate;
import io.swiftnode.http.ContainerUpdatesTest.Stub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expiring-object queue updates (object-server-http.md §9); expected requests and async pendings
 * were captured from Swift 2.30.1's {@code delete_at_update} for the same inputs.
 */
class ExpirerQueueTest {
    static final String PID = Long.toString(ProcessHandle.current().pid());
    static final Timestamp TS = Timestamp.parse("1700000002.00000");
    static final String REFERER = "PUT http://localhost/sda1/5/a/c/o2";
    /** hash_path('.expiring_objects', '1899935901', '1900000000-a/c/o2'). */
    static final String QUEUE_HASH = "166d2670ec1b2b3f3650ec2cbabc7ded";

    @TempDir
    Path devices;
    DiskFileManager disk;
    ContainerUpdates updates;
    ExpirerQueue queue;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(devices.resolve("sda1"));
        disk = new DiskFileManager(DiskConfig.defaults(devices, new HashPath("changeme", "changeme"))
                .withPolicies(Set.of(0, 1)));
        updates = new ContainerUpdates(disk, new ContainerUpdates.Settings(0.5, 2, 1, ".expiring_objects", 86400, 4));
        queue = updates.expirerQueue();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        updates.shutdown();
    }

    Stub stub(String response) throws IOException {
        Stub s = new Stub(response);
        closeables.add(s);
        return s;
    }

    static Function<String, String> headers(String... kv) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m::get;
    }

    List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(devices)) {
            List<Path> out = s.filter(Files::isRegularFile).collect(Collectors.toList());
            Collections.sort(out);
            return out;
        }
    }

    Optional<Path> put(Function<String, String> h) throws IOException {
        return queue.update("PUT", 1900000000L, "a", "c", "o2", h, TS, REFERER, "sda1", 1);
    }

    static List<String> lines(Map<String, String> m) {
        return m.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.toList());
    }

    @Test
    void naming() {
        assertEquals(".expiring_objects", queue.account());
        assertEquals("1899935901", queue.expirerContainer(1900000000L, "a", "c", "o2"));
        assertEquals("1900000000-a/c/o2", ExpirerQueue.taskObject(1900000000L, "a", "c", "o2"));
        assertEquals("0000000000", queue.expirerContainer(50, "a", "c", "o2"), "clamped at 0");
        assertEquals("0000000000", ExpirerQueue.normalizeDeleteAt(-5));
        assertEquals("0000000000", ExpirerQueue.normalizeDeleteAt(Double.NaN));
        assertEquals("9999999999", ExpirerQueue.normalizeDeleteAt(1e11));
        assertEquals("0000000123", ExpirerQueue.normalizeDeleteAt(123.9));
    }

    @Test
    void putEntryIsSentToTheQueueNodes() throws Exception {
        Stub s = stub("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        Optional<Path> p = put(headers("X-Delete-At-Host", s.host(), "X-Delete-At-Device", "sdd1",
                "X-Delete-At-Partition", "9", "X-Delete-At-Container", "1899935901", "X-Trans-Id", "txq"));
        assertEquals(Optional.empty(), p);
        Stub.Request r = s.request(5);
        assertEquals("PUT /sdd1/9/.expiring_objects/1899935901/1900000000-a/c/o2 HTTP/1.1", r.line());
        assertEquals(List.of("Host: " + s.host(), "Accept-Encoding: identity", "X-Backend-Storage-Policy-Index: 0",
                "X-Timestamp: 1700000002.00000", "X-Trans-Id: txq", "Referer: " + REFERER, "X-Size: 0",
                "X-Content-Type: text/plain", "X-Etag: d41d8cd98f00b204e9800998ecf8427e",
                "User-Agent: object-server " + PID), r.headers());
        assertEquals(List.of(), files());
    }

    @Test
    void aFailedPutEntryIsSavedInTheObjectsPolicyDir() throws Exception {
        Stub s = stub("HTTP/1.1 507 Insufficient Storage\r\nContent-Length: 0\r\n\r\n");
        Path p = put(headers("X-Delete-At-Host", s.host() + "," + ContainerUpdatesTest.refusedHost(),
                "X-Delete-At-Device", "sdd1,sdd2", "X-Delete-At-Partition", "9", "X-Delete-At-Container",
                "1899935901", "X-Trans-Id", "txq")).orElseThrow();
        assertEquals(devices.resolve("sda1/async_pending-1/ded/" + QUEUE_HASH + "-1700000002.00000"), p);
        assertEquals(List.of(p), files(), "both failures saved the same file");
        AsyncUpdate u = disk.readAsyncPending(p);
        assertEquals("PUT", u.op());
        assertEquals(".expiring_objects", u.account());
        assertEquals("1899935901", u.container());
        assertEquals("1900000000-a/c/o2", u.obj());
        assertNull(u.containerPath());
        assertEquals(List.of("X-Backend-Storage-Policy-Index: 0", "X-Timestamp: 1700000002.00000", "X-Trans-Id: txq",
                "Referer: " + REFERER, "X-Size: 0", "X-Content-Type: text/plain",
                "X-Etag: d41d8cd98f00b204e9800998ecf8427e", "User-Agent: object-server " + PID), lines(u.headers()));
    }

    @Test
    void putEntryTargets() throws Exception {
        Stub s = stub("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        // no X-Delete-At-Host: another object server does it
        assertEquals(Optional.empty(), put(headers("X-Delete-At-Device", "sdd1", "X-Delete-At-Partition", "9")));
        assertEquals(List.of(), files());
        // no partition: straight to async pending
        Path p = put(headers("X-Delete-At-Host", s.host(), "X-Delete-At-Device", "sdd1", "X-Delete-At-Container",
                "1899935901")).orElseThrow();
        assertEquals("1899935901", disk.readAsyncPending(p).container());
        Files.delete(p);
        // pairs with an empty member are dropped; the queue container is normalized
        p = put(headers("X-Delete-At-Host", "," + s.host(), "X-Delete-At-Device", "sdx1,", "X-Delete-At-Partition",
                "9", "X-Delete-At-Container", "123")).orElseThrow();
        assertEquals(devices.resolve("sda1/async_pending-1/bc5/d6c0464184d4d8e9d785831cad535bc5-1700000002.00000"), p);
        assertEquals("0000000123", disk.readAsyncPending(p).container());
        Files.delete(p);
        // no X-Delete-At-Container: computed
        assertEquals(Optional.empty(), put(headers("X-Delete-At-Host", s.host(), "X-Delete-At-Device", "sdd1",
                "X-Delete-At-Partition", "9")));
        assertEquals("PUT /sdd1/9/.expiring_objects/1899935901/1900000000-a/c/o2 HTTP/1.1", s.request(5).line());
        assertEquals(1, s.count());
        assertThrows(NumberFormatException.class, () -> put(headers("X-Delete-At-Host", s.host(),
                "X-Delete-At-Device", "sdd1", "X-Delete-At-Partition", "9", "X-Delete-At-Container", "abc")));
    }

    @Test
    void deleteEntryGoesStraightToAsyncPending() throws Exception {
        Stub s = stub("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        Path p = queue.update("DELETE", 1900000000L, "a", "c", "o2", headers("X-Delete-At-Host", s.host(),
                "X-Delete-At-Device", "sdd1", "X-Delete-At-Partition", "9"), TS, REFERER, "sda1", 1).orElseThrow();
        assertEquals(devices.resolve("sda1/async_pending-1/ded/" + QUEUE_HASH + "-1700000002.00000"), p);
        AsyncUpdate u = disk.readAsyncPending(p);
        assertEquals("DELETE", u.op());
        assertEquals("1899935901", u.container());
        assertEquals(List.of("X-Backend-Storage-Policy-Index: 0", "X-Timestamp: 1700000002.00000", "X-Trans-Id: -",
                "Referer: " + REFERER, "User-Agent: object-server " + PID), lines(u.headers()));
        assertEquals(0, s.count(), "no network request for a queue DELETE");
        Files.delete(p);
        for (String v : List.of("f", "no", "")) {
            assertEquals(Optional.empty(), queue.update("DELETE", 1900000000L, "a", "c", "o2",
                    headers("X-Backend-Clean-Expiring-Object-Queue", v), TS, REFERER, "sda1", 1));
        }
        assertTrue(queue.update("DELETE", 1900000000L, "a", "c", "o2",
                headers("X-Backend-Clean-Expiring-Object-Queue", "yes"), TS, REFERER, "sda1", 1).isPresent());
    }

    @Test
    void replicationRequestsTouchNoQueue() throws Exception {
        Stub s = stub("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        Function<String, String> h = headers("X-Backend-Replication", "True", "X-Delete-At-Host", s.host(),
                "X-Delete-At-Device", "sdd1", "X-Delete-At-Partition", "9");
        assertEquals(List.of(), queue.deleteAtChanged(1800000000L, 1900000000L, "a", "c", "o2", h, TS, REFERER,
                "sda1", 1));
        assertEquals(0, s.count());
        assertEquals(List.of(), files());
    }

    @Test
    void deleteAtChangedOrdersPutThenDelete() throws Exception {
        Function<String, String> h = headers("X-Delete-At-Host", "", "X-Delete-At-Partition", "9");
        assertEquals(List.of(), queue.deleteAtChanged(1900000000L, 1900000000L, "a", "c", "o2", h, TS, REFERER,
                "sda1", 0));
        assertEquals(List.of(), queue.deleteAtChanged(0, 0, "a", "c", "o2", h, TS, REFERER, "sda1", 0));
        List<Path> both = queue.deleteAtChanged(1800000000L, 1900000000L, "a", "c", "o2", h, TS, REFERER, "sda1", 0);
        assertEquals(2, both.size());
        assertEquals("PUT", disk.readAsyncPending(both.get(0)).op());
        assertEquals("1900000000-a/c/o2", disk.readAsyncPending(both.get(0)).obj());
        assertEquals("DELETE", disk.readAsyncPending(both.get(1)).op());
        assertEquals("1800000000-a/c/o2", disk.readAsyncPending(both.get(1)).obj());
        assertEquals(queue.expirerContainer(1800000000L, "a", "c", "o2"),
                disk.readAsyncPending(both.get(1)).container());
        List<Path> onlyNew = queue.deleteAtChanged(0, 1900000001L, "a", "c", "o2", h, TS, REFERER, "sda1", 0);
        assertEquals("PUT", disk.readAsyncPending(onlyNew.get(0)).op());
        List<Path> onlyOld = queue.deleteAtChanged(1900000001L, 0, "a", "c", "o2", h, TS, REFERER, "sda1", 0);
        assertEquals("DELETE", disk.readAsyncPending(onlyOld.get(0)).op());
        assertEquals(1, onlyOld.size());
    }
}
