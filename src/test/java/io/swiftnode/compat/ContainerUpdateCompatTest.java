package io.swiftnode.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.backend.UpdateSender;
import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.Timestamp;
import io.swiftnode.http.ContainerUpdates;
import io.swiftnode.http.ExpirerQueue;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our container updates against Debian's Swift 2.30.1: a real container server accepts the
 * requests we send directly, and the async pendings we write for failed updates (plain, deletes,
 * redirected to a shard, expirer queue entries) are delivered by Python's
 * {@code swift-object-updater} to the right container.
 */
class ContainerUpdateCompatTest {
    static final HashPath HASH = new HashPath("changeme", "changeme");
    static SwiftFixture swift;
    static Path root;
    static Path objDevices;
    static int containerPort;
    static ContainerServer containerServer;
    static DiskFileManager mgr;
    static ContainerUpdates updates;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void setUp() throws Exception {
        containerServer = ContainerServer.start("cupdate-compat-");
        root = containerServer.root;
        swift = containerServer.swift;
        objDevices = containerServer.objDevices;
        containerPort = containerServer.port;
        mgr = new DiskFileManager(DiskConfig.defaults(objDevices, HASH).withPolicies(Set.of(0, 1)));
        updates = new ContainerUpdates(mgr, ContainerUpdates.Settings.defaults());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (updates != null) {
            updates.shutdown();
        }
        if (containerServer != null) {
            containerServer.close();
        }
    }

    static int partition(String account, String container) {
        return HashPath.partition(HASH.digest(account, container, null), 4);
    }

    static void createContainer(String account, String container) throws Exception {
        String path = "/sdc/" + partition(account, container) + "/" + UpdateSender.quote(account) + "/"
                + UpdateSender.quote(container);
        URI uri = URI.create("http://127.0.0.1:" + containerPort + path);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri)
                .header("X-Timestamp", Timestamp.now().internal()).header("X-Backend-Storage-Policy-Index", "0")
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
    }

    /** The listing of a container: object name → row. */
    static Map<String, JsonObject> listing(String account, String container) throws Exception {
        String path = "/sdc/" + partition(account, container) + "/" + UpdateSender.quote(account) + "/"
                + UpdateSender.quote(container) + "?format=json";
        URI uri = URI.create("http://127.0.0.1:" + containerPort + path);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri)
                .header("X-Backend-Storage-Policy-Index", "0").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, JsonObject> rows = new TreeMap<>();
        Json.createReader(new StringReader(r.body())).readArray()
                .forEach(v -> rows.put(v.asJsonObject().getString("name"), v.asJsonObject()));
        return rows;
    }

    static void runUpdaterOnce() throws Exception {
        containerServer.runUpdaterOnce();
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

    static Map<String, String> putHeaders(Timestamp ts, String size, String etag) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Size", size);
        h.put("X-Content-Type", "text/plain;charset=\u00c3\u00a9"); // octets of UTF-8 'é'
        h.put("X-Timestamp", ts.internal());
        h.put("X-Etag", etag);
        return h;
    }

    /** A one-shot loopback server answering every connection with a fixed raw response. */
    static ServerSocket answering(String response) throws IOException {
        ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    var in = s.getInputStream();
                    int state = 0;
                    int c;
                    while (state < 4 && (c = in.read()) >= 0) { // up to the blank line
                        state = (c == '\r' && state % 2 == 0) || (c == '\n' && state % 2 == 1) ? state + 1 : 0;
                    }
                    s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    return;
                }
            }
        }, "compat-redirecting-container");
        t.setDaemon(true);
        t.start();
        return ss;
    }

    @Test
    void pythonDeliversOurAsyncPendings() throws Exception {
        String account = "AUTH_t";
        String cont = "cont \u00fc";
        String contPart = Integer.toString(partition(account, cont));
        createContainer(account, cont);
        String referer = ContainerUpdates.referer("PUT", "http://127.0.0.1:6200/sda/1/AUTH_t/cont%20%C3%BC/o");

        // 1. a direct update: the real container server accepts our request as it is
        Timestamp t1 = Timestamp.now();
        ContainerUpdates.Result direct = updates.containerUpdate("PUT", account, cont, "gone", headers(
                "X-Container-Host", "127.0.0.1:" + containerPort, "X-Container-Device", "sdc",
                "X-Container-Partition", contPart, "X-Trans-Id", "tx-direct"), referer,
                putHeaders(t1, "5", "0123456789abcdef0123456789abcdef"), "sda", 0);
        assertEquals(Optional.empty(), direct.completion().get(10, TimeUnit.SECONDS), "accepted: nothing saved");
        assertTrue(listing(account, cont).containsKey("gone"));

        // 2. a failed PUT and a failed DELETE: async pendings
        Timestamp t2 = t1.withDelta(100);
        String obj = "dir/ob \u00e9\u65e5";
        Path putPending = updates.containerUpdate("PUT", account, cont, obj, headers("X-Container-Host",
                refusedHost(), "X-Container-Device", "sdc", "X-Container-Partition", contPart), referer,
                putHeaders(t2, "42", "fedcba9876543210fedcba9876543210"), "sda", 0)
                .completion().get(10, TimeUnit.SECONDS).orElseThrow();
        Path deletePending = updates.containerUpdate("DELETE", account, cont, "gone", headers("X-Container-Host",
                refusedHost(), "X-Container-Device", "sdc", "X-Container-Partition", contPart),
                ContainerUpdates.referer("DELETE", "http://x/sda/1/AUTH_t/cont/gone"),
                Map.of("X-Timestamp", t2.internal()), "sda", 0).completion().get(10, TimeUnit.SECONDS).orElseThrow();

        // 3. a redirect to a shard container
        String shardAccount = ".shards_" + account;
        String shard = "cont-shard-1";
        createContainer(shardAccount, shard);
        Path redirected;
        try (ServerSocket redirecting = answering("HTTP/1.1 301 Moved Permanently\r\nLocation: /" + shardAccount + "/"
                + shard + "\r\nX-Backend-Redirect-Timestamp: " + t1.internal() + "\r\nContent-Length: 0\r\n\r\n")) {
            redirected = updates.containerUpdate("PUT", account, cont, "sharded", headers("X-Container-Host",
                    "127.0.0.1:" + redirecting.getLocalPort(), "X-Container-Device", "sdc", "X-Container-Partition",
                    contPart), referer, putHeaders(t2, "7", "00000000000000000000000000000007"), "sda", 0)
                    .completion().get(10, TimeUnit.SECONDS).orElseThrow();
        }
        assertEquals(shardAccount + "/" + shard, mgr.readAsyncPending(redirected).containerPath());

        // 4. an expirer queue entry with no queue partition: straight to async pending
        ExpirerQueue queue = updates.expirerQueue();
        String queueContainer = queue.expirerContainer(1900000000L, account, cont, obj);
        createContainer(queue.account(), queueContainer);
        Path queued = queue.update("PUT", 1900000000L, account, cont, obj, headers("X-Delete-At-Host", "",
                "X-Delete-At-Container", queueContainer), t2, referer, "sda", 0).orElseThrow();

        runUpdaterOnce();

        for (Path p : List.of(putPending, deletePending, redirected, queued)) {
            assertFalse(Files.exists(p), "the updater delivered and removed " + p);
        }
        Map<String, JsonObject> rows = listing(account, cont);
        assertFalse(rows.containsKey("gone"), "the DELETE reached the container");
        JsonObject row = rows.get(obj);
        assertEquals(42, row.getInt("bytes"));
        assertEquals("fedcba9876543210fedcba9876543210", row.getString("hash"));
        assertEquals("text/plain;charset=\u00e9", row.getString("content_type"));
        assertFalse(rows.containsKey("sharded"), "the redirected update went to the shard");
        assertEquals(7, listing(shardAccount, shard).get("sharded").getInt("bytes"));
        JsonObject entry = listing(queue.account(), queueContainer).get(ExpirerQueue.taskObject(1900000000L,
                account, cont, obj));
        assertEquals(0, entry.getInt("bytes"));
        assertEquals(ExpirerQueue.EMPTY_ETAG, entry.getString("hash"));
    }
}
