package io.swiftnode.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.config.ServerConfig;
import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.Timestamp;
import io.swiftnode.disk.pickle.AsyncPendingPickle.AsyncUpdate;
import io.swiftnode.ring.Rings;
import io.swiftnode.updater.ContainerNode;
import io.swiftnode.updater.ContainerNodes;
import io.swiftnode.updater.ContainerPlacement;
import io.swiftnode.updater.ObjectUpdater;
import io.swiftnode.updater.RingContainerNodes;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our object updater against Debian's Swift 2.30.1: it drains async pendings written by Python's
 * {@code pickle_async_update} into a real container server found through a container ring built by
 * {@code swift-ring-builder}, and what it rewrites after a partial failure is read back and
 * honoured by Python's {@code swift-object-updater}.
 */
class UpdaterCompatTest {
    static final HashPath HASH = new HashPath("changeme", "changeme");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static ContainerServer cs;
    static DiskFileManager mgr;
    static ServerConfig config;
    static RingContainerNodes ring;

    @BeforeAll
    static void setUp() throws Exception {
        cs = ContainerServer.start("updater-compat-");
        mgr = new DiskFileManager(DiskConfig.defaults(cs.objDevices, HASH).withPolicies(Set.of(0, 1)));
        config = ServerConfig.load(cs.root.resolve("object-server.conf"));
        ring = new RingContainerNodes(new Rings(cs.swift.swiftDir), HASH);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (cs != null) {
            cs.close();
        }
    }

    static HttpResponse<String> container(String method, String account, String container, String query, int policy)
            throws Exception {
        String path = "/sdc/" + HashPath.partition(HASH.digest(account, container, null), 4) + "/" + account + "/"
                + container + query;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cs.port + path))
                .header("X-Timestamp", Timestamp.now().internal())
                .header("X-Backend-Storage-Policy-Index", Integer.toString(policy));
        b = switch (method) {
            case "PUT" -> b.PUT(HttpRequest.BodyPublishers.noBody());
            case "DELETE" -> b.DELETE();
            default -> b.GET();
        };
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Object> pythonPending(String op, String container, String obj, Timestamp ts, int policy,
            String size) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Size", size);
        h.put("X-Content-Type", "text/plain");
        h.put("X-Timestamp", ts.internal());
        h.put("X-Etag", "0123456789abcdef0123456789abcdef");
        h.put("X-Trans-Id", "tx-updater-compat");
        h.put("X-Backend-Storage-Policy-Index", Integer.toString(policy));
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("op", op);
        u.put("account", "AUTH_u");
        u.put("container", container);
        u.put("obj", obj);
        u.put("headers", h);
        u.put("device", "sda");
        u.put("policy", policy);
        u.put("ts", ts.internal());
        return u;
    }

    static List<Path> writeWithPython(List<Map<String, Object>> pendings) throws Exception {
        List<Path> out = new ArrayList<>();
        cs.swift.run("async_write", cs.objDevices, SwiftFixture.json(pendings)).asJsonArray()
                .forEach(v -> out.add(Path.of(((jakarta.json.JsonString) v).getString())));
        return out;
    }

    static Map<String, JsonObject> listing(String container, int policy) throws Exception {
        HttpResponse<String> r = container("GET", "AUTH_u", container, "?format=json", policy);
        assertEquals(200, r.statusCode(), r.body());
        JsonArray rows = Json.createReader(new StringReader(r.body())).readArray();
        Map<String, JsonObject> byName = new LinkedHashMap<>();
        rows.forEach(v -> byName.put(v.asJsonObject().getString("name"), v.asJsonObject()));
        return byName;
    }

    @Test
    void oursDrainsPythonsAsyncPendingsIntoARealContainerServer() throws Exception {
        assertEquals(201, container("PUT", "AUTH_u", "drain", "", 0).statusCode());
        assertEquals(201, container("PUT", "AUTH_u", "drain1", "", 1).statusCode());
        Timestamp t1 = Timestamp.now();
        Timestamp t2 = t1.withDelta(10);
        List<Path> files = writeWithPython(List.of(
                pythonPending("PUT", "drain", "d/\u00e9 one", t1, 0, "11"),
                pythonPending("PUT", "drain", "two", t1, 0, "22"),
                pythonPending("PUT", "drain1", "three", t2, 1, "33")));
        files.forEach(f -> assertTrue(Files.exists(f), f.toString()));

        Map<String, Object> stats = new ObjectUpdater(config.updater(), mgr, ring).runPass();

        assertEquals(3L, stats.get("successes"), stats.toString());
        assertEquals(0L, stats.get("failures"));
        files.forEach(f -> assertFalse(Files.exists(f), f.toString()));
        Map<String, JsonObject> rows = listing("drain", 0);
        assertEquals(Set.of("d/\u00e9 one", "two"), rows.keySet());
        assertEquals(11, rows.get("d/\u00e9 one").getInt("bytes"));
        assertEquals(22, rows.get("two").getInt("bytes"));
        assertEquals("0123456789abcdef0123456789abcdef", rows.get("two").getString("hash"));
        assertEquals(33, listing("drain1", 1).get("three").getInt("bytes"));
    }

    @Test
    void pythonsUpdaterHonoursTheSuccessesOursRecorded() throws Exception {
        assertEquals(201, container("PUT", "AUTH_u", "partial", "", 0).statusCode());
        Timestamp ts = Timestamp.now();
        Path file = writeWithPython(List.of(pythonPending("DELETE", "partial", "gone", ts, 0, "0"))).get(0);
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        ContainerNode dead = new ContainerNode(1, "127.0.0.1", deadPort, "sdx");
        ContainerNodes ringPlusDeadNode = (a, c) -> {
            ContainerPlacement p = ring.locate(a, c);
            List<ContainerNode> nodes = new ArrayList<>(p.nodes());
            nodes.add(dead);
            return new ContainerPlacement(p.partition(), nodes);
        };

        Map<String, Object> stats = new ObjectUpdater(config.updater(), mgr, ringPlusDeadNode).runPass();
        assertEquals(1L, stats.get("failures"), stats.toString());
        assertTrue(Files.exists(file));
        JsonObject read = cs.swift.run("async_read", cs.objDevices, SwiftFixture.json(List.of(file.toString())))
                .asJsonArray().getJsonObject(0);
        assertEquals(List.of(0), read.getJsonArray("successes").getValuesAs(jakarta.json.JsonNumber.class).stream()
                .map(jakarta.json.JsonNumber::intValue).toList());
        assertEquals("DELETE", read.getString("op"));
        assertEquals(ts.internal(), read.getJsonObject("headers").getString("X-Timestamp"));

        // the container took the DELETE and is empty: delete it, so that sending the update again
        // would fail (404); Python's updater must see that node 0 already has it and drop the file
        assertEquals(204, container("DELETE", "AUTH_u", "partial", "", 0).statusCode());
        cs.runUpdaterOnce();
        assertFalse(Files.exists(file), "Python's updater treated the recorded success as done");
        assertFalse(Files.exists(cs.objDevices.resolve("sda/quarantined")), "and could unpickle our file");
    }
}
