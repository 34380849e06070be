package io.swiftnode.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.swiftnode.it.diff.DiffReport;
import io.swiftnode.it.diff.Difference;
import io.swiftnode.it.diff.Difference.Kind;
import io.swiftnode.it.diff.DiskSnapshot;
import io.swiftnode.it.diff.Intentional;
import io.swiftnode.it.diff.RawClient;
import io.swiftnode.it.diff.RawRequest;
import io.swiftnode.it.diff.RawResponse;
import io.swiftnode.it.diff.RequestGenerator;
import io.swiftnode.it.diff.ResponseComparator;
import io.swiftnode.it.diff.Sequence;
import io.swiftnode.it.diff.ServerProcess;
import io.swiftnode.it.diff.UdpLogSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test against the real thing: the same generated requests (all verbs, metadata,
 * ranges, conditionals, timestamps, expiry, bad input) go as identical bytes over raw sockets to
 * Debian's Swift 2.30.1 object server ({@code /usr/bin/swift-object-server}, run through
 * {@code swift_run.py} so it reads our swift.conf) and to ours ({@code payara/run.sh}), each with
 * its own devices under {@code target/diff-it/}; status lines, headers (all but {@code Date}),
 * bodies, and after each sequence the files under the devices roots must match. Every difference
 * is collected and reported at the end (also written to {@code report.txt} of the run directory,
 * with a transcript of all exchanges); the deliberate ones are listed in {@link #INTENTIONAL}.
 *
 * <p>The requests come from {@link RequestGenerator} with {@link RequestGenerator#DEFAULT_SEED},
 * or {@code -Ddiff.seed=N}. No {@code Expect: 100-continue} is sent (compared elsewhere).
 *
 * <p>The report groups what differs: raw paths the container rewrites or refuses before the
 * servlet ({@code %00}, invalid UTF-8, absolute-form targets: "container path handling"), request
 * bytes it refuses ({@code obs-text} header octets, header blocks over 8 KiB, chunk extensions:
 * "container request parsing") together with the requests that observe their outcome, then PUT
 * requests, other requests, and files. All of them fail the test; only {@link #INTENTIONAL}
 * entries do not. Both servers are started by this class (Python with {@code workers = 0}, ours
 * with run.sh's own JVM options and without a nested build), each on a port it found free, and
 * stopped by PID; on success the run directory is removed.
 *
 * <p>For quicker iterations the servers may be started by hand and named with
 * {@code -Ddiff.python.port=P -Ddiff.python.devices=DIR -Ddiff.java.port=P -Ddiff.java.devices=DIR}
 * (both must use the swift.conf that {@link #SWIFT_CONF} describes, and start with empty devices).
 *
 * <p>Run alone: {@code mvn -o -B verify -Dit.test=DifferentialIT -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DifferentialIT {
    /** Same hash prefix/suffix and policies for both servers. */
    static final String SWIFT_CONF = """
            [swift-hash]
            swift_hash_path_prefix = diff-prefix
            swift_hash_path_suffix = diff-suffix

            [storage-policy:0]
            name = gold
            default = yes

            [storage-policy:1]
            name = silver
            """;
    private static final String[] DEVICES = {"sda1", "sdb1"};
    private static final int REQUEST_TIMEOUT_MS = 30_000;
    private static final int MIN_REQUESTS = 200;

    /** Statuses after which Grizzly closes the connection ({@code HttpServerFilter.statusDropsConnection}). */
    private static final Set<Integer> GRIZZLY_CLOSES_AFTER = Set.of(400, 408, 411, 413, 414, 417, 500, 501, 503, 505);

    /**
     * The differences that stay, each with its reason. Anything not covered here fails the test.
     * Each entry is narrow: it names the header or kind it excuses and the situation.
     */
    static final List<Intentional> INTENTIONAL = List.of(
            new Intentional("connection-close-after-error",
                    "Grizzly adds 'Connection: close' and closes the connection after 400, 408, 411, 413, 414, 417,"
                            + " 500, 501, 503, 505 (HttpServerFilter.statusDropsConnection; no setting); eventlet keeps"
                            + " it open. Hop-by-hop only: Swift's proxy and daemons open a new backend connection"
                            + " for every request",
                    d -> d.kind() == Kind.HEADER && d.what().equals("connection") && d.python().equals("(absent)")
                            && d.java().equals("\"close\"")
                            && GRIZZLY_CLOSES_AFTER.contains(d.javaResponse().status())),
            new Intentional("no-entity-headers-on-204-304",
                    "Grizzly never sends Content-Type or Content-Length with a 204 or 304 (HttpServerFilter drops"
                            + " them; RFC 9110 forbids Content-Length on 204); swob sends 'Content-Length: 0' and a"
                            + " type. Neither carries a body, and Swift's proxy reads neither header from a 204/304",
                    d -> d.kind() == Kind.HEADER
                            && (d.what().equals("content-type") || d.what().equals("content-length"))
                            && d.java().equals("(absent)") && d.pythonResponse().status() == d.javaResponse().status()
                            && (d.javaResponse().status() == 204 || d.javaResponse().status() == 304)),
            new Intentional("front-end-rejections",
                    "requests that the HTTP front end refuses before the application on both sides (a non-numeric"
                            + " Content-Length, a header line over 8192 bytes): eventlet's own error page says"
                            + " 'HTTP/1.0', its own reason phrase ('Header Line Too Long') and 'Content-length';"
                            + " Grizzly's says 'HTTP/1.1 400 Bad Request'. The status is compared",
                    d -> d.pythonResponse() != null && "HTTP/1.0".equals(d.pythonResponse().version())
                            && !isHttp10(d.request())
                            && d.pythonResponse().status() == d.javaResponse().status()
                            && (d.kind() == Kind.VERSION || d.kind() == Kind.REASON || d.kind() == Kind.HEADER_CASE)),
            new Intentional("host-required",
                    "an HTTP/1.1 request without Host gets 400 from Grizzly (RFC 9112 §3.2 requires it); eventlet"
                            + " serves it. Every Swift client (proxy, replicator, updater, ssync) sends Host",
                    d -> d.request() != null && !hasHost(d.request()) && !isHttp10(d.request())),
            new Intentional("content-encoding-identity",
                    "Grizzly removes 'Content-Encoding: identity' from every response"
                            + " (HttpCodecFilter.setContentEncodingsOnSerializing; the stored metadata keeps it)."
                            + " 'identity' means no encoding, so an absent header says the same",
                    d -> d.kind() == Kind.HEADER && d.what().equals("content-encoding")
                            && d.python().equals("\"identity\"") && d.java().equals("(absent)")),
            new Intentional("500-bodies",
                    "a 500 carries Python's traceback as its body; ours carries the exception message. Bodies of"
                            + " 500s are not compared, hence neither is their Content-Length",
                    d -> d.kind() == Kind.HEADER && d.what().equals("content-length")
                            && d.pythonResponse().status() == 500 && d.javaResponse().status() == 500));

    private static Path runDir;
    private static UdpLogSink pythonLog;
    private static ServerProcess python;
    private static ServerProcess ours;
    private static int pythonPort;
    private static int oursPort;
    private static Path pythonDevices;
    private static Path oursDevices;
    /** The recon filter's devices and cache, shared by both servers ({@code set devices} in [filter:recon]). */
    private static Path reconDevices;
    private static Path reconCache;
    private static volatile boolean passed;

    @BeforeAll
    static void startServers() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        runDir = Files.createDirectories(project.resolve("target/diff-it/run-" + System.currentTimeMillis()));
        if (System.getProperty("diff.python.port") != null) {
            pythonPort = Integer.getInteger("diff.python.port");
            pythonDevices = Path.of(System.getProperty("diff.python.devices"));
            oursPort = Integer.getInteger("diff.java.port");
            oursDevices = Path.of(System.getProperty("diff.java.devices"));
            return;
        }
        Path etc = Files.createDirectories(runDir.resolve("etc"));
        Files.writeString(etc.resolve("swift.conf"), SWIFT_CONF);
        pythonDevices = devices(runDir.resolve("python/devices"));
        oursDevices = devices(runDir.resolve("ours/devices"));
        pythonLog = new UdpLogSink(runDir.resolve("logs/python-syslog.log"));
        reconDevices = Files.createDirectories(runDir.resolve("recon/devices"));
        reconCache = Files.createDirectories(runDir.resolve("recon/cache"));

        Path swiftRun = project.resolve("src/test/resources/python/swift_run.py");
        // start both, then wait for both: the JVM's start-up dominates
        python = startPython(etc, swiftRun, 0);
        ours = startOurs(project, etc, 0);
        python = awaitOrRetry(python, 60_000, attempt -> startPython(etc, swiftRun, attempt));
        ours = awaitOrRetry(ours, 240_000, attempt -> startOurs(project, etc, attempt));
        pythonPort = python.port();
        oursPort = ours.port();
    }

    @AfterAll
    static void stopServers() throws IOException, InterruptedException {
        if (ours != null) {
            ours.stop(30_000);
        }
        if (python != null) {
            python.stop(15_000);
        }
        if (pythonLog != null) {
            pythonLog.close();
        }
        if (passed && ours != null && python != null) {
            try (Stream<Path> walk = Files.walk(runDir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void sameAnswersAsSwift() throws IOException {
        long seed = Long.getLong("diff.seed", RequestGenerator.DEFAULT_SEED);
        List<Sequence> sequences = RequestGenerator.generate(seed);
        DiffReport report = new DiffReport(INTENTIONAL);
        Set<String> diskReported = new HashSet<>();
        int index = 0;
        try (PrintWriter transcript = new PrintWriter(Files.newBufferedWriter(runDir.resolve("transcript.txt"),
                StandardCharsets.UTF_8))) {
            for (Sequence seq : sequences) {
                for (RawRequest req : seq.requests()) {
                    index++;
                    RawResponse py = RawClient.send(pythonPort, req, REQUEST_TIMEOUT_MS);
                    RawResponse jv = RawClient.send(oursPort, req, REQUEST_TIMEOUT_MS);
                    List<Difference> diffs = ResponseComparator.compare(seq.name(), index, req, py, jv);
                    report.exchange(index, py, jv, diffs);
                    if (!diffs.isEmpty() && req.category() != RawRequest.Category.NORMAL) {
                        report.containerAffected(seq.name());
                    }
                    transcript.printf("#%d %s%n%s  python:%n%s  ours:%n%s", index, req.label(), req.describe(),
                            py.describe(), jv.describe());
                    for (Difference d : diffs) {
                        transcript.println("  * " + d.describe());
                    }
                    transcript.println();
                }
                compareDisks(seq.name(), report, diskReported);
                report.sequenceDone();
                if ((python != null && !python.isAlive()) || (ours != null && !ours.isAlive())) {
                    break;
                }
            }
        }
        String text = report.render(seed);
        Files.writeString(runDir.resolve("report.txt"), text);
        if (python != null && !python.isAlive()) {
            fail("the Python object server died:\n" + python.logTail(4000) + "\n" + text);
        }
        if (ours != null && !ours.isAlive()) {
            fail("our object server died:\n" + ours.logTail(4000) + "\n" + text);
        }
        assertTrue(report.requests() >= MIN_REQUESTS, "only " + report.requests() + " requests generated");
        if (!report.failing().isEmpty()) {
            fail(report.summary(seed) + "\n(details with both responses: " + runDir.resolve("report.txt")
                    + "; every exchange: " + runDir.resolve("transcript.txt") + ")");
        }
        passed = true;
    }

    /** Recon checks that read changing system state: compared by status, Content-Type and JSON structure. */
    private static final Set<String> RECON_VOLATILE = Set.of("/recon/load", "/recon/mem", "/recon/sockstat",
            "/recon/time", "/recon/diskusage", "/recon/mounted");

    /**
     * The recon filter (object-daemons.md §5.3), in both pipelines with the same {@code devices} and
     * {@code recon_cache_path}: every endpoint, invalid and re-quoted paths, other methods, and the 500 of an
     * unknown {@code quarantined/} entry, over the network. Status line, headers (but Date) and body must be
     * identical, except for the endpoints in {@link #RECON_VOLATILE} (structure) and 500 bodies (traceback).
     */
    @Test
    void reconSameAsSwift() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(reconDevices != null, "servers started by hand");
        Files.createDirectories(reconDevices.resolve("sda1/quarantined/objects/a"));
        Files.createDirectories(reconDevices.resolve("sda1/quarantined/objects-1/b"));
        Files.createDirectories(reconDevices.resolve("sdb1/quarantined/containers/c"));
        Files.writeString(reconDevices.resolve("sdb1/.ismount"), "");
        Files.createDirectories(reconDevices.resolve("bad name"));
        Files.writeString(reconCache.resolve("object.recon"), "{\"async_pending\": 7, \"async_pending_last\": "
                + "1700000000.5, \"object_auditor_stats_ZBF\": {\"audit_time\": 0.0053, \"passes\": 2}, "
                + "\"object_expiration_pass\": 0.25, \"expired_last_pass\": 3, \"object_replication_last\": "
                + "1700000001.0, \"object_replication_time\": 0.001, \"object_updater_sweep\": 1e-05, "
                + "\"replication_stats\": {\"attempted\": 4, \"zzz\": \"\\u00e9\"}}\n");
        Files.writeString(reconCache.resolve("container.recon"), "{\"sharding_last\": 12, \"replication_time\": 3}");
        Files.writeString(reconCache.resolve("account.recon"), "{}\n{}\n");
        Files.writeString(reconCache.resolve("drive.recon"), "{\"drive_audit_errors\": 2}");
        Path etc = runDir.resolve("etc");
        Files.writeString(etc.resolve("account.ring.gz"), "not a ring");
        List<String> paths = List.of("/recon/async", "/recon/replication", "/recon/replication/object",
                "/recon/replication/account", "/recon/replication/container", "/recon/updater/object",
                "/recon/updater/container", "/recon/auditor/object", "/recon/auditor/account",
                "/recon/expirer/object", "/recon/reconstruction/object", "/recon/devices", "/recon/unmounted",
                "/recon/quarantined", "/recon/ringmd5", "/recon/swiftconfmd5", "/recon/version",
                "/recon/driveaudit", "/recon/relinker", "/recon/sharding", "/recon/load", "/recon/mem",
                "/recon/sockstat", "/recon/time", "/recon/diskusage", "/recon/mounted",
                "/recon/", "/recon/foo", "/recon/replication/", "/recon/updater", "/recon/auditor/obj",
                "/recon/a%20b", "/recon/x+y", "/recon/%ff", "/recon//async", "/recon/./version", "/reco%6E/version",
                "/recon/ver%73ion", "/recon/version?x=1", "/recon/version;jsessionid=1", "/recon");
        List<String[]> requests = new ArrayList<>();
        for (String p : paths) {
            requests.add(new String[] {"GET", p});
        }
        for (String m : List.of("HEAD", "POST", "PUT", "DELETE", "OPTIONS")) {
            requests.add(new String[] {m, "/recon/async"});
            requests.add(new String[] {m, "/recon/nope"});
        }
        RawResponse version = RawClient.send(oursPort, RawRequest.of("GET", "/recon/version").build(),
                REQUEST_TIMEOUT_MS);
        org.junit.jupiter.api.Assertions.assertEquals("{\"version\": \"2.30.1\"}",
                new String(version.body(), StandardCharsets.UTF_8), "our recon filter answers");
        List<String> failures = new ArrayList<>();
        int index = 0;
        for (String[] r : requests) {
            exchangeRecon(++index, r[0], r[1], failures);
        }
        // Swift lets the KeyError of an unknown quarantined/ entry escape: eventlet's 500
        Files.createDirectories(reconDevices.resolve("sdb1/quarantined/stuff/x"));
        exchangeRecon(++index, "GET", "/recon/quarantined", failures);
        if (!failures.isEmpty()) {
            fail(failures.size() + " recon differences:\n" + String.join("\n", failures));
        }
    }

    private static void exchangeRecon(int index, String method, String target, List<String> failures) {
        RawRequest req = RawRequest.of(method, target).label("recon " + method + " " + target).build();
        RawResponse py = RawClient.send(pythonPort, req, REQUEST_TIMEOUT_MS);
        RawResponse jv = RawClient.send(oursPort, req, REQUEST_TIMEOUT_MS);
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        if (RECON_VOLATILE.contains(path)) {
            if (py.status() != jv.status() || !Objects.equals(py.header("Content-Type"), jv.header("Content-Type"))
                    || !jsonShape(py.body()).equals(jsonShape(jv.body()))) {
                failures.add("#" + index + " " + req.label() + ":\n  python: " + py.describe() + "\n  ours: "
                        + jv.describe());
            }
            return;
        }
        for (Difference d : ResponseComparator.compare("recon", index, req, py, jv)) {
            boolean excused = INTENTIONAL.stream().anyMatch(i -> i.matches().test(d))
                    // eventlet's own 500 page spells "Content-type"/"Content-length"
                    || (d.kind() == Kind.HEADER_CASE && py.status() == 500 && jv.status() == 500);
            if (!excused) {
                failures.add("#" + index + " " + d.describe());
            }
        }
    }

    /** Key paths and value types of a JSON body (array elements merged), or the body itself if not JSON. */
    private static Set<String> jsonShape(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        Set<String> out = new TreeSet<>();
        try (jakarta.json.JsonReader r = jakarta.json.Json.createReader(new java.io.StringReader("[" + text + "]"))) {
            jsonShape(r.readArray().get(0), "$", out);
        } catch (RuntimeException e) {
            out.add("not JSON: " + text);
        }
        return out;
    }

    private static void jsonShape(jakarta.json.JsonValue v, String at, Set<String> out) {
        switch (v.getValueType()) {
            case OBJECT -> v.asJsonObject().forEach((k, x) -> jsonShape(x, at + "." + k, out));
            case ARRAY -> v.asJsonArray().forEach(x -> jsonShape(x, at + "[]", out));
            case NUMBER -> out.add(at + ":" + (((jakarta.json.JsonNumber) v).isIntegral() ? "int" : "float"));
            default -> out.add(at + ":" + v.getValueType());
        }
    }

    /** Differences between the two device trees not reported before. */
    private static void compareDisks(String seq, DiffReport report, Set<String> reported) {
        Map<String, String> p = DiskSnapshot.of(pythonDevices).entries();
        Map<String, String> o = DiskSnapshot.of(oursDevices).entries();
        Set<String> paths = new TreeSet<>(p.keySet());
        paths.addAll(o.keySet());
        for (String path : paths) {
            String a = p.get(path);
            String b = o.get(path);
            if (Objects.equals(a, b)) {
                continue;
            }
            String pv = a == null ? "(absent)" : a.isEmpty() ? "(present)" : "\"" + a.replace("\n", "\\n") + "\"";
            String ov = b == null ? "(absent)" : b.isEmpty() ? "(present)" : "\"" + b.replace("\n", "\\n") + "\"";
            if (reported.add(path + "\0" + pv + "\0" + ov)) {
                report.add(new Difference(seq, 0, null, Kind.DISK, path, pv, ov, null, null));
            }
        }
    }

    private static boolean isHttp10(RawRequest r) {
        String head = new String(r.bytes(), 0, Math.min(r.bytes().length, 8192), StandardCharsets.ISO_8859_1);
        int eol = head.indexOf("\r\n");
        return (eol < 0 ? head : head.substring(0, eol)).endsWith(" HTTP/1.0");
    }

    private static boolean hasHost(RawRequest r) {
        String head = new String(r.bytes(), StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        return (end < 0 ? head : head.substring(0, end)).toLowerCase(Locale.ROOT).contains("\r\nhost:");
    }

    // ------------------------------------------------------------------ servers

    private interface Starter {
        ServerProcess start(int attempt) throws IOException;
    }

    /** Waits for a server; if it exited (its port was taken meanwhile), starts another on a new port. */
    private static ServerProcess awaitOrRetry(ServerProcess first, long timeoutMs, Starter starter) throws Exception {
        ServerProcess s = first;
        for (int attempt = 1; ; attempt++) {
            if (s.awaitReady(timeoutMs)) {
                return s;
            }
            boolean died = !s.isAlive();
            s.stop(10_000);
            if (!died || attempt >= 3) {
                fail(s.name() + " did not become ready on port " + s.port() + ":\n" + s.logTail(6000));
            }
            s = starter.start(attempt);
        }
    }

    private static Path devices(Path root) throws IOException {
        for (String d : DEVICES) {
            Files.createDirectories(root.resolve(d));
        }
        return root;
    }

    /** The object-server.conf both servers get, but for port, devices and the log receiver. */
    private static Path writeConf(Path file, int port, Path devices, Path etc) throws IOException {
        Files.writeString(file, """
                [DEFAULT]
                bind_ip = 127.0.0.1
                bind_port = %d
                devices = %s
                mount_check = false
                swift_dir = %s
                workers = 0
                user = %s
                disable_fallocate = true
                log_udp_host = 127.0.0.1
                log_udp_port = %d

                [pipeline:main]
                pipeline = recon object-server

                [app:object-server]
                use = egg:swift#object

                [filter:recon]
                use = egg:swift#recon
                set devices = %s
                recon_cache_path = %s

                [object-replicator]
                run_daemon = false
                [object-updater]
                run_daemon = false
                [object-auditor]
                run_daemon = false
                """.formatted(port, devices, etc, System.getProperty("user.name"), pythonLog.port(), reconDevices,
                        reconCache));
        return file;
    }

    private static ServerProcess startPython(Path etc, Path swiftRun, int attempt) throws IOException {
        int port = ServerProcess.freePort();
        Path conf = writeConf(etc.resolve("python-object-server.conf"), port, pythonDevices, etc);
        List<String> cmd = List.of("/usr/bin/python3", swiftRun.toString(), etc.toString(),
                "/usr/bin/swift-object-server", conf.toString());
        return ServerProcess.start("python object server", cmd,
                Map.of("PYTHONDONTWRITEBYTECODE", "1", "PYTHONPATH", "", "PYTHONHOME", ""), port,
                runDir.resolve("logs/python-stdout-" + attempt + ".log"));
    }

    private static ServerProcess startOurs(Path project, Path etc, int attempt) throws IOException {
        int port = ServerProcess.freePort();
        Path conf = writeConf(etc.resolve("ours-object-server.conf"), port, oursDevices, etc);
        List<String> cmd = new ArrayList<>(List.of(project.resolve("payara/run.sh").toString(), conf.toString()));
        // run.sh's own JVM options (the deployment under test); never a nested Maven build inside
        // this one (SWIFTNODE_NO_BUILD; -o in case the script predates it)
        return ServerProcess.start("our object server", cmd, Map.of(
                "SWIFTNODE_DATA", runDir.resolve("ours").toString(),
                "SWIFTNODE_LOG_DIR", runDir.resolve("logs").toString(),
                "SWIFTNODE_NO_BUILD", "1",
                "SWIFTNODE_MVN_FLAGS", "-o",
                "SWIFTNODE_JAVA_OPTS", ""),
                port, runDir.resolve("logs/ours-stdout-" + attempt + ".log"));
    }
}
