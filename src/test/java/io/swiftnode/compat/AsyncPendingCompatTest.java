package io.swiftnode.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.Timestamp;
import io.swiftnode.disk.pickle.AsyncPendingPickle.AsyncUpdate;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * (d) Async pendings: ours are processed by Python's {@code swift-object-updater} against a real
 * container server (Debian's Swift 2.30.1 on loopback), and Python's are read by ours.
 */
class AsyncPendingCompatTest {
    static final HashPath HASH = new HashPath("changeme", "changeme");
    static SwiftFixture swift;
    static Path root;
    static Path objDevices;
    static int containerPort;
    static ContainerServer containerServer;
    static DiskFileManager mgr;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void setUp() throws Exception {
        containerServer = ContainerServer.start("async-compat-");
        root = containerServer.root;
        swift = containerServer.swift;
        objDevices = containerServer.objDevices;
        containerPort = containerServer.port;
        mgr = new DiskFileManager(DiskConfig.defaults(objDevices, HASH).withPolicies(Set.of(0, 1)));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (containerServer != null) {
            containerServer.close();
        }
    }

    static int containerPartition(String account, String container) {
        return HashPath.partition(HASH.digest(account, container, null), 4);
    }

    static HttpResponse<String> container(String method, String account, String container, String query)
            throws Exception {
        return container(method, account, container, query, 0);
    }

    static HttpResponse<String> container(String method, String account, String container, String query, int policy)
            throws Exception {
        String path = "/sdc/" + containerPartition(account, container) + "/" + account + "/" + container;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + containerPort + path + query))
                .header("X-Timestamp", Timestamp.now().internal())
                .header("X-Backend-Storage-Policy-Index", Integer.toString(policy));
        b = method.equals("PUT") ? b.PUT(HttpRequest.BodyPublishers.noBody()) : b.GET();
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void runUpdaterOnce() throws Exception {
        containerServer.runUpdaterOnce();
    }

    static Map<String, String> headers(String ts, String size, String etag) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Size", size);
        h.put("X-Content-Type", "text/plain;charset=\u00c3\u00a9"); // octets of UTF-8 'é'
        h.put("X-Timestamp", ts);
        h.put("X-Etag", etag);
        h.put("X-Trans-Id", "tx-compat");
        h.put("User-Agent", "object-server 1");
        h.put("Referer", "PUT http://localhost/sda/1/AUTH_t/cont/o");
        h.put("X-Backend-Storage-Policy-Index", "0");
        return h;
    }

    @Test
    void pythonUpdaterProcessesOurAsyncPendings() throws Exception {
        assertEquals(201, container("PUT", "AUTH_t", "cont", "").statusCode());
        assertEquals(201, container("PUT", "AUTH_t", "cont1", "", 1).statusCode());
        Timestamp ts = Timestamp.now();
        AsyncUpdate put = new AsyncUpdate("PUT", "AUTH_t", "cont", "dir/ob\u00e9",
                headers(ts.internal(), "42", "0123456789abcdef0123456789abcdef"), null, null, null);
        Path p1 = mgr.writeAsyncPending("sda", put, ts, 0);
        assertTrue(p1.toString().contains("/async_pending/"), p1.toString());
        Timestamp ts2 = Timestamp.now().withDelta(100);
        Map<String, String> h2 = headers(ts2.internal(), "7", "fedcba9876543210fedcba9876543210");
        h2.put("X-Backend-Storage-Policy-Index", "1");
        AsyncUpdate put2 = new AsyncUpdate("PUT", "AUTH_t", "cont1", "policy-one", h2, null, null, null);
        Path p2 = mgr.writeAsyncPending("sda", put2, ts2, 1);
        assertTrue(p2.toString().contains("/async_pending-1/"), p2.toString());
        // one for a container that does not exist: the container answers 404, the pending stays
        AsyncUpdate orphan = new AsyncUpdate("PUT", "AUTH_t", "nocontainer", "x",
                headers(ts.internal(), "1", "0123456789abcdef0123456789abcdef"), null, null, null);
        Path p3 = mgr.writeAsyncPending("sda", orphan, ts, 0);

        runUpdaterOnce();

        assertFalse(Files.exists(p1), "the updater removed our pending after the container accepted it");
        assertFalse(Files.exists(p2));
        assertTrue(Files.exists(p3), "a failed update stays for a later pass");
        HttpResponse<String> listing = container("GET", "AUTH_t", "cont", "?format=json");
        assertEquals(200, listing.statusCode());
        JsonArray rows = Json.createReader(new StringReader(listing.body())).readArray();
        Map<String, JsonObject> byName = new LinkedHashMap<>();
        rows.forEach(v -> byName.put(v.asJsonObject().getString("name"), v.asJsonObject()));
        JsonObject row = byName.get("dir/ob\u00e9");
        assertEquals(42, row.getInt("bytes"));
        assertEquals("0123456789abcdef0123456789abcdef", row.getString("hash"));
        assertEquals("text/plain;charset=\u00e9", row.getString("content_type"));
        HttpResponse<String> listing1 = container("GET", "AUTH_t", "cont1", "?format=json", 1);
        JsonArray rows1 = Json.createReader(new StringReader(listing1.body())).readArray();
        assertEquals("policy-one", rows1.getJsonObject(0).getString("name"));
        assertEquals(7, rows1.getJsonObject(0).getInt("bytes"));
        // Python unpickles what the updater left, with the successes it recorded
        JsonValue left = swift.run("async_read", objDevices, SwiftFixture.json(List.of(p3.toString())));
        JsonObject o = left.asJsonArray().get(0).asJsonObject();
        assertEquals("nocontainer", o.getString("container"));
        assertEquals("PUT", o.getString("op"));
        AsyncUpdate reread = mgr.readAsyncPending(p3);
        assertEquals("nocontainer", reread.container());
        assertEquals(orphan.headers(), reread.headers());
    }

    @Test
    void weReadPythonsAsyncPendings() throws Exception {
        Timestamp ts = Timestamp.now();
        Map<String, String> h = headers(ts.internal(), "3", "0123456789abcdef0123456789abcdef");
        h.put("X-Object-Sysmeta-Weird", "nul\u0000 and \\ backslash \u00ff");
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("op", "DELETE");
        u.put("account", "AUTH_t");
        u.put("container", "c\u00f6nt");
        u.put("obj", "\u65e5\u672c/\u0000x");
        u.put("headers", h);
        u.put("device", "sda");
        u.put("policy", 1);
        u.put("ts", ts.internal());
        JsonValue paths = swift.run("async_write", objDevices, SwiftFixture.json(List.of(u)));
        Path file = Path.of(paths.asJsonArray().getString(0));
        assertTrue(Files.exists(file), file.toString());
        AsyncUpdate got = mgr.readAsyncPending(file);
        assertEquals("DELETE", got.op());
        assertEquals("AUTH_t", got.account());
        assertEquals("c\u00f6nt", got.container());
        assertEquals("\u65e5\u672c/\u0000x", got.obj());
        assertEquals(h, got.headers());
        // and the file name is the one our writer would use
        assertEquals(mgr.hash("AUTH_t", "c\u00f6nt", "\u65e5\u672c/\u0000x") + "-" + ts.internal(),
                file.getFileName().toString());
    }
}
