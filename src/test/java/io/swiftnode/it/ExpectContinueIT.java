package io.swiftnode.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.http.ExpectContinue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lazy {@code 100 Continue} on Payara Micro ({@link ExpectContinue}, object-server-http.md §1.2), checked byte
 * by byte on raw sockets: the built WAR (with the Payara glue in {@code WEB-INF/classes}, the filter and the
 * listener) plus {@link ExpectProbeServlet}. One deployment, so one Payara boot, for all cases.
 */
@ExtendWith({ItNode.class, ArquillianExtension.class})
@RunAsClient
public class ExpectContinueIT {
    private static final String CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";

    @Deployment
    public static WebArchive deployment() {
        return ItNode.builtWar("object-node.war").addClasses(ExpectContinueIT.class, ExpectProbeServlet.class,
                ItNode.class);
    }

    @ArquillianResource
    URL base;

    private String host;
    private int port;
    private String prefix;

    @BeforeEach
    void target() {
        host = base.getHost();
        port = base.getPort();
        String path = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        prefix = path + "expect-probe/";
    }

    @Test
    void glueIsInstalled() throws IOException {
        try (Conn c = connect()) {
            c.send("GET " + prefix + "status HTTP/1.1\r\nHost: x\r\n\r\n");
            Response r = c.response();
            assertEquals(200, r.status());
            assertEquals("active=true", r.body());
            assertEquals("NOT_EXPECTED", r.header("x-expect-mode"));
        }
    }

    /** (a) A final answer given without reading replaces the 100, and the connection closes after it. */
    @Test
    void rejectBeforeReadSendsFinalStatusInsteadOf100AndCloses() throws IOException {
        try (Conn c = connect()) {
            c.send(put("reject", "Content-Length: 5"));
            String head = c.head();
            assertTrue(head.startsWith("HTTP/1.1 409 "), head);
            Response r = Response.parse(head, c);
            assertEquals("LAZY", r.header("x-expect-mode"));
            assertEquals("1700000000.00000", r.header("x-backend-timestamp"));
            assertEquals("close", r.header("connection"));
            assertTrue(c.closedByServer(), "connection closed after the 409");
        }
    }

    /** (b) Reading sends exactly {@code 100 Continue}, then the body is read; keep-alive goes on. */
    @Test
    void readSends100ThenFinalAndKeepsTheConnection() throws IOException {
        try (Conn c = connect()) {
            c.send(put("read", "Content-Length: 5"));
            assertEquals(CONTINUE, c.head());
            c.send("hello");
            Response r = c.response();
            assertEquals(201, r.status());
            assertEquals("got 5 bytes: hello", r.body());
            assertEquals("true", r.header("x-continue-sent"));
            assertNull(r.header("connection"));

            c.send(put("read", "Content-Length: 5"));
            assertEquals(CONTINUE, c.head(), "second request on the same connection");
            c.send("world");
            assertEquals("got 5 bytes: world", c.response().body());

            c.send(put("reject", "Content-Length: 5"));
            Response rejected = c.response();
            assertEquals(409, rejected.status(), "a reject on a kept-alive connection: no 100 first");
            assertEquals("close", rejected.header("connection"));
            assertTrue(c.closedByServer());
        }
    }

    /** (c) The 100 carries headers, a body read afterwards sends no other 100. */
    @Test
    void continueCarriesHeaders() throws IOException {
        try (Conn c = connect()) {
            c.send(put("headers", "Content-Length: 5"));
            assertEquals("HTTP/1.1 100 Continue\r\nX-Obj-Metadata-Footer: yes\r\nX-Obj-Multiphase-Commit: yes\r\n\r\n",
                    c.head());
            c.send("hello");
            String head = c.head();
            assertTrue(head.startsWith("HTTP/1.1 201 "), head);
            Response r = Response.parse(head, c);
            assertEquals("true", r.header("x-first-continue"));
            assertEquals("got 5 bytes: hello", r.body());
        }
    }

    /** (c) A second 100 after the body (Swift's multiphase commit). */
    @Test
    void secondContinueAfterTheBody() throws IOException {
        try (Conn c = connect()) {
            c.send(put("multiphase", "Content-Length: 5"));
            assertTrue(c.head().contains("X-Obj-Metadata-Footer: yes\r\n"));
            c.send("hello");
            assertEquals(CONTINUE, c.head());
            Response r = c.response();
            assertEquals(201, r.status());
            assertEquals("true", r.header("x-second-continue"));
            assertEquals("got 5 bytes: hello", r.body());
            // and the connection is still usable
            c.send(put("read", "Content-Length: 2"));
            assertEquals(CONTINUE, c.head());
            c.send("ok");
            assertEquals("got 2 bytes: ok", c.response().body());
        }
    }

    /** (f) Chunked with Expect is dispatched before any chunk (Grizzly #2222) and then behaves like (b) and (a). */
    @Test
    void chunkedWithExpect() throws IOException {
        try (Conn c = connect()) {
            c.send(put("read", "Transfer-Encoding: chunked"));
            assertEquals(CONTINUE, c.head());
            c.send("5\r\nhello\r\n0\r\n\r\n");
            assertEquals("got 5 bytes: hello", c.response().body());

            c.send(put("read", "Transfer-Encoding: chunked"));   // Swift's zero-length PUT
            assertEquals(CONTINUE, c.head());
            c.send("0\r\n\r\n");
            assertEquals("got 0 bytes: ", c.response().body());

            c.send(put("reject", "Transfer-Encoding: chunked"));
            String head = c.head();
            assertTrue(head.startsWith("HTTP/1.1 409 "), head);
            assertEquals("close", Response.parse(head, c).header("connection"));
            assertTrue(c.closedByServer());
        }
    }

    /** (e) Without Expect nothing changes: no 100, keep-alive after a reject, no headers can be sent. */
    @Test
    void withoutExpectNothingChanges() throws IOException {
        try (Conn c = connect()) {
            c.send(put("reject", "Content-Length: 5", false) + "hello");
            String head = c.head();
            assertTrue(head.startsWith("HTTP/1.1 409 "), head);
            Response rejected = Response.parse(head, c);
            assertEquals("NOT_EXPECTED", rejected.header("x-expect-mode"));
            assertNull(rejected.header("connection"));

            c.send(put("headers", "Content-Length: 5", false) + "hello");
            head = c.head();
            assertTrue(head.startsWith("HTTP/1.1 201 "), "no 100 without Expect: " + head);
            Response r = Response.parse(head, c);
            assertEquals("false", r.header("x-first-continue"), "sendContinue reports that nothing was sent");
            assertEquals("got 5 bytes: hello", r.body());
        }
    }

    /** (d) A client that sends the body without waiting still gets its final answer. */
    @Test
    void bodySentWithoutWaiting() throws IOException {
        try (Conn c = connect()) {
            c.send(put("read", "Content-Length: 5") + "hello");
            Response r = c.response();
            assertEquals(201, r.status());
            assertEquals("got 5 bytes: hello", r.body());
        }
    }

    @Test
    void readListenerSends100() throws IOException {
        try (Conn c = connect()) {
            c.send(put("async", "Content-Length: 5"));
            assertEquals(CONTINUE, c.head());
            c.send("hello");
            Response r = c.response();
            assertEquals(201, r.status());
            assertEquals("got 5 bytes: hello", r.body());
        }
    }

    @Test
    void continueAfterTheFinalResponseIsRefused() throws IOException {
        try (Conn c = connect()) {
            c.send(put("committed", "Content-Length: 5"));
            String head = c.head();
            assertTrue(head.startsWith("HTTP/1.1 409 "), head);
            Response r = Response.parse(head, c);
            assertEquals("late-send=refused", r.body());
            assertTrue(c.closedByServer());
        }
    }

    private String put(String path, String framing) {
        return put(path, framing, true);
    }

    private String put(String path, String framing, boolean expect) {
        return "PUT " + prefix + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + (expect ? "Expect: 100-continue\r\n" : "")
                + framing + "\r\nX-Timestamp: 1700000000.00000\r\n\r\n";
    }

    private Conn connect() throws IOException {
        return new Conn(new Socket(host, port));
    }

    /** One raw client connection. Not thread-safe. */
    private static final class Conn implements AutoCloseable {
        private static final int TIMEOUT_MS = 15_000;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(TIMEOUT_MS);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void send(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** The next response head, exactly as received, up to and including the empty line. */
        String head() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("EOF after " + b.toString(StandardCharsets.ISO_8859_1));
                }
                b.write(c);
                matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        /** The next final response (interim ones are skipped). */
        Response response() throws IOException {
            String head;
            do {
                head = head();
            } while (head.startsWith("HTTP/1.1 1"));
            return Response.parse(head, this);
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length != n) {
                throw new IOException("EOF in body");
            }
            return b;
        }

        /** Whether the server closes the connection (EOF, no more bytes) within the timeout. */
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

    /** A parsed final response with a Content-Length body. */
    private record Response(int status, Map<String, String> headers, String body) {
        static Response parse(String head, Conn c) throws IOException {
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            assertFalse(headers.containsKey("transfer-encoding"), "probe answers have a Content-Length: " + head);
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            return new Response(status, headers, new String(c.bytes(length), StandardCharsets.ISO_8859_1));
        }

        String header(String lowerCaseName) {
            return headers.get(lowerCaseName);
        }
    }
}
