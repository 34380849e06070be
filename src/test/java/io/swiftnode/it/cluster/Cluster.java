package io.swiftnode.it.cluster;

import io.swiftnode.disk.HashPath;
import io.swiftnode.it.FreePorts;
import io.swiftnode.ring.Ring;
import io.swiftnode.ring.RingDevice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Swift 2.30.1 cluster on loopback for interop tests: Debian's proxy (tempauth, memcached),
 * account and container servers, and (by default) two of <em>our</em> object nodes as the only object
 * servers.
 *
 * <p>Everything lives under {@code target/cluster-<proxy port>/}: {@code etc/} (swift.conf, rings
 * from {@code swift-ring-builder}, the Swift servers' configs), {@code node1/}, {@code node2/} (our
 * nodes' {@code object-server.conf}, devices, run dirs), {@code account/}, {@code container/}
 * (devices), {@code logs/} ({@code swift.log}: every Swift program's syslog output via
 * {@link SyslogSink}; {@code <name>.out}: each process's stdout/stderr; {@code object-server-<port>.log}:
 * our nodes' logs) and {@code work/} (the client's files, removed on close).
 *
 * <p>Layout: account and container rings with one replica (one server each), object ring with two
 * replicas on devices {@code d1} (node1) and {@code d2} (node2) in zones 1 and 2, so every object is on
 * both of our nodes; small part powers. Another {@link Layout} gives N nodes with several devices each
 * ({@code d1a}, {@code d1b}, …; one zone per node), more replicas, a {@code reclaim_age}, and an
 * {@code rsync --daemon --no-detach} of its own ({@code rsyncd/rsyncd.conf}: module
 * {@code object_<node port>} over each node's devices directory), which every node's
 * {@code [object-replicator]} reaches through
 * {@code rsync_module = rsync://{replication_ip}:<rsync port>/object_{replication_port}}.
 * All ports are free ports picked at start. Swift programs run
 * through {@code src/test/resources/python/swift_run.py} so they read this cluster's swift.conf, not
 * {@code /etc/swift}; our nodes run through {@code payara/run.sh CONF} with {@code SWIFTNODE_NO_BUILD}
 * (the WAR is the one the enclosing Maven run packaged; a nested build would rewrite {@code target/}).
 *
 * <p>{@link #start} returns once every server answers; {@link #close} stops every process by its PID
 * (also called by a shutdown hook, and by {@link #start} itself when start-up fails).
 *
 * <p>Thread-safe for the tests' use: process management is synchronized.
 */
public final class Cluster implements AutoCloseable {
    public static final String ACCOUNT = "AUTH_test";
    public static final String USER = "test:tester";
    public static final String KEY = "testing";
    public static final String HASH_PREFIX = "cluster-it-prefix";
    public static final String HASH_SUFFIX = "cluster-it-suffix";
    public static final int OBJECT_PART_POWER = 6;
    public static final int PART_POWER = 4;
    /** JVM options of our nodes: a small heap, so that streaming (not buffering) is what lets 1 GiB through. */
    public static final String NODE_JAVA_OPTS =
            "-Xms64m -Xmx256m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /**
     * The shape of a cluster: how many of our nodes, devices per node, object replicas, whether an
     * rsync daemon serves the nodes' devices (one module {@code object_<node port>} per node, for the
     * replicator's {@code rsync_module}), and a {@code reclaim_age} for the nodes (null: Swift's default).
     *
     * @param nodes          our object nodes (each its own zone)
     * @param devicesPerNode devices of each node
     * @param objectReplicas replicas of the object ring
     * @param rsync          whether to run {@code rsync --daemon} and point each node's replicator at it
     * @param reclaimAge     {@code reclaim_age} in the nodes' {@code [DEFAULT]} (seconds), or null
     */
    public record Layout(int nodes, int devicesPerNode, int objectReplicas, boolean rsync, Long reclaimAge) {
        /** The interop set-up: two nodes with one device each, two replicas, no rsync. */
        public static Layout twoNodes() {
            return new Layout(2, 1, 2, false, null);
        }
    }

    /**
     * One of our object nodes.
     *
     * @param device      its first device (the only one in the default layout)
     * @param deviceNames all its devices
     */
    public record Node(String name, int port, String device, Path dir, Path devices, Path conf,
            List<String> deviceNames) {
        public Node {
            deviceNames = List.copyOf(deviceNames);
        }

        public Path deviceDir() {
            return devices.resolve(device);
        }

        /** The directory of one of its devices. */
        public Path deviceDir(String name) {
            return devices.resolve(name);
        }

        /** The directories of all its devices. */
        public List<Path> deviceDirs() {
            return deviceNames.stream().map(devices::resolve).toList();
        }
    }

    private final Path project;
    private final Path base;
    private final Path etc;
    private final Path logs;
    private final Path work;
    private final SyslogSink syslog;
    private final int proxyPort;
    private final int accountPort;
    private final int containerPort;
    private final int memcachedPort;
    private final int rsyncPort;
    private final Layout layout;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Proc> procs = new LinkedHashMap<>();
    private final HashPath hashPath = new HashPath(HASH_PREFIX, HASH_SUFFIX);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread shutdownHook = new Thread(this::stopAll, "cluster-shutdown");
    private final SwiftCli cli;
    private volatile int mark;
    private boolean closed;

    private Cluster(Path project, Layout layout) throws IOException {
        this.project = project;
        this.layout = layout;
        checkPrerequisites(project, layout);
        // proxy, account, container, our nodes, memcached[, rsync]
        int[] ports = FreePorts.pick(4 + layout.nodes() + (layout.rsync() ? 1 : 0));
        proxyPort = ports[0];
        accountPort = ports[1];
        containerPort = ports[2];
        memcachedPort = ports[3 + layout.nodes()];
        rsyncPort = layout.rsync() ? ports[4 + layout.nodes()] : -1;
        base = project.resolve("target").resolve("cluster-" + proxyPort);
        deleteTree(base);
        etc = Files.createDirectories(base.resolve("etc"));
        logs = Files.createDirectories(base.resolve("logs"));
        work = Files.createDirectories(base.resolve("work"));
        for (int i = 1; i <= layout.nodes(); i++) {
            Path dir = Files.createDirectories(base.resolve("node" + i));
            List<String> devs = new ArrayList<>();
            for (int d = 0; d < layout.devicesPerNode(); d++) {
                // d1, d2 in the default layout; d1a, d1b, d2a, … with several devices per node
                devs.add("d" + i + (layout.devicesPerNode() == 1 ? "" : String.valueOf((char) ('a' + d))));
            }
            Node n = new Node("node" + i, ports[2 + i], devs.get(0), dir, dir.resolve("devices"),
                    dir.resolve("object-server.conf"), devs);
            for (Path d : n.deviceDirs()) {
                Files.createDirectories(d);
            }
            Files.createDirectories(dir.resolve("cache"));
            nodes.add(n);
        }
        Files.createDirectories(base.resolve("account").resolve("a1"));
        Files.createDirectories(base.resolve("container").resolve("c1"));
        syslog = new SyslogSink(logs.resolve("swift.log"));
        cli = new SwiftCli(base.resolve("cli"), work, authUrl(), USER, KEY, this::diagnostics);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Builds and starts the cluster under {@code <project>/target}; returns when every server answers.
     * On failure everything started so far is stopped and the error names the culprit with its log.
     */
    public static Cluster start(Path project) throws Exception {
        return start(project, Layout.twoNodes());
    }

    /** {@link #start(Path)} with another {@link Layout}. */
    public static Cluster start(Path project, Layout layout) throws Exception {
        Cluster c = new Cluster(project.toAbsolutePath(), layout);
        try {
            c.boot();
            return c;
        } catch (Throwable t) {
            c.close();
            throw t;
        }
    }

    private void boot() throws Exception {
        long t0 = System.nanoTime();
        writeConfigs();
        // our nodes first: they take longest (Payara boot), and need no rings
        for (Node n : nodes) {
            launchNode(n);
        }
        buildRings();
        if (layout.rsync()) {
            writeRsyncdConf();
            start("rsyncd", List.of("rsync", "--daemon", "--no-detach", "--config=" + rsyncdConf(),
                    "--address=127.0.0.1", "--port=" + rsyncPort));
        }
        start("memcached", List.of("/usr/bin/memcached", "-u", System.getProperty("user.name"), "-l", "127.0.0.1",
                "-p", String.valueOf(memcachedPort), "-U", "0", "-t", "1", "-m", "64"));
        startSwift("account-server");
        startSwift("container-server");
        startSwift("proxy-server");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        awaitMemcached(deadline);
        awaitHealthy("account-server", accountPort, deadline);
        awaitHealthy("container-server", containerPort, deadline);
        awaitHealthy("proxy-server", proxyPort, deadline);
        if (layout.rsync()) {
            awaitListening("rsyncd", rsyncPort, deadline);
        }
        for (Node n : nodes) {
            awaitHealthy(n.name(), n.port(), deadline);
        }
        log("cluster up in %.1f s under %s: proxy %d, account %d, container %d, memcached %d, nodes %s, syslog udp %d%s",
                (System.nanoTime() - t0) / 1e9, base, proxyPort, accountPort, containerPort, memcachedPort,
                nodes.stream().map(n -> n.name() + ":" + n.port()).collect(Collectors.joining(", ")), syslog.port(),
                layout.rsync() ? ", rsync " + rsyncPort : "");
    }

    // ---------------------------------------------------------------- accessors

    public Path base() {
        return base;
    }

    public Path work() {
        return work;
    }

    public Path logs() {
        return logs;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public int proxyPort() {
        return proxyPort;
    }

    public String authUrl() {
        return "http://127.0.0.1:" + proxyPort + "/auth/v1.0";
    }

    /** The {@code swift} client bound to this cluster. */
    public SwiftCli cli() {
        return cli;
    }

    public synchronized Proc proc(String name) {
        return procs.get(name);
    }

    /** The hash of an object of {@link #ACCOUNT}, as Swift computes it with this cluster's swift.conf. */
    public String hash(String container, String object) {
        return hashPath.hash(ACCOUNT, container, object);
    }

    /** The object's hash directory on a node: {@code <device>/objects/<part>/<suffix>/<hash>}. */
    public Path objectDir(Node n, String container, String object) {
        return objectDir(n.deviceDir(), container, object);
    }

    /** The object's hash directory on a device directory: {@code <device>/objects/<part>/<suffix>/<hash>}. */
    public Path objectDir(Path deviceDir, String container, String object) {
        String h = hash(container, object);
        return deviceDir.resolve("objects").resolve(String.valueOf(partition(container, object)))
                .resolve(h.substring(29)).resolve(h);
    }

    /** The object's partition in the object ring. */
    public int partition(String container, String object) {
        return HashPath.partition(hash(container, object), OBJECT_PART_POWER);
    }

    /** The object ring as our ring reader loads it ({@code etc/object.ring.gz}). */
    public Ring objectRing() throws IOException {
        return Ring.load(etc.resolve("object.ring.gz"));
    }

    /** The node serving a ring device (by its port), or null. */
    public Node nodeOf(RingDevice d) {
        return nodes.stream().filter(n -> n.port() == d.port()).findFirst().orElse(null);
    }

    /** The directory of a ring device on its node. */
    public Path deviceDir(RingDevice d) {
        Node n = nodeOf(d);
        if (n == null) {
            throw new IllegalArgumentException("no node has port " + d.port() + ": " + d);
        }
        return n.deviceDir(d.device());
    }

    /** The file names in the object's hash directory on a node (empty if there is none). */
    public List<String> objectFiles(Node n, String container, String object) throws IOException {
        Path dir = objectDir(n, container, object);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every async-pending file on a node (any policy), relative to its device. */
    public List<String> asyncPendings(Node n) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(n.deviceDir())) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith("async_pending")).toList()) {
                try (Stream<Path> files = Files.walk(d)) {
                    files.filter(Files::isRegularFile).map(p -> n.deviceDir().relativize(p).toString()).forEach(out::add);
                }
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    // ---------------------------------------------------------------- logs

    /** Starts a new diagnostics window (e.g. per test). */
    public void markLogs() {
        mark = syslog.mark();
    }

    /** Swift's log lines since the last {@link #markLogs}. */
    public List<String> swiftLogSinceMark() {
        return syslog.since(mark);
    }

    /** Error lines of the proxy and the Swift servers since the last {@link #markLogs}. */
    public List<String> swiftErrorsSinceMark() {
        return swiftLogSinceMark().stream().filter(Cluster::isError).toList();
    }

    private static boolean isError(String line) {
        return line.contains("ERROR") || line.contains("Traceback") || line.contains("returning 5")
                || line.contains("Timeout") || line.contains("UNCAUGHT");
    }

    /** What failure messages add: recent Swift errors and our nodes' recent warnings and errors. */
    public String diagnostics() {
        StringBuilder sb = new StringBuilder("--- Swift log errors since the test started (" + logs.resolve("swift.log")
                + "):\n");
        List<String> errors = swiftErrorsSinceMark();
        errors.subList(Math.max(0, errors.size() - 30), errors.size()).forEach(l -> sb.append(l).append('\n'));
        for (Node n : nodes) {
            Path log = logs.resolve("object-server-" + n.port() + ".log");
            List<String> bad = Logs.odlRecords(log).stream()
                    .filter(r -> (r.contains("[SEVERE]") || r.contains("[WARNING]"))
                            && !r.contains("NCLS-SECURITY-05054")) // Payara's expiring-certificate notes
                    .map(r -> r.lines().limit(4).collect(Collectors.joining("\n    ")))
                    .toList();
            sb.append("--- ").append(n.name()).append(" warnings and errors (last 10, ").append(log).append("):\n");
            bad.subList(Math.max(0, bad.size() - 10), bad.size()).forEach(l -> sb.append(l).append('\n'));
            Proc p = proc(n.name());
            if (p != null && !p.alive()) {
                sb.append("!!! ").append(n.name()).append(" is not running\n");
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- control

    /** Stops the container server (by PID) and waits until its port refuses connections. */
    public void stopContainerServer() throws InterruptedException {
        stopProc("container-server");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (accepts(containerPort)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("container server port " + containerPort + " still accepts connections");
            }
            Thread.sleep(100);
        }
    }

    /** Starts the container server again and waits for its healthcheck. */
    public void startContainerServer() throws Exception {
        startSwift("container-server");
        awaitHealthy("container-server", containerPort, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
    }

    /**
     * Stops one of our nodes (SIGTERM to its PID, SIGKILL after a grace period) and waits until its
     * port refuses connections.
     */
    public void stopNode(Node n) throws InterruptedException {
        stopProc(n.name());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (accepts(n.port())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(n.name() + " port " + n.port() + " still accepts connections");
            }
            Thread.sleep(100);
        }
    }

    /** Starts a stopped node again with the same config and waits for its healthcheck. */
    public void startNode(Node n) throws Exception {
        if (running(n.name())) {
            throw new IllegalStateException(n.name() + " is running");
        }
        launchNode(n);
        awaitHealthy(n.name(), n.port(), System.nanoTime() + START_TIMEOUT.toNanos());
    }

    /**
     * {@code POST /admin/api/daemons/<daemon>/run-once} on a node: runs one pass there and returns the
     * JSON it answers (the pass's stats); fails on any other status than 200.
     */
    public String runDaemonOnce(Node n, String daemon) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.port()
                + "/admin/api/daemons/" + daemon + "/run-once")).timeout(Duration.ofSeconds(600))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(daemon + " run-once on " + n.name() + ": " + r.statusCode() + " " + r.body()
                    + "\n" + diagnostics());
        }
        return r.body();
    }

    /**
     * Runs Debian's {@code swift-object-auditor <node's object-server.conf> once} against one of our
     * nodes' devices; returns its exit code. Output in {@code logs/object-auditor-<node>.out}.
     */
    public int runObjectAuditorOnce(Node n) throws Exception {
        Path out = logs.resolve("object-auditor-" + n.name() + ".out");
        Proc p = Proc.start("object-auditor-" + n.name(), swiftProgram("object-auditor", n.conf(), "once"),
                Map.of(), base, out);
        return p.await(180);
    }

    /**
     * Runs a Swift command-line program ({@code /usr/bin/swift-<program>}, through swift_run.py so it
     * reads this cluster's swift.conf) with {@code args}; returns its output. Fails unless it exits 0.
     */
    public String runSwiftTool(String program, String... args) throws Exception {
        Path out = logs.resolve(program + ".out");
        Files.deleteIfExists(out);
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(),
                project.resolve("src/test/resources/python/swift_run.py").toString(), etc.toString(),
                "/usr/bin/swift-" + program));
        cmd.addAll(List.of(args));
        Proc p = Proc.start(program, cmd, Map.of(), etc, out);
        int rc = p.await(120);
        String text = Files.readString(out);
        if (rc != 0) {
            throw new AssertionError("swift-" + program + " exited " + rc + ":\n" + text);
        }
        return text;
    }

    /** The rsync daemon's port, or -1 without rsync. */
    public int rsyncPort() {
        return rsyncPort;
    }

    /** The path of etc/ (swift.conf, rings). */
    public Path etc() {
        return etc;
    }

    public synchronized boolean running(String name) {
        Proc p = procs.get(name);
        return p != null && p.alive();
    }

    /**
     * Runs Debian's {@code swift-object-updater <node's object-server.conf> once} (through swift_run.py)
     * against one of our nodes' devices; returns its exit code. Output goes to
     * {@code logs/object-updater-<node>.out}, its log lines to swift.log.
     */
    public int runObjectUpdaterOnce(Node n) throws Exception {
        Path out = logs.resolve("object-updater-" + n.name() + ".out");
        Proc p = Proc.start("object-updater-" + n.name(), swiftProgram("object-updater", n.conf(), "once"),
                Map.of(), base, out);
        return p.await(120);
    }

    /** The heap summary of a node's JVM ({@code jcmd <pid> GC.heap_info}), for the test log. */
    public String heapInfo(Node n) {
        Proc p = proc(n.name());
        if (p == null) {
            return "(not running)";
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process j = new ProcessBuilder(jcmd.toString(), String.valueOf(p.pid()), "GC.heap_info")
                    .redirectErrorStream(true).start();
            byte[] out = j.getInputStream().readAllBytes();
            j.waitFor(20, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(jcmd failed: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** Whether a node answers its healthcheck with 200 OK. */
    public boolean healthy(Node n) {
        return "OK".equals(healthcheck(n.port()));
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        syslog.close();
        try {
            deleteTree(work);
        } catch (IOException e) {
            log("could not remove %s: %s", work, e);
        }
    }

    private synchronized void stopAll() {
        if (closed) {
            return;
        }
        closed = true;
        // the proxy first (no new requests), then our nodes (their container updates may still run),
        // then the servers they talk to
        List<String> order = new ArrayList<>(List.of("proxy-server"));
        nodes.forEach(n -> order.add(n.name()));
        order.addAll(List.of("container-server", "account-server", "memcached", "rsyncd"));
        procs.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
        for (String name : order) {
            Proc p = procs.get(name);
            if (p != null) {
                int rc = p.stop(name.startsWith("node") ? 30 : 10);
                log("stopped %s: exit %d", p, rc);
            }
        }
    }

    private void stopProc(String name) {
        Proc p;
        synchronized (this) {
            p = procs.remove(name);
        }
        if (p != null) {
            log("stopped %s: exit %d", p, p.stop(10));
        }
    }

    // ---------------------------------------------------------------- set-up

    private static void checkPrerequisites(Path project, Layout layout) {
        List<String> missing = new ArrayList<>();
        if (layout.rsync() && !Files.isRegularFile(Path.of("/usr/bin/rsync"))) {
            missing.add("/usr/bin/rsync (Debian package rsync)");
        }
        for (String f : List.of("/usr/bin/python3", "/usr/bin/swift", "/usr/bin/memcached",
                "/usr/bin/swift-ring-builder", "/usr/bin/swift-proxy-server", "/usr/bin/swift-account-server",
                "/usr/bin/swift-container-server", "/usr/bin/swift-object-updater")) {
            if (!Files.isRegularFile(Path.of(f))) {
                missing.add(f + " (Debian packages swift, swift-proxy, swift-account, swift-container, "
                        + "python3-swiftclient, memcached)");
            }
        }
        for (String f : List.of("target/object-node.war", "target/payara-micro.jar", "payara/run.sh",
                "src/test/resources/python/swift_run.py")) {
            if (!Files.exists(project.resolve(f))) {
                missing.add(project.resolve(f) + (f.startsWith("target") ? " (run the package phase first; "
                        + "mvn verify does)" : ""));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the interop cluster needs:\n  " + String.join("\n  ", missing));
        }
    }

    private void writeConfigs() throws IOException {
        String user = System.getProperty("user.name");
        String logging = """
                log_udp_host = 127.0.0.1
                log_udp_port = %d
                user = %s
                """.formatted(syslog.port(), user);
        Files.writeString(etc.resolve("swift.conf"), """
                [swift-hash]
                swift_hash_path_prefix = %s
                swift_hash_path_suffix = %s

                [storage-policy:0]
                name = Policy-0
                default = yes
                """.formatted(HASH_PREFIX, HASH_SUFFIX));
        for (String kind : List.of("account", "container")) {
            int port = kind.equals("account") ? accountPort : containerPort;
            Files.writeString(etc.resolve(kind + "-server.conf"), """
                    [DEFAULT]
                    bind_ip = 127.0.0.1
                    bind_port = %d
                    workers = 0
                    devices = %s
                    mount_check = false
                    swift_dir = %s
                    %s
                    [pipeline:main]
                    pipeline = healthcheck %s-server

                    [app:%s-server]
                    use = egg:swift#%s

                    [filter:healthcheck]
                    use = egg:swift#healthcheck

                    [%s-replicator]
                    [%s-auditor]
                    [%s-updater]
                    """.formatted(port, base.resolve(kind), etc, logging, kind, kind, kind, kind, kind, kind));
        }
        Files.writeString(etc.resolve("proxy-server.conf"), """
                [DEFAULT]
                bind_ip = 127.0.0.1
                bind_port = %d
                workers = 0
                swift_dir = %s
                %s
                [pipeline:main]
                pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats tempauth copy dlo slo proxy-logging proxy-server

                [app:proxy-server]
                use = egg:swift#proxy
                account_autocreate = true
                # one error must not take a node out of service for the following tests
                error_suppression_interval = 0

                [filter:tempauth]
                use = egg:swift#tempauth
                user_test_tester = testing .admin

                [filter:cache]
                use = egg:swift#memcache
                memcache_servers = 127.0.0.1:%d

                [filter:catch_errors]
                use = egg:swift#catch_errors

                [filter:gatekeeper]
                use = egg:swift#gatekeeper

                [filter:healthcheck]
                use = egg:swift#healthcheck

                [filter:proxy-logging]
                use = egg:swift#proxy_logging

                [filter:listing_formats]
                use = egg:swift#listing_formats

                [filter:copy]
                use = egg:swift#copy

                [filter:dlo]
                use = egg:swift#dlo

                [filter:slo]
                use = egg:swift#slo
                """.formatted(proxyPort, etc, logging, memcachedPort));
        for (Node n : nodes) {
            Files.writeString(n.conf(), """
                    [DEFAULT]
                    bind_ip = 127.0.0.1
                    bind_port = %d
                    devices = %s
                    mount_check = false
                    swift_dir = %s
                    disable_fallocate = true
                    recon_cache_path = %s
                    %s%s
                    [pipeline:main]
                    pipeline = healthcheck recon object-server

                    [app:object-server]
                    use = egg:swift#object

                    [filter:healthcheck]
                    use = egg:swift#healthcheck

                    [filter:recon]
                    use = egg:swift#recon

                    # passes run only when a test asks (admin API)
                    [object-replicator]
                    run_daemon = false
                    %s
                    [object-updater]
                    run_daemon = false

                    [object-auditor]
                    run_daemon = false
                    """.formatted(n.port(), n.devices(), etc, n.dir().resolve("cache"), logging,
                    layout.reclaimAge() == null ? "" : "reclaim_age = " + layout.reclaimAge() + "\n",
                    layout.rsync() ? "# each node's module is found by its (replication) port\n"
                            + "rsync_module = rsync://{replication_ip}:" + rsyncPort + "/object_{replication_port}\n"
                            : ""));
        }
    }

    private void buildRings() throws Exception {
        long t0 = System.nanoTime();
        // one zone per node
        List<String> objectDevices = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            for (String d : n.deviceNames()) {
                objectDevices.add("r1z" + (i + 1) + "-127.0.0.1:" + n.port() + "/" + d);
                objectDevices.add("100");
            }
        }
        List<CompletableFuture<Void>> builds = List.of(
                CompletableFuture.runAsync(() -> ring("account", PART_POWER, 1,
                        "r1z1-127.0.0.1:" + accountPort + "/a1", "100")),
                CompletableFuture.runAsync(() -> ring("container", PART_POWER, 1,
                        "r1z1-127.0.0.1:" + containerPort + "/c1", "100")),
                CompletableFuture.runAsync(() -> ring("object", OBJECT_PART_POWER, layout.objectReplicas(),
                        objectDevices.toArray(String[]::new))));
        CompletableFuture.allOf(builds.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        log("rings built in %.1f s", (System.nanoTime() - t0) / 1e9);
    }

    private void ring(String name, int partPower, int replicas, String... devices) {
        String builder = etc.resolve(name + ".builder").toString();
        List<String> add = new ArrayList<>(List.of(builder, "add"));
        add.addAll(List.of(devices));
        for (List<String> args : List.of(List.of(builder, "create", String.valueOf(partPower),
                String.valueOf(replicas), "1"), add, List.of(builder, "rebalance"))) {
            List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "/usr/bin/swift-ring-builder"));
            cmd.addAll(args);
            Path out = logs.resolve("ring-" + name + ".out");
            Proc p = Proc.start("ring-" + name, cmd, Map.of(), etc, out);
            int rc;
            try {
                rc = p.await(120);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            // swift-ring-builder: 0 success, 1 warning, 2 error
            if (rc != 0 && rc != 1) {
                throw new IllegalStateException("swift-ring-builder " + String.join(" ", args) + " exited " + rc
                        + ":\n" + p.tail(20));
            }
        }
        if (!Files.isRegularFile(etc.resolve(name + ".ring.gz"))) {
            throw new IllegalStateException("no " + name + ".ring.gz:\n" + Logs.tail(logs.resolve("ring-" + name
                    + ".out"), 20));
        }
    }

    private Path rsyncdConf() {
        return base.resolve("rsyncd").resolve("rsyncd.conf");
    }

    /**
     * The rsync daemon's config: one module {@code object_<node port>} per node over its devices
     * directory, writable, no chroot, running as the current user (uid/gid of a file it created).
     */
    private void writeRsyncdConf() throws IOException {
        Path dir = Files.createDirectories(base.resolve("rsyncd"));
        Object uid = Files.getAttribute(dir, "unix:uid");
        Object gid = Files.getAttribute(dir, "unix:gid");
        StringBuilder sb = new StringBuilder("""
                # written by Cluster for this test run
                uid = %s
                gid = %s
                use chroot = no
                pid file = %s
                log file = %s
                """.formatted(uid, gid, dir.resolve("rsyncd.pid"), logs.resolve("rsyncd.log")));
        for (Node n : nodes) {
            sb.append("""

                    [object_%d]
                    path = %s
                    read only = false
                    max connections = 8
                    lock file = %s
                    """.formatted(n.port(), n.devices(), dir.resolve("object_" + n.port() + ".lock")));
        }
        Files.writeString(rsyncdConf(), sb.toString());
    }

    private void awaitListening(String name, int port, long deadline) throws InterruptedException {
        Proc p = proc(name);
        while (!accepts(port)) {
            checkAlive(p, deadline, name + " on port " + port);
            Thread.sleep(100);
        }
    }

    private List<String> swiftProgram(String program, Path conf, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(),
                project.resolve("src/test/resources/python/swift_run.py").toString(), etc.toString(),
                "/usr/bin/swift-" + program, conf.toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    private void startSwift(String server) {
        start(server, swiftProgram(server, etc.resolve(server + ".conf")));
    }

    private void launchNode(Node n) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SWIFTNODE_DATA", n.dir().toString());
        env.put("SWIFTNODE_LOG_DIR", logs.toString());
        env.put("SWIFTNODE_JAVA_OPTS", NODE_JAVA_OPTS);
        env.put("SWIFTNODE_NO_BUILD", "1");
        startWithEnv(n.name(), List.of(project.resolve("payara/run.sh").toString(), n.conf().toString()), env);
    }

    private void start(String name, List<String> command) {
        startWithEnv(name, command, Map.of());
    }

    private synchronized void startWithEnv(String name, List<String> command, Map<String, String> env) {
        if (closed) {
            throw new IllegalStateException("cluster closed");
        }
        Proc p = Proc.start(name, command, env, base, logs.resolve(name + ".out"));
        procs.put(name, p);
        log("started %s", p);
    }

    private void awaitMemcached(long deadline) throws InterruptedException {
        Proc p = proc("memcached");
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", memcachedPort), 1000);
                s.setSoTimeout(2000);
                OutputStream o = s.getOutputStream();
                o.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
                o.flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[64];
                int r = in.read(buf);
                if (r > 0 && new String(buf, 0, r, StandardCharsets.US_ASCII).startsWith("VERSION")) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            checkAlive(p, deadline, "memcached on port " + memcachedPort);
            Thread.sleep(100);
        }
    }

    private void awaitHealthy(String name, int port, long deadline) throws InterruptedException {
        Proc p = proc(name);
        while (!"OK".equals(healthcheck(port))) {
            checkAlive(p, deadline, name + " on port " + port);
            Thread.sleep(250);
        }
        if (!p.alive()) {
            // someone else answers on that port
            throw new IllegalStateException(name + " exited, but port " + port + " answers: another process took "
                    + "the port?\n" + p.tail(40));
        }
    }

    private static void checkAlive(Proc p, long deadline, String what) {
        if (!p.alive()) {
            throw new IllegalStateException(what + " exited during start-up; its output (" + p.output() + "):\n"
                    + p.tail(60));
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(what + " not ready within " + START_TIMEOUT + "; its output ("
                    + p.output() + "):\n" + p.tail(60));
        }
    }

    private String healthcheck(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/healthcheck")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body().strip() : r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static void log(String format, Object... args) {
        System.out.println("[cluster] " + String.format(format, args));
    }
}
