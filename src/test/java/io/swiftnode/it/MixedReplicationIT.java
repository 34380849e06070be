package io.swiftnode.it;

import static org.junit.jupiter.api.Assertions.fail;

import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.XattrMetadata;
import io.swiftnode.it.cluster.Cluster;
import io.swiftnode.it.cluster.Logs;
import io.swiftnode.it.cluster.Proc;
import io.swiftnode.it.cluster.SyslogSink;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replication in a mixed cluster: one Debian Swift 2.30.1 object node ({@code swift-object-server},
 * its replicator {@code swift-object-replicator CONF once}) and two of ours ({@code payara/run.sh},
 * passes through the admin API), for {@code sync_method = rsync} and {@code ssync}.
 *
 * <p>Layout (ports picked free per run): devices {@code p1} (Python), {@code j1}, {@code j2} (ours), an
 * object ring of part power {@value #PART_POWER} with 3 replicas over the 3 devices (every partition on
 * every node), built once; one rsync daemon of the test's own with a module {@code object_<port>} per
 * node (its devices dir), and {@code rsync_module = rsync://{replication_ip}:<rsync port>/object_{replication_port}}
 * in every node's {@code [object-replicator]}. No proxy: objects are written with backend requests
 * straight to one object server.
 *
 * <p>Per sync method (fresh devices and configs, nodes restarted):
 * <ol>
 * <li>an empty pass on every node (creates {@code objects/}, as a new node's replicator does);</li>
 * <li>A: a data object, a tombstone and a {@code .meta} (three suffixes of partition {@link #PART_A})
 * written only to the Python node; one Python replicator pass; every node must hold the same files
 * (names under {@code objects/}, metadata, bytes);</li>
 * <li>B: the same kinds (partition {@link #PART_B}) written only to {@code j1}; one pass of ours on
 * {@code j1}; again every node must hold the same files;</li>
 * <li>after each: {@code REPLICATE /<dev>/<part>} must answer byte-identical pickles on all three nodes,
 * for both partitions and for one that no node has, as must the suffix-list form, and the
 * suffix-less form again after it (the invalidations consolidated).</li>
 * <li>the transport really was the one configured: 4 transfers in the rsync daemon's log and no
 * SSYNC with rsync; no rsync transfer and the one SSYNC from {@code j1} in the Python node's log
 * (replication requests are logged at DEBUG) with ssync.</li>
 * </ol>
 *
 * <p>The pickles must be equal byte for byte, so ours must list a partition's suffixes in Python's dict
 * order, which for a new partition is the order of {@code os.listdir}: the same for the same names on
 * one ext4 file system (hash order), which is why all nodes keep their devices under {@code target/}.
 * On a file system whose listing order depends on creation order (tmpfs) the nodes' orders could
 * legitimately differ.
 *
 * <p>Everything stays under {@code target/mixed-replication-it/run-<ms>/}: {@code etc/} (swift.conf,
 * ring, rsyncd.conf), {@code <method>/<node>/devices}, {@code logs/swift.log} (every Swift program's
 * syslog lines), {@code logs/rsyncd.log}, {@code logs/<method>/} (Python's and the replicator's
 * stdout, our nodes' {@code object-server-<port>.log}). Failure messages carry the tails of the
 * relevant logs.
 *
 * <p>Run alone: {@code mvn -o verify -Dit.test=MixedReplicationIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class MixedReplicationIT {
    static final String PREFIX = "mixed-prefix";
    static final String SUFFIX = "mixed-suffix";
    static final String ACCOUNT = "AUTH_mixed";
    static final String CONTAINER = "c";
    static final int PART_POWER = 4;
    /** Partition of the objects written to the Python node. */
    static final int PART_A = 5;
    /** Partition of the objects written to our node j1. */
    static final int PART_B = 11;
    /** A partition no node has. */
    static final int PART_NONE = 14;
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final HashPath HASH_PATH = new HashPath(PREFIX, SUFFIX);

    /** One object node: {@code python} or one of ours. */
    record Node(String name, boolean python, int port, String device) {
    }

    private static Path project;
    private static Path base;
    private static Path etc;
    private static Path logs;
    private static SyslogSink syslog;
    private static int rsyncPort;
    private static Proc rsyncd;
    private static List<Node> nodes;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    // per sync method
    private String method;
    private final Map<String, Proc> procs = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private String phase = "start-up";
    private int mark;

    @BeforeAll
    static void setUp() throws Exception {
        project = Path.of("").toAbsolutePath();
        for (String f : List.of("target/object-node.war", "target/payara-micro.jar")) {
            if (!Files.exists(project.resolve(f))) {
                throw new IllegalStateException(project.resolve(f) + " is missing: run the package phase first");
            }
        }
        for (String f : List.of("/usr/bin/swift-object-server", "/usr/bin/swift-object-replicator",
                "/usr/bin/swift-ring-builder", "/usr/bin/rsync")) {
            if (!Files.isRegularFile(Path.of(f))) {
                throw new IllegalStateException(f + " is missing (Debian packages swift-object, rsync)");
            }
        }
        base = project.resolve("target/mixed-replication-it/run-" + System.currentTimeMillis());
        etc = Files.createDirectories(base.resolve("etc"));
        logs = Files.createDirectories(base.resolve("logs"));
        syslog = new SyslogSink(logs.resolve("swift.log"));
        int[] ports = FreePorts.pick(4);
        rsyncPort = ports[3];
        nodes = List.of(new Node("python", true, ports[0], "p1"), new Node("j1", false, ports[1], "j1"),
                new Node("j2", false, ports[2], "j2"));
        Files.writeString(etc.resolve("swift.conf"), """
                [swift-hash]
                swift_hash_path_prefix = %s
                swift_hash_path_suffix = %s

                [storage-policy:0]
                name = Policy-0
                default = yes
                """.formatted(PREFIX, SUFFIX));
        List<String> devs = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            devs.add("r1z" + (i + 1) + "-127.0.0.1:" + n.port() + "/" + n.device());
            devs.add("100");
        }
        long t0 = System.nanoTime();
        SwiftRings.build(etc, logs, "object", PART_POWER, 3, devs);
        log("ring built in %.1f s; nodes %s; rsync daemon port %d; under %s", (System.nanoTime() - t0) / 1e9,
                nodes, rsyncPort, base);
    }

    @AfterAll
    static void tearDown() {
        if (rsyncd != null) {
            rsyncd.stop(5);
        }
        if (syslog != null) {
            syslog.close();
        }
    }

    // ------------------------------------------------------------------ the test

    @ParameterizedTest(name = "sync_method = {0}")
    @ValueSource(strings = {"rsync", "ssync"})
    void convergesBothWays(String syncMethod) throws Exception {
        method = syncMethod;
        long t0 = System.nanoTime();
        int methodMark = syslog.mark();
        long rsyncsBefore = rsyncTransfers();
        try {
            startNodes();
            log("[%s] nodes up in %.1f s", method, (System.nanoTime() - t0) / 1e9);

            phase("empty passes");
            CompletableFuture<String> j1 = CompletableFuture.supplyAsync(() -> ourPass(node("j1")));
            CompletableFuture<String> j2 = CompletableFuture.supplyAsync(() -> ourPass(node("j2")));
            pythonPass();
            j1.join();
            j2.join();
            for (Node n : nodes) {
                if (!Files.isDirectory(deviceDir(n).resolve("objects"))) {
                    problem("the empty pass on " + n.name() + " did not create " + deviceDir(n).resolve("objects"));
                }
            }

            phase("A: written to python, Python replicator pass");
            List<String> a = writeObjects(node("python"), "a", PART_A);
            pythonPass();
            compareDisks(a);
            compareReplicate();

            phase("B: written to j1, our replicator pass on j1");
            List<String> b = writeObjects(node("j1"), "b", PART_B);
            String stats = ourPass(node("j1"));
            log("[%s] j1 pass: %s", method, stats);
            compareDisks(b);
            compareReplicate();

            phase("transport");
            long rsyncs = rsyncTransfers() - rsyncsBefore;
            long ssyncs = syslog.since(methodMark).stream().filter(l -> l.contains("\"SSYNC /")).count();
            log("[%s] %d rsync transfers, %d SSYNC requests to the Python node", method, rsyncs, ssyncs);
            // A: python pushes partition A to j1 and j2; B: j1 pushes partition B to python and j2
            if (method.equals("rsync") && (rsyncs != 4 || ssyncs != 0)) {
                problem("expected 4 rsync transfers and no SSYNC, saw " + rsyncs + " and " + ssyncs);
            }
            if (method.equals("ssync") && (rsyncs != 0 || ssyncs != 1)) {
                problem("expected no rsync transfer and 1 SSYNC (j1 to python), saw " + rsyncs + " and " + ssyncs);
            }
        } catch (Exception | AssertionError e) {
            problem("aborted: " + e);
            throw new AssertionError(report(), e);
        } finally {
            stopNodes();
            log("[%s] done in %.1f s", method, (System.nanoTime() - t0) / 1e9);
        }
        if (!problems.isEmpty()) {
            fail(report());
        }
    }

    // ------------------------------------------------------------------ phases and checks

    private void phase(String name) {
        log("[%s] --- %s", method, name);
        mark = syslog.mark();
        phase = name;
    }

    private void problem(String p) {
        log("[%s] PROBLEM: %s", method, p);
        problems.add("[" + phase + "] " + p);
    }

    /**
     * Writes, only to {@code n}: {@code <tag>-data} (PUT with user metadata), {@code <tag>-deleted}
     * (PUT, DELETE: a tombstone), {@code <tag>-posted} (PUT, POST: a .meta), all in {@code part} with
     * three distinct suffixes. Returns the object names.
     */
    private List<String> writeObjects(Node n, String tag, int part) throws Exception {
        List<String> names = objectNames(tag, part);
        double now = System.currentTimeMillis() / 1000.0;
        String data = names.get(0);
        String deleted = names.get(1);
        String posted = names.get(2);
        request(n, "PUT", data, part, Map.of("X-Timestamp", ts(now - 100), "Content-Type", "text/plain",
                "X-Object-Meta-Color", "blue", "Content-Disposition", "inline"), ("hello " + tag).getBytes(), 201);
        request(n, "PUT", deleted, part, Map.of("X-Timestamp", ts(now - 100), "Content-Type", "text/plain"),
                "gone".getBytes(), 201);
        request(n, "DELETE", deleted, part, Map.of("X-Timestamp", ts(now - 90)), null, 204);
        request(n, "PUT", posted, part, Map.of("X-Timestamp", ts(now - 100), "Content-Type", "application/x-old"),
                new byte[70_000], 201);
        request(n, "POST", posted, part, Map.of("X-Timestamp", ts(now - 80), "X-Object-Meta-Fruit", "apple"),
                null, 202);
        return names;
    }

    /** Three object names whose hashes fall into {@code part}, with pairwise distinct suffixes. */
    static List<String> objectNames(String tag, int part) {
        List<String> out = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        for (String kind : List.of("data", "deleted", "posted")) {
            for (int i = 0;; i++) {
                String name = tag + "-" + kind + "-" + i;
                String h = HASH_PATH.hash(ACCOUNT, CONTAINER, name);
                if (HashPath.partition(h, PART_POWER) == part && !suffixes.contains(h.substring(29))) {
                    out.add(name);
                    suffixes.add(h.substring(29));
                    break;
                }
            }
        }
        return out;
    }

    private static String ts(double t) {
        return String.format(Locale.ROOT, "%.5f", t);
    }

    /** Every node must hold exactly what the others hold; the objects written must be there. */
    private void compareDisks(List<String> written) throws IOException {
        Map<String, Map<String, String>> ref = null;
        Node refNode = null;
        for (Node n : nodes) {
            Map<String, Map<String, String>> got = snapshot(n);
            if (ref == null) {
                ref = got;
                refNode = n;
                for (String o : written) {
                    String h = HASH_PATH.hash(ACCOUNT, CONTAINER, o);
                    if (ref.keySet().stream().noneMatch(k -> k.contains("/" + h + "/"))) {
                        problem(n.name() + " lacks the object " + o + " (" + h + "); it has " + ref.keySet());
                    }
                }
                continue;
            }
            String diff = diff(refNode.name(), ref, n.name(), got);
            if (!diff.isEmpty()) {
                problem("files of " + n.name() + " differ from " + refNode.name() + "'s:\n" + diff);
            }
        }
    }

    /**
     * Every file in a hash dir of the node's device, by {@code <part>/<suffix>/<hash>/<name>}: its
     * metadata (our reader) and the sha256 of its bytes.
     */
    private Map<String, Map<String, String>> snapshot(Node n) throws IOException {
        Map<String, Map<String, String>> m = new TreeMap<>();
        Path objects = deviceDir(n).resolve("objects");
        if (!Files.isDirectory(objects)) {
            return m;
        }
        try (Stream<Path> w = Files.walk(objects)) {
            for (Path p : w.filter(Files::isRegularFile).toList()) {
                Path rel = objects.relativize(p);
                if (rel.getNameCount() != 4) {
                    continue; // hashes.pkl, hashes.invalid, locks
                }
                Map<String, String> md = new TreeMap<>();
                try {
                    md.putAll(XattrMetadata.read(p));
                } catch (IOException e) {
                    md.put("(unreadable metadata)", e.toString());
                }
                md.put("(sha256 of bytes)", HexFormat.of().formatHex(sha256(Files.readAllBytes(p))));
                m.put(rel.toString(), md);
            }
        }
        return m;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String diff(String an, Map<String, Map<String, String>> a, String bn,
            Map<String, Map<String, String>> b) {
        StringBuilder sb = new StringBuilder();
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (!b.containsKey(k)) {
                sb.append("  only on ").append(an).append(": ").append(k).append(' ').append(a.get(k)).append('\n');
            } else if (!a.containsKey(k)) {
                sb.append("  only on ").append(bn).append(": ").append(k).append(' ').append(b.get(k)).append('\n');
            } else if (!a.get(k).equals(b.get(k))) {
                sb.append("  ").append(k).append(":\n    ").append(an).append(": ").append(a.get(k))
                        .append("\n    ").append(bn).append(": ").append(b.get(k)).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * REPLICATE without suffixes, with the partition's suffixes, and without again: every node must
     * answer 200 and the same bytes as the Python node.
     */
    private void compareReplicate() throws Exception {
        for (int part : List.of(PART_A, PART_B, PART_NONE)) {
            List<String> names = part == PART_A ? objectNames("a", part)
                    : part == PART_B ? objectNames("b", part) : List.of();
            TreeSet<String> suffixes = new TreeSet<>();
            for (String o : names) {
                suffixes.add(HASH_PATH.hash(ACCOUNT, CONTAINER, o).substring(29));
            }
            String suffixPath = suffixes.isEmpty() ? "abc" : String.join("-", suffixes);
            replicateAll(part, "");
            replicateAll(part, "/" + suffixPath);
            replicateAll(part, "");
        }
    }

    private void replicateAll(int part, String suffixPath) throws Exception {
        Map<String, byte[]> answers = new LinkedHashMap<>();
        for (Node n : nodes) {
            String path = "/" + n.device() + "/" + part + suffixPath;
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port()
                    + path)).timeout(Duration.ofSeconds(30)).header("X-Backend-Storage-Policy-Index", "0")
                    .header("User-Agent", "object-replicator MixedReplicationIT")
                    .method("REPLICATE", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                problem("REPLICATE " + path + " on " + n.name() + ": " + r.statusCode() + " "
                        + new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1));
                continue;
            }
            answers.put(n.name(), r.body());
        }
        byte[] ref = answers.get("python");
        String what = "REPLICATE /<dev>/" + part + suffixPath;
        log("[%s] %s: python answers %s", method, what, ref == null ? "(nothing)" : unpickle(ref));
        if (ref == null) {
            return;
        }
        answers.forEach((name, body) -> {
            if (!java.util.Arrays.equals(ref, body)) {
                problem(what + " differs: python answers " + HexFormat.of().formatHex(ref) + " = " + unpickle(ref)
                        + ", " + name + " answers " + HexFormat.of().formatHex(body) + " = " + unpickle(body));
            }
        });
    }

    /** A pickle rendered by Python ({@code repr(pickle.loads(...))}), for messages. */
    private static String unpickle(byte[] pickle) {
        try {
            Path f = Files.createTempFile(base, "pickle", ".bin");
            Files.write(f, pickle);
            Process p = new ProcessBuilder(PYTHON.toString(), "-c",
                    "import pickle,sys; print(repr(pickle.load(open(sys.argv[1],'rb'))))", f.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            Files.deleteIfExists(f);
            return out.strip();
        } catch (IOException e) {
            return "(cannot unpickle: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    // ------------------------------------------------------------------ requests

    private void request(Node n, String verb, String object, int part, Map<String, String> headers, byte[] body,
            int expect) throws Exception {
        String path = "/" + n.device() + "/" + part + "/" + ACCOUNT + "/" + CONTAINER + "/" + object;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port() + path))
                .timeout(Duration.ofSeconds(30)).header("X-Backend-Storage-Policy-Index", "0")
                .header("User-Agent", "MixedReplicationIT");
        headers.forEach(b::header);
        b.method(verb, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expect) {
            throw new AssertionError(verb + " " + path + " on " + n.name() + ": " + r.statusCode() + " (expected "
                    + expect + ") " + r.body());
        }
    }

    /** One pass of our replicator on {@code n} through the admin API; its stats JSON. */
    private String ourPass(Node n) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port()
                    + "/admin/api/daemons/replicator/run-once")).timeout(Duration.ofSeconds(180))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                problem("run-once on " + n.name() + ": " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            problem("run-once on " + n.name() + ": " + e);
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code swift-object-replicator <python node's conf> once -v}; a non-zero exit is a problem. */
    private void pythonPass() throws InterruptedException {
        Node p = node("python");
        Proc r = Proc.start("object-replicator", swiftProgram("object-replicator", conf(p), "once", "-v"),
                Map.of("PYTHONDONTWRITEBYTECODE", "1"), base, methodLogs().resolve("object-replicator.out"));
        int rc = r.await(180);
        if (rc != 0) {
            problem("swift-object-replicator once exited " + rc + ":\n" + r.tail(30));
        }
    }

    /** Transfers the rsync daemon has logged so far. */
    private static long rsyncTransfers() throws IOException {
        Path log = logs.resolve("rsyncd.log");
        if (!Files.exists(log)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("] rsync to object_")).count();
        }
    }

    // ------------------------------------------------------------------ processes

    private Path methodDir() {
        return base.resolve(method);
    }

    private Path methodLogs() {
        return logs.resolve(method);
    }

    private Path nodeDir(Node n) {
        return methodDir().resolve(n.name());
    }

    private Path devices(Node n) {
        return nodeDir(n).resolve("devices");
    }

    private Path deviceDir(Node n) {
        return devices(n).resolve(n.device());
    }

    private Path conf(Node n) {
        return nodeDir(n).resolve("object-server.conf");
    }

    private static Node node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    private List<String> swiftProgram(String program, Path conf, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(),
                project.resolve("src/test/resources/python/swift_run.py").toString(), etc.toString(),
                "/usr/bin/swift-" + program, conf.toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    private void startNodes() throws Exception {
        Files.createDirectories(methodLogs());
        for (Node n : nodes) {
            Files.createDirectories(deviceDir(n));
            Files.createDirectories(nodeDir(n).resolve("cache"));
            Files.writeString(conf(n), nodeConf(n));
        }
        writeRsyncdConf();
        if (rsyncd == null || !rsyncd.alive()) {
            // the daemon re-reads rsyncd.conf on every connection: one daemon serves both methods
            rsyncd = Proc.start("rsyncd", List.of("/usr/bin/rsync", "--daemon", "--no-detach",
                    "--config=" + etc.resolve("rsyncd.conf"), "--address=127.0.0.1", "--port=" + rsyncPort),
                    Map.of(), base, logs.resolve("rsyncd.out"));
        }
        for (Node n : nodes) {
            Proc p;
            if (n.python()) {
                p = Proc.start(n.name(), swiftProgram("object-server", conf(n)), Map.of("PYTHONDONTWRITEBYTECODE",
                        "1"), base, methodLogs().resolve(n.name() + ".out"));
            } else {
                p = Proc.start(n.name(), List.of(project.resolve("payara/run.sh").toString(), conf(n).toString()),
                        Map.of("SWIFTNODE_DATA", nodeDir(n).toString(), "SWIFTNODE_LOG_DIR", methodLogs().toString(),
                                "SWIFTNODE_JAVA_OPTS", Cluster.NODE_JAVA_OPTS, "SWIFTNODE_NO_BUILD", "1"),
                        base, methodLogs().resolve(n.name() + ".out"));
            }
            procs.put(n.name(), p);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        awaitAccepting("rsyncd", rsyncd, rsyncPort, deadline);
        for (Node n : nodes) {
            Proc p = procs.get(n.name());
            while (!healthy(n)) {
                if (!p.alive()) {
                    throw new IllegalStateException(n.name() + " exited during start-up:\n" + p.tail(60));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(n.name() + " not ready in time:\n" + p.tail(60));
                }
                Thread.sleep(250);
            }
        }
    }

    private void stopNodes() {
        procs.forEach((name, p) -> log("[%s] stopped %s: exit %d", method, p, p.stop(name.startsWith("j") ? 30 : 10)));
        procs.clear();
    }

    private static void awaitAccepting(String name, Proc p, int port, long deadline) throws InterruptedException {
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!p.alive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " does not listen on " + port + ":\n" + p.tail(30));
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean healthy(Node n) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port()
                    + "/healthcheck")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().strip().equals("OK");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String nodeConf(Node n) {
        return """
                [DEFAULT]
                bind_ip = 127.0.0.1
                bind_port = %d
                devices = %s
                mount_check = false
                swift_dir = %s
                disable_fallocate = true
                recon_cache_path = %s
                workers = 0
                user = %s
                log_udp_host = 127.0.0.1
                log_udp_port = %d
                log_name = %s
                %s
                [pipeline:main]
                pipeline = healthcheck object-server

                [app:object-server]
                use = egg:swift#object

                [filter:healthcheck]
                use = egg:swift#healthcheck

                [object-replicator]
                # ours: passes only when the test asks (admin API); Swift ignores the option
                run_daemon = false
                sync_method = %s
                rsync_module = rsync://{replication_ip}:%d/object_{replication_port}
                log_name = object-replicator-%s

                [object-updater]
                run_daemon = false

                [object-auditor]
                run_daemon = false
                """.formatted(n.port(), devices(n), etc, nodeDir(n).resolve("cache"), System.getProperty("user.name"),
                syslog.port(), "object-server-" + n.name(),
                // Swift logs replication requests (REPLICATE, SSYNC and its subrequests) at DEBUG only
                n.python() ? "log_level = DEBUG\n" : "", method, rsyncPort, n.name());
    }

    private void writeRsyncdConf() throws IOException {
        Object uid = Files.getAttribute(etc, "unix:uid");
        Object gid = Files.getAttribute(etc, "unix:gid");
        StringBuilder sb = new StringBuilder("""
                # written by MixedReplicationIT for sync_method = %s (the daemon re-reads it per connection)
                use chroot = no
                uid = %s
                gid = %s
                pid file = %s
                log file = %s
                max connections = 8
                """.formatted(method, uid, gid, base.resolve("rsyncd.pid"), logs.resolve("rsyncd.log")));
        for (Node n : nodes) {
            sb.append("""

                    [object_%d]
                    path = %s
                    read only = false
                    lock file = %s
                    """.formatted(n.port(), devices(n), base.resolve("rsyncd-" + n.name() + ".lock")));
        }
        Files.writeString(etc.resolve("rsyncd.conf"), sb.toString());
    }

    // ------------------------------------------------------------------ diagnostics

    /** The problems, then the logs since the last phase started. */
    private String report() {
        StringBuilder sb = new StringBuilder("sync_method = " + method + ": " + problems.size() + " problem(s):\n");
        problems.forEach(p -> sb.append(p).append('\n'));
        List<String> swift = syslog.since(mark);
        sb.append("--- Swift log since the phase started (last 40 of ").append(swift.size()).append(", ")
                .append(logs.resolve("swift.log")).append("):\n");
        swift.subList(Math.max(0, swift.size() - 40), swift.size()).forEach(l -> sb.append(l).append('\n'));
        for (Node n : nodes) {
            if (n.python()) {
                continue;
            }
            Path log = methodLogs().resolve("object-server-" + n.port() + ".log");
            List<String> recs = Logs.odlRecords(log).stream()
                    .filter(r -> !r.contains("NCLS-SECURITY-05054"))
                    .map(r -> r.lines().limit(6).collect(Collectors.joining("\n    "))).toList();
            sb.append("--- ").append(n.name()).append(" log (last 25 records of ").append(log).append("):\n");
            recs.subList(Math.max(0, recs.size() - 25), recs.size()).forEach(l -> sb.append(l).append('\n'));
        }
        sb.append("--- rsyncd log (last 20 lines of ").append(logs.resolve("rsyncd.log")).append("):\n")
                .append(Logs.tail(logs.resolve("rsyncd.log"), 20)).append('\n');
        sb.append("--- Python replicator output (last 20 lines):\n")
                .append(Logs.tail(methodLogs().resolve("object-replicator.out"), 20)).append('\n');
        return sb.toString();
    }

    static void log(String format, Object... args) {
        System.out.println("[mixed-it] " + String.format(Locale.ROOT, format, args));
    }
}
