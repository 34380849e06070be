package io.swiftnode.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The node as production starts it: {@code payara/run.sh CONF} with a generated config on a free port, checked
 * on raw sockets. The HTTP listener starts closed and the Payara glue opens it once the WAR has started, with its
 * probes in the listener's filter chain before the first connection is read (see
 * {@code io.swiftnode.payara.LazyContinueInstaller}), so:
 * <ul>
 * <li>while Payara boots, every connection attempt is refused, and the first request that gets an answer is
 *     already answered with the glue (a reserved-namespace path that Grizzly alone rejects with an empty 400, and
 *     {@code Expect: 100-continue} refused without a 100);</li>
 * <li>a PUT with {@code Expect: 100-continue} that the object server refuses (the same X-Timestamp twice: 409)
 *     gets the final status as its first response line, never a 100;</li>
 * <li>a reserved-namespace object ({@code %00} names, object-server-http.md §2.3) is stored and read back;</li>
 * <li>{@code /healthcheck} answers OK, and headers longer than Grizzly's default 8 KiB header buffer in total
 *     pass (preboot.asadmin);</li>
 * <li>SIGTERM to the PID run.sh printed (it execs Java) stops the server.</li>
 * </ul>
 * run.sh runs with {@code SWIFTNODE_NO_BUILD} (never a Maven build inside this one: failsafe runs after the
 * package phase) and the JDK running this test; the node lives under {@code target/run-script-it/<port>/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class RunScriptIT {
    private static final long BOOT_TIMEOUT_SECONDS = 240;
    private static final long STOP_TIMEOUT_SECONDS = 60;
    private static final int ATTEMPTS = 3;
    /** The request sent while waiting for the node: Grizzly alone answers it with a 100 or an empty 400. */
    private static final String BOOT_PROBE = "PUT /sda1/0/%00a/%00c/%00boot HTTP/1.1\r\nHost: node\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n";
    private static final Pattern OPENED =
            Pattern.compile("listener http-listener opened on /127\\.0\\.0\\.1:(\\d+) with lazy 100-continue");

    private static Process process;
    private static int port;
    private static Path log;
    private static int refusedWhileBooting;
    private static Response firstResponse;

    @BeforeAll
    static void start() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            Path base = project.resolve("target/run-script-it/" + port);
            Path conf = writeNode(base);
            log = base.resolve("stdout.log");
            ProcessBuilder pb = new ProcessBuilder(project.resolve("payara/run.sh").toString(), conf.toString())
                    .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("SWIFTNODE_DATA", base.resolve("data").toString());
            env.put("SWIFTNODE_NO_BUILD", "1");
            env.put("SWIFTNODE_MVN_FLAGS", "-o");
            env.put("SWIFTNODE_JAVA_OPTS", "-Xms128m -Xmx512m -XX:+UseSerialGC");
            env.put("JAVA_HOME", System.getProperty("java.home"));
            process = pb.start();
            if (awaitFirstResponse()) {
                return;
            }
            stopNow();
            if (attempt == ATTEMPTS) {
                fail("port " + port + " was taken before Payara bound it, " + ATTEMPTS + " times; log " + log);
            }
        }
    }

    /**
     * Sends {@link #BOOT_PROBE} until a connection is accepted, counting refused connections, and keeps the
     * first response. Returns false if the port turned out to be another process's (Payara could not bind it).
     */
    private static boolean awaitFirstResponse() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOOT_TIMEOUT_SECONDS);
        while (true) {
            if (!process.isAlive()) {
                fail("run.sh exited with " + process.exitValue() + " while booting:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                fail("the node did not open its port within " + BOOT_TIMEOUT_SECONDS + " s:\n" + tail());
            }
            try (Conn c = Conn.open(port)) {
                c.send(BOOT_PROBE);
                firstResponse = c.response();
                break;
            } catch (ConnectException refused) {
                refusedWhileBooting++;
                Thread.sleep(50);
            }
        }
        System.out.println("RunScriptIT: " + refusedWhileBooting + " connection(s) refused while booting, then "
                + firstResponse.statusLine());
        // the answer came from our node only if Payara opened this port (else it logs why it could not)
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            Matcher m = OPENED.matcher(text);
            if (m.find()) {
                assertEquals(port, Integer.parseInt(m.group(1)), text);
                return true;
            }
            if (text.contains("was enabled but is not running")) {
                return false;               // bind failed: someone else has the port
            }
            if (!process.isAlive()) {
                fail("run.sh exited with " + process.exitValue() + ":\n" + tail());
            }
            Thread.sleep(100);
        }
        fail("no 'listener http-listener opened' line in " + log + " (first response: " + firstResponse + "):\n"
                + tail());
        return false;
    }

    @AfterAll
    static void stopIfRunning() throws Exception {
        if (process != null && process.isAlive()) {
            stopNow();
        }
    }

    private static void stopNow() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void bootRefusesConnectionsAndTheFirstAnswerHasTheGlue() throws IOException {
        assertTrue(refusedWhileBooting > 0, "no connection was refused while Payara booted");
        Response r = firstResponse;
        assertNotNull(r);
        // neither a 100 (Grizzly's eager acknowledgement) nor Grizzly's empty 400 for %00, nor Payara's 404
        assertEquals("HTTP/1.1 400 Bad Request", r.statusLine(), r.toString());
        assertEquals("Missing X-Timestamp header", r.bodyText(), r.toString());
        assertEquals("close", r.header("connection"), r.toString());
        assertFalse(Files.readString(log, StandardCharsets.ISO_8859_1).contains("[SEVERE] [] [io.swiftnode"),
                "SEVERE from the application in " + log);
    }

    /** (1) A refused {@code Expect: 100-continue} PUT gets its final status first, and no 100. */
    @Test
    @Order(2)
    void refusedExpectPutGetsTheFinalStatusInsteadOf100() throws IOException {
        String timestamp = String.format(Locale.ROOT, "%.5f", System.currentTimeMillis() / 1000.0);
        String put = "PUT /sda1/0/a/c/expect-409 HTTP/1.1\r\nHost: node\r\nX-Timestamp: " + timestamp
                + "\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n";
        try (Conn c = Conn.open(port)) {
            c.send(put);
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", c.head(), "the first PUT reads its body");
            c.send("hello");
            Response created = c.response();
            assertEquals(201, created.status(), created.toString());
        }
        try (Conn c = Conn.open(port)) {
            c.send(put);
            String head = c.head();
            assertTrue(head.startsWith("HTTP/1.1 409 "), "first response line: " + head);
            Response conflict = Response.parse(head, c);
            assertEquals(timestamp, conflict.header("x-backend-timestamp"), conflict.toString());
            assertEquals("close", conflict.header("connection"), conflict.toString());
            assertTrue(c.closedByServer(), "the connection closes after the 409 (the body never came)");
        }
    }

    /** (2) Object names in the reserved namespace (§2.3: all three start with NUL) are stored and read back. */
    @Test
    @Order(3)
    void reservedNamespaceObjectIsStoredAndReadBack() throws IOException {
        String timestamp = String.format(Locale.ROOT, "%.5f", System.currentTimeMillis() / 1000.0);
        try (Conn c = Conn.open(port)) {
            c.send("PUT /sda1/0/%00a/%00c/%00o HTTP/1.1\r\nHost: node\r\nX-Timestamp: " + timestamp
                    + "\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\nreserved");
            Response r = c.response();
            assertEquals(201, r.status(), r.toString());
            // the same name, decoded once: %6F is "o"
            for (String path : List.of("/sda1/0/%00a/%00c/%00o", "/sda1/0/%00a/%00c/%00%6F")) {
                c.send("GET " + path + " HTTP/1.1\r\nHost: node\r\n\r\n");
                r = c.response();
                assertEquals(200, r.status(), path + ": " + r);
                assertEquals("reserved", r.bodyText(), path);
                assertEquals(timestamp, r.header("x-timestamp"), path);
            }
            // a NUL inside a name that does not start with it is Swift's 400
            c.send("GET /sda1/0/a/c/o%00 HTTP/1.1\r\nHost: node\r\n\r\n");
            r = c.response();
            assertEquals(400, r.status(), r.toString());
            assertEquals("Invalid reserved-namespace object", r.bodyText(), r.toString());
        }
    }

    /** (3) The healthcheck; with headers whose sum exceeds Grizzly's default 8192-byte header buffer. */
    @Test
    @Order(4)
    void healthcheckAndLongHeaders() throws IOException {
        try (Conn c = Conn.open(port)) {
            c.send("GET /healthcheck HTTP/1.1\r\nHost: node\r\n\r\n");
            Response r = c.response();
            assertEquals(200, r.status(), r.toString());
            assertEquals("OK", r.bodyText());
            c.send("GET /healthcheck HTTP/1.1\r\nHost: node\r\nX-Long-1: " + "a".repeat(8000) + "\r\nX-Long-2: "
                    + "b".repeat(8000) + "\r\nX-Long-3: " + "c".repeat(8000) + "\r\n\r\n");
            r = c.response();
            assertEquals(200, r.status(), r.toString());
            assertEquals("OK", r.bodyText());
        }
    }

    /** run.sh exec'ed Java: SIGTERM to its PID stops Payara. */
    @Test
    @Order(5)
    void sigtermToTheScriptPidStopsTheServer() throws Exception {
        long pid = process.pid();
        String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        assertTrue(cmdline.contains("payara-micro.jar") && cmdline.contains("--port " + port + " "), cmdline);
        process.destroy();                                  // SIGTERM
        assertTrue(process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS), "still running after SIGTERM");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            fail("port " + port + " still accepts connections after the server stopped");
        } catch (ConnectException expected) {
            // refused
        }
    }

    private static Path writeNode(Path base) throws IOException {
        Path etc = Files.createDirectories(base.resolve("etc"));
        Path devices = base.resolve("devices");
        Files.createDirectories(devices.resolve("sda1"));
        Files.writeString(etc.resolve("swift.conf"), """
                [swift-hash]
                swift_hash_path_prefix = run-script-it-prefix
                swift_hash_path_suffix = run-script-it-suffix

                [storage-policy:0]
                name = gold
                default = yes
                """);
        Path conf = etc.resolve("object-server.conf");
        Files.writeString(conf, """
                [DEFAULT]
                bind_ip = 127.0.0.1
                bind_port = %d
                devices = %s
                mount_check = false
                swift_dir = %s
                disable_fallocate = true
                recon_cache_path = %s

                [pipeline:main]
                pipeline = healthcheck object-server

                [app:object-server]
                use = egg:swift#object

                [filter:healthcheck]
                use = egg:swift#healthcheck

                [object-replicator]
                run_daemon = false
                [object-updater]
                run_daemon = false
                [object-auditor]
                run_daemon = false
                """.formatted(port, devices, etc, Files.createDirectories(base.resolve("cache"))));
        return conf;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A raw HTTP/1.1 connection. */
    private static final class Conn implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Conn open(int port) throws IOException {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                s.setSoTimeout(30_000);
                return new Conn(s);
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** The next response head (status line and headers, with the blank line). */
        String head() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed after " + b.size() + " bytes: "
                            + b.toString(StandardCharsets.ISO_8859_1));
                }
                b.write(c);
                state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                        ? state + 1 : (c == '\r' ? 1 : 0);
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        Response response() throws IOException {
            return Response.parse(head(), this);
        }

        byte[] read(int n) throws IOException {
            byte[] body = in.readNBytes(n);
            if (body.length != n) {
                throw new IOException("body ended after " + body.length + " of " + n + " bytes");
            }
            return body;
        }

        boolean closedByServer() throws IOException {
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private record Response(String statusLine, Map<String, String> headers, byte[] body) {
        static Response parse(String head, Conn c) throws IOException {
            String[] lines = head.split("\r\n");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            String length = headers.get("content-length");
            return new Response(lines[0], headers, length == null ? new byte[0] : c.read(Integer.parseInt(length)));
        }

        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        String header(String name) {
            return headers.get(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return statusLine + " " + headers + " " + bodyText();
        }
    }
}
