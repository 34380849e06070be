package io.swiftnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFileDeviceUnavailable;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.pickle.AsyncPendingPickle.AsyncUpdate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container updates against stub container servers on loopback: exact requests, outcomes, the
 * single async pending per operation and its content, timing.
 */
class ContainerUpdatesTest {
    static final HashPath HASH = new HashPath("changeme", "changeme");
    static final String PID = Long.toString(ProcessHandle.current().pid());
    static final String REFERER = "PUT http://127.0.0.1:6200/sda1/5/a/c/o2";

    @TempDir
    Path devices;
    DiskFileManager disk;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(devices.resolve("sda1"));
        disk = new DiskFileManager(DiskConfig.defaults(devices, HASH).withPolicies(Set.of(0, 1)));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    ContainerUpdates updates(double nodeTimeout, double containerUpdateTimeout, int threads) {
        ContainerUpdates u = new ContainerUpdates(disk, new ContainerUpdates.Settings(0.5, nodeTimeout,
                containerUpdateTimeout, ".expiring_objects", 86400, threads));
        closeables.add(u::shutdown);
        return u;
    }

    ContainerUpdates updates() {
        return updates(3, 1, 8);
    }

    Stub stub(String response) throws IOException {
        Stub s = new Stub(response);
        closeables.add(s);
        return s;
    }

    static String refusedHost() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    static Function<String, String> headers(String... kv) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m::get;
    }

    static Map<String, String> putHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-size", "3");
        h.put("x-content-type", "text/plain");
        h.put("x-timestamp", "1700000002.00000");
        h.put("x-etag", "900150983cd24fb0d6963f7d28e17f72");
        return h;
    }

    List<Path> asyncFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(devices)) {
            s.filter(Files::isRegularFile).forEach(out::add);
        }
        Collections.sort(out);
        return out;
    }

    static List<String> lines(Map<String, String> m) {
        return m.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.toList());
    }

    // ---- test vector 44 -----------------------------------------------------------------------

    @Test
    void vector44OneAsyncPendingForA507AndARefusedNode() throws Exception {
        Stub ok = stub("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        Stub full = stub("HTTP/1.1 507 Insufficient Storage\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\n"
                + "nope!");
        String refused = refusedHost();
        ContainerUpdates.Result r = updates().containerUpdate("PUT", "a", "c", "o2", headers(
                "X-Container-Host", ok.host() + "," + full.host() + "," + refused,
                "X-Container-Device", "sdc1,sdc2,sdc3",
                "X-Container-Partition", "77",
                "X-Trans-Id", "tx44"), REFERER, putHeaders(), "sda1", 0);
        assertEquals(3, r.targets());
        assertTrue(r.finishedInTime());
        Optional<Path> pending = r.completion().get(5, TimeUnit.SECONDS);

        for (Stub s : List.of(ok, full)) {
            Stub.Request req = s.request(5);
            assertEquals("PUT /" + (s == ok ? "sdc1" : "sdc2") + "/77/a/c/o2 HTTP/1.1", req.line());
            assertEquals(List.of(
                    "Host: " + s.host(),
                    "Accept-Encoding: identity",
                    "X-Size: 3",
                    "X-Content-Type: text/plain",
                    "X-Timestamp: 1700000002.00000",
                    "X-Etag: 900150983cd24fb0d6963f7d28e17f72",
                    "X-Trans-Id: tx44",
                    "Referer: " + REFERER,
                    "X-Backend-Storage-Policy-Index: 0",
                    "User-Agent: object-server " + PID), req.headers());
            assertFalse(req.moreBytes(), "no body");
            assertEquals(1, s.count());
        }
        Path expected = devices.resolve("sda1/async_pending/1cf/47a4fe745fa992d8aea7b350ccb5f1cf-1700000002.00000");
        assertEquals(Optional.of(expected), pending);
        assertEquals(List.of(expected), asyncFiles(), "exactly one file, no temp files left");
        AsyncUpdate u = disk.readAsyncPending(expected);
        assertEquals("PUT", u.op());
        assertEquals("a", u.account());
        assertEquals("c", u.container());
        assertEquals("o2", u.obj());
        assertNull(u.containerPath());
        assertNull(u.successes());
        assertNull(u.redirectHistory());
        assertEquals(List.of(
                "X-Size: 3",
                "X-Content-Type: text/plain",
                "X-Timestamp: 1700000002.00000",
                "X-Etag: 900150983cd24fb0d6963f7d28e17f72",
                "X-Trans-Id: tx44",
                "Referer: " + REFERER,
                "X-Backend-Storage-Policy-Index: 0",
                "User-Agent: object-server " + PID), lines(u.headers()));
    }

    @Test
    void successesLeaveNoPending() throws Exception {
        Stub a = stub("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        Stub b = stub("HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        Stub c = stub("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
        Stub d = stub("HTTP/1.0 200 OK\r\n\r\nbody until EOF");
        ContainerUpdates.Result r = updates().containerUpdate("PUT", "a", "c", "o2", headers(
                "X-Container-Host", a.host() + ", " + b.host() + " ," + c.host() + "," + d.host(),
                "X-Container-Device", "sdc1,sdc2,sdc3, sdc4",
                "X-Container-Partition", "77"), REFERER, putHeaders(), "sda1", 0);
        assertEquals(4, r.targets());
        assertTrue(r.finishedInTime());
        assertEquals(Optional.empty(), r.completion().get(5, TimeUnit.SECONDS));
        assertEquals(List.of(), asyncFiles());
        assertEquals("PUT /sdc4/77/a/c/o2 HTTP/1.1", d.request(5).line());
        assertTrue(b.request(5).headers().contains("X-Trans-Id: -"), "X-Trans-Id defaults to -");
    }

    @Test
    void namesArePercentEncodedAsSwiftQuotes() throws Exception {
        Stub s = stub("HTTP/1.1 500 Internal Error\r\nContent-Length: 0\r\n\r\n");
        String account = "AUTH_\u00fc";
        String container = "c \u65e5";
        String obj = "dir/ob \u00e9\u0000x%~_.-+;?#&=\u2603\ud83d\ude00!*'()";
        ContainerUpdates.Result r = updates().containerUpdate("PUT", account, container, obj, headers(
                "X-Container-Host", s.host(), "X-Container-Device", "sdc1", "X-Container-Partition", "77"),
                REFERER, putHeaders(), "sda1", 0);
        Path p = r.completion().get(5, TimeUnit.SECONDS).orElseThrow();
        // expected line computed with Swift 2.30.1's utils.quote over the UTF-8 path
        assertEquals("PUT /sdc1/77/AUTH_%C3%BC/c%20%E6%97%A5/dir/ob%20%C3%A9%00x%25~_.-%2B%3B%3F%23%26%3D%E2%98%83"
                + "%F0%9F%98%80%21%2A%27%28%29 HTTP/1.1", s.request(5).line());
        assertEquals(disk.hash(account, container, obj) + "-1700000002.00000", p.getFileName().toString());
        AsyncUpdate u = disk.readAsyncPending(p);
        assertEquals(account, u.account());
        assertEquals(container, u.container());
        assertEquals(obj, u.obj());
    }

    @Test
    void deleteSendsOnlyTheTimestampAndTheCommonHeaders() throws Exception {
        Stub s = stub("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        ContainerUpdates.Result r = updates().containerUpdate("DELETE", "a", "c", "o2", headers(
                "X-Container-Host", s.host(), "X-Container-Device", "sdc1", "X-Container-Partition", "3"),
                "DELETE http://h/sda1/5/a/c/o2", Map.of("x-timestamp", "1700000009.00000"), "sda1", 0);
        Path p = r.completion().get(5, TimeUnit.SECONDS).orElseThrow();
        Stub.Request req = s.request(5);
        assertEquals("DELETE /sdc1/3/a/c/o2 HTTP/1.1", req.line());
        assertEquals(List.of("Host: " + s.host(), "Accept-Encoding: identity", "X-Timestamp: 1700000009.00000",
                "X-Trans-Id: -", "Referer: DELETE http://h/sda1/5/a/c/o2", "X-Backend-Storage-Policy-Index: 0",
                "User-Agent: object-server " + PID), req.headers());
        AsyncUpdate u = disk.readAsyncPending(p);
        assertEquals("DELETE", u.op());
        assertEquals(devices.resolve("sda1/async_pending/1cf/47a4fe745fa992d8aea7b350ccb5f1cf-1700000009.00000"), p);
    }

    @Test
    void postUpdateIsNamedByItsMetaTimestampInThePolicyDir() throws Exception {
        Map<String, String> h = putHeaders();
        h.put("x-content-type-timestamp", "1700000002.00000");
        h.put("x-meta-timestamp", "1700000005.00000");
        ContainerUpdates.Result r = updates().containerUpdate("PUT", "a", "c", "o2", headers(
                "X-Container-Host", refusedHost(), "X-Container-Device", "sdc1", "X-Container-Partition", "77"),
                "POST http://h/sda1/5/a/c/o2", h, "sda1", 1);
        Path p = r.completion().get(5, TimeUnit.SECONDS).orElseThrow();
        assertEquals(devices.resolve("sda1/async_pending-1/1cf/47a4fe745fa992d8aea7b350ccb5f1cf-1700000005.00000"), p);
        assertEquals("1", disk.readAsyncPending(p).headers().get("X-Backend-Storage-Policy-Index"));
        assertEquals("1700000005.00000", disk.readAsyncPending(p).headers().get("X-Meta-Timestamp"));
    }

    // ---- redirects and shard paths ---------------------------------------------------------------

    Optional<AsyncUpdate> updateAgainst(String response, String... extraHeaders) throws Exception {
        Stub s = stub(response);
        List<String> kv = new ArrayList<>(List.of("X-Container-Host", s.host(), "X-Container-Device", "sdc1",
                "X-Container-Partition", "77"));
        kv.addAll(List.of(extraHeaders));
        ContainerUpdates.Result r = updates().containerUpdate("PUT", "a", "c", "o2",
                headers(kv.toArray(new String[0])), REFERER, putHeaders(), "sda1", 0);
        Optional<Path> p = r.completion().get(5, TimeUnit.SECONDS);
        lastRequest = s.request(5);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        AsyncUpdate u = disk.readAsyncPending(p.get());
        Files.delete(p.get());
        return Optional.of(u);
    }

    Stub.Request lastRequest;

    @Test
    void aRedirectSavesTheUpdateForTheShard() throws Exception {
        String moved = "HTTP/1.1 301 Moved Permanently\r\nLocation: http://x/.shards_a/c%C3%A9_1/o2?q\r\n"
                + "X-Backend-Redirect-Timestamp: 1700000003.00000\r\nContent-Length: 0\r\n\r\n";
        assertEquals(".shards_a/c%C3%A9_1", updateAgainst(moved).orElseThrow().containerPath());
        String quoted = moved.replace("Content-Length", "X-Backend-Location-Is-Quoted: true\r\nContent-Length");
        assertEquals(".shards_a/c\u00e9_1", updateAgainst(quoted).orElseThrow().containerPath());
        // no redirect timestamp, an invalid location or no location: saved for the root (or request path)
        assertNull(updateAgainst("HTTP/1.1 301 Moved\r\nLocation: /a2/c2\r\nContent-Length: 0\r\n\r\n")
                .orElseThrow().containerPath());
        assertNull(updateAgainst("HTTP/1.1 301 Moved\r\nLocation: /a2/\r\nX-Backend-Redirect-Timestamp: 1\r\n"
                + "Content-Length: 0\r\n\r\n").orElseThrow().containerPath());
        assertEquals("a2/c2;p", updateAgainst("HTTP/1.1 301 Moved\r\nLocation: /a2/c2;p/x\r\n"
                + "X-Backend-Redirect-Timestamp: 1\r\nContent-Length: 0\r\n\r\n").orElseThrow().containerPath());
        assertEquals("a2/c2", updateAgainst("HTTP/1.1 301 Moved\r\nLocation: /a2/c2/x;p\r\n"
                + "X-Backend-Redirect-Timestamp: 1\r\nContent-Length: 0\r\n\r\n").orElseThrow().containerPath());
        assertEquals("sa/sc", updateAgainst("HTTP/1.1 301 Moved\r\nContent-Length: 0\r\n\r\n",
                "X-Backend-Container-Path", "sa/sc").orElseThrow().containerPath());
        assertEquals("PUT /sdc1/77/sa/sc/o2 HTTP/1.1", lastRequest.line());
    }

    @Test
    void shardPathsFromTheProxy() throws Exception {
        String fail = "HTTP/1.1 503 Unavailable\r\nContent-Length: 0\r\n\r\n";
        AsyncUpdate u = updateAgainst(fail, "X-Backend-Quoted-Container-Path", "sa/s%20c/",
                "X-Backend-Container-Path", "ignored/x").orElseThrow();
        assertEquals("PUT /sdc1/77/sa/s%20c//o2 HTTP/1.1", lastRequest.line());
        assertEquals("sa/s c/", u.containerPath());
        u = updateAgainst(fail, "X-Backend-Quoted-Container-Path", "", "X-Backend-Container-Path", "sa/sc")
                .orElseThrow();
        assertEquals("PUT /sdc1/77/sa/sc/o2 HTTP/1.1", lastRequest.line());
        assertEquals("sa/sc", u.containerPath());
        u = updateAgainst(fail, "X-Backend-Container-Path", "sa/sc/x").orElseThrow();
        assertEquals("PUT /sdc1/77/a/c/o2 HTTP/1.1", lastRequest.line(), "invalid shard path: the root is updated");
        assertNull(u.containerPath());
        assertEquals(Optional.empty(), updateAgainst("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
                "X-Backend-Container-Path", "sa/sc"));
    }

    // ---- skipped and degenerate targets -----------------------------------------------------------

    @Test
    void noUpdateWithoutPartitionOrWithMismatchedLists() throws Exception {
        Stub s = stub("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        ContainerUpdates u = updates();
        ContainerUpdates.Result r = u.containerUpdate("PUT", "a", "c", "o2", headers("X-Container-Host",
                s.host() + "," + s.host(), "X-Container-Device", "sdc1", "X-Container-Partition", "77"), REFERER,
                putHeaders(), "sda1", 0);
        assertEquals(0, r.targets());
        assertEquals(Optional.empty(), r.completion().get());
        r = u.containerUpdate("PUT", "a", "c", "o2", headers("X-Container-Host", s.host(), "X-Container-Device",
                "sdc1", "X-Container-Partition", ""), REFERER, putHeaders(), "sda1", 0);
        assertEquals(0, r.targets());
        r = u.containerUpdate("PUT", "a", "c", "o2", headers(), REFERER, putHeaders(), "sda1", 0);
        assertEquals(0, r.targets());
        Thread.sleep(100);
        assertEquals(0, s.count());
        assertEquals(List.of(), asyncFiles());
    }

    @Test
    void aPartitionWithoutHostsGoesStraightToAsyncPending() throws Exception {
        ContainerUpdates.Result r = updates().containerUpdate("PUT", "a", "c", "o2",
                headers("X-Container-Partition", "77"), REFERER, putHeaders(), "sda1", 0);
        assertEquals(1, r.targets());
        assertTrue(r.completion().get(5, TimeUnit.SECONDS).isPresent());
        assertEquals(1, asyncFiles().size());
    }

    @Test
    void headersPythonRefusesFailTheUpdate() throws Exception {
        Stub s = stub("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        Map<String, String> h = putHeaders();
        h.put("x-content-type", "text/plain\r\nX-Injected: 1");
        ContainerUpdates.Result r = updates().containerUpdate("PUT", "a", "c", "o2", headers("X-Container-Host",
                s.host(), "X-Container-Device", "sdc1", "X-Container-Partition", "77"), REFERER, h, "sda1", 0);
        Path p = r.completion().get(5, TimeUnit.SECONDS).orElseThrow();
        assertEquals("text/plain\r\nX-Injected: 1", disk.readAsyncPending(p).headers().get("X-Content-Type"));
        assertEquals(0, s.count());
    }

    @Test
    void aTruncatedAnswerCountsAsFailure() throws Exception {
        Stub s = stub("HTTP/1.1 201 Created\r\nContent-Length: 10\r\n\r\nab");
        ContainerUpdates.Result r = updates().containerUpdate("PUT", "a", "c", "o2", headers("X-Container-Host",
                s.host(), "X-Container-Device", "sdc1", "X-Container-Partition", "77"), REFERER, putHeaders(), "sda1",
                0);
        assertTrue(r.completion().get(5, TimeUnit.SECONDS).isPresent());
    }

    @Test
    void failingToSaveTheAsyncPendingFailsTheCall() throws Exception {
        assertThrows(DiskFileDeviceUnavailable.class, () -> updates().containerUpdate("PUT", "a", "c", "o2",
                headers("X-Container-Host", refusedHost(), "X-Container-Device", "sdc1", "X-Container-Partition",
                        "77"), REFERER, putHeaders(), "nodev", 0));
    }

    // ---- timing, concurrency, bounded pool --------------------------------------------------------

    @Test
    void returnsAfterContainerUpdateTimeoutAndTheSlowNodeStillProducesThePending() throws Exception {
        Stub silent = stub(null);
        ContainerUpdates u = updates(1.0, 0.2, 8);
        long t0 = System.nanoTime();
        ContainerUpdates.Result r = u.containerUpdate("PUT", "a", "c", "o2", headers("X-Container-Host",
                silent.host(), "X-Container-Device", "sdc1", "X-Container-Partition", "77"), REFERER, putHeaders(),
                "sda1", 0);
        double waited = (System.nanoTime() - t0) / 1e9;
        assertFalse(r.finishedInTime());
        assertTrue(waited >= 0.18 && waited < 0.7, "returned after " + waited + " s");
        assertEquals(List.of(), asyncFiles(), "nothing saved yet: the node is still being waited for");
        Path p = r.completion().get(5, TimeUnit.SECONDS).orElseThrow();
        double total = (System.nanoTime() - t0) / 1e9;
        assertTrue(total >= 0.95, "node_timeout elapsed before saving: " + total);
        assertEquals(List.of(p), asyncFiles());
        assertEquals("PUT /sdc1/77/a/c/o2 HTTP/1.1", silent.request(1).line());
    }

    @Test
    void concurrentFailuresWriteOneFile() throws Exception {
        List<String> hosts = new ArrayList<>();
        List<String> devs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            hosts.add(stub("HTTP/1.1 507 Insufficient Storage\r\nContent-Length: 0\r\n\r\n").host());
            devs.add("sdc" + i);
        }
        hosts.add(refusedHost());
        devs.add("sdx");
        ContainerUpdates.Result r = updates().containerUpdate("PUT", "a", "c", "o2", headers("X-Container-Host",
                String.join(",", hosts), "X-Container-Device", String.join(",", devs), "X-Container-Partition", "77"),
                REFERER, putHeaders(), "sda1", 0);
        assertEquals(7, r.targets());
        Path p = r.completion().get(5, TimeUnit.SECONDS).orElseThrow();
        assertEquals(List.of(p), asyncFiles());
        assertEquals("o2", disk.readAsyncPending(p).obj());
    }

    @Test
    void aFullPoolSavesTheUpdateAtOnce() throws Exception {
        Stub silent = stub(null);
        Stub ok = stub("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        ContainerUpdates u = updates(2.0, 0.05, 1);
        ContainerUpdates.Result slow = u.containerUpdate("PUT", "a", "c", "o2", headers("X-Container-Host",
                silent.host(), "X-Container-Device", "sdc1", "X-Container-Partition", "77"), REFERER, putHeaders(),
                "sda1", 0);
        assertFalse(slow.finishedInTime());
        silent.request(2);
        ContainerUpdates.Result busy = u.containerUpdate("PUT", "a", "c", "o3", headers("X-Container-Host",
                ok.host(), "X-Container-Device", "sdc1", "X-Container-Partition", "77"), REFERER, putHeaders(),
                "sda1", 0);
        assertTrue(busy.finishedInTime());
        Path p = busy.completion().getNow(null).orElseThrow();
        assertEquals("o3", disk.readAsyncPending(p).obj());
        assertEquals(0, ok.count(), "not attempted while the only thread is busy");
    }

    @Test
    void ipv6HostsAreBracketedInHost() throws Exception {
        InetAddress v6;
        ServerSocket probe;
        try {
            v6 = InetAddress.getByName("::1");
            probe = new ServerSocket(0, 50, v6);
        } catch (IOException e) {
            Assumptions.abort("no IPv6 loopback: " + e);
            return;
        }
        Stub s = new Stub(probe, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        closeables.add(s);
        String host = "[::1]:" + probe.getLocalPort();
        ContainerUpdates.Result r = updates().containerUpdate("PUT", "a", "c", "o2", headers("X-Container-Host",
                host, "X-Container-Device", "sdc1", "X-Container-Partition", "77"), REFERER, putHeaders(), "sda1", 0);
        assertEquals(Optional.empty(), r.completion().get(5, TimeUnit.SECONDS));
        assertEquals("Host: " + host, s.request(5).headers().get(0));
    }

    // ---- helpers ----------------------------------------------------------------------------

    @Test
    void overridesFollowSwiftsPrecedence() {
        Map<String, String> update = new LinkedHashMap<>();
        update.put("x-size", "3");
        update.put("x-etag", "e");
        update.put("x-content-type", "t");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("X-Object-Sysmeta-Container-Update-Override-Etag", "s1");
        meta.put("X-Backend-Container-Update-Override-Etag", "b1");
        meta.put("X-Backend-Container-Update-Override-Size", "9");
        meta.put("X-Backend-Container-Update-Override-md5x-etag", "q");
        meta.put("X-Object-Meta-Color", "red");
        Map<String, String> footers = new LinkedHashMap<>();
        footers.put("X-Backend-Container-Update-Override-Size", "10");
        footers.put("x-object-sysmeta-container-update-override-content-type", "ft");
        Map<String, String> out = ContainerUpdates.withOverrides(update, meta, footers);
        assertEquals(List.of("X-Size: 10", "X-Etag: s1", "X-Content-Type: ft", "X-Md5X-Etag: q"), lines(out));
        assertEquals(List.of("X-Size: 9", "X-Etag: s1", "X-Content-Type: t", "X-Md5X-Etag: q"),
                lines(ContainerUpdates.withOverrides(update, meta, null)));
        assertEquals(List.of("X-Size: 3", "X-Etag: e", "X-Content-Type: t"),
                lines(ContainerUpdates.withOverrides(update, Map.of(), Map.of())));
    }

    @Test
    void headerKeysAreTitleCasedLikePython() {
        assertEquals("X-Md5X-Etag", ContainerUpdates.title("x-md5x-etag"));
        assertEquals("X-Object-Sysmeta-Ec-Etag", ContainerUpdates.title("X-OBJECT-SYSMETA-EC-ETAG"));
        assertEquals("Foo_Bar.Baz\u00e9Qux", ContainerUpdates.title("foo_bar.baz\u00e9qux"));
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-size", "1");
        h.put("X-Etag", "e");
        h.put("X-SIZE", "2");
        assertEquals(List.of("X-Size: 2", "X-Etag: e"), lines(ContainerUpdates.headerKeyDict(h)));
    }

    @Test
    void refererIsSwobsRequestUrl() {
        assertEquals("PUT http://127.0.0.1/sda1/5/a/c/o%C3%A9%20x?a=b", ContainerUpdates.referer("PUT",
                ContainerUpdates.requestUrl("http", "127.0.0.1:80", "ignored", 1, "/sda1/5/a/c/o\u00c3\u00a9 x",
                        "a=b")));
        assertEquals("https://node:6200/sda1/5/a/c/o", ContainerUpdates.requestUrl("https", null, "node", 6200,
                "/sda1/5/a/c/o", ""));
        assertEquals("https://node/x", ContainerUpdates.requestUrl("https", "node:443", "n", 1, "/x", null));
    }

    @Test
    void containerPathsMustBeAccountAndContainer() {
        assertTrue(ContainerUpdates.isAccountContainer("a/c"));
        assertTrue(ContainerUpdates.isAccountContainer("a/c/"));
        assertFalse(ContainerUpdates.isAccountContainer("a/c/o"));
        assertFalse(ContainerUpdates.isAccountContainer("/a/c"));
        assertFalse(ContainerUpdates.isAccountContainer("a"));
    }

    // ---- stub container server ----------------------------------------------------------------

    /**
     * A loopback server that records each request's head and answers every connection with a fixed
     * raw response, or (response null) never answers.
     */
    static final class Stub implements AutoCloseable {
        record Request(String line, List<String> headers, boolean moreBytes) {
        }

        private final ServerSocket server;
        private final String response;
        private final java.util.concurrent.LinkedBlockingQueue<Request> requests =
                new java.util.concurrent.LinkedBlockingQueue<>();
        private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
        private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

        Stub(String response) throws IOException {
            this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), response);
        }

        Stub(ServerSocket server, String response) {
            this.server = server;
            this.response = response;
            Thread t = new Thread(this::acceptLoop, "stub-container-" + server.getLocalPort());
            t.setDaemon(true);
            t.start();
        }

        String host() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        int count() {
            return count.get();
        }

        Request request(int seconds) throws InterruptedException {
            Request r = requests.poll(seconds, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no request reached " + server.getLocalSocketAddress());
            }
            return r;
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    Thread t = new Thread(() -> serve(s), "stub-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try {
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                int c;
                while ((c = in.read()) >= 0) {
                    head.write(c);
                    byte[] b = head.toByteArray();
                    int n = b.length;
                    if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                        break;
                    }
                }
                if (head.size() == 0) {
                    s.close();
                    return;
                }
                boolean more = in.available() > 0;
                String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
                count.incrementAndGet();
                requests.add(new Request(lines[0], List.of(lines).subList(1, lines.length), more));
                if (response != null) {
                    s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    s.close();
                }
            } catch (IOException e) {
                // the client gave up; nothing to record
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (open) {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }
}
