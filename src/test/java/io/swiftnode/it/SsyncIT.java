package io.swiftnode.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.FileLocks;
import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.XattrMetadata;
import io.swiftnode.it.diff.ServerProcess;
import io.swiftnode.replication.SsyncSender;
import io.swiftnode.replication.SyncJob;
import io.swiftnode.replication.SyncTarget;
import io.swiftnode.replication.SyncTransport;
import io.swiftnode.testsupport.Python;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * SSYNC interop with Debian's Swift 2.30.1, both directions, on loopback with ports picked per run:
 * a Python object server ({@code swift-object-server} through {@code swift_run.py}) and ours
 * ({@code payara/run.sh}, the one Payara boot of this class). Objects of every kind (data with user
 * metadata, a tombstone, a {@code .meta}, a content-type change followed by a metadata-only POST, an
 * expired object, non-ASCII metadata and names, a multi-chunk body) are written through the Python
 * server into device {@code src}; then
 * <ul>
 * <li>Swift's own sender ({@code ssync_sender.Sender}, {@code ssync_send.py}) pushes them to the
 * Python server's {@code ref} (the reference outcome) and to our server's {@code dsta};</li>
 * <li>our {@link SsyncSender} pushes them to the Python server's {@code dstb} and to our {@code dstc}.</li>
 * </ul>
 * Every destination must hold exactly the reference's files (names under {@code objects/}) with the
 * same metadata, and both senders must report the same in-sync map. Raw-socket checks cover the
 * full-duplex start (response head and first chunk before any request body), the in-band errors and
 * the dropped connection after one.
 *
 * <p>Run alone: {@code mvn -o verify -Dit.test=SsyncIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SsyncIT {
    private static final String PREFIX = "ssync-prefix";
    private static final String SUFFIX = "ssync-suffix";
    private static final String SWIFT_CONF = """
            [swift-hash]
            swift_hash_path_prefix = %s
            swift_hash_path_suffix = %s

            [storage-policy:0]
            name = gold
            default = yes

            [storage-policy:1]
            name = silver
            """.formatted(PREFIX, SUFFIX);
    private static final String PART = "7";

    private static Path runDir;
    private static Path etc;
    private static Path pyDevices;
    private static Path ourDevices;
    private static ServerProcess python;
    private static ServerProcess ours;
    private static JsonObject reference;
    private static volatile boolean passed = true;

    @BeforeAll
    static void start() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        runDir = Files.createDirectories(project.resolve("target/ssync-it/run-" + System.currentTimeMillis()));
        etc = Files.createDirectories(runDir.resolve("etc"));
        Files.writeString(etc.resolve("swift.conf"), SWIFT_CONF);
        pyDevices = runDir.resolve("python/devices");
        ourDevices = runDir.resolve("ours/devices");
        for (String d : List.of("src", "ref", "dstb")) {
            Files.createDirectories(pyDevices.resolve(d));
        }
        for (String d : List.of("dsta", "dstc", "locked")) {
            Files.createDirectories(ourDevices.resolve(d));
        }
        Path swiftRun = project.resolve("src/test/resources/python/swift_run.py");
        python = startPython(swiftRun);
        ours = startOurs(project);
        if (!python.awaitReady(60_000)) {
            fail("python object server not ready:\n" + python.logTail(4000));
        }
        populate();
        if (!ours.awaitReady(240_000)) {
            fail("our object server not ready:\n" + ours.logTail(6000));
        }
        reference = pythonSend("ref", python.port(), false);
        assertTrue(reference.getBoolean("success"), reference.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (ours != null) {
            ours.stop(30_000);
        }
        if (python != null) {
            python.stop(15_000);
        }
        if (passed && runDir != null) {
            try (Stream<Path> w = Files.walk(runDir)) {
                for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String conf(int port, Path devices) {
        return """
                [DEFAULT]
                bind_ip = 127.0.0.1
                bind_port = %d
                devices = %s
                mount_check = false
                swift_dir = %s
                workers = 0
                user = %s
                disable_fallocate = true

                [pipeline:main]
                pipeline = object-server

                [app:object-server]
                use = egg:swift#object
                replication_lock_timeout = 1

                [object-replicator]
                [object-updater]
                [object-auditor]
                """.formatted(port, devices, etc, System.getProperty("user.name"));
    }

    private static ServerProcess startPython(Path swiftRun) throws IOException {
        int port = ServerProcess.freePort();
        Path conf = etc.resolve("python.conf");
        Files.writeString(conf, conf(port, pyDevices));
        return ServerProcess.start("python object server", List.of("/usr/bin/python3", swiftRun.toString(),
                etc.toString(), "/usr/bin/swift-object-server", conf.toString()),
                Map.of("PYTHONDONTWRITEBYTECODE", "1", "PYTHONPATH", "", "PYTHONHOME", ""), port,
                runDir.resolve("logs/python.log"));
    }

    private static ServerProcess startOurs(Path project) throws IOException {
        int port = ServerProcess.freePort();
        Path conf = etc.resolve("ours.conf");
        Files.writeString(conf, conf(port, ourDevices));
        return ServerProcess.start("our object server", List.of(project.resolve("payara/run.sh").toString(),
                conf.toString()), Map.of(
                        "SWIFTNODE_DATA", runDir.resolve("ours").toString(),
                        "SWIFTNODE_LOG_DIR", runDir.resolve("logs").toString(),
                        "SWIFTNODE_NO_BUILD", "1",
                        "SWIFTNODE_MVN_FLAGS", "-o",
                        "SWIFTNODE_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xmx400m"),
                port, runDir.resolve("logs/ours-stdout.log"));
    }

    /** Writes the objects through the Python server into {@code src}, and waits until one has expired. */
    private static void populate() {
        Python.script("""
                import http.client, sys, time, urllib.parse
                port, dev, part = int(sys.argv[1]), sys.argv[2], sys.argv[3]
                now = time.time()
                def req(m, o, h, body=b''):
                    c = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
                    c.putrequest(m, urllib.parse.quote('/%s/%s/a/c/%s' % (dev, part, o)))
                    for k, v in h.items():
                        c.putheader(k, v)
                    c.putheader('Content-Length', str(len(body)))
                    c.endheaders()
                    c.send(body)
                    r = c.getresponse()
                    r.read()
                    assert r.status in (201, 202, 204), (m, o, r.status)
                def ts(d):
                    return '%.5f' % (now + d)
                req('PUT', 'data', {'X-Timestamp': ts(-100), 'Content-Type': 'text/plain',
                                    'X-Object-Meta-Color': 'blue'}, b'hello')
                req('PUT', 'deleted', {'X-Timestamp': ts(-100), 'Content-Type': 'text/plain'}, b'gone')
                req('DELETE', 'deleted', {'X-Timestamp': ts(-90)})
                req('PUT', 'posted', {'X-Timestamp': ts(-100), 'Content-Type': 'text/plain'}, b'meta')
                req('POST', 'posted', {'X-Timestamp': ts(-80), 'X-Object-Meta-Fruit': 'apple'})
                req('PUT', 'ctype', {'X-Timestamp': ts(-100), 'Content-Type': 'text/plain'}, b'ctype')
                req('POST', 'ctype', {'X-Timestamp': ts(-70), 'Content-Type': 'application/x-new',
                                      'X-Object-Meta-A': '1'})
                req('POST', 'ctype', {'X-Timestamp': ts(-60), 'X-Object-Meta-B': '2'})
                req('PUT', 'expired', {'X-Timestamp': ts(-100), 'Content-Type': 'text/plain',
                                       'X-Delete-At': str(int(now + 2))}, b'expiring')
                req('PUT', 'nonascii', {'X-Timestamp': ts(-100), 'Content-Type': 'text/plain',
                                        'X-Object-Meta-Name': 'caf\\u00e9'.encode('utf8').decode('latin1')}, b'x')
                req('PUT', 'dir/\\u00fcn\\u00ef c\\u00f4de?%', {'X-Timestamp': ts(-100),
                                                          'Content-Type': 'text/plain'}, b'unicode name')
                req('PUT', 'big', {'X-Timestamp': ts(-100), 'Content-Type': 'application/octet-stream',
                                   'Content-Disposition': 'inline'}, bytes(range(256)) * 1000)
                time.sleep(max(0, int(now + 2) + 1.2 - time.time()))
                """).args(python.port(), "src", PART).run();
    }

    private static JsonObject pythonSend(String remoteDevice, int port, boolean remoteCheck) {
        List<Object> args = new ArrayList<>(List.of(etc.toString(), pyDevices.toString(), "src", PART, 0,
                "127.0.0.1", port, remoteDevice));
        if (remoteCheck) {
            args.add("--remote-check");
        }
        String out = Python.resource("ssync_send.py").args(args.toArray()).run();
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        return Json.createReader(new StringReader(last)).readObject();
    }

    /** Every object hash of the source partition (what Python's sender is given for a remote check). */
    private static Set<String> allHashes() {
        Path partDir = pyDevices.resolve("src/objects").resolve(PART);
        try (Stream<Path> s = Files.walk(partDir, 2)) {
            return s.filter(p -> p.getNameCount() == partDir.getNameCount() + 2 && Files.isDirectory(p))
                    .map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(
                            java.util.TreeSet::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SyncTransport.Result javaSend(String remoteDevice, int port, boolean remoteCheck)
            throws InterruptedException {
        return javaSend(remoteDevice, port, remoteCheck ? allHashes() : null);
    }

    private static SyncTransport.Result javaSend(String remoteDevice, int port, Set<String> remoteCheck)
            throws InterruptedException {
        DiskConfig dc = DiskConfig.defaults(pyDevices, new HashPath(PREFIX, SUFFIX)).withPolicies(Set.of(0, 1));
        SsyncSender sender = new SsyncSender(new DiskFileManager(dc), 5, 30, 60, 65536);
        Path partDir = pyDevices.resolve("src/objects").resolve(PART);
        List<String> suffixes;
        try (Stream<Path> s = Files.list(partDir)) {
            suffixes = s.map(p -> p.getFileName().toString()).filter(n -> n.length() == 3).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return sender.sync(new SyncJob("src", pyDevices.resolve("src"), 0, PART, partDir, 1),
                new SyncTarget("127.0.0.1", port, remoteDevice, 1, 1), suffixes, remoteCheck);
    }

    /** Every file in hash directories of a device, by path below {@code objects/}, with its metadata. */
    private static Map<String, Map<String, String>> objects(Path device) throws IOException {
        Map<String, Map<String, String>> m = new TreeMap<>();
        Path base = device.resolve("objects");
        if (!Files.isDirectory(base)) {
            return m;
        }
        try (Stream<Path> w = Files.walk(base)) {
            for (Path p : w.filter(Files::isRegularFile).toList()) {
                Path rel = base.relativize(p);
                if (rel.getNameCount() == 4) {
                    m.put(rel.toString(), new TreeMap<>(XattrMetadata.read(p)));
                }
            }
        }
        return m;
    }

    private static Map<String, Map<String, String>> json(JsonObject inSync) {
        Map<String, Map<String, String>> m = new TreeMap<>();
        for (String h : inSync.keySet()) {
            Map<String, String> ts = new TreeMap<>();
            inSync.getJsonObject(h).forEach((k, v) -> ts.put(k, ((jakarta.json.JsonString) v).getString()));
            m.put(h, ts);
        }
        return m;
    }

    private static Map<String, Map<String, String>> sorted(Map<String, Map<String, String>> in) {
        Map<String, Map<String, String>> m = new TreeMap<>();
        in.forEach((k, v) -> m.put(k, new TreeMap<>(v)));
        return m;
    }

    private static void track(Runnable r) {
        try {
            r.run();
        } catch (AssertionError | RuntimeException e) {
            passed = false;
            throw e;
        }
    }

    @Test
    @Order(1)
    void referenceHasEveryKind() throws IOException {
        Map<String, Map<String, String>> ref = objects(pyDevices.resolve("ref"));
        track(() -> {
            assertEquals(8, reference.getJsonObject("in_sync").size(), reference.toString());
            assertTrue(ref.keySet().stream().anyMatch(k -> k.endsWith(".ts")), ref.keySet().toString());
            assertTrue(ref.keySet().stream().anyMatch(k -> k.matches(".*\\+[0-9a-f]+\\.meta|.*-[0-9a-f]+\\.meta")),
                    "a .meta with a content-type delta: " + ref.keySet());
            assertTrue(ref.values().stream().anyMatch(md -> md.containsKey("X-Delete-At")), "the expired object");
        });
    }

    @Test
    @Order(2)
    void pythonSenderToOurReceiver() throws IOException {
        JsonObject r = pythonSend("dsta", ours.port(), false);
        Map<String, Map<String, String>> got = objects(ourDevices.resolve("dsta"));
        Map<String, Map<String, String>> want = objects(pyDevices.resolve("ref"));
        track(() -> {
            assertTrue(r.getBoolean("success"), r + "\n" + ours.logTail(3000));
            assertEquals(json(reference.getJsonObject("in_sync")), json(r.getJsonObject("in_sync")));
            assertEquals(want, got);
        });
        // a second pass finds everything in sync; remote-check mode reports all as deletable
        JsonObject again = pythonSend("dsta", ours.port(), true);
        track(() -> {
            assertTrue(again.getBoolean("success"), again.toString());
            assertEquals(json(reference.getJsonObject("in_sync")), json(again.getJsonObject("in_sync")));
        });
    }

    @Test
    @Order(3)
    void ourSenderToPythonReceiver() throws Exception {
        SyncTransport.Result r = javaSend("dstb", python.port(), false);
        Map<String, Map<String, String>> got = objects(pyDevices.resolve("dstb"));
        Map<String, Map<String, String>> want = objects(pyDevices.resolve("ref"));
        track(() -> {
            assertTrue(r.success(), python.logTail(3000));
            assertEquals(json(reference.getJsonObject("in_sync")), sorted(r.inSync()));
            assertEquals(want, got);
        });
        SyncTransport.Result check = javaSend("dstb", python.port(), true);
        track(() -> {
            assertTrue(check.success());
            assertEquals(json(reference.getJsonObject("in_sync")), sorted(check.inSync()));
        });
        // remote_check_objs: only the objects asked about are offered and reported
        String one = allHashes().iterator().next();
        SyncTransport.Result single = javaSend("dstb", python.port(), Set.of(one));
        track(() -> {
            assertTrue(single.success());
            assertEquals(Set.of(one), single.inSync().keySet());
        });
    }

    @Test
    @Order(4)
    void ourSenderToOurReceiver() throws Exception {
        SyncTransport.Result check = javaSend("dstc", ours.port(), true);
        track(() -> {
            assertTrue(check.success());
            assertEquals(Map.of(), check.inSync(), "remote-check mode sends nothing and nothing is in sync yet");
        });
        SyncTransport.Result r = javaSend("dstc", ours.port(), false);
        Map<String, Map<String, String>> got = objects(ourDevices.resolve("dstc"));
        Map<String, Map<String, String>> want = objects(pyDevices.resolve("ref"));
        track(() -> {
            assertTrue(r.success(), ours.logTail(3000));
            assertEquals(want, got);
        });
    }

    // ------------------------------------------------------------------ raw socket

    private static byte[] chunk(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        o.writeBytes(b);
        o.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return o.toByteArray();
    }

    /** Reads until {@code marker} appears or the time is up; what arrived. */
    private static String readUntil(InputStream in, String marker, long millis) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long end = System.currentTimeMillis() + millis;
        byte[] buf = new byte[4096];
        while (System.currentTimeMillis() < end) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                break;
            }
            got.write(buf, 0, n);
            if (got.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
                break;
            }
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    private static Socket ssync(String device) throws IOException {
        Socket s = new Socket("127.0.0.1", ours.port());
        s.setSoTimeout(200);
        s.getOutputStream().write(("SSYNC /" + device + "/" + PART + " HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\nX-Backend-Storage-Policy-Index: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    @Test
    @Order(5)
    void responseStartsBeforeTheBodyAndEveryMessageIsItsOwnChunk() throws IOException {
        try (Socket s = ssync("dsta")) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String head = readUntil(in, "\r\n\r\n2\r\n\r\n\r\n", 10_000);
            track(() -> {
                assertTrue(head.startsWith("HTTP/1.1 200 "), head);
                assertTrue(head.contains("\r\nX-Backend-Accept-No-Commit: True\r\n"), head);
                assertTrue(head.toLowerCase().contains("\r\ntransfer-encoding: chunked\r\n"), head);
                assertTrue(head.endsWith("\r\n\r\n2\r\n\r\n\r\n"), "first chunk before any body: " + head);
            });
            out.write(chunk(":MISSING_CHECK: START\r\n"));
            out.write(chunk("00000000000000000000000000000abc 1700000000.00000\r\n"));
            out.write(chunk(":MISSING_CHECK: END\r\n"));
            out.flush();
            String mc = readUntil(in, ":MISSING_CHECK: END\r\n\r\n", 10_000);
            track(() -> assertEquals("17\r\n:MISSING_CHECK: START\r\n\r\n"
                    + "23\r\n00000000000000000000000000000abc dm\r\n"
                    + "2\r\n\r\n\r\n"
                    + "15\r\n:MISSING_CHECK: END\r\n\r\n", mc));
            out.write(chunk(":UPDATES: START\r\n"));
            out.write(chunk(":UPDATES: END\r\n"));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String up = readUntil(in, "0\r\n\r\n", 10_000);
            track(() -> assertEquals("11\r\n:UPDATES: START\r\n\r\nf\r\n:UPDATES: END\r\n\r\n0\r\n\r\n", up));
        }
    }

    @Test
    @Order(6)
    void protocolErrorIsAnErrorLineThenTheConnectionCloses() throws IOException {
        try (Socket s = ssync("dsta")) {
            readUntil(s.getInputStream(), "\r\n\r\n2\r\n\r\n\r\n", 10_000);
            s.getOutputStream().write(chunk("garbage 'x'\r\n"));
            s.getOutputStream().flush();
            String got = readUntil(s.getInputStream(), "(never)", 5_000);
            track(() -> {
                assertTrue(got.contains(":ERROR: 0 'Looking for :MISSING_CHECK: START got b\"garbage \\'x\\'\\\\r\\\\n\"'\n"),
                        got);
            });
            boolean closed;
            try {
                s.setSoTimeout(5_000);
                closed = s.getInputStream().read() < 0;
            } catch (IOException e) {
                closed = true;
            }
            boolean c = closed;
            track(() -> assertTrue(c, "connection dropped after the error"));
        }
    }

    @Test
    @Order(7)
    void partitionLockTimeoutIsAnInBandError() throws IOException {
        Path partDir = ourDevices.resolve("locked/objects").resolve(PART);
        try (FileLocks.Held held = FileLocks.lockPath(partDir, Duration.ofSeconds(5), "replication", 1);
                Socket s = ssync("locked")) {
            String got = readUntil(s.getInputStream(), "'\n", 10_000);
            track(() -> assertTrue(got.contains("\r\n:ERROR: 0 '1 second: " + partDir + "/.lock-replication'\n"),
                    got));
        }
    }

    @Test
    @Order(8)
    void unknownDeviceIs507BeforeTheBody() throws IOException {
        try (Socket s = ssync("nosuchdevice")) {
            String got = readUntil(s.getInputStream(), "</html>", 10_000);
            track(() -> {
                assertTrue(got.startsWith("HTTP/1.1 507 "), got);
                assertFalse(got.contains(":ERROR:"), got);
            });
        }
    }
}
