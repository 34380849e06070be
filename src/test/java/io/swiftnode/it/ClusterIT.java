package io.swiftnode.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.it.cluster.CliOutput;
import io.swiftnode.it.cluster.CliOutput.Entry;
import io.swiftnode.it.cluster.Cluster;
import io.swiftnode.it.cluster.Cluster.Node;
import io.swiftnode.it.cluster.SwiftCli;
import io.swiftnode.it.cluster.SwiftCli.Result;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

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
 * Interop with real Swift 2.30.1: Debian's proxy (tempauth), account and container servers, with two of
 * our object nodes as the only object servers (object ring: 2 replicas, one on each node), driven by the
 * {@code swift} command-line client ({@link Cluster}, one cluster for the whole class).
 *
 * <p>Every object written is checked on disk on <em>both</em> nodes: the proxy accepts a PUT that one
 * replica answered (quorum 1 of 2), so client success alone could hide a failing node. Every test
 * fails if the proxy logged an error about an object server meanwhile. The proxy's and the Swift
 * servers' logs are in {@code target/cluster-<port>/logs/swift.log}, our nodes' in
 * {@code object-server-<port>.log} next to it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";
    private static final long GIB = 1L << 30;

    private static Cluster cluster;
    private static SwiftCli swift;
    private static long classStart;
    private long testStart;

    @BeforeAll
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    static void startCluster() throws Exception {
        classStart = System.nanoTime();
        cluster = Cluster.start(Path.of("").toAbsolutePath());
        swift = cluster.cli();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        System.out.printf("[cluster] ClusterIT took %.1f s in all%n", (System.nanoTime() - classStart) / 1e9);
    }

    @BeforeEach
    void mark(TestInfo info) {
        cluster.markLogs();
        testStart = System.nanoTime();
        System.out.println("[cluster] --- " + info.getDisplayName());
    }

    /** The proxy must not have logged an error about one of our object servers during the test. */
    @AfterEach
    void noObjectServerErrors(TestInfo info) {
        System.out.printf("[cluster] --- %s: %.1f s%n", info.getDisplayName(), (System.nanoTime() - testStart) / 1e9);
        List<String> bad = cluster.swiftErrorsSinceMark().stream()
                .filter(l -> l.contains("Object server") || l.contains("Object PUT") || l.contains("Object GET")
                        || l.contains("Object HEAD") || l.contains("Object POST") || l.contains("Object DELETE"))
                .toList();
        assertTrue(bad.isEmpty(), "the proxy logged errors about our object servers:\n" + String.join("\n", bad));
        for (Node n : cluster.nodes()) {
            assertTrue(cluster.running(n.name()), n.name() + " is not running\n" + cluster.diagnostics());
        }
    }

    // ------------------------------------------------------------------ tests

    /** Upload (a directory tree: names with slashes; a unicode name), list, stat, download byte-identically. */
    @Test
    @Order(1)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void uploadListStatDownload() throws Exception {
        String c = "basic";
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("basic/hello.txt", "hello world\n".getBytes());
        objects.put("basic/sub/random.bin", random(1, 100 * 1024 + 3));
        objects.put("basic/sub/deeper/three.bin", new byte[] {0, (byte) 0xff, '\n'});
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            Path p = cluster.work().resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        // one upload of the whole tree: the object names are the relative paths
        Result up = swift.ok("upload", c, "basic");
        assertEquals(new TreeMap<>(objects).keySet(), new TreeSet<>(up.lines()), up.describe("printed"));

        String unicode = "ünïcødé ✓ €-日本語.txt";
        String slashes = "deep/a/b//c/slashes.txt";
        objects.put(unicode, "unicode name\n".getBytes());
        objects.put(slashes, random(2, 4097));
        upload(c, unicode, objects.get(unicode));
        upload(c, slashes, objects.get(slashes));

        Map<String, Entry> listing = listing(c);
        assertEquals(new TreeMap<>(objects).keySet(), listing.keySet(), "container listing");
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            Entry row = listing.get(e.getKey());
            assertEquals(e.getValue().length, row.bytes(), "listed bytes of " + e.getKey());
            assertEquals(md5(e.getValue()), row.hash(), "listed hash of " + e.getKey());
            assertEquals(e.getKey().endsWith(".txt") ? "text/plain" : "application/octet-stream", row.contentType(),
                    "listed content type of " + e.getKey());
        }
        // plain listing: one name per line, in the server's (byte) order
        assertEquals(new ArrayList<>(listing.keySet()), swift.ok("list", c).lines(), "swift list");

        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            Map<String, String> st = stat(c, e.getKey());
            assertEquals(String.valueOf(e.getValue().length), st.get("Content Length"), "stat " + e.getKey());
            assertEquals(md5(e.getValue()), st.get("ETag"), "stat " + e.getKey());
            assertEquals(e.getKey(), st.get("Object"), "stat " + e.getKey());
            assertArrayEquals(e.getValue(), download(c, e.getKey()), "downloaded bytes of " + e.getKey());
            assertOnBothNodes(c, e.getKey(), ".data");
        }
        Map<String, String> cst = CliOutput.stat(swift.ok("stat", c).out());
        assertEquals(String.valueOf(objects.size()), cst.get("Objects"), "container stat");
        assertEquals(String.valueOf(objects.values().stream().mapToLong(b -> b.length).sum()), cst.get("Bytes"),
                "container stat");
    }

    /**
     * A zero-byte object: the proxy sends it to the object servers chunked, with {@code Expect:
     * 100-continue} and no body but the last chunk (object-server-http.md §1.2).
     */
    @Test
    @Order(2)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void zeroByteObject() throws Exception {
        String c = "zero";
        swift.ok("post", c);
        upload(c, "empty", new byte[0]);
        Entry row = listing(c).get("empty");
        assertEquals(new Entry("empty", 0, EMPTY_MD5, "application/octet-stream"), row, "listing");
        Map<String, String> st = stat(c, "empty");
        assertEquals("0", st.get("Content Length"));
        assertEquals(EMPTY_MD5, st.get("ETag"));
        assertArrayEquals(new byte[0], download(c, "empty"));
        assertOnBothNodes(c, "empty", ".data");
    }

    /** An upload from stdin: no length known, so the client and the proxy send it chunked. */
    @Test
    @Order(3)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void chunkedUploadFromStdin() throws Exception {
        String c = "chunked";
        swift.ok("post", c);
        byte[] data = random(3, (1 << 20) + 17);
        Result r = swift.run(Duration.ofSeconds(120), new ByteArrayInputStream(data), null,
                "upload", "--object-name", "streamed/stdin.bin", c, "-");
        r.ok();
        assertEquals(new Entry("streamed/stdin.bin", data.length, md5(data), "application/octet-stream"),
                listing(c).get("streamed/stdin.bin"), "listing");
        assertArrayEquals(data, download(c, "streamed/stdin.bin"));
        assertOnBothNodes(c, "streamed/stdin.bin", ".data");
    }

    /** POST replaces the user metadata (fast-POST), can change the content type, and updates the listing. */
    @Test
    @Order(4)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void postMetadata() throws Exception {
        String c = "meta";
        String o = "doc.txt";
        byte[] data = "metadata test\n".getBytes();
        upload(c, o, data, "-H", "X-Object-Meta-Origin: upload");
        Map<String, String> st = stat(c, o);
        assertEquals("upload", st.get("Meta Origin"));
        assertEquals("text/plain", st.get("Content Type"));

        swift.ok("post", "-m", "Color:blue", "-m", "Flavour:sweet", "-H", "Content-Type: text/x-foo", c, o);
        st = stat(c, o);
        assertEquals("blue", st.get("Meta Color"), "stat after POST: " + st);
        assertEquals("sweet", st.get("Meta Flavour"), "stat after POST: " + st);
        assertFalse(st.containsKey("Meta Origin"), "a POST replaces the user metadata: " + st);
        assertEquals("text/x-foo", st.get("Content Type"), "stat after POST: " + st);
        assertEquals(md5(data), st.get("ETag"));
        assertEquals(String.valueOf(data.length), st.get("Content Length"));
        // the object servers' container update for the POST carries the new content type
        assertEquals(new Entry(o, data.length, md5(data), "text/x-foo"), listing(c).get(o), "listing after POST");
        for (Node n : cluster.nodes()) {
            List<String> files = cluster.objectFiles(n, c, o);
            assertEquals(1, files.stream().filter(f -> f.endsWith(".data")).count(), n.name() + ": " + files);
            assertEquals(1, files.stream().filter(f -> f.endsWith(".meta")).count(), n.name() + ": " + files);
        }

        swift.ok("post", "-m", "Shape:round", c, o);
        st = stat(c, o);
        assertEquals("round", st.get("Meta Shape"), "stat after 2nd POST: " + st);
        assertFalse(st.containsKey("Meta Color"), "stat after 2nd POST: " + st);
        assertEquals("text/x-foo", st.get("Content Type"), "a POST without Content-Type keeps it: " + st);
        assertArrayEquals(data, download(c, o));
        assertEquals(new Entry(o, data.length, md5(data), "text/x-foo"), listing(c).get(o), "listing after 2nd POST");
    }

    /**
     * Non-ASCII (UTF-8) metadata values, on PUT and on POST: Swift checks they are valid UTF-8 and the
     * object server keeps the header bytes as they are (object-server-http.md §1.1, §2.4).
     */
    @Test
    @Order(5)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void unicodeMetadata() throws Exception {
        String c = "meta-utf8";
        String o = "doc.txt";
        byte[] data = "utf-8 metadata\n".getBytes();
        upload(c, o, data, "-H", "X-Object-Meta-Origin: ünï ✓");
        Map<String, String> st = stat(c, o);
        assertEquals("ünï ✓", st.get("Meta Origin"), "stat after PUT: " + st);

        swift.ok("post", "-m", "Flavour:süß", "-m", "Mark:✓ 日本", c, o);
        st = stat(c, o);
        assertEquals("süß", st.get("Meta Flavour"), "stat after POST: " + st);
        assertEquals("✓ 日本", st.get("Meta Mark"), "stat after POST: " + st);
        assertFalse(st.containsKey("Meta Origin"), "a POST replaces the user metadata: " + st);
        assertArrayEquals(data, download(c, o));
        for (Node n : cluster.nodes()) {
            List<String> files = cluster.objectFiles(n, c, o);
            assertEquals(1, files.stream().filter(f -> f.endsWith(".meta")).count(), n.name() + ": " + files);
        }
    }

    /** Server-side copies (the proxy's copy middleware: GET from our nodes, PUT to our nodes). */
    @Test
    @Order(6)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void copy() throws Exception {
        String src = "copy-src";
        String dst = "copy-dst";
        byte[] data = random(5, 70_001);
        upload(src, "orig.bin", data, "-H", "X-Object-Meta-Origin: src");

        swift.ok("copy", "-d", "/" + dst + "/copied.bin", src, "orig.bin");
        Map<String, String> st = stat(dst, "copied.bin");
        assertEquals("src", st.get("Meta Origin"), "copy keeps the metadata: " + st);
        assertEquals(md5(data), st.get("ETag"));
        assertArrayEquals(data, download(dst, "copied.bin"));
        assertEquals(new Entry("copied.bin", data.length, md5(data), "application/octet-stream"),
                listing(dst).get("copied.bin"));
        assertOnBothNodes(dst, "copied.bin", ".data");

        // in place, adding metadata
        swift.ok("copy", "-m", "Extra:1", src, "orig.bin");
        st = stat(src, "orig.bin");
        assertEquals("src", st.get("Meta Origin"), st.toString());
        assertEquals("1", st.get("Meta Extra"), st.toString());
        assertArrayEquals(data, download(src, "orig.bin"));

        // fresh metadata, to a unicode name
        String fresh = "frïsch/✓.bin";
        swift.ok("copy", "-M", "-m", "Only:this", "-d", "/" + dst + "/" + fresh, src, "orig.bin");
        st = stat(dst, fresh);
        assertEquals("this", st.get("Meta Only"), st.toString());
        assertFalse(st.containsKey("Meta Origin"), st.toString());
        assertArrayEquals(data, download(dst, fresh));
        assertEquals(List.of("copied.bin", fresh), new ArrayList<>(listing(dst).keySet()));
        assertEquals(List.of("orig.bin"), new ArrayList<>(listing(src).keySet()));
        assertOnBothNodes(dst, fresh, ".data");
    }

    /** DELETE of objects (tombstones on both nodes, gone from the listing), then of a whole container. */
    @Test
    @Order(7)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void delete() throws Exception {
        String c = "del";
        upload(c, "a.txt", "a\n".getBytes());
        upload(c, "b.txt", "bb\n".getBytes());
        upload(c, "dir/c.txt", "ccc\n".getBytes());
        assertEquals(List.of("a.txt", "b.txt", "dir/c.txt"), new ArrayList<>(listing(c).keySet()));

        swift.ok("delete", c, "a.txt");
        Result st = swift.run("stat", c, "a.txt");
        assertNotEquals(0, st.exitCode(), st.describe("succeeded"));
        assertTrue(st.stderr().contains("404"), st.describe("did not report 404"));
        Result dl = swift.run("download", c, "a.txt", "-o", "-");
        assertNotEquals(0, dl.exitCode(), dl.describe("succeeded"));
        assertEquals(List.of("b.txt", "dir/c.txt"), new ArrayList<>(listing(c).keySet()));
        assertOnBothNodes(c, "a.txt", ".ts");

        // the whole container: every object, then the container
        swift.ok("delete", c);
        Result list = swift.run("list", c);
        assertNotEquals(0, list.exitCode(), list.describe("succeeded"));
        // (the client reports the container GET's 404 as "Container 'del' not found")
        assertTrue(list.stderr().contains("not found"), list.describe("did not report 404"));
        assertFalse(swift.ok("list").lines().contains(c), "account listing still has " + c);
        assertOnBothNodes(c, "b.txt", ".ts");
        assertOnBothNodes(c, "dir/c.txt", ".ts");
    }

    /**
     * 1 GiB through the proxy and back, generated on the fly (pseudo-random, MD5 computed while writing);
     * our nodes run with a 256 MiB heap. The local file is removed right after the upload, the object at
     * the end.
     */
    @Test
    @Order(8)
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void oneGibObject() throws Exception {
        String c = "big";
        String o = "one-gib.bin";
        Path file = cluster.work().resolve(o);
        long t = System.nanoTime();
        String md5 = writeRandomFile(file, GIB, 7);
        System.out.printf("[cluster] generated %s (md5 %s) in %.1f s%n", file, md5, secondsSince(t));
        try {
            t = System.nanoTime();
            Result up = swift.run(Duration.ofSeconds(600), null, null, "upload", "--object-name", o, c, o);
            up.ok();
            System.out.printf("[cluster] 1 GiB upload: %.1f s%n", secondsSince(t));
        } finally {
            Files.deleteIfExists(file);
        }
        Map<String, String> st = stat(c, o);
        assertEquals(String.valueOf(GIB), st.get("Content Length"));
        assertEquals(md5, st.get("ETag"));
        assertEquals(new Entry(o, GIB, md5, "application/octet-stream"), listing(c).get(o));
        for (Node n : cluster.nodes()) {
            List<String> files = cluster.objectFiles(n, c, o);
            String data = files.stream().filter(f -> f.endsWith(".data")).findFirst()
                    .orElseThrow(() -> new AssertionError(n.name() + " has no .data for " + o + ": " + files));
            assertEquals(GIB, Files.size(cluster.objectDir(n, c, o).resolve(data)), n.name() + " .data size");
        }

        t = System.nanoTime();
        MessageDigest digest = md5();
        long[] count = new long[1];
        OutputStream sink = new DigestOutputStream(new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        }, digest);
        Result down = swift.run(Duration.ofSeconds(600), null, sink, "download", c, o, "-o", "-");
        down.ok();
        System.out.printf("[cluster] 1 GiB download: %.1f s%n", secondsSince(t));
        assertEquals(GIB, count[0], "downloaded length");
        assertEquals(md5, HexFormat.of().formatHex(digest.digest()), "downloaded MD5");
        for (Node n : cluster.nodes()) {
            assertTrue(cluster.healthy(n), n.name() + " unhealthy after 1 GiB\n" + cluster.diagnostics());
            System.out.println("[cluster] " + n.name() + " heap (" + Cluster.NODE_JAVA_OPTS + "):\n"
                    + cluster.heapInfo(n));
        }

        swift.ok("delete", c, o);
        assertOnBothNodes(c, o, ".ts");
    }

    /**
     * With the container server down, object PUTs succeed and our nodes write async pendings (one per
     * object and node: with one container replica and two object replicas the proxy asks both object
     * servers to update it, obj.py num_container_updates); after the container server is back, Debian's
     * {@code swift-object-updater} processes our pendings and the listing becomes complete.
     */
    @Test
    @Order(9)
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void asyncPendingsWhileContainerServerIsDown() throws Exception {
        String c = "async";
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("pending-1.txt", "one\n".getBytes());
        objects.put("pending/2.bin", random(8, 10_000));
        objects.put("pendïng-3 ✓.txt", "three\n".getBytes());
        for (Node n : cluster.nodes()) {
            assertEquals(List.of(), cluster.asyncPendings(n), n.name() + " has async pendings already");
        }
        uploadWhileContainerServerIsDown(c, objects, () -> {
            for (Node n : cluster.nodes()) {
                List<String> pendings = cluster.asyncPendings(n);
                List<String> expected = new ArrayList<>();
                for (String o : objects.keySet()) {
                    String h = cluster.hash(c, o);
                    String data = cluster.objectFiles(n, c, o).stream().filter(f -> f.endsWith(".data")).findFirst()
                            .orElseThrow(() -> new AssertionError(n.name() + " has no .data for " + o));
                    // async_pending/<suffix>/<hash>-<timestamp of the PUT>
                    expected.add("async_pending/" + h.substring(29) + "/" + h + "-"
                            + data.substring(0, data.length() - ".data".length()));
                }
                expected.sort(null);
                assertEquals(expected, pendings, n.name() + " async pendings\n" + cluster.diagnostics());
            }
        });
        assertEquals(List.of(), new ArrayList<>(listing(c).keySet()), "listing before the updater ran");

        for (Node n : cluster.nodes()) {
            int rc = cluster.runObjectUpdaterOnce(n);
            assertEquals(0, rc, "swift-object-updater on " + n.name() + "\n"
                    + String.join("\n", cluster.swiftLogSinceMark()));
            assertEquals(List.of(), cluster.asyncPendings(n), n.name() + " async pendings after the updater\n"
                    + String.join("\n", cluster.swiftLogSinceMark()));
        }
        Map<String, Entry> listing = listing(c);
        assertEquals(new TreeMap<>(objects).keySet(), listing.keySet(), "listing after the updater");
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            Entry row = listing.get(e.getKey());
            assertEquals(e.getValue().length, row.bytes(), e.getKey());
            assertEquals(md5(e.getValue()), row.hash(), e.getKey());
            assertEquals(e.getKey().endsWith(".txt") ? "text/plain" : "application/octet-stream", row.contentType(),
                    e.getKey());
            assertArrayEquals(e.getValue(), download(c, e.getKey()), e.getKey());
        }
        List<String> updater = cluster.swiftLogSinceMark().stream()
                .filter(l -> l.startsWith("object-updater:") && l.contains("sweep completed")).toList();
        System.out.println("[cluster] " + String.join("\n[cluster] ", updater));
    }

    /**
     * The same outage drained by <b>our</b> updater (admin API run-once on each node): while the container
     * server is down, every pass tries each pending once, keeps it and moves on (no busy loop); once the
     * server is back, one pass per node drains them and the listing is complete.
     */
    @Test
    @Order(10)
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void ourUpdaterDrainsAsyncPendings() throws Exception {
        String c = "async-ours";
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("one.txt", "one\n".getBytes());
        objects.put("two/2.bin", random(9, 5_000));
        uploadWhileContainerServerIsDown(c, objects, () -> {
            for (Node n : cluster.nodes()) {
                List<String> before = cluster.asyncPendings(n);
                assertEquals(objects.size(), before.size(), n.name() + " async pendings " + before);
                for (int pass = 1; pass <= 2; pass++) {
                    long t0 = System.nanoTime();
                    String stats = cluster.runDaemonOnce(n, "updater");
                    double secs = (System.nanoTime() - t0) / 1e9;
                    assertTrue(stats.contains("\"failures\":" + objects.size()), n.name() + " pass " + pass + ": "
                            + stats);
                    assertTrue(stats.contains("\"successes\":0"), stats);
                    assertTrue(secs < 30, "a pass with the container server down took " + secs + " s");
                    assertEquals(before, cluster.asyncPendings(n), n.name() + ": failed pendings stay as they are");
                }
            }
        });
        for (Node n : cluster.nodes()) {
            String stats = cluster.runDaemonOnce(n, "updater");
            assertTrue(stats.contains("\"successes\":" + objects.size()), n.name() + ": " + stats);
            assertEquals(List.of(), cluster.asyncPendings(n), n.name() + " async pendings after our updater");
        }
        Map<String, Entry> listing = listing(c);
        assertEquals(new TreeMap<>(objects).keySet(), listing.keySet(), "listing after our updater");
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            assertEquals(md5(e.getValue()), listing.get(e.getKey()).hash(), e.getKey());
        }
        String recon = Files.readString(cluster.nodes().get(0).dir().resolve("cache/object.recon"));
        assertTrue(recon.contains("\"object_updater_sweep\": "), recon);
    }

    // ------------------------------------------------------------------ helpers

    /** What a test checks while the container server is down. */
    @FunctionalInterface
    private interface WhileDown {
        void run() throws Exception;
    }

    /**
     * Creates {@code container}, stops the container server, uploads {@code objects} (no container PUT
     * first: it would fail and clear the proxy's cached container info), runs {@code whileDown}, and
     * starts the container server again whatever happened.
     */
    private static void uploadWhileContainerServerIsDown(String container, Map<String, byte[]> objects,
            WhileDown whileDown) throws Exception {
        swift.ok("post", container);
        // the proxy caches the container's info (memcached, 60 s): object PUTs need it while the server is down
        swift.ok("stat", container);
        cluster.stopContainerServer();
        try {
            for (Map.Entry<String, byte[]> e : objects.entrySet()) {
                upload(container, e.getKey(), e.getValue(), "--skip-container-put");
            }
            whileDown.run();
        } finally {
            cluster.startContainerServer();
        }
    }

    /** Uploads {@code data} as {@code object} (from a local file with an ASCII name) with extra options. */
    private static void upload(String container, String object, byte[] data, String... options) throws IOException {
        Path local = Files.createTempFile(cluster.work(), "upload-", ".tmp");
        try {
            Files.write(local, data);
            List<String> args = new ArrayList<>(List.of("upload", "--object-name", object));
            args.addAll(List.of(options));
            args.add(container);
            args.add(cluster.work().relativize(local).toString());
            Result r = swift.ok(args.toArray(String[]::new));
            assertEquals(List.of(object), r.lines(), r.describe("printed"));
        } finally {
            Files.deleteIfExists(local);
        }
    }

    private static byte[] download(String container, String object) {
        return swift.ok("download", container, object, "-o", "-").stdout();
    }

    private static Map<String, String> stat(String container, String object) {
        return CliOutput.stat(swift.ok("stat", container, object).out());
    }

    private static Map<String, Entry> listing(String container) {
        return CliOutput.listing(swift.ok("list", "--json", container).out());
    }

    /** Both nodes hold exactly one file of the kind ({@code .data}, {@code .ts}) for the object, the same one. */
    private static void assertOnBothNodes(String container, String object, String kind) throws IOException {
        List<String> names = new ArrayList<>();
        for (Node n : cluster.nodes()) {
            List<String> files = cluster.objectFiles(n, container, object);
            List<String> ofKind = files.stream().filter(f -> f.endsWith(kind)).toList();
            assertEquals(1, ofKind.size(), n.name() + " should hold one " + kind + " for " + container + "/" + object
                    + " in " + cluster.objectDir(n, container, object) + ", has " + files + "\n" + cluster.diagnostics());
            if (kind.equals(".ts")) {
                assertTrue(files.stream().noneMatch(f -> f.endsWith(".data")), n.name() + ": " + files);
            }
            names.add(ofKind.get(0));
        }
        assertEquals(1, names.stream().distinct().count(), "the replicas differ: " + names);
    }

    private static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** Writes {@code size} pseudo-random bytes in 1 MiB blocks; returns their MD5. */
    private static String writeRandomFile(Path file, long size, long seed) throws IOException {
        MessageDigest md = md5();
        SplittableRandom r = new SplittableRandom(seed);
        byte[] block = new byte[1 << 20];
        ByteBuffer longs = ByteBuffer.wrap(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; ) {
                longs.clear();
                while (longs.remaining() >= 8) {
                    longs.putLong(r.nextLong());
                }
                int n = (int) Math.min(block.length, size - done);
                md.update(block, 0, n);
                out.write(block, 0, n);
                done += n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String md5(byte[] b) {
        return HexFormat.of().formatHex(md5().digest(b));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double secondsSince(long t) {
        return (System.nanoTime() - t) / 1e9;
    }
}
