package io.swiftnode.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;

import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFile;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.DiskFileWriter;
import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.XattrMetadata;
import io.swiftnode.disk.pickle.AsyncPendingPickle;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The object server's HTTP API against {@code object-server-http.md}: one test per test vector of §16 that a
 * single node can exercise ({@code v01…v47}), then the other statuses and rules of §2–§14 per verb. Requests go
 * over raw sockets so that the exact bytes (request framing, {@code Expect: 100-continue}, half-closes, status
 * lines) are under the test's control; on-disk effects are read from the node's devices directory
 * ({@link ItNode#devices()}).
 *
 * <p>The built WAR is deployed as {@code ROOT.war} (Swift's paths start at {@code /}), without test classes.
 * Every test uses its own object names; timestamps of tombstones are recent (the node's {@code reclaim_age} is
 * {@value ItNode#RECLAIM_AGE} s) so that they are not reclaimed while the test looks at them. The 408 test waits
 * for the node's {@code client_timeout} (60 s unless the generated config sets it).
 *
 * <p>Reference mode: with {@code -Dswiftnode.it.reference=<host>:<port>,<devices dir>} every request goes to
 * that server instead (e.g. Debian's Python Swift 2.30.1 started with {@code swift_run.py}, a swift.conf with
 * the hash prefix/suffix of {@link ItNode} and a device {@code sda1}), to check the assertions against the real
 * thing.
 */
@ExtendWith({ItNode.class, ArquillianExtension.class})
@RunAsClient
public class ObjectApiIT {
    private static final String REFERENCE = "swiftnode.it.reference";
    private static final HashPath HASH = new HashPath(ItNode.HASH_PREFIX, ItNode.HASH_SUFFIX);
    /** Whole seconds "now" for this run; tests add small offsets to stay unique and recent. */
    private static final long NOW = System.currentTimeMillis() / 1000;
    private static final String MD5_HELLO = "5d41402abc4b2a76b9719d911017c592";
    private static final String ALLOW = "DELETE, GET, HEAD, OPTIONS, POST, PUT, REPLICATE, SSYNC";

    @Deployment(testable = false)
    public static WebArchive deployment() {
        // ROOT.war: Payara Micro deploys it at the context root "/"
        return ItNode.builtWar("ROOT.war");
    }

    @ArquillianResource
    URL base;

    private String host;
    private int port;
    private Path devices;

    @BeforeEach
    void target() {
        String ref = System.getProperty(REFERENCE);
        if (ref != null && !ref.isBlank()) {
            String[] parts = ref.split(",", 2);
            int colon = parts[0].lastIndexOf(':');
            host = parts[0].substring(0, colon);
            port = Integer.parseInt(parts[0].substring(colon + 1));
            devices = Path.of(parts[1]);
        } else {
            host = base.getHost();
            port = base.getPort();
            devices = ItNode.devices();
        }
    }

    // =============================================================================================
    // §16 test vectors
    // =============================================================================================

    @Test
    void v01PutCreatesTheDataFile() throws IOException {
        Resp r = put("/sda1/0/a/c/o", "1700000000.12345", "hello");
        assertEquals("HTTP/1.1 201 Created", r.statusLine());
        assertEquals("\"" + MD5_HELLO + "\"", r.header("Etag"));
        assertEquals("0", r.header("Content-Length"));
        assertEquals("", r.text());
        assertNotNull(r.header("Date"), "the server always sends Date");
        Path data = hashDir("0", "a", "c", "o").resolve("1700000000.12345.data");
        assertTrue(Files.isRegularFile(data), data + " exists");
        assertEquals("hello", Files.readString(data));
        Map<String, String> md = XattrMetadata.read(data);
        assertEquals("/a/c/o", md.get("name"));
        assertEquals("1700000000.12345", md.get("X-Timestamp"));
        assertEquals("text/plain", md.get("Content-Type"));
        assertEquals("5", md.get("Content-Length"));
        assertEquals(MD5_HELLO, md.get("ETag"));
    }

    @Test
    void v02RepeatedPutWithExpectGets409InsteadOf100() throws IOException {
        String path = obj("v02");
        assertEquals(201, put(path, "1700000000.12345", "hello").status());
        try (Conn c = connect()) {
            c.send(head("PUT", path, "X-Timestamp: 1700000000.12345", "Content-Type: text/plain",
                    "Content-Length: 5", "Expect: 100-continue"));
            Resp r = c.read(false);
            assertEquals("HTTP/1.1 409 Conflict", r.statusLine(), "first and only response");
            assertEquals("1700000000.12345", r.header("X-Backend-Timestamp"));
            assertTrue(c.closedByServer(), "the connection closes after a final answer given instead of 100");
        }
    }

    @Test
    void v03IfNoneMatchStarWithExpectGets412InsteadOf100() throws IOException {
        String path = obj("v03");
        assertEquals(201, put(path, ts(NOW), "hello").status());
        try (Conn c = connect()) {
            c.send(head("PUT", path, "X-Timestamp: " + ts(NOW + 1), "Content-Type: text/plain", "Content-Length: 5",
                    "If-None-Match: *", "Expect: 100-continue"));
            Resp r = c.read(false);
            assertEquals("HTTP/1.1 412 Precondition Failed", r.statusLine(), "first and only response");
            assertTrue(c.closedByServer(), "the connection closes after a final answer given instead of 100");
        }
        assertEquals(ts(NOW), get(path).header("X-Timestamp"), "not overwritten");
    }

    @Test
    void v04IfNoneMatchStarAfterDelete() throws IOException {
        String path = obj("v04");
        assertEquals(201, put(path, ts(NOW), "hello").status());
        assertEquals(204, delete(path, ts(NOW + 1)).status());
        assertEquals(201, put(path, ts(NOW + 2), "again", "If-None-Match: *").status());
        assertEquals("again", get(path).text());
    }

    @Test
    void v05IfNoneMatchStarOnExpiredObject() throws IOException {
        String path = obj("v05");
        assertEquals(201, put(path, "1700000000.00000", "hello", "X-Delete-At: 1700000100").status());
        assertEquals(201, put(path, "1700000200.00000", "fresh", "If-None-Match: *").status());
        assertEquals("fresh", get(path, "X-Timestamp: 1700000300").text());
    }

    @Test
    void v06EtagMismatchIs422AndStoresNothing() throws IOException {
        String path = obj("v06");
        Resp r = put(path, ts(NOW), "x", "ETag: 0000");
        assertEquals("HTTP/1.1 422 Unprocessable Entity", r.statusLine());
        assertEquals("<html><h1>Unprocessable Entity</h1><p>Unable to process the contained instructions</p></html>",
                r.text());
        assertEquals(List.of(), listHashDir("0", "a", "c", "v06"));
        assertEquals(404, get(path).status());
    }

    @Test
    void v07PutWithoutContentTypeIs400() throws IOException {
        Resp r = request("PUT", obj("v07"), "x".getBytes(UTF_8), "X-Timestamp: " + ts(NOW));
        assertEquals(400, r.status());
        assertEquals("text/plain", r.header("Content-Type"));
        assertEquals("Invalid Content-Type", r.text());
    }

    @Test
    void v08PutWithoutLengthIs411() throws IOException {
        Resp r = request("PUT", obj("v08"), null, "X-Timestamp: " + ts(NOW), "Content-Type: text/plain");
        assertEquals("HTTP/1.1 411 Length Required", r.statusLine());
        assertEquals("text/plain", r.header("Content-Type"));
        assertEquals("Missing Content-Length header.", r.text());
    }

    @Test
    void v09ChunkedPut() throws IOException {
        String path = obj("v09");
        Resp r = request("PUT", path, "3\r\nabc\r\n0\r\n\r\n".getBytes(UTF_8), "X-Timestamp: " + ts(NOW),
                "Content-Type: text/plain", "Transfer-Encoding: chunked");
        assertEquals(201, r.status());
        assertEquals("\"900150983cd24fb0d6963f7d28e17f72\"", r.header("Etag"));
        Resp g = get(path);
        assertEquals("abc", g.text());
        assertEquals("3", g.header("Content-Length"));
    }

    @Test
    void v10TimestampRange() throws IOException {
        Resp neg = put(obj("v10a"), "-1", "x");
        assertEquals(400, neg.status());
        assertEquals("Invalid X-Timestamp header", neg.text());
        Resp big = put(obj("v10b"), "10000000000", "x");
        assertEquals(400, big.status());
        assertEquals("Invalid X-Timestamp header", big.text());
        assertEquals(201, put(obj("v10c"), "9999999999", "x").status());
        assertEquals("9999999999.00000", get(obj("v10c")).header("X-Timestamp"));
    }

    @Test
    void v11ObjectNameLength() throws IOException {
        Resp r = put(obj("n".repeat(1025)), ts(NOW), "x");
        assertEquals(400, r.status());
        assertEquals("Object name length of 1025 longer than 1024", r.text());
        assertEquals(201, put(obj("n".repeat(1024)), ts(NOW), "x").status());
        // code points, not bytes: 1000 + 24 two-byte characters are fine
        assertEquals(201, put(obj("n".repeat(1000) + "%C3%A9".repeat(24)), ts(NOW), "x").status());
    }

    @Test
    void v12DeleteAtInThePast() throws IOException {
        Resp r = put(obj("v12"), ts(NOW), "x", "X-Delete-At: 100");
        assertEquals(400, r.status());
        assertEquals("text/plain", r.header("Content-Type"));
        assertEquals("X-Delete-At in past", r.text());
    }

    @Test
    void v13MetadataNameTooLong() throws IOException {
        Resp r = put(obj("v13"), ts(NOW), "x", "X-Object-Meta-" + "m".repeat(129) + ": v");
        assertEquals(400, r.status());
        assertEquals("text/plain", r.header("Content-Type"));
        // the name is reported as the WSGI layer title-cased it
        assertEquals("Metadata name too long: x-object-meta-M" + "m".repeat(128), r.text());
        assertEquals(201, put(obj("v13b"), ts(NOW), "x", "X-Object-Meta-" + "m".repeat(128) + ": v").status());
    }

    @Test
    void v14ShortBodyIs499() throws IOException {
        String path = obj("v14");
        try (Conn c = connect()) {
            c.send(head("PUT", path, "X-Timestamp: " + ts(NOW), "Content-Type: text/plain", "Content-Length: 4")
                    + "abc");
            c.socket.shutdownOutput();
            Resp r = c.read(false);
            assertEquals("HTTP/1.1 499 Client Disconnect", r.statusLine());
        }
        assertEquals(List.of(), listHashDir("0", "a", "c", "v14"));
    }

    @Test
    void v15PutWithoutTimestamp() throws IOException {
        Resp r = request("PUT", obj("v15"), "x".getBytes(UTF_8), "Content-Type: text/plain");
        assertEquals(400, r.status());
        assertEquals("text/plain", r.header("Content-Type"));
        assertEquals("Missing X-Timestamp header", r.text());
    }

    @Test
    void v16GetHeaders() throws IOException {
        String path = obj("v16");
        assertEquals(201, put(path, "1700000000.12345", "hello").status());
        Resp r = get(path);
        assertEquals("HTTP/1.1 200 OK", r.statusLine());
        assertEquals("text/plain", r.header("Content-Type"));
        assertEquals("\"" + MD5_HELLO + "\"", r.header("Etag"));
        assertEquals("Tue, 14 Nov 2023 22:13:21 GMT", r.header("Last-Modified"));
        assertEquals("5", r.header("Content-Length"));
        for (String h : List.of("X-Timestamp", "X-Backend-Timestamp", "X-Backend-Data-Timestamp",
                "X-Backend-Durable-Timestamp")) {
            assertEquals("1700000000.12345", r.header(h), h);
        }
        assertNull(r.header("Accept-Ranges"), "the proxy adds Accept-Ranges, not the object server");
        assertNull(r.header("X-Backend-Storage-Policy-Index"));
        assertNull(r.header("X-Backend-Fragments"));
        assertNotNull(r.header("Date"));
        assertEquals("hello", r.text());

        Resp h = request("HEAD", path, null);
        assertEquals(200, h.status());
        assertEquals("5", h.header("Content-Length"), "HEAD announces the object size");
        assertEquals("1700000000.12345", h.header("X-Backend-Timestamp"));
        assertEquals(0, h.body().length);
    }

    @Test
    void v17SingleRange() throws IOException {
        String path = tenBytes("v17");
        Resp r = get(path, "Range: bytes=2-4");
        assertEquals("HTTP/1.1 206 Partial Content", r.statusLine());
        assertEquals("bytes 2-4/10", r.header("Content-Range"));
        assertEquals("3", r.header("Content-Length"));
        assertEquals("234", r.text());
    }

    @Test
    void v18MultipleRanges() throws IOException {
        String path = tenBytes("v18");
        Resp r = get(path, "Range: bytes=0-1,-2");
        assertEquals(206, r.status());
        Matcher m = Pattern.compile("multipart/byteranges;boundary=([0-9a-f]{32})").matcher(r.header("Content-Type"));
        assertTrue(m.matches(), r.header("Content-Type"));
        String b = m.group(1);
        String expected = "--" + b + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\n01\r\n"
                + "--" + b + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 8-9/10\r\n\r\n89\r\n"
                + "--" + b + "--";
        assertEquals(expected, r.text());
        assertEquals("230", r.header("Content-Length"));
        assertNull(r.header("Content-Range"), "no top-level Content-Range");
    }

    @Test
    void v19UnsatisfiableRange() throws IOException {
        String path = tenBytes("v19");
        Resp r = get(path, "Range: bytes=20-30");
        assertEquals("HTTP/1.1 416 Requested Range Not Satisfiable", r.statusLine());
        assertEquals("bytes */10", r.header("Content-Range"));
        assertEquals("text/plain", r.header("Content-Type"), "the object's content type stays");
        assertEquals("<html><h1>Requested Range Not Satisfiable</h1><p>The Range requested is not available.</p>"
                + "</html>", r.text());
    }

    @Test
    void v20InvalidRangeIsIgnored() throws IOException {
        String path = tenBytes("v20");
        Resp r = get(path, "Range: bytes=5-3");
        assertEquals(200, r.status());
        assertEquals("0123456789", r.text());
        assertNull(r.header("Content-Range"));
    }

    @Test
    void v21IfNoneMatchEtagIs304() throws IOException {
        String path = obj("v21");
        assertEquals(201, put(path, ts(NOW), "hello").status());
        Resp r = get(path, "If-None-Match: \"" + MD5_HELLO + "\"");
        assertEquals("HTTP/1.1 304 Not Modified", r.statusLine());
        assertEquals("0", r.header("Content-Length"));
        assertEquals("\"" + MD5_HELLO + "\"", r.header("Etag"));
        assertEquals(ts(NOW), r.header("X-Timestamp"));
        assertEquals(ts(NOW), r.header("X-Backend-Timestamp"));
        assertEquals("text/plain", r.header("Content-Type"));
        assertEquals(0, r.body().length);
        // unquoted, in a list, and *
        assertEquals(304, get(path, "If-None-Match: nope, " + MD5_HELLO).status());
        assertEquals(304, get(path, "If-None-Match: *").status());
        assertEquals(200, get(path, "If-None-Match: \"nope\"").status());
    }

    @Test
    void v22IfMatchMismatchIs412() throws IOException {
        String path = obj("v22");
        assertEquals(201, put(path, ts(NOW), "hello").status());
        Resp r = get(path, "If-Match: \"nope\"");
        assertEquals("HTTP/1.1 412 Precondition Failed", r.statusLine());
        assertEquals("0", r.header("Content-Length"));
        assertEquals("\"" + MD5_HELLO + "\"", r.header("Etag"), "object headers kept");
        assertEquals(200, get(path, "If-Match: \"" + MD5_HELLO + "\"").status());
        assertEquals(200, get(path, "If-Match: *").status());
    }

    @Test
    void v23IfMatchStarOnMissingObjectIs412() throws IOException {
        Resp r = get(obj("v23-missing"), "If-Match: *");
        assertEquals(412, r.status());
        assertEquals(0, r.body().length, "body empty");
        assertEquals(404, get(obj("v23-missing")).status());
    }

    @Test
    void v24ModifiedSinceConditions() throws IOException {
        String path = obj("v24");
        assertEquals(201, put(path, "1700000000.12345", "hello").status());
        Resp ims = get(path, "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT");
        assertEquals(304, ims.status());
        assertEquals("Tue, 14 Nov 2023 22:13:21 GMT", ims.header("Last-Modified"));
        Resp ius = request("HEAD", path, null, "If-Unmodified-Since: Thu, 01 Jan 1970 00:00:00 GMT");
        assertEquals(412, ius.status());
        // the other way round: no condition applies
        assertEquals(200, get(path, "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT").status());
        assertEquals(200, get(path, "If-Unmodified-Since: Fri, 01 Jan 2100 00:00:00 GMT").status());
        // Last-Modified is ceil(X-Timestamp): exactly that second is "not modified since"
        assertEquals(304, get(path, "If-Modified-Since: Tue, 14 Nov 2023 22:13:21 GMT").status());
        assertEquals(200, get(path, "If-Modified-Since: Tue, 14 Nov 2023 22:13:20 GMT").status());
        // unparsable dates are ignored
        assertEquals(200, get(path, "If-Modified-Since: yesterday").status());
    }

    @Test
    void v25To27DeleteThenGetPutPost() throws IOException {
        String path = obj("v25");
        long t = NOW - 100;
        assertEquals(201, put(path, ts(t), "hello").status());
        Resp d = delete(path, ts(t + 1));
        assertEquals("HTTP/1.1 204 No Content", d.statusLine());
        assertEquals(ts(t + 1), d.header("X-Backend-Timestamp"));
        assertEquals("text/plain", d.header("X-Backend-Content-Type"));
        assertTrue(Files.exists(hashDir("0", "a", "c", "v25").resolve(ts(t + 1) + ".ts")));
        Resp g = get(path);
        assertEquals(404, g.status());
        assertEquals(ts(t + 1), g.header("X-Backend-Timestamp"));
        Resp h = request("HEAD", path, null);
        assertEquals(404, h.status());
        assertEquals(ts(t + 1), h.header("X-Backend-Timestamp"));
        assertEquals("0", h.header("Content-Length"));

        // 26
        Resp p = put(path, ts(t), "hello");
        assertEquals(409, p.status());
        assertEquals(ts(t + 1), p.header("X-Backend-Timestamp"));

        // 27
        Resp post = post(path, ts(t + 2), "X-Object-Meta-A: b");
        assertEquals(404, post.status());
        assertNull(post.header("X-Backend-Timestamp"));
    }

    @Test
    void v28DeleteOfNothing() throws IOException {
        String path = obj("v28");
        Resp d = delete(path, ts(NOW));
        assertEquals(404, d.status());
        assertEquals(ts(NOW), d.header("X-Backend-Timestamp"));
        assertEquals("", d.header("X-Backend-Content-Type"));
        assertEquals(List.of(ts(NOW) + ".ts"), listHashDir("0", "a", "c", "v28"), "tombstone created");
        // an older DELETE: 404, no new tombstone, the newest timestamp answered
        Resp older = delete(path, ts(NOW - 5));
        assertEquals(404, older.status());
        assertEquals(ts(NOW), older.header("X-Backend-Timestamp"));
        assertEquals(List.of(ts(NOW) + ".ts"), listHashDir("0", "a", "c", "v28"));
        // a newer DELETE replaces the tombstone
        assertEquals(404, delete(path, ts(NOW + 5)).status());
        assertEquals(List.of(ts(NOW + 5) + ".ts"), listHashDir("0", "a", "c", "v28"));
    }

    @Test
    void v29DeleteNotNewerThanDataIs409() throws IOException {
        String path = obj("v29");
        assertEquals(201, put(path, ts(NOW), "hello").status());
        Resp same = delete(path, ts(NOW));
        assertEquals(409, same.status());
        assertEquals(ts(NOW), same.header("X-Backend-Timestamp"));
        assertEquals("text/plain", same.header("X-Backend-Content-Type"));
        Resp older = delete(path, ts(NOW - 1));
        assertEquals(409, older.status());
        assertEquals(ts(NOW), older.header("X-Backend-Timestamp"));
        assertEquals(200, get(path).status());
        assertEquals(List.of(ts(NOW) + ".data"), listHashDir("0", "a", "c", "v29"));
    }

    @Test
    void v30IfDeleteAt() throws IOException {
        String path = obj("v30");
        long d = NOW + 1000;
        assertEquals(201, put(path, ts(NOW), "hello", "X-Delete-At: " + d).status());
        Resp mismatch = delete(path, Long.toString(d), "X-If-Delete-At: " + (d + 1));
        assertEquals(412, mismatch.status());
        assertEquals("X-If-Delete-At and X-Delete-At do not match", mismatch.text());
        Resp ok = delete(path, Long.toString(d), "X-If-Delete-At: " + d);
        assertEquals(204, ok.status(), "deleted although expired at that time");
        assertEquals(List.of(ts(d) + ".ts"), listHashDir("0", "a", "c", "v30"));
        assertEquals(409, delete(path, Long.toString(d), "X-If-Delete-At: " + d).status(), "again");
        assertEquals(404, delete(obj("v30-missing"), Long.toString(d), "X-If-Delete-At: " + d).status());
        assertEquals(List.of(), listHashDir("0", "a", "c", "v30-missing"), "no tombstone for a missing object");
        Resp bad = delete(obj("v30"), ts(d + 1), "X-If-Delete-At: abc");
        assertEquals(400, bad.status());
        assertEquals("Bad X-If-Delete-At header value", bad.text());
    }

    @Test
    void v31PostUpdatesMetadata() throws IOException {
        String path = obj("v31");
        long t = NOW;
        assertEquals(201, request("PUT", path, "hello".getBytes(UTF_8), "X-Timestamp: " + ts(t),
                "Content-Type: application/x-test", "X-Object-Sysmeta-Color: blue", "X-Object-Meta-1: One").status());
        Resp p = post(path, ts(t + 1), "X-Object-Meta-3: Three", "Content-Encoding: gzip");
        assertEquals("HTTP/1.1 202 Accepted", p.statusLine());
        assertEquals("application/x-test", p.header("X-Backend-Content-Type"));
        assertEquals("blue", p.header("X-Object-Sysmeta-Color"));
        assertEquals("<html><h1>Accepted</h1><p>The request is accepted for processing.</p></html>", p.text());
        Resp g = get(path);
        assertEquals(200, g.status());
        assertEquals("Three", g.header("X-Object-Meta-3"));
        assertEquals("gzip", g.header("Content-Encoding"));
        assertEquals("blue", g.header("X-Object-Sysmeta-Color"));
        assertNull(g.header("X-Object-Meta-1"));
        assertEquals("application/x-test", g.header("Content-Type"));
        assertEquals(ts(t + 1), g.header("X-Timestamp"));
        assertEquals(ts(t + 1), g.header("X-Backend-Timestamp"));
        assertEquals(ts(t), g.header("X-Backend-Data-Timestamp"));
        assertEquals(ts(t), g.header("X-Backend-Durable-Timestamp"));
        assertEquals("hello", g.text());
    }

    @Test
    void v32PostNotNewerIs409() throws IOException {
        String path = obj("v32");
        assertEquals(201, put(path, ts(NOW), "hello").status());
        Resp same = post(path, ts(NOW), "X-Object-Meta-A: b");
        assertEquals(409, same.status());
        assertEquals(ts(NOW), same.header("X-Backend-Timestamp"));
        assertEquals(202, post(path, ts(NOW + 2)).status());
        Resp older = post(path, ts(NOW + 1), "X-Object-Meta-A: b");
        assertEquals(409, older.status());
        assertEquals(ts(NOW + 2), older.header("X-Backend-Timestamp"), "the merged (.meta) timestamp");
    }

    @Test
    void v33PostContentTypeWritesMetaWithContentTypeTimestamp() throws IOException {
        String path = obj("v33");
        assertEquals(201, put(path, ts(NOW), "hello").status());
        assertEquals(202, post(path, ts(NOW + 1), "Content-Type: x/y").status());
        Path meta = hashDir("0", "a", "c", "v33").resolve(ts(NOW + 1) + "+0.meta");
        assertEquals(List.of(ts(NOW) + ".data", ts(NOW + 1) + "+0.meta"), listHashDir("0", "a", "c", "v33"));
        Map<String, String> md = XattrMetadata.read(meta);
        assertEquals("x/y", md.get("Content-Type"));
        assertEquals(ts(NOW + 1), md.get("Content-Type-Timestamp"));
        assertEquals(ts(NOW + 1), md.get("X-Timestamp"));
        assertEquals("/a/c/v33", md.get("name"));
        assertEquals("x/y", get(path).header("Content-Type"));
    }

    @Test
    void v34ReplicateReturnsSuffixHashes() throws IOException {
        String name = null;
        for (int i = 0; name == null; i++) {
            if (HASH.hash("a", "c", "v34-" + i).endsWith("e31")) {
                name = "v34-" + i;
            }
        }
        String t = ts(NOW - 60);
        assertEquals(404, request("DELETE", "/sda1/5/a/c/" + name, null, "X-Timestamp: " + t).status());
        Resp r = request("REPLICATE", "/sda1/5", null);
        assertEquals(200, r.status());
        assertEquals("text/html; charset=UTF-8", r.header("Content-Type"));
        String md5 = md5Hex((t + ".ts").getBytes(UTF_8));
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes(new byte[] {(byte) 0x80, 0x02, 0x7d, 0x71, 0x00, 0x58, 0x03, 0x00, 0x00, 0x00});
        want.writeBytes("e31".getBytes(UTF_8));
        want.writeBytes(new byte[] {0x71, 0x01, 0x58, 0x20, 0x00, 0x00, 0x00});
        want.writeBytes(md5.getBytes(UTF_8));
        want.writeBytes(new byte[] {0x71, 0x02, 0x73, 0x2e});
        assertEquals(HexFormat.of().formatHex(want.toByteArray()), HexFormat.of().formatHex(r.body()));
    }

    @Test
    void v35ReplicateWithSuffixesInvalidates() throws IOException {
        Resp r = request("REPLICATE", "/sda1/35/abc-def", null);
        assertEquals(200, r.status());
        assertEquals("80024e2e", HexFormat.of().formatHex(r.body()));
        Path invalid = devices.resolve("sda1/objects/35/hashes.invalid");
        assertEquals(List.of("abc", "def"), Files.readAllLines(invalid));
        // invalid suffixes are ignored
        assertEquals("80024e2e", HexFormat.of().formatHex(request("REPLICATE", "/sda1/35/xyz-ABC-1234", null).body()));
        assertEquals(List.of("abc", "def"), Files.readAllLines(invalid));
    }

    @Test
    void v36ReplicateUnknownPartition() throws IOException {
        Resp r = request("REPLICATE", "/sda1/999", null);
        assertEquals(200, r.status());
        assertEquals("80027d71002e", HexFormat.of().formatHex(r.body()));
    }

    @Test
    void v37OptionsStar() throws IOException {
        Resp r = request("OPTIONS", "*", null);
        assertEquals(200, r.status());
        assertEquals(ALLOW, r.header("Allow"));
        assertEquals("object-server/2.30.1", r.header("Server"));
        assertEquals("0", r.header("Content-Length"));
    }

    @Test
    void v38UnknownMethodIs405() throws IOException {
        Resp r = request("FOO", "/sda1/5/a/c/o", null);
        assertEquals("HTTP/1.1 405 Method Not Allowed", r.statusLine());
        assertEquals("<html><h1>Method Not Allowed</h1><p>The method is not allowed for this resource.</p></html>",
                r.text());
    }

    @Test
    void v39UnknownDeviceIs507() throws IOException {
        Resp r = get("/sdz9/0/a/c/o");
        assertEquals("HTTP/1.1 507 Insufficient Storage", r.statusLine());
        assertEquals("<html><h1>Insufficient Storage</h1><p>There was not enough space to save the resource. "
                + "Drive: sdz9</p></html>", r.text());
    }

    @Test
    void v40UnknownPolicyIs503() throws IOException {
        Resp r = get(obj("v40"), "X-Backend-Storage-Policy-Index: 7");
        assertEquals("HTTP/1.1 503 Service Unavailable", r.statusLine());
        assertEquals("text/plain", r.header("Content-Type"));
        assertEquals("No policy with index 7", r.text());
    }

    @Test
    void v41ShortPathIs400() throws IOException {
        Resp r = get("/sda1/5/a/c");
        assertEquals(400, r.status());
        assertEquals("text/plain", r.header("Content-Type"));
        assertEquals("Invalid path: /sda1/5/a/c", r.text());
    }

    @Test
    void v42TimestampOffsets() throws IOException {
        String path = obj("v42");
        assertEquals(201, put(path, "1700000042.00000", "one").status());
        assertEquals(201, put(path, "1700000042.00000_0000000000000001", "two").status());
        Resp g = get(path);
        assertEquals("two", g.text());
        assertEquals("1700000042.00000", g.header("X-Timestamp"));
        assertEquals("1700000042.00000_0000000000000001", g.header("X-Backend-Timestamp"));
        assertEquals("1700000042.00000_0000000000000001", g.header("X-Backend-Data-Timestamp"));
    }

    @Test
    void v43NameCollisionIs403() throws IOException {
        // a .data whose stored name is another object's, in object A's hash directory
        DiskFileManager disk = new DiskFileManager(DiskConfig.defaults(devices, HASH));
        DiskFile other = disk.diskFile("sda1", "0", "a", "c", "v43-b", 0);
        Path written;
        try (DiskFileWriter w = other.create(-1)) {
            byte[] body = "hello".getBytes(UTF_8);
            w.write(body, 0, body.length);
            Map<String, String> md = new LinkedHashMap<>();
            md.put("X-Timestamp", ts(NOW));
            md.put("Content-Type", "text/plain");
            md.put("Content-Length", "5");
            md.put("ETag", w.etag());
            written = w.put(md);
            w.commit();
        }
        Path dirA = hashDir("0", "a", "c", "v43-a");
        Files.createDirectories(dirA);
        Files.move(written, dirA.resolve(written.getFileName()));
        assertEquals("/a/c/v43-b", XattrMetadata.read(dirA.resolve(written.getFileName())).get("name"));

        String path = obj("v43-a");
        Resp g = get(path);
        assertEquals("HTTP/1.1 403 Forbidden", g.statusLine());
        assertEquals("<html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>", g.text());
        assertEquals(403, request("HEAD", path, null).status());
        assertEquals(403, put(path, ts(NOW + 1), "x").status());
        assertEquals(403, post(path, ts(NOW + 1)).status());
        assertEquals(403, delete(path, ts(NOW + 1)).status());
        assertEquals(List.of(ts(NOW) + ".data"), listHashDir("0", "a", "c", "v43-a"), "nothing written");
    }

    @Test
    void v44ContainerUpdatesAndOneAsyncPending() throws Exception {
        Stub ok = new Stub(201);
        Stub full = new Stub(507);
        int refused = freePort();
        try {
            String path = obj("v44");
            Resp r = request("PUT", path, "abc".getBytes(UTF_8), "X-Timestamp: 1700000002.00000",
                    "Content-Type: text/plain",
                    "X-Container-Host: 127.0.0.1:" + ok.port() + ",127.0.0.1:" + full.port() + ",127.0.0.1:" + refused,
                    "X-Container-Device: sdc1,sdc2,sdc3", "X-Container-Partition: 77");
            assertEquals(201, r.status());
            assertTrue(await(() -> ok.requests.size() == 1 && full.requests.size() == 1, 10_000),
                    "both listening container servers were contacted");
            for (Stub s : List.of(ok, full)) {
                Stub.Req q = s.requests.peek();
                String dev = s == ok ? "sdc1" : "sdc2";
                assertEquals("PUT", q.method());
                assertEquals("/" + dev + "/77/a/c/v44", q.path());
                assertEquals("3", q.header("X-Size"));
                assertEquals("900150983cd24fb0d6963f7d28e17f72", q.header("X-Etag"));
                assertEquals("text/plain", q.header("X-Content-Type"));
                assertEquals("1700000002.00000", q.header("X-Timestamp"));
                assertEquals("0", q.header("X-Backend-Storage-Policy-Index"));
                assertEquals("-", q.header("X-Trans-Id"));
                assertEquals("PUT http://" + host + ":" + port + path, q.header("Referer"));
                assertTrue(q.header("User-Agent").matches("object-server \\d+"), q.header("User-Agent"));
            }
            String hash = HASH.hash("a", "c", "v44");
            Path asyncDir = devices.resolve("sda1/async_pending").resolve(hash.substring(29));
            Path pending = asyncDir.resolve(hash + "-1700000002.00000");
            assertTrue(await(() -> Files.exists(pending), 10_000), pending + " written");
            Thread.sleep(1500); // the updates have all finished: no second file may appear
            try (Stream<Path> files = Files.list(asyncDir)) {
                assertEquals(List.of(pending.getFileName().toString()),
                        files.map(p -> p.getFileName().toString()).toList(), "exactly one async pending");
            }
            AsyncPendingPickle.AsyncUpdate u = AsyncPendingPickle.decode(Files.readAllBytes(pending));
            assertEquals("PUT", u.op());
            assertEquals("a", u.account());
            assertEquals("c", u.container());
            assertEquals("v44", u.obj());
            assertEquals("3", u.headers().get("X-Size"));
            assertEquals("1700000002.00000", u.headers().get("X-Timestamp"));
            assertEquals("900150983cd24fb0d6963f7d28e17f72", u.headers().get("X-Etag"));
        } finally {
            ok.stop();
            full.stop();
        }
    }

    @Test
    void v45MetadataFooter() throws IOException {
        String path = obj("v45");
        String mime = "--bnd\r\nX-Document: object body\r\n\r\nhi\r\n--bnd\r\nX-Document: object metadata\r\n"
                + "Content-MD5: 99914b932bd37a50b983c5e7c90ae93b\r\n\r\n{}\r\n--bnd--\r\n";
        try (Conn c = connect()) {
            c.send(head("PUT", path, "X-Timestamp: " + ts(NOW), "Content-Type: text/plain",
                    "Transfer-Encoding: chunked", "Expect: 100-continue", "X-Backend-Obj-Metadata-Footer: yes",
                    "X-Backend-Obj-Multipart-Mime-Boundary: bnd", "X-Backend-Obj-Content-Length: 2"));
            Resp cont = c.read(false);
            assertEquals("HTTP/1.1 100 Continue", cont.statusLine());
            assertEquals("yes", cont.header("X-Obj-Metadata-Footer"));
            c.send(Integer.toHexString(mime.length()) + "\r\n" + mime + "\r\n0\r\n\r\n");
            Resp r = c.read(false);
            assertEquals(201, r.status());
            assertEquals("\"49f68a5c8493ec2c0bf489821c21fc3b\"", r.header("Etag"));
        }
        assertEquals("hi", get(path).text());
    }

    @Test
    void v46CorruptBodyIsServedThenQuarantined() throws Exception {
        String path = obj("v46");
        assertEquals(201, put(path, ts(NOW), "hello world").status());
        Path dir = hashDir("0", "a", "c", "v46");
        Path data = dir.resolve(ts(NOW) + ".data");
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("HELLO WORLD".getBytes(UTF_8)), 0);
        }
        Resp g = get(path);
        assertEquals(200, g.status());
        assertEquals("HELLO WORLD", g.text());
        Path quarantined = devices.resolve("sda1/quarantined/objects").resolve(dir.getFileName());
        assertTrue(await(() -> !Files.exists(dir) && Files.isDirectory(quarantined), 10_000),
                "hash dir moved to " + quarantined);
        assertTrue(Files.exists(quarantined.resolve(ts(NOW) + ".data")));
        assertEquals(404, get(path).status());
    }

    @Test
    void v47TruncatedDataIsQuarantinedOnHead() throws IOException {
        String path = obj("v47");
        assertEquals(201, put(path, ts(NOW), "hello world").status());
        Path dir = hashDir("0", "a", "c", "v47");
        try (FileChannel ch = FileChannel.open(dir.resolve(ts(NOW) + ".data"), StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        Resp h = request("HEAD", path, null);
        assertEquals(404, h.status());
        assertNull(h.header("X-Backend-Timestamp"));
        assertFalse(Files.exists(dir), "hash dir gone");
        assertTrue(Files.isDirectory(devices.resolve("sda1/quarantined/objects").resolve(dir.getFileName())));
    }

    // =============================================================================================
    // PUT statuses
    // =============================================================================================

    @Test
    void putInvalidTimestampIs400() throws IOException {
        for (String bad : List.of("abc", "", "1700000000:", "1.2.3")) {
            Resp r = put(obj("pts"), bad, "x");
            assertEquals(400, r.status(), bad);
            assertEquals("Invalid X-Timestamp header", r.text(), bad);
        }
        // any Python float literal, normalised to 5 decimals
        assertEquals(201, put(obj("pts-e"), "1.7e9", "x").status());
        assertEquals("1700000000.00000", get(obj("pts-e")).header("X-Timestamp"));
        assertEquals(201, put(obj("pts-z"), "0001700000000.123456", "x").status());
        assertEquals("1700000000.12346", get(obj("pts-z")).header("X-Timestamp"));
    }

    @Test
    void putInvalidContentLengthIs400() throws IOException {
        // Swift's front end refuses it (400, empty body) before the application's "Invalid Content-Length
        // header value" could
        Resp r = request("PUT", obj("pcl"), "x".getBytes(UTF_8), "X-Timestamp: " + ts(NOW), "Content-Type: text/plain",
                "Content-Length: abc");
        assertEquals(400, r.status());
        assertEquals(List.of(), listHashDir("0", "a", "c", "pcl"));
    }

    @Test
    void putInvalidTransferEncodingIs400() throws IOException {
        Resp r = request("PUT", obj("pte"), "x".getBytes(UTF_8), "X-Timestamp: " + ts(NOW),
                "Content-Type: text/plain", "Transfer-Encoding: gzip");
        assertEquals(400, r.status());
        assertEquals("Invalid Transfer-Encoding header value", r.text());
    }

    @Test
    void putTwoTransferCodingsIs501() throws IOException {
        Resp r = request("PUT", obj("pte2"), "1\r\nx\r\n0\r\n\r\n".getBytes(UTF_8), "X-Timestamp: " + ts(NOW),
                "Content-Type: text/plain", "Transfer-Encoding: gzip, chunked");
        assertEquals("HTTP/1.1 501 Not Implemented", r.statusLine());
        assertEquals("Unsupported Transfer-Coding header value specified in Transfer-Encoding header", r.text());
    }

    @Test
    void putTooLargeIs413() throws IOException {
        try (Conn c = connect()) {
            c.send(head("PUT", obj("p413"), "X-Timestamp: " + ts(NOW), "Content-Type: text/plain",
                    "Content-Length: 5368709123"));
            Resp r = c.read(false);
            assertEquals("HTTP/1.1 413 Request Entity Too Large", r.statusLine());
            assertEquals("text/plain", r.header("Content-Type"));
            assertEquals("Your request is too large.", r.text());
        }
    }

    @Test
    void putIfNoneMatchEtagIs412() throws IOException {
        String path = obj("pinm");
        assertEquals(201, put(path, ts(NOW), "hello").status());
        Resp r = put(path, ts(NOW + 1), "other", "If-None-Match: \"" + MD5_HELLO + "\"");
        assertEquals(412, r.status());
        Resp star = put(path, ts(NOW + 1), "other", "If-None-Match: *");
        assertEquals(412, star.status());
        // a tag that does not match lets the PUT through
        assertEquals(201, put(path, ts(NOW + 2), "other", "If-None-Match: \"nope\"").status());
        assertEquals("other", get(path).text());
    }

    @Test
    void putNotNewerIs409() throws IOException {
        String path = obj("p409");
        assertEquals(201, put(path, ts(NOW), "hello").status());
        Resp same = put(path, ts(NOW), "other");
        assertEquals("HTTP/1.1 409 Conflict", same.statusLine());
        assertEquals(ts(NOW), same.header("X-Backend-Timestamp"));
        Resp older = put(path, ts(NOW - 1), "other");
        assertEquals(409, older.status());
        assertEquals(ts(NOW), older.header("X-Backend-Timestamp"));
        // a .meta does not count for PUT: the data timestamp decides... unless the object expired
        assertEquals(202, post(path, ts(NOW + 10)).status());
        assertEquals(201, put(path, ts(NOW + 5), "newer").status());
    }

    @Test
    void putUnknownPolicyIs503AndUnknownDeviceIs507() throws IOException {
        Resp p = put(obj("p503"), ts(NOW), "x", "X-Backend-Storage-Policy-Index: 7");
        assertEquals(503, p.status());
        assertEquals("No policy with index 7", p.text());
        Resp nan = put(obj("p503"), ts(NOW), "x", "X-Backend-Storage-Policy-Index: gold");
        assertEquals(503, nan.status());
        assertEquals("No policy with index gold", nan.text());
        Resp d = put("/sdz9/0/a/c/p507", ts(NOW), "x");
        assertEquals(507, d.status());
        assertTrue(d.text().endsWith("Drive: sdz9</p></html>"), d.text());
        // policy 1 is stored under objects-1
        assertEquals(201, put(obj("p1"), ts(NOW), "x", "X-Backend-Storage-Policy-Index: 1").status());
        String hash = HASH.hash("a", "c", "p1");
        assertTrue(Files.exists(devices.resolve("sda1/objects-1/0").resolve(hash.substring(29)).resolve(hash)
                .resolve(ts(NOW) + ".data")));
        assertEquals(404, get(obj("p1")).status(), "not in policy 0");
        assertEquals(200, get(obj("p1"), "X-Backend-Storage-Policy-Index: 1").status());
    }

    @Test
    void putPartitionIsTakenVerbatim() throws IOException {
        assertEquals(201, put("/sda1/007/a/c/ppart", ts(NOW), "x").status());
        String hash = HASH.hash("a", "c", "ppart");
        assertTrue(Files.isDirectory(devices.resolve("sda1/objects/007").resolve(hash.substring(29)).resolve(hash)));
    }

    @Test
    void putClientTimeoutIs408() throws IOException {
        double timeout = clientTimeout();
        String path = obj("p408");
        try (Conn c = connect()) {
            c.socket.setSoTimeout((int) (timeout * 1000) + 30_000);
            c.send(head("PUT", path, "X-Timestamp: " + ts(NOW), "Content-Type: text/plain", "Content-Length: 10")
                    + "abc");
            long start = System.nanoTime();
            Resp r = c.read(false);
            assertEquals("HTTP/1.1 408 Request Timeout", r.statusLine());
            double took = (System.nanoTime() - start) / 1e9;
            assertTrue(took >= timeout - 1, "answered after " + took + " s, client_timeout is " + timeout);
        }
        assertEquals(List.of(), listHashDir("0", "a", "c", "p408"));
    }

    @Test
    void putStoresMetadataAndAllowedHeaders() throws IOException {
        String path = obj("pmeta");
        Resp r = request("PUT", path, "x".getBytes(UTF_8), "X-Timestamp: " + ts(NOW), "Content-Type: text/plain",
                "X-OBJECT-META-foo1bar: v1", "X-Object-Meta-a_b: under", "X-Object-Sysmeta-S: sys",
                "X-Object-Transient-Sysmeta-T: tr", "Content-Disposition: inline", "Cache-Control: no-cache",
                "X-Robots-Tag: none", "X-Unknown: dropped");
        assertEquals(201, r.status());
        Resp g = get(path);
        assertEquals("v1", g.header("X-Object-Meta-Foo1Bar"));
        assertEquals("under", g.header("X-Object-Meta-A-B"));
        assertEquals("sys", g.header("X-Object-Sysmeta-S"));
        assertEquals("tr", g.header("X-Object-Transient-Sysmeta-T"));
        assertEquals("inline", g.header("Content-Disposition"));
        assertEquals("no-cache", g.header("Cache-Control"));
        assertEquals("none", g.header("X-Robots-Tag"));
        assertNull(g.header("X-Unknown"));
        Map<String, String> md = XattrMetadata.read(hashDir("0", "a", "c", "pmeta").resolve(ts(NOW) + ".data"));
        assertEquals("v1", md.get("X-Object-Meta-Foo1Bar"));
        assertEquals("under", md.get("X-Object-Meta-A-B"));
        assertFalse(md.containsKey("X-Unknown"));
    }

    @Test
    void headerValueOctetsRoundTrip() throws IOException {
        // values are octets: UTF-8 "é" (C3 A9) is stored as two chars, each UTF-8 encoded on disk, and goes back
        // on the wire as sent
        String path = obj("putf");
        assertEquals(201, put(path, ts(NOW), "x", "X-Object-Meta-Utf: \u00c3\u00a9").status());
        assertEquals("\u00c3\u00a9", get(path).header("X-Object-Meta-Utf"));
        Map<String, String> md = XattrMetadata.read(hashDir("0", "a", "c", "putf").resolve(ts(NOW) + ".data"));
        assertEquals("\u00c3\u00a9", md.get("X-Object-Meta-Utf"));
    }

    // =============================================================================================
    // X-Delete-After / X-Delete-At on PUT
    // =============================================================================================

    @Test
    void putDeleteAfterBecomesDeleteAt() throws IOException {
        String path = obj("pda");
        assertEquals(201, put(path, "1700000000.50000", "x", "X-Delete-After: 100").status());
        Resp g = get(path, "X-Timestamp: 1700000050");
        assertEquals(200, g.status());
        assertEquals("1700000100", g.header("X-Delete-At"));
        Map<String, String> md = XattrMetadata.read(hashDir("0", "a", "c", "pda").resolve("1700000000.50000.data"));
        assertEquals("1700000100", md.get("X-Delete-At"));
        assertFalse(md.containsKey("X-Delete-After"));
        // X-Delete-After wins over X-Delete-At
        assertEquals(201, put(obj("pda2"), "1700000000", "x", "X-Delete-After: 10", "X-Delete-At: 1800000000")
                .status());
        assertEquals("1700000010", get(obj("pda2"), "X-Timestamp: 1700000001").header("X-Delete-At"));
    }

    @Test
    void putDeleteAfterValidation() throws IOException {
        Resp nan = put(obj("pdav"), ts(NOW), "x", "X-Delete-After: abc");
        assertEquals(400, nan.status());
        assertEquals("text/plain", nan.header("Content-Type"));
        assertEquals("Non-integer X-Delete-After", nan.text());
        Resp zero = put(obj("pdav"), ts(NOW), "x", "X-Delete-After: 0");
        assertEquals(400, zero.status());
        assertEquals("X-Delete-After in past", zero.text());
        Resp neg = put(obj("pdav"), ts(NOW), "x", "X-Delete-After: -5");
        assertEquals(400, neg.status());
        assertEquals("X-Delete-After in past", neg.text());
        Resp at = put(obj("pdav"), ts(NOW), "x", "X-Delete-At: soon");
        assertEquals(400, at.status());
        assertEquals("Non-integer X-Delete-At", at.text());
        Resp now = put(obj("pdav"), ts(NOW), "x", "X-Delete-At: " + NOW);
        assertEquals(400, now.status(), "X-Delete-At equal to X-Timestamp is in the past");
        assertEquals("X-Delete-At in past", now.text());
        // replication may store an X-Delete-At in the past
        assertEquals(201, put(obj("pdav"), ts(NOW), "x", "X-Delete-At: 100", "X-Backend-Replication: true")
                .status());
        assertEquals(List.of(), listHashDir("0", "a", "c", "pdav-none"));
    }

    // =============================================================================================
    // Metadata limits (§14), PUT only
    // =============================================================================================

    @Test
    void metadataValueTooLong() throws IOException {
        Resp r = put(obj("mvl"), ts(NOW), "x", "X-Object-Meta-K: " + "v".repeat(257));
        assertEquals(400, r.status());
        assertEquals("text/plain", r.header("Content-Type"));
        assertEquals("Metadata value longer than 256: x-object-meta-K", r.text());
        assertEquals(201, put(obj("mvl2"), ts(NOW), "x", "X-Object-Meta-K: " + "v".repeat(256)).status());
    }

    @Test
    void metadataTooManyItems() throws IOException {
        List<String> h = new ArrayList<>();
        for (int i = 0; i < 91; i++) {
            h.add("X-Object-Meta-K" + i + ": v");
        }
        Resp r = put(obj("mcount"), ts(NOW), "x", h.toArray(String[]::new));
        assertEquals(400, r.status());
        assertEquals("Too many metadata items; max 90", r.text());
        h.remove(90);
        assertEquals(201, put(obj("mcount2"), ts(NOW), "x", h.toArray(String[]::new)).status());
        // sysmeta does not count
        h.add("X-Object-Sysmeta-Extra: v");
        assertEquals(201, put(obj("mcount3"), ts(NOW), "x", h.toArray(String[]::new)).status());
    }

    @Test
    void metadataOverallTooLarge() throws IOException {
        List<String> h = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            h.add(String.format("X-Object-Meta-K%02d: %s", i, "v".repeat(250)));
        }
        Resp r = put(obj("msize"), ts(NOW), "x", h.toArray(String[]::new));
        assertEquals(400, r.status());
        assertEquals("Total metadata too large; max 4096", r.text());
    }

    @Test
    void metadataEmptyName() throws IOException {
        Resp r = put(obj("mempty"), ts(NOW), "x", "X-Object-Meta-: v");
        assertEquals(400, r.status());
        assertEquals("Metadata name cannot be empty", r.text());
    }

    @Test
    void headerValueTooLong() throws IOException {
        // "Header value too long: <name>" cannot be reached through Swift's front end: a header line over
        // 8192 bytes is refused with 400 before the application sees it
        Resp r = put(obj("mhdr"), ts(NOW), "x", "X-Foo: " + "v".repeat(8193));
        assertEquals(400, r.status());
        assertEquals(List.of(), listHashDir("0", "a", "c", "mhdr"));
        // a line just under the limit is fine
        assertEquals(201, put(obj("mhdr2"), ts(NOW), "x", "X-Foo: " + "v".repeat(8182)).status());
    }

    @Test
    void metadataLimitsAreNotCheckedOnPost() throws IOException {
        String path = obj("mpost");
        assertEquals(201, put(path, ts(NOW), "x").status());
        assertEquals(202, post(path, ts(NOW + 1), "X-Object-Meta-K: " + "v".repeat(257)).status());
        assertEquals("v".repeat(257), get(path).header("X-Object-Meta-K"));
    }

    // =============================================================================================
    // GET / HEAD
    // =============================================================================================

    @Test
    void getMissingIs404() throws IOException {
        Resp g = get(obj("g404"));
        assertEquals("HTTP/1.1 404 Not Found", g.statusLine());
        assertNull(g.header("X-Backend-Timestamp"));
        assertEquals("<html><h1>Not Found</h1><p>The resource could not be found.</p></html>", g.text());
        Resp h = request("HEAD", obj("g404"), null);
        assertEquals(404, h.status());
        assertEquals("0", h.header("Content-Length"));
        assertEquals(0, h.body().length);
    }

    @Test
    void getInvalidTimestampIs400() throws IOException {
        Resp g = get(obj("gts"), "X-Timestamp: soon");
        assertEquals(400, g.status());
        assertEquals("Invalid X-Timestamp header", g.text());
    }

    @Test
    void getEtagIsAt() throws IOException {
        String path = obj("getag");
        assertEquals(201, put(path, ts(NOW), "hello", "X-Object-Sysmeta-Alt-Etag: alt").status());
        assertEquals(304, get(path, "If-None-Match: alt", "X-Backend-Etag-Is-At: X-Object-Sysmeta-Missing, "
                + "x-object-sysmeta-alt-etag").status());
        assertEquals(200, get(path, "If-None-Match: " + MD5_HELLO, "X-Backend-Etag-Is-At: X-Object-Sysmeta-Alt-Etag")
                .status());
        assertEquals(304, get(path, "If-None-Match: " + MD5_HELLO, "X-Backend-Etag-Is-At: X-Object-Sysmeta-None")
                .status());
    }

    @Test
    void getIgnoreRangeIfMetadataPresent() throws IOException {
        String path = obj("gign");
        assertEquals(201, put(path, ts(NOW), "0123456789", "X-Static-Large-Object: True").status());
        Resp r = get(path, "Range: bytes=0-1", "X-Backend-Ignore-Range-If-Metadata-Present: X-Static-Large-Object");
        assertEquals(200, r.status());
        assertEquals("0123456789", r.text());
        assertEquals(206, get(path, "Range: bytes=0-1").status());
    }

    @Test
    void getRangeEdgeCases() throws IOException {
        String path = tenBytes("grange");
        Resp suffix = get(path, "Range: bytes=-20");
        assertEquals(206, suffix.status());
        assertEquals("bytes 0-9/10", suffix.header("Content-Range"));
        Resp open = get(path, "Range: bytes=7-");
        assertEquals("789", open.text());
        Resp clipped = get(path, "Range: bytes=8-100");
        assertEquals("bytes 8-9/10", clipped.header("Content-Range"));
        assertEquals(200, get(path, "Range: items=0-1").status(), "not bytes=: ignored");
        assertEquals(416, get(path, "Range: bytes=-0").status());
        Resp head = request("HEAD", path, null, "Range: bytes=2-4");
        assertEquals(200, head.status(), "HEAD ignores Range");
        assertEquals("10", head.header("Content-Length"));
    }

    // =============================================================================================
    // Expired objects and X-Backend-Timestamp
    // =============================================================================================

    @Test
    void expiredObjectsAreHiddenByRequestTime() throws IOException {
        String path = obj("exp");
        assertEquals(201, put(path, "1700000000.00000", "hello", "X-Delete-At: 1700000100").status());
        Resp live = get(path, "X-Timestamp: 1700000099.99999");
        assertEquals(200, live.status());
        assertEquals("1700000100", live.header("X-Delete-At"));
        Resp gone = get(path, "X-Timestamp: 1700000100");
        assertEquals(404, gone.status());
        assertEquals("1700000000.00000", gone.header("X-Backend-Timestamp"));
        Resp now = request("HEAD", path, null);
        assertEquals(404, now.status(), "without X-Timestamp the clock is now");
        assertEquals("1700000000.00000", now.header("X-Backend-Timestamp"));
        assertEquals(200, get(path, "X-Backend-Replication: true").status(), "replication opens expired objects");
        assertEquals(404, post(path, "1700000200", "X-Object-Meta-A: b").status());
        // a .meta written before expiry (keeping X-Delete-At) is the expired object's timestamp
        assertEquals(202, post(path, "1700000050", "X-Object-Meta-A: b", "X-Delete-At: 1700000100").status());
        Resp afterMeta = get(path, "X-Timestamp: 1700000300");
        assertEquals(404, afterMeta.status());
        assertEquals("1700000050.00000", afterMeta.header("X-Backend-Timestamp"));
        // replication may POST to an expired object; X-Delete-At equal to the request time is not in the past
        assertEquals(202, post(path, "1700000100", "X-Delete-At: 1700000100", "X-Backend-Replication: true")
                .status());
        Resp conflict = put(path, "1700000100", "x");
        assertEquals(409, conflict.status(), "not newer than the expired object's merged timestamp");
        assertEquals("1700000100.00000", conflict.header("X-Backend-Timestamp"));
        assertEquals(201, put(path, "1700000101", "x").status());
    }

    @Test
    void deleteOfExpiredObject() throws IOException {
        String path = obj("expdel");
        long d = NOW - 50;
        assertEquals(201, put(path, ts(NOW - 100), "hello", "X-Delete-At: " + d).status());
        Resp del = delete(path, ts(NOW));
        assertEquals(404, del.status());
        assertEquals(ts(NOW), del.header("X-Backend-Timestamp"));
        assertEquals("text/plain", del.header("X-Backend-Content-Type"));
        assertEquals(List.of(ts(NOW) + ".ts"), listHashDir("0", "a", "c", "expdel"), "tombstone written");
    }

    @Test
    void backendTimestampOnGetFollowsTheMeta() throws IOException {
        String path = obj("bts");
        assertEquals(201, put(path, "1700000000.00000", "hello").status());
        assertEquals(202, post(path, "1700000001.50000").status());
        Resp g = get(path);
        assertEquals("1700000001.50000", g.header("X-Timestamp"));
        assertEquals("1700000001.50000", g.header("X-Backend-Timestamp"));
        assertEquals("1700000000.00000", g.header("X-Backend-Data-Timestamp"));
        assertEquals("Tue, 14 Nov 2023 22:13:22 GMT", g.header("Last-Modified"), "ceil of the POST timestamp");
        // DELETE compares with the data timestamp, not the .meta
        Resp d = delete(path, "1700000001.00000");
        assertEquals(204, d.status());
        assertEquals("1700000001.00000", d.header("X-Backend-Timestamp"));
    }

    // =============================================================================================
    // POST
    // =============================================================================================

    @Test
    void postReplacesVersusKeeps() throws IOException {
        String path = obj("prk");
        long t = NOW;
        assertEquals(201, request("PUT", path, "hello".getBytes(UTF_8), "X-Timestamp: " + ts(t),
                "Content-Type: text/plain", "X-Object-Meta-A: a", "X-Object-Meta-B: b",
                "X-Object-Transient-Sysmeta-T: t", "X-Object-Sysmeta-S: s", "Content-Disposition: inline",
                "Content-Encoding: gzip", "X-Delete-At: " + (t + 100000), "X-Object-Manifest: c/p",
                "Cache-Control: no-cache", "Content-Language: en", "Expires: never", "X-Robots-Tag: none",
                "X-Static-Large-Object: True").status());
        Resp p = post(path, ts(t + 1), "X-Object-Meta-C: c", "X-Object-Meta-E:", "X-Object-Sysmeta-S: changed",
                "X-Object-Sysmeta-New: new");
        assertEquals(202, p.status());
        assertEquals("s", p.header("X-Object-Sysmeta-S"));
        Resp g = get(path);
        assertEquals(200, g.status());
        assertEquals("c", g.header("X-Object-Meta-C"));
        assertEquals("", g.header("X-Object-Meta-E"), "an empty value is kept as empty");
        for (String gone : List.of("X-Object-Meta-A", "X-Object-Meta-B", "X-Object-Transient-Sysmeta-T",
                "Content-Disposition", "Content-Encoding", "X-Delete-At", "X-Object-Manifest", "Cache-Control",
                "Content-Language", "Expires", "X-Robots-Tag", "X-Object-Sysmeta-New")) {
            assertNull(g.header(gone), gone + " dropped");
        }
        assertEquals("True", g.header("X-Static-Large-Object"));
        assertEquals("s", g.header("X-Object-Sysmeta-S"), "sysmeta cannot be changed by POST");
        assertEquals("5", g.header("Content-Length"));
        assertEquals("\"" + MD5_HELLO + "\"", g.header("Etag"));
        assertEquals("text/plain", g.header("Content-Type"));
        assertEquals(ts(t + 1), g.header("X-Timestamp"));
        assertEquals(ts(t), g.header("X-Backend-Data-Timestamp"));

        // a later POST with transient sysmeta and allowed headers; an empty Content-Type changes nothing
        assertEquals(202, post(path, ts(t + 2), "X-Object-Transient-Sysmeta-T: t2", "Content-Language: de",
                "Content-Type:").status());
        Resp g2 = get(path);
        assertEquals("t2", g2.header("X-Object-Transient-Sysmeta-T"));
        assertEquals("de", g2.header("Content-Language"));
        assertNull(g2.header("X-Object-Meta-C"));
        assertEquals("text/plain", g2.header("Content-Type"));

        // a non-empty Content-Type replaces it, and survives later POSTs without one
        assertEquals(202, post(path, ts(t + 3), "Content-Type: image/png").status());
        assertEquals("image/png", get(path).header("Content-Type"));
        Resp p4 = post(path, ts(t + 4), "X-Object-Meta-Z: z");
        assertEquals("image/png", p4.header("X-Backend-Content-Type"));
        assertEquals("image/png", get(path).header("Content-Type"));
    }

    @Test
    void postStatuses() throws IOException {
        String path = obj("pst");
        Resp missing = post(path, ts(NOW));
        assertEquals(404, missing.status());
        assertNull(missing.header("X-Backend-Timestamp"));
        assertEquals(201, put(path, ts(NOW), "hello").status());
        Resp noTs = request("POST", path, null, "X-Object-Meta-A: b");
        assertEquals(400, noTs.status());
        assertEquals("Missing X-Timestamp header", noTs.text());
        Resp past = post(path, ts(NOW + 1), "X-Delete-At: " + NOW);
        assertEquals(400, past.status());
        assertEquals("X-Delete-At in past", past.text());
        Resp nan = post(path, ts(NOW + 1), "X-Delete-At: soon");
        assertEquals(500, nan.status(), "2.30.1 lets int() raise");
        Resp unknownPolicy = post(path, ts(NOW + 1), "X-Backend-Storage-Policy-Index: 7");
        assertEquals(503, unknownPolicy.status());
        Resp dev = post("/sdz9/0/a/c/pst", ts(NOW + 1));
        assertEquals(507, dev.status());
        // X-Delete-At equal to the request timestamp is not "in the past" for POST
        Resp equal = post(path, ts(NOW + 2), "X-Delete-At: " + (NOW + 2));
        assertEquals(202, equal.status());
    }

    @Test
    void postDeleteAtSetsAndRemovesExpiry() throws IOException {
        String path = obj("pdat");
        assertEquals(201, put(path, "1700000000", "hello").status());
        assertEquals(202, post(path, "1700000001", "X-Delete-At: 1700000100").status());
        assertEquals(404, get(path, "X-Timestamp: 1700000100").status());
        assertEquals(202, post(path, "1700000002").status());
        Resp g = get(path, "X-Timestamp: 1700000200");
        assertEquals(200, g.status(), "a POST without X-Delete-At removes expiry");
        assertNull(g.header("X-Delete-At"));
    }

    // =============================================================================================
    // DELETE
    // =============================================================================================

    @Test
    void deleteStatuses() throws IOException {
        String path = obj("dst");
        Resp noTs = request("DELETE", path, null);
        assertEquals(400, noTs.status());
        assertEquals("Missing X-Timestamp header", noTs.text());
        assertEquals(400, delete(path, "-1").status());
        assertEquals(201, put(path, ts(NOW - 10), "hello").status());
        Resp ok = delete(path, ts(NOW - 9));
        assertEquals(204, ok.status());
        assertEquals("", ok.text());
        assertEquals(List.of(ts(NOW - 9) + ".ts"), listHashDir("0", "a", "c", "dst"));
        assertEquals(507, delete("/sdz9/0/a/c/dst", ts(NOW)).status());
        assertEquals(503, delete(path, ts(NOW), "X-Backend-Storage-Policy-Index: 9").status());
    }

    // =============================================================================================
    // REPLICATE, OPTIONS, 405, paths
    // =============================================================================================

    @Test
    void replicateErrors() throws IOException {
        Resp dev = request("REPLICATE", "/sdz9/5", null);
        assertEquals(507, dev.status());
        assertTrue(dev.text().endsWith("Drive: sdz9</p></html>"), dev.text());
        Resp pol = request("REPLICATE", "/sda1/5", null, "X-Backend-Storage-Policy-Index: 7");
        assertEquals(503, pol.status());
        assertEquals("No policy with index 7", pol.text());
        Resp path = request("REPLICATE", "/sda1", null);
        assertEquals(400, path.status());
        assertEquals("Invalid path: /sda1", path.text());
    }

    @Test
    void optionsOnAnyPath() throws IOException {
        Resp r = request("OPTIONS", "/sda1/0/a/c/o", null);
        assertEquals(200, r.status());
        assertEquals(ALLOW, r.header("Allow"));
        assertEquals("object-server/2.30.1", r.header("Server"));
        Resp dev = request("OPTIONS", "/sdz9/0", null);
        assertEquals(200, dev.status(), "no device check");
        assertNull(get(obj("o")).header("Server"), "Server only on OPTIONS");
    }

    @Test
    void methodsOutsideThePublicSetAre405() throws IOException {
        for (String m : List.of("FOO", "PATCH", "COPY", "TRACE")) {
            assertEquals(405, request(m, obj("m405"), null).status(), m);
        }
    }

    @Test
    void invalidDeviceAndPartition() throws IOException {
        Resp dev = get("/./0/a/c/o");
        assertEquals(400, dev.status());
        Resp part = get("/sda1/./a/c/o");
        assertEquals(400, part.status());
        assertEquals("Invalid partition: .", part.text());
        Resp empty = get("/sda1/0/a//o");
        assertEquals(400, empty.status());
        assertEquals("Invalid path: /sda1/0/a//o", empty.text());
    }

    @Test
    void objectNamesMayContainSlashesAndEndWithOne() throws IOException {
        assertEquals(201, put(obj("dir/sub/"), ts(NOW), "x").status());
        assertEquals("x", get(obj("dir/sub/")).text());
        assertEquals(404, get(obj("dir/sub")).status());
    }

    @Test
    void percentEncodedSlashIsPartOfTheName() throws IOException {
        // decoded before splitting: a%2Fb is the object "a/b"
        assertEquals(201, put(obj("pct%2Fslash"), ts(NOW), "x").status());
        assertEquals("x", get(obj("pct/slash")).text());
        String hash = HASH.hash("a", "c", "pct/slash");
        assertTrue(Files.isDirectory(devices.resolve("sda1/objects/0").resolve(hash.substring(29)).resolve(hash)));
    }

    @Test
    void invalidUtf8PathIs412() throws IOException {
        Resp r = get(obj("bad%ff"));
        assertEquals(412, r.status());
        assertEquals("Invalid UTF8 or contains NULL", r.text());
    }

    @Test
    void nulIsTheReservedNamespace() throws IOException {
        assertEquals(201, put("/sda1/0/a/%00c/%00o", ts(NOW), "x").status());
        assertEquals("x", get("/sda1/0/a/%00c/%00o").text());
        Resp mid = put(obj("x%00y"), ts(NOW), "x");
        assertEquals(400, mid.status());
        assertEquals("Invalid reserved-namespace object", mid.text());
        Resp userInReserved = put("/sda1/0/a/%00c/o", ts(NOW), "x");
        assertEquals(400, userInReserved.status());
        assertEquals("Invalid user-namespace object in reserved-namespace container", userInReserved.text());
        Resp reservedInUser = put("/sda1/0/a/c/%00o", ts(NOW), "x");
        assertEquals(400, reservedInUser.status());
        assertEquals("Invalid reserved-namespace object in user-namespace container", reservedInUser.text());
    }

    @Test
    void dotDotSegmentsAreNotNormalised() throws IOException {
        assertEquals(201, put(obj("dd/../x"), ts(NOW), "x").status());
        assertEquals("x", get(obj("dd/../x")).text());
        assertEquals(404, get(obj("x")).status());
        String hash = HASH.hash("a", "c", "dd/../x");
        assertTrue(Files.isDirectory(devices.resolve("sda1/objects/0").resolve(hash.substring(29)).resolve(hash)));
    }

    @Test
    void headerBlockOver8KiBIsAccepted() throws IOException {
        // Swift limits each header line to 8192 bytes, not the header block
        String path = obj("hbig");
        assertEquals(201, put(path, ts(NOW), "x", "X-Foo: " + "f".repeat(8000), "X-Bar: " + "b".repeat(8000),
                "X-Baz: " + "z".repeat(8000)).status());
        assertEquals(200, get(path, "X-Foo: " + "f".repeat(8000), "X-Bar: " + "b".repeat(8000)).status());
    }

    // =============================================================================================
    // helpers
    // =============================================================================================

    private static String obj(String name) {
        return "/sda1/0/a/c/" + name;
    }

    private static String ts(long seconds) {
        return seconds + ".00000";
    }

    private Path hashDir(String partition, String a, String c, String o) {
        String hash = HASH.hash(a, c, o);
        return devices.resolve("sda1/objects").resolve(partition).resolve(hash.substring(29)).resolve(hash);
    }

    /** File names in an object's hash dir, sorted; empty when the dir does not exist. */
    private List<String> listHashDir(String partition, String a, String c, String o) throws IOException {
        Path dir = hashDir(partition, a, c, o);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String tenBytes(String name) throws IOException {
        String path = obj(name);
        assertEquals(201, put(path, ts(NOW), "0123456789").status());
        return path;
    }

    private static String md5Hex(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean await(BooleanSupplier cond, long millis) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return cond.getAsBoolean();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The node's {@code client_timeout} (default 60 s). */
    private static double clientTimeout() throws IOException {
        if (System.getProperty(REFERENCE) != null) {
            return 60;
        }
        Matcher m = Pattern.compile("(?m)^\\s*client_timeout\\s*=\\s*([0-9.]+)").matcher(Files.readString(ItNode.conf()));
        return m.find() ? Double.parseDouble(m.group(1)) : 60;
    }

    private Resp put(String path, String timestamp, String body, String... headers) throws IOException {
        List<String> h = new ArrayList<>();
        h.add("X-Timestamp: " + timestamp);
        if (Stream.of(headers).noneMatch(x -> x.toLowerCase(Locale.ROOT).startsWith("content-type:"))) {
            h.add("Content-Type: text/plain");
        }
        h.addAll(List.of(headers));
        return request("PUT", path, body.getBytes(UTF_8), h.toArray(String[]::new));
    }

    private Resp post(String path, String timestamp, String... headers) throws IOException {
        List<String> h = new ArrayList<>();
        h.add("X-Timestamp: " + timestamp);
        h.addAll(List.of(headers));
        return request("POST", path, null, h.toArray(String[]::new));
    }

    private Resp delete(String path, String timestamp, String... headers) throws IOException {
        List<String> h = new ArrayList<>();
        h.add("X-Timestamp: " + timestamp);
        h.addAll(List.of(headers));
        return request("DELETE", path, null, h.toArray(String[]::new));
    }

    private Resp get(String path, String... headers) throws IOException {
        return request("GET", path, null, headers);
    }

    /** A request head: request line, {@code Host}, the given header lines, blank line. */
    private String head(String method, String path, String... headers) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(host).append(':').append(port).append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /**
     * One request on its own connection. With a body, {@code Content-Length} is added unless the headers
     * frame it themselves ({@code Content-Length}, {@code Transfer-Encoding}).
     */
    private Resp request(String method, String path, byte[] body, String... headers) throws IOException {
        List<String> h = new ArrayList<>(List.of(headers));
        boolean framed = h.stream().map(x -> x.toLowerCase(Locale.ROOT))
                .anyMatch(x -> x.startsWith("content-length:") || x.startsWith("transfer-encoding:"));
        if (body != null && !framed) {
            h.add("Content-Length: " + body.length);
        }
        try (Conn c = connect()) {
            c.send(head(method, path, h.toArray(String[]::new)));
            if (body != null) {
                c.send(body);
            }
            return c.read("HEAD".equals(method));
        }
    }

    private Conn connect() throws IOException {
        return new Conn(new Socket(host, port));
    }

    /** One response as read off the wire; header values are octets (ISO-8859-1). */
    record Resp(String statusLine, List<Map.Entry<String, String>> headers, byte[] body) {
        int status() {
            return Integer.parseInt(statusLine.split(" ", 3)[1]);
        }

        /** The first value of a header (any case), null when absent. */
        String header(String name) {
            for (Map.Entry<String, String> e : headers) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        }

        String text() {
            return new String(body, ISO_8859_1);
        }

        @Override
        public String toString() {
            return statusLine + " " + headers + " " + text();
        }
    }

    /** A raw HTTP/1.1 client connection. */
    static final class Conn implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void send(String s) throws IOException {
            send(s.getBytes(ISO_8859_1));
        }

        void send(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        /** Reads one response (an interim 1xx too); HEAD responses have no body. */
        Resp read(boolean head) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after " + buf.size() + " bytes: "
                            + buf.toString(ISO_8859_1));
                }
                buf.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1 : (b == '\r' ? 1 : 0);
            }
            String[] lines = buf.toString(ISO_8859_1).split("\r\n");
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()));
            }
            Resp r = new Resp(lines[0], headers, new byte[0]);
            int status = r.status();
            if (head || status / 100 == 1 || status == 204 || status == 304) {
                return r;
            }
            byte[] body;
            String te = r.header("Transfer-Encoding");
            String cl = r.header("Content-Length");
            if (te != null && te.equalsIgnoreCase("chunked")) {
                body = dechunk();
            } else if (cl != null) {
                body = in.readNBytes(Integer.parseInt(cl));
            } else {
                body = in.readAllBytes();
            }
            return new Resp(lines[0], headers, body);
        }

        private byte[] dechunk() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int n = Integer.parseInt(size.split(";")[0].strip(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(n));
                line();
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(ISO_8859_1);
        }

        /** Whether the server closes the connection (EOF within 5 s, any further bytes ignored). */
        boolean closedByServer() throws IOException {
            socket.setSoTimeout(5_000);
            try {
                while (in.read() >= 0) {
                    // drain
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A stub container server answering every request with one status, recording what it got. */
    static final class Stub {
        record Req(String method, String path, Map<String, String> headers) {
            String header(String name) {
                return headers.get(name.toLowerCase(Locale.ROOT));
            }
        }

        final Queue<Req> requests = new ConcurrentLinkedQueue<>();
        private final HttpServer server;

        Stub(int status) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/", ex -> {
                Map<String, String> h = new LinkedHashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
                requests.add(new Req(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), h));
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }
    }
}
