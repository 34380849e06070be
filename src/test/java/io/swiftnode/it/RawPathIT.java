package io.swiftnode.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.XattrMetadata;
import io.swiftnode.http.SwiftRequest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Request paths reach the object server as sent (object-server-http.md §2.1–2.3), although Grizzly and Payara's
 * web container reject, normalise or strip parts of some of them: the Payara glue's {@code RawPathProbe} keeps the
 * raw path as request attribute {@link SwiftRequest#RAW_PATH_ATTRIBUTE} and gives the container a harmless path.
 * Checked on raw sockets against the built WAR deployed at the root context, as {@code payara/run.sh} deploys it:
 * status and body, the hash directory and {@code name} of the stored {@code .data} file (Swift's hash of the
 * decoded name with the node's prefix/suffix), the GET of the same raw path, the query string (in the Referer of
 * the container update), and lazy {@code 100 Continue} on rewritten paths. The expected outcomes were compared
 * with Debian's Swift 2.30.1 object server.
 */
@ExtendWith({ItNode.class, ArquillianExtension.class})
@RunAsClient
public class RawPathIT {
    /** Deploys the WAR at "/", like run.sh's --contextroot /. */
    private static final String GLASSFISH_WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE glassfish-web-app PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Servlet 3.0//EN"
              "http://glassfish.org/dtds/glassfish-web-app_3_0-1.dtd">
            <glassfish-web-app>
              <context-root>/</context-root>
            </glassfish-web-app>
            """;
    private static final AtomicInteger SEQ = new AtomicInteger();

    @Deployment
    public static WebArchive deployment() {
        return ItNode.builtWar("object-node.war").addClasses(RawPathIT.class, ItNode.class)
                .addAsWebInfResource(new StringAsset(GLASSFISH_WEB_XML), "glassfish-web.xml");
    }

    @ArquillianResource
    URL base;

    private String host;
    private int port;

    @BeforeEach
    void target() {
        host = base.getHost();
        port = base.getPort();
        assertEquals("/", base.getPath(), "deployed at the root context");
    }

    /** One object case: the raw path after {@code /sda1/0} and the decoded names Swift stores. */
    private record Name(String raw, String account, String container, String object) {
    }

    @Test
    void namesArriveAsSentAndDecodedOnce() throws IOException {
        String u = "u" + SEQ.incrementAndGet();            // keeps the objects of separate runs apart
        List<Name> names = List.of(
                new Name("/a/c/" + u + "slash%2Fin%2fname", "a", "c", u + "slash/in/name"),
                new Name("/%00a" + u + "/%00c/%00o", "\0a" + u, "\0c", "\0o"),
                new Name("/a/c/" + u + "x/../y", "a", "c", u + "x/../y"),
                new Name("/a/c/" + u + "x/./y", "a", "c", u + "x/./y"),
                new Name("/a/c/" + u + "x//y", "a", "c", u + "x//y"),
                new Name("/a/c" + u + "/..", "a", "c" + u, ".."),
                new Name("/a/c" + u + "/.", "a", "c" + u, "."),
                new Name("/a/c" + u + "-enc/%2e%2E", "a", "c" + u + "-enc", ".."),
                new Name("/a/c/" + u + "dir/", "a", "c", u + "dir/"),
                new Name("/a/c/" + u + "a;b=c", "a", "c", u + "a;b=c"),
                new Name("/a/c/" + u + "o;jsessionid=abc", "a", "c", u + "o;jsessionid=abc"),
                new Name("/a/c/" + u + "pct%25", "a", "c", u + "pct%"),
                new Name("/a/c/" + u + "a+b%2B", "a", "c", u + "a+b+"),
                new Name("/a/c/" + u + "back%5Cslash\\raw", "a", "c", u + "back\\slash\\raw"),
                new Name("/a/c/" + u + "caf\u00c3\u00a9\u00e2\u0082\u00ac", "a", "c", u + "caf\u00e9\u20ac"),
                new Name("/a/c/" + u + "caf%C3%A9%e2%82%ac-enc", "a", "c", u + "caf\u00e9\u20ac-enc"),
                new Name("/a/c/" + u + "bad%zz%4", "a", "c", u + "bad%zz%4"),
                new Name("/a/c/" + u + "sp%20ace#hash", "a", "c", u + "sp ace#hash"),
                new Name("/a/c/" + u + "ctl\u0001%7F", "a", "c", u + "ctl\u0001\u007f"),
                new Name("/a/c/" + u + "long-" + "%C3%A9".repeat(400), "a", "c", u + "long-" + "\u00e9".repeat(400)));
        List<Executable> checks = new ArrayList<>();
        for (Name n : names) {
            String ts = timestamp();
            byte[] body = ("body of " + n.raw()).getBytes(StandardCharsets.ISO_8859_1);
            Response put = send(put("/sda1/0" + n.raw(), ts, body, ""));
            Response get = send(request("GET", "/sda1/0" + n.raw(), ""));
            checks.add(() -> {
                assertEquals(201, put.status(), n.raw() + ": PUT " + put);
                assertEquals(200, get.status(), n.raw() + ": GET " + get);
                assertEquals(new String(body, StandardCharsets.ISO_8859_1), get.body(), n.raw() + ": GET body");
                assertEquals("/" + n.account() + "/" + n.container() + "/" + n.object(),
                        storedName(n.account(), n.container(), n.object(), ts, n.raw()), n.raw() + ": stored name");
            });
        }
        assertAll(checks);
    }

    /** {@code ..} is part of the name: it neither reaches nor replaces another object. */
    @Test
    void dotDotDoesNotResolveToAnotherObject() throws IOException {
        String c = "dots" + SEQ.incrementAndGet();
        assertEquals(201, send(put("/sda1/0/a/" + c + "/victim", timestamp(), bytes("original"), "")).status());
        for (String raw : List.of("/sda1/0/a/" + c + "/x/../victim", "/sda1/0/a/" + c + "/y/%2E%2E/victim",
                "/sda1/0/a/" + c + "/./victim", "/sda1/0/a/" + c + "//victim")) {
            assertEquals(404, send(request("GET", raw, "")).status(), raw + " is no name of victim");
            assertEquals(201, send(put(raw, timestamp(), bytes("other"), "")).status(), raw);
        }
        assertEquals("original", send(request("GET", "/sda1/0/a/" + c + "/victim", "")).body());
        // a path the container would resolve above the root
        Response r = send(request("GET", "/sda1/../../../x", ""));
        assertEquals(400, r.status());
        assertEquals("Invalid partition: ..", r.body());
        r = send(request("GET", "/../sda1/0/a/c/o", ""));
        assertEquals("Invalid device: ..", r.body());
    }

    @Test
    void invalidUtf8Answers412() throws IOException {
        for (String raw : List.of("/sda1/0/a/c/%ff", "/sda1/0/a/c/%FF%FE", "/sda1/0/a/c/%C0%AF",
                "/sda1/0/a/c/%ED%A0%80", "/sda1/0/a/c/raw\u00ff", "/sda1/0/a/c/%e2%82")) {
            for (String method : List.of("GET", "PUT", "DELETE")) {
                Response r = method.equals("PUT") ? send(put(raw, timestamp(), bytes("x"), ""))
                        : send(request(method, raw, "X-Timestamp: " + timestamp() + "\r\n"));
                assertEquals(412, r.status(), method + " " + raw);
                assertEquals("Invalid UTF8 or contains NULL", r.body(), method + " " + raw);
            }
        }
    }

    @Test
    void nulOutsideTheReservedNamespaceIsTheObjectServersError() throws IOException {
        Response r = send(put("/sda1/0/a/c/%00o", timestamp(), bytes("x"), ""));
        assertEquals(400, r.status());
        assertEquals("Invalid reserved-namespace object in user-namespace container", r.body());
        r = send(put("/sda1/0/a/c/o%00", timestamp(), bytes("x"), ""));
        assertEquals(400, r.status());
        assertEquals("Invalid reserved-namespace object", r.body());
    }

    @Test
    void healthcheckOnlyForItsDecodedPath() throws IOException {
        for (String raw : List.of("/healthcheck", "/health%63heck", "/%68ealthcheck", "/healthcheck?x=%00")) {
            Response r = send(request("GET", raw, ""));
            assertEquals(200, r.status(), raw);
            assertEquals("OK", r.body(), raw);
        }
        for (String raw : List.of("/healthcheck;x=y", "//healthcheck", "/healthcheck/", "/./healthcheck",
                "/x/../healthcheck")) {
            Response r = send(request("GET", raw, ""));
            assertEquals(400, r.status(), raw);
            assertTrue(r.body().startsWith("Invalid path: "), raw + ": " + r.body());
        }
        // an object whose raw path the container would map to /healthcheck
        String ts = timestamp();
        String raw = "/sda1/0/a/hc" + SEQ.incrementAndGet() + "/../../../../healthcheck";
        assertEquals(201, send(put(raw, ts, bytes("not a healthcheck"), "")).status());
        assertEquals("not a healthcheck", send(request("GET", raw, "")).body());
    }

    /** Plain paths that Payara would give to its JSP servlet, form authenticator or WEB-INF protection. */
    @Test
    void plainPathsTheContainerWouldServeItself() throws IOException {
        String c = "plain" + SEQ.incrementAndGet();
        for (String object : List.of("index.jsp", "x.jspx", "x.JSP", "x.xhtml", "dir/j_security_check",
                "WEB-INF/web.xml", "META-INF/MANIFEST.MF")) {
            String ts = timestamp();
            String raw = "/sda1/0/a/" + c + "/" + object;
            assertEquals(201, send(put(raw, ts, bytes(object), "")).status(), raw);
            assertEquals(object, send(request("GET", raw, "")).body(), raw);
            assertEquals("/a/" + c + "/" + object, storedName("a", c, object, ts, raw));
        }
        Response r = send(request("GET", "/WEB-INF/web.xml", ""));
        assertEquals(400, r.status());
        assertEquals("Invalid path: /WEB-INF/web.xml", r.body());
    }

    @Test
    void absoluteFormIsNotAPath() throws IOException {
        Response r = send(request("GET", "http://" + host + ":" + port + "/sda1/0/a/c/o", ""));
        assertEquals(400, r.status());
        assertEquals("Invalid path: http%3A//" + host + "%3A" + port + "/sda1/0/a/c/o", r.body());
    }

    /** The query string survives the rewrite: swob puts it into the Referer of the container update. */
    @Test
    void queryStringIsKept() throws IOException {
        String c = "q" + SEQ.incrementAndGet();
        for (String raw : List.of("/sda1/0/a/" + c + "/plain", "/sda1/0/a/" + c + "/rewritten%2Fname;p")) {
            try (ServerSocket container = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                container.setSoTimeout(15_000);
                String headers = "X-Container-Host: 127.0.0.1:" + container.getLocalPort() + "\r\n"
                        + "X-Container-Partition: 7\r\nX-Container-Device: sdb1\r\n";
                String query = "?multipart-manifest=put&x=%00/../;y";
                try (Socket s = new Socket(host, port)) {
                    s.setSoTimeout(15_000);
                    s.getOutputStream().write(put(raw + query, timestamp(), bytes("q"), headers));
                    String update;
                    try (Socket in = container.accept()) {
                        in.setSoTimeout(15_000);
                        update = readHead(new BufferedInputStream(in.getInputStream()));
                        in.getOutputStream().write(bytes("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"));
                    }
                    String decoded = raw.replace("%2F", "/").replace(";", "%3B");
                    assertTrue(update.contains("\r\nReferer: PUT http://" + host + ":" + port + decoded + query
                            + "\r\n"), update);
                    assertEquals(201, Response.read(new BufferedInputStream(s.getInputStream())).status());
                }
            }
        }
    }

    /** Lazy 100 Continue and chunked + Expect still work on a rewritten path, and keep-alive goes on. */
    @Test
    void lazyContinueOnRewrittenPaths() throws IOException {
        String c = "lazy" + SEQ.incrementAndGet();
        String ts = timestamp();
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            out.write(bytes("PUT /sda1/0/a/" + c + "/x%2F..%2Fy HTTP/1.1\r\nHost: " + host + "\r\nX-Timestamp: " + ts
                    + "\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", readHead(in));
            out.write(bytes("hello"));
            assertEquals(201, Response.read(in).status());

            out.write(bytes("PUT /sda1/0/a/" + c + "/chunked;z HTTP/1.1\r\nHost: " + host + "\r\nX-Timestamp: " + ts
                    + "\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n"));
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", readHead(in));
            out.write(bytes("0\r\n\r\n"));
            assertEquals(201, Response.read(in).status());

            // the same timestamp again: 409 instead of the 100, then the connection closes
            out.write(bytes("PUT /sda1/0/a/" + c + "/x%2F..%2Fy HTTP/1.1\r\nHost: " + host + "\r\nX-Timestamp: " + ts
                    + "\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
            Response conflict = Response.read(in);
            assertEquals(409, conflict.status());
            assertEquals("close", conflict.headers().get("connection"));
        }
        assertEquals("hello", send(request("GET", "/sda1/0/a/" + c + "/x%2F..%2Fy", "")).body());
        assertEquals("", send(request("GET", "/sda1/0/a/" + c + "/chunked;z", "")).body());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static String timestamp() {
        return String.format(Locale.ROOT, "%d.%05d", 1_700_000_000L + SEQ.incrementAndGet(), 0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A request for a raw path (one char per octet as sent), with Connection: close. */
    private byte[] request(String method, String rawPath, String headers) {
        return bytes(method + " " + rawPath + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + headers
                + "Connection: close\r\n\r\n");
    }

    private byte[] put(String rawPath, String ts, byte[] body, String headers) {
        byte[] head = request("PUT", rawPath, headers + "X-Timestamp: " + ts + "\r\nContent-Type: text/plain\r\n"
                + "Content-Length: " + body.length + "\r\n");
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private Response send(byte[] request) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request);
            return Response.read(new BufferedInputStream(s.getInputStream()));
        }
    }

    /** The {@code name} in the metadata of the one {@code <ts>.data} of the object's hash directory. */
    private static String storedName(String account, String container, String object, String ts, String raw)
            throws IOException {
        String hash = new HashPath(ItNode.HASH_PREFIX, ItNode.HASH_SUFFIX).hash(account, container, object);
        Path dir = ItNode.baseOf(ItNode.conf()).resolve("devices").resolve(ItNode.DEVICE).resolve("objects")
                .resolve("0").resolve(hash.substring(hash.length() - 3)).resolve(hash);
        Path data = dir.resolve(ts + ".data");
        assertTrue(Files.isRegularFile(data), raw + ": missing " + data + "; the hash dir holds "
                + (Files.isDirectory(dir) ? listing(dir) : "nothing"));
        return XattrMetadata.read(data).get("name");
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** The next response head, up to and including the empty line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("EOF after " + b.toString(StandardCharsets.ISO_8859_1));
            }
            b.write(c);
            matched = c == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : c == '\r' ? 1 : 0;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** A final response with a Content-Length body (interim responses skipped). */
    private record Response(int status, Map<String, String> headers, String body) {
        static Response read(InputStream in) throws IOException {
            String head;
            do {
                head = readHead(in);
            } while (head.startsWith("HTTP/1.1 1"));
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            assertFalse(headers.containsKey("transfer-encoding"), head);
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            return new Response(status, headers, new String(body, StandardCharsets.ISO_8859_1));
        }
    }
}
