package io.swiftnode.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.swiftnode.it.cluster.Cluster;
import io.swiftnode.it.cluster.Cluster.Layout;
import io.swiftnode.it.cluster.Cluster.Node;
import io.swiftnode.ring.Ring;
import io.swiftnode.ring.RingDevice;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The object replicator end to end: three of our nodes with two devices each (one zone per node), an
 * object ring of three replicas over the six devices (so every partition has a primary on each node
 * and handoffs on the nodes' other devices), Debian's proxy, account and container servers, and an
 * {@code rsync --daemon} with one module per node ({@code rsync_module =
 * rsync://{replication_ip}:<port>/object_{replication_port}}). The nodes' replicators never run on
 * their own ({@code run_daemon = false}); every pass is one {@code POST
 * /admin/api/daemons/replicator/run-once} on the node a scenario names. Assertions are on the files in
 * the devices and on GETs through the proxy and straight to a node.
 *
 * <p>Logs: {@code target/cluster-<proxy port>/logs/} ({@code object-server-<port>.log} per node,
 * {@code rsyncd.log}, {@code swift.log}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationIT {
    /**
     * The nodes' {@code reclaim_age}: long enough for a stopped node to restart and receive a tombstone
     * before it may be reclaimed (a Payara start takes 20–60 s on a busy 2-core machine), short enough
     * to wait for in the reclaim scenario.
     */
    private static final long RECLAIM_AGE = 120;
    private static final String C = "repl";

    private static Cluster cluster;
    private static Ring ring;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static String token;
    private static String storageUrl;
    private static long classStart;
    private long testStart;

    @BeforeAll
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    static void startCluster() throws Exception {
        classStart = System.nanoTime();
        cluster = Cluster.start(Path.of("").toAbsolutePath(), new Layout(3, 2, 3, true, RECLAIM_AGE));
        ring = cluster.objectRing();
        HttpResponse<String> auth = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.authUrl()))
                .header("X-Auth-User", Cluster.USER).header("X-Auth-Key", Cluster.KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, auth.statusCode(), "auth: " + auth.body());
        token = auth.headers().firstValue("X-Auth-Token").orElseThrow();
        storageUrl = auth.headers().firstValue("X-Storage-Url").orElseThrow();
        assertEquals(201, proxy("PUT", C, null, Map.of()).statusCode(), "container PUT");
        // as in a running cluster, every node's replicator has made a pass: it creates objects/ on every
        // device (rsync creates only the last directory of its destination, so a push to a device
        // without objects/ fails, in Swift as here)
        for (Node n : cluster.nodes()) {
            String stats = pass(n);
            assertEquals(0, stat(stats, "failure"), "first pass on " + n.name() + ": " + stats);
            for (Path d : n.deviceDirs()) {
                assertTrue(Files.isDirectory(d.resolve("objects")), d + "/objects after the first pass");
            }
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        System.out.printf("[cluster] ReplicationIT took %.1f s in all%n", (System.nanoTime() - classStart) / 1e9);
    }

    @BeforeEach
    void mark(TestInfo info) {
        cluster.markLogs();
        testStart = System.nanoTime();
        System.out.println("[cluster] --- " + info.getDisplayName());
    }

    /** Every node runs again after each scenario (a scenario that stops one restarts it). */
    @AfterEach
    void nodesRunning(TestInfo info) {
        System.out.printf("[cluster] --- %s: %.1f s%n", info.getDisplayName(), (System.nanoTime() - testStart) / 1e9);
        for (Node n : cluster.nodes()) {
            assertTrue(cluster.running(n.name()), n.name() + " is not running\n" + cluster.diagnostics());
        }
    }

    // ------------------------------------------------------------------ scenarios

    /**
     * A replica lost from disk (its hash directory and the partition's hashes.pkl, as after a disk
     * repair) is restored by one pass on another primary: same file name, bytes and xattrs.
     */
    @Test
    @Order(1)
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void lostReplicaIsRestored() throws Exception {
        String o = "lost/replica.bin";
        byte[] body = random(1, 70_000);
        assertEquals(201, putObject(o, body, Map.of("X-Object-Meta-Color", "green",
                "Content-Type", "application/x-test")).statusCode());
        List<RingDevice> primaries = primaries(o);
        Map<String, byte[]> before = new TreeMap<>();
        for (RingDevice d : primaries) {
            assertEquals(1, dataFiles(d, o).size(), "one .data on " + d.device() + ": " + files(d, o));
        }
        RingDevice victim = primaries.get(2);
        RingDevice source = primaries.get(0);
        Path victimDir = cluster.objectDir(cluster.deviceDir(victim), C, o);
        List<String> names = files(source, o);
        Map<String, String> xattrsBefore = xattrs(victimDir.resolve(names.get(0)));
        Map<String, String> directBefore = directHeaders(victim, o, body);
        for (String f : names) {
            before.put(f, Files.readAllBytes(victimDir.resolve(f)));
        }

        deleteTree(victimDir);
        Files.deleteIfExists(victimDir.getParent().getParent().resolve("hashes.pkl"));
        Files.deleteIfExists(victimDir.getParent().getParent().resolve("hashes.invalid"));
        assertEquals(List.of(), files(victim, o));

        String stats = pass(cluster.nodeOf(source));
        assertEquals(0, stat(stats, "failure"), "pass stats: " + stats);
        assertTrue(stat(stats, "rsync") >= 1, "pass stats: " + stats);

        assertEquals(names, files(victim, o), "restored files on " + victim.device());
        for (String f : names) {
            assertArrayEquals(before.get(f), Files.readAllBytes(victimDir.resolve(f)), "bytes of " + f);
        }
        assertEquals(xattrsBefore, xattrs(victimDir.resolve(names.get(0))), "xattrs of the restored .data");
        assertEquals(xattrs(cluster.objectDir(cluster.deviceDir(source), C, o).resolve(names.get(0))),
                xattrs(victimDir.resolve(names.get(0))), "xattrs on the source and the restored replica");
        // our server reads the restored replica as it read the original
        assertEquals(directBefore, directHeaders(victim, o, body), "direct GET of the restored replica");
        HttpResponse<byte[]> get = proxyBytes("GET", C + "/" + o);
        assertEquals(200, get.statusCode());
        assertArrayEquals(body, get.body());
        assertEquals("green", get.headers().firstValue("X-Object-Meta-Color").orElse(null));
    }

    /** A POST missed by a stopped primary reaches it with the next pass of a node holding the .meta. */
    @Test
    @Order(2)
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void metadataReachesPrimaryThatMissedIt() throws Exception {
        String o = "post/missed.txt";
        byte[] body = "metadata missed by one node\n".getBytes();
        assertEquals(201, putObject(o, body, Map.of("X-Object-Meta-Color", "red")).statusCode());
        List<RingDevice> primaries = primaries(o);
        RingDevice missed = primaries.get(1);
        Node down = cluster.nodeOf(missed);
        cluster.stopNode(down);
        try {
            HttpResponse<String> post = proxy("POST", C + "/" + o, null, Map.of("X-Object-Meta-Color", "blue",
                    "X-Object-Meta-Shape", "round"));
            assertEquals(202, post.statusCode(), "POST with " + down.name() + " down: " + post.body());
        } finally {
            cluster.startNode(down);
        }
        String meta = null;
        for (RingDevice d : primaries) {
            if (d.equals(missed)) {
                assertTrue(metaFiles(d, o).isEmpty(), "no .meta yet on " + d.device() + ": " + files(d, o));
            } else {
                List<String> m = metaFiles(d, o);
                assertEquals(1, m.size(), d.device() + ": " + files(d, o));
                assertTrue(meta == null || meta.equals(m.get(0)), "same .meta on the primaries");
                meta = m.get(0);
            }
        }
        RingDevice holder = primaries.get(0);
        String stats = pass(cluster.nodeOf(holder));
        assertEquals(0, stat(stats, "failure"), "pass stats: " + stats);

        for (RingDevice d : primaries) {
            assertEquals(List.of(meta), metaFiles(d, o), "the .meta on " + d.device() + " (" + cluster.nodeOf(d)
                    .name() + ")");
            assertEquals(1, dataFiles(d, o).size(), d.device() + ": " + files(d, o));
        }
        Path metaFile = cluster.objectDir(cluster.deviceDir(missed), C, o).resolve(meta);
        assertEquals(xattrs(cluster.objectDir(cluster.deviceDir(holder), C, o).resolve(meta)), xattrs(metaFile),
                "xattrs of the replicated .meta");
        Map<String, String> direct = directHeaders(missed, o, body);
        assertEquals("blue", direct.get("x-object-meta-color"), "direct GET on " + down.name() + ": " + direct);
        assertEquals("round", direct.get("x-object-meta-shape"), "direct GET on " + down.name() + ": " + direct);
        HttpResponse<byte[]> get = proxyBytes("GET", C + "/" + o);
        assertEquals(200, get.statusCode());
        assertEquals("blue", get.headers().firstValue("X-Object-Meta-Color").orElse(null));
    }

    /**
     * A PUT while a primary is down lands on the first handoff device the ring names (Swift's
     * get_more_nodes order; cross-checked with {@code swift-get-nodes}); after the primary is back, one
     * pass on the handoff's node pushes it to the primary and removes the handoff partition.
     */
    @Test
    @Order(3)
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void handoffIsPushedToPrimaryAndRemoved() throws Exception {
        String o = "handoff/object.bin";
        byte[] body = random(3, 12_345);
        List<RingDevice> primaries = primaries(o);
        int part = cluster.partition(C, o);
        RingDevice missed = primaries.get(2);
        Node down = cluster.nodeOf(missed);

        // the ring's handoff order as our reader computes it and as Swift's swift-get-nodes prints it
        List<RingDevice> handoffs = new ArrayList<>();
        for (Iterator<RingDevice> it = ring.moreNodes(part); it.hasNext(); ) {
            handoffs.add(it.next());
        }
        // (--swift-dir: without it swift-get-nodes resets the swift dir to /etc/swift and hashes with its
        // swift.conf, whatever swift_run.py set)
        String getNodes = cluster.runSwiftTool("get-nodes", "--all", "--swift-dir", cluster.etc().toString(),
                cluster.etc().resolve("object.ring.gz").toString(), Cluster.ACCOUNT, C, o);
        assertTrue(getNodes.contains("Hash     \t" + cluster.hash(C, o)) && getNodes.contains("Partition\t" + part),
                "swift-get-nodes hash/partition vs ours (" + cluster.hash(C, o) + ", " + part + "):\n" + getNodes);
        List<String> swiftHandoffs = new ArrayList<>();
        List<String> swiftPrimaries = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^Server:Port Device\\s+127\\.0\\.0\\.1:(\\d+) (\\S+)(\\s+\\[Handoff\\])?")
                .matcher(getNodes);
        while (m.find()) {
            (m.group(3) != null ? swiftHandoffs : swiftPrimaries).add(m.group(1) + "/" + m.group(2));
        }
        assertEquals(primaries.stream().map(d -> d.port() + "/" + d.device()).toList(), swiftPrimaries,
                "primaries: ours vs swift-get-nodes:\n" + getNodes);
        assertEquals(handoffs.stream().map(d -> d.port() + "/" + d.device()).toList(), swiftHandoffs,
                "handoff order: ours vs swift-get-nodes:\n" + getNodes);
        RingDevice handoff = handoffs.stream().filter(d -> d.port() != down.port()).findFirst().orElseThrow();
        Node holder = cluster.nodeOf(handoff);

        cluster.stopNode(down);
        try {
            HttpResponse<String> put = putObject(o, body, Map.of("X-Object-Meta-Where", "handoff"));
            assertEquals(201, put.statusCode(), "PUT with " + down.name() + " down: " + put.body());
        } finally {
            cluster.startNode(down);
        }
        List<String> onHandoff = dataFiles(handoff, o);
        assertEquals(1, onHandoff.size(), "the object on the first live handoff " + handoff.device() + " of "
                + holder.name() + " (handoff order " + handoffs.stream().map(RingDevice::device).toList() + "): "
                + files(handoff, o) + "\n" + locate(o));
        assertEquals(List.of(), files(missed, o), "nothing on the stopped primary");
        Path handoffPart = cluster.deviceDir(handoff).resolve("objects").resolve(String.valueOf(part));
        Map<String, String> handoffXattrs = xattrs(cluster.objectDir(cluster.deviceDir(handoff), C, o)
                .resolve(onHandoff.get(0)));

        String stats = pass(holder);
        assertEquals(0, stat(stats, "failure"), "pass stats: " + stats);
        assertTrue(stat(stats, "remove") >= 1, "pass stats: " + stats);

        assertEquals(onHandoff, dataFiles(missed, o), "the object on the primary that was down");
        assertEquals(handoffXattrs, xattrs(cluster.objectDir(cluster.deviceDir(missed), C, o)
                .resolve(onHandoff.get(0))), "xattrs pushed from the handoff");
        for (RingDevice d : primaries) {
            assertEquals(onHandoff, dataFiles(d, o), "on primary " + d.device());
        }
        assertFalse(Files.exists(handoffPart), "handoff partition " + handoffPart + " removed; left: "
                + listTree(handoffPart));
        Map<String, String> direct = directHeaders(missed, o, body);
        assertEquals("handoff", direct.get("x-object-meta-where"));
        HttpResponse<byte[]> get = proxyBytes("GET", C + "/" + o);
        assertEquals(200, get.statusCode());
        assertArrayEquals(body, get.body());
    }

    /**
     * A DELETE missed by a stopped primary: one pass of a node holding the tombstone gives it to that
     * primary; once the tombstone is older than reclaim_age and Swift's auditor has invalidated its
     * suffix (as in Swift, the auditor finds reclaimable tombstones; the replicator reclaims them when
     * it rehashes), one pass reclaims it locally and on the peers (they rehash on REPLICATE), and further
     * passes leave no tombstone on any device.
     */
    @Test
    @Order(4)
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void tombstonePropagatesThenIsReclaimed() throws Exception {
        String o = "delete/missed.bin";
        byte[] body = random(4, 5000);
        assertEquals(201, putObject(o, body, Map.of()).statusCode());
        List<RingDevice> primaries = primaries(o);
        RingDevice missed = primaries.get(1);
        Node down = cluster.nodeOf(missed);
        String data = dataFiles(missed, o).get(0);

        cluster.stopNode(down);
        try {
            assertEquals(204, proxy("DELETE", C + "/" + o, null, Map.of()).statusCode());
        } finally {
            cluster.startNode(down);
        }
        // the proxy also wrote the tombstone to the first live handoff; the pass runs on the primary
        // node that does not hold it, so that the primary path (REPLICATE, suffix diff, rsync) delivers it
        int part = cluster.partition(C, o);
        RingDevice handoff = null;
        for (Iterator<RingDevice> it = ring.moreNodes(part); it.hasNext() && handoff == null; ) {
            RingDevice d = it.next();
            handoff = d.port() == down.port() ? null : d;
        }
        assertNotNull(handoff);
        int handoffPort = handoff.port();
        System.out.printf("[cluster] tombstone handoff: %s of %s: %s%n", handoff.device(),
                cluster.nodeOf(handoff).name(), files(handoff, o));
        RingDevice holder = primaries.stream().filter(d -> d.port() != down.port() && d.port() != handoffPort)
                .findFirst().orElseThrow();
        List<String> ts = tombstones(holder, o);
        assertEquals(1, ts.size(), holder.device() + ": " + files(holder, o));
        String tombstone = ts.get(0);
        double tsSeconds = Double.parseDouble(tombstone.substring(0, tombstone.length() - 3));
        assertEquals(List.of(data), files(missed, o), "the stopped primary missed the DELETE");
        double age = System.currentTimeMillis() / 1000.0 - tsSeconds;
        System.out.printf("[cluster] tombstone age after restarting %s: %.1f s (reclaim_age %d)%n", down.name(),
                age, RECLAIM_AGE);
        assertTrue(age < RECLAIM_AGE - 15, "restarting " + down.name() + " took too long (" + age
                + " s) for reclaim_age " + RECLAIM_AGE + ": raise RECLAIM_AGE");

        String stats = pass(cluster.nodeOf(holder));
        assertEquals(0, stat(stats, "failure"), "pass stats: " + stats);
        assertTrue(stat(stats, "suffix_sync") >= 1, "pushed by the primary path: " + stats);
        assertTrue(files(missed, o).contains(tombstone), "tombstone on " + missed.device() + ": "
                + files(missed, o));
        for (RingDevice d : primaries) {
            assertEquals(List.of(tombstone), tombstones(d, o), d.device() + ": " + files(d, o));
        }
        assertEquals(404, directGet(missed, o).statusCode(), "direct GET on the primary that missed the DELETE");
        assertEquals(404, proxyBytes("GET", C + "/" + o).statusCode());

        // reclaim: wait until the tombstone is older than reclaim_age
        long waitMs = (long) ((tsSeconds + RECLAIM_AGE + 2) * 1000) - System.currentTimeMillis();
        System.out.printf("[cluster] waiting %.1f s for the tombstone to pass reclaim_age%n", waitMs / 1000.0);
        if (waitMs > 0) {
            Thread.sleep(waitMs);
        }
        for (Node n : cluster.nodes()) {
            assertEquals(0, cluster.runObjectAuditorOnce(n), "swift-object-auditor once on " + n.name());
        }
        for (RingDevice d : primaries) {
            assertEquals(List.of(tombstone), tombstones(d, o), "the auditor only invalidates: " + d.device());
        }
        stats = pass(cluster.nodeOf(holder));
        assertEquals(0, stat(stats, "failure"), "pass stats: " + stats);
        for (RingDevice d : primaries) {
            assertEquals(List.of(), files(d, o), "reclaimed on " + d.device() + " by one pass of "
                    + cluster.nodeOf(holder).name() + " (stats " + stats + ")");
        }
        // handoffs written while the node was down go too (they may push the old tombstone back to the
        // primaries once, which invalidates it there: the next rehash reclaims it again)
        for (int round = 1; ; round++) {
            for (Node n : cluster.nodes()) {
                pass(n);
            }
            String left = locate(o);
            if (left.isEmpty()) {
                break;
            }
            if (round == 3) {
                fail("tombstone still on disk after " + round + " rounds of passes on every node:\n" + left);
            }
        }
        assertEquals(404, proxyBytes("GET", C + "/" + o).statusCode());
    }

    /**
     * Bit rot healed (the auditor and replicator together): a flipped byte in one replica and a
     * truncated file in another are quarantined by our auditor's ALL pass on their node, which
     * invalidates their suffixes; one replicator pass on a healthy primary restores good copies, and
     * the repaired replicas serve the right bytes.
     */
    @Test
    @Order(5)
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void corruptReplicasAreQuarantinedAndRestored() throws Exception {
        String flipped = "rot/flipped.bin";
        String truncated = "rot/truncated.bin";
        byte[] body1 = random(51, 40_000);
        byte[] body2 = random(52, 30_000);
        assertEquals(201, putObject(flipped, body1, Map.of()).statusCode());
        assertEquals(201, putObject(truncated, body2, Map.of()).statusCode());
        RingDevice victim1 = primaries(flipped).get(1);
        RingDevice victim2 = primaries(truncated).get(1);
        Path data1 = cluster.objectDir(cluster.deviceDir(victim1), C, flipped).resolve(dataFiles(victim1, flipped)
                .get(0));
        Path data2 = cluster.objectDir(cluster.deviceDir(victim2), C, truncated)
                .resolve(dataFiles(victim2, truncated).get(0));
        byte[] rotten = Files.readAllBytes(data1);
        rotten[12_345] ^= 0x20;
        Files.write(data1, rotten); // same size, same xattrs: only the MD5 can tell
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(data2,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(10_000);
        }

        for (Node n : List.of(cluster.nodeOf(victim1), cluster.nodeOf(victim2)).stream().distinct().toList()) {
            String stats = cluster.runDaemonOnce(n, "auditor");
            System.out.println("[cluster] auditor pass on " + n.name() + ": " + stats);
        }
        assertEquals(List.of(), files(victim1, flipped), "flipped replica quarantined on " + victim1.device());
        assertEquals(List.of(), files(victim2, truncated), "truncated replica quarantined on " + victim2.device());
        for (RingDevice v : List.of(victim1, victim2)) {
            Path q = cluster.deviceDir(v).resolve("quarantined/objects");
            assertTrue(Files.isDirectory(q) && !listTree(q).isEmpty(), "quarantine dir on " + v.device());
        }

        for (String o : List.of(flipped, truncated)) {
            RingDevice healthy = primaries(o).get(0);
            String stats = pass(cluster.nodeOf(healthy));
            assertEquals(0, stat(stats, "failure"), "pass stats: " + stats);
        }
        assertArrayEquals(body1, directGet(victim1, flipped).body(), "repaired replica of " + flipped);
        assertArrayEquals(body2, directGet(victim2, truncated).body(), "repaired replica of " + truncated);
        assertEquals(200, directGet(victim1, flipped).statusCode());
    }

    // ------------------------------------------------------------------ helpers

    private static String pass(Node n) throws Exception {
        long t0 = System.nanoTime();
        String stats = cluster.runDaemonOnce(n, "replicator");
        System.out.printf("[cluster] replicator pass on %s (%.1f s): %s%n", n.name(), (System.nanoTime() - t0) / 1e9,
                stats);
        return stats;
    }

    private static long stat(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    private static List<RingDevice> primaries(String o) {
        List<RingDevice> p = ring.partNodes(cluster.partition(C, o));
        assertEquals(3, p.size());
        assertEquals(3, p.stream().map(d -> cluster.nodeOf(d).name()).distinct().count(),
                "one primary per node (one zone per node): " + p);
        return p;
    }

    private static List<String> files(RingDevice d, String o) throws IOException {
        Path dir = cluster.objectDir(cluster.deviceDir(d), C, o);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> dataFiles(RingDevice d, String o) throws IOException {
        return files(d, o).stream().filter(f -> f.endsWith(".data")).toList();
    }

    private static List<String> metaFiles(RingDevice d, String o) throws IOException {
        return files(d, o).stream().filter(f -> f.endsWith(".meta")).toList();
    }

    private static List<String> tombstones(RingDevice d, String o) throws IOException {
        return files(d, o).stream().filter(f -> f.endsWith(".ts")).toList();
    }

    /** Every device holding files of the object: {@code node/device: files}, one per line. */
    private static String locate(String o) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Node n : cluster.nodes()) {
            for (String dev : n.deviceNames()) {
                Path dir = cluster.objectDir(n.deviceDir(dev), C, o);
                if (Files.isDirectory(dir)) {
                    sb.append(n.name()).append('/').append(dev).append(": ").append(listTree(dir)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static List<String> listTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** The file's {@code user.swift.metadata*} xattrs, hex-encoded by name. */
    private static Map<String, String> xattrs(Path file) throws IOException {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        Map<String, String> out = new TreeMap<>();
        for (String name : v.list()) {
            if (name.startsWith("swift.metadata")) {
                ByteBuffer b = ByteBuffer.allocate(v.size(name));
                v.read(name, b);
                out.put(name, HexFormat.of().formatHex(b.array(), 0, b.position()));
            }
        }
        assertFalse(out.isEmpty(), "no swift metadata xattr on " + file);
        return out;
    }

    private static HttpResponse<byte[]> directGet(RingDevice d, String o) throws Exception {
        String path = "/" + d.device() + "/" + cluster.partition(C, o) + "/" + Cluster.ACCOUNT + "/" + C + "/" + o;
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port() + path))
                .header("X-Backend-Storage-Policy-Index", "0").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A GET straight to our node for the replica on device {@code d}: its object headers; the body must match. */
    private static Map<String, String> directHeaders(RingDevice d, String o, byte[] body) throws Exception {
        HttpResponse<byte[]> r = directGet(d, o);
        assertEquals(200, r.statusCode(), "direct GET on " + d.device() + "\n" + cluster.diagnostics());
        assertArrayEquals(body, r.body(), "direct GET body on " + d.device());
        Map<String, String> h = new TreeMap<>();
        r.headers().map().forEach((k, v) -> {
            String key = k.toLowerCase(Locale.ROOT);
            if (key.startsWith("x-object-meta-") || List.of("x-timestamp", "etag", "content-length", "content-type",
                    "last-modified").contains(key)) {
                h.put(key, v.get(0));
            }
        });
        assertNotNull(h.get("x-timestamp"), "direct GET headers " + r.headers().map());
        return h;
    }

    private static HttpResponse<String> putObject(String o, byte[] body, Map<String, String> headers)
            throws Exception {
        return proxy("PUT", C + "/" + o, body, headers);
    }

    private static HttpResponse<String> proxy(String method, String path, byte[] body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(storageUrl + "/" + path))
                .timeout(Duration.ofSeconds(60)).header("X-Auth-Token", token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        System.out.printf("[cluster] proxy %s %s -> %d%n", method, path, r.statusCode());
        return r;
    }

    private static HttpResponse<byte[]> proxyBytes(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(storageUrl + "/" + path)).timeout(Duration.ofSeconds(60))
                .header("X-Auth-Token", token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
