package io.swiftnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.swiftnode.testsupport.Python;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link MimeDocuments}: the contract's vector 45, every read split, delimiter look-alikes, start-line
 * tolerance, multiphase commit over a stream that pauses after the footer, 64 MiB in constant memory, footer and
 * commit checks, and differential runs against Debian's Python Swift 2.30.1 ({@code iter_mime_headers_and_bodies},
 * {@code ObjectController._parse_footer}) on random and mutated inputs. Fails loudly when {@code /usr/bin/python3}
 * or its {@code swift} package is missing.
 */
class MimeDocumentsTest {
    private static final HexFormat HEX = HexFormat.of();
    /** Fixed for reproducible builds; {@code -Dmime.seed=<n>} explores other batches. */
    private static final long SEED = Long.getLong("mime.seed", 20240451L);

    private static final String VECTOR_45 = "--bnd\r\nX-Document: object body\r\n\r\nhi\r\n--bnd\r\n"
            + "X-Document: object metadata\r\nContent-MD5: 99914b932bd37a50b983c5e7c90ae93b\r\n\r\n{}\r\n--bnd--\r\n";

    private static final String MULTIPHASE_A = "--bnd\r\nX-Document: object body\r\n\r\nobject data\r\n--bnd\r\n"
            + "X-Document: object metadata\r\nContent-MD5: " + md5Hex(bytes("{\"Etag\": \"abc\"}")) + "\r\n\r\n"
            + "{\"Etag\": \"abc\"}\r\n--bnd\r\n";
    private static final String MULTIPHASE_B = "X-Document: put commit\r\n\r\nput_commit_confirmation\r\n--bnd--";

    // ----------------------------------------------------------------------------------------- helpers

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String md5Hex(byte[] b) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves {@code data} at most {@code max} bytes per read (a random size in 1..max if a Random is given). */
    private static final class ChoppyStream extends InputStream {
        private final byte[] data;
        private final int max;
        private final Random random;
        private int pos;

        ChoppyStream(byte[] data, int max, Random random) {
            this.data = data;
            this.max = max;
            this.random = random;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, data.length - pos), random == null ? max : 1 + random.nextInt(max));
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** Reads everything the way the object server does, rendered as text (see the differential scripts). */
    private static String render(MimeDocuments docs, Random readSizes) {
        List<String> parts = new ArrayList<>();
        try {
            for (MimeDocuments.Document d; (d = docs.next()) != null; ) {
                StringBuilder sb = new StringBuilder("D ");
                boolean first = true;
                for (Map.Entry<String, String> e : d.headers().entrySet()) {
                    sb.append(first ? "" : " ").append(utf16(e.getKey())).append(':').append(utf16(e.getValue()));
                    first = false;
                }
                sb.append(" B").append(HEX.formatHex(readAll(d.body(), readSizes)));
                parts.add(sb.toString());
            }
        } catch (MimeDocuments.MimeInvalid e) {
            parts.add("E MimeInvalid " + utf16(e.getMessage()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return String.join("|", parts);
    }

    private static byte[] readAll(InputStream in, Random readSizes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        while (true) {
            int want = readSizes == null ? b.length : 1 + readSizes.nextInt(readSizes.nextBoolean() ? 5 : 200);
            int n = in.read(b, 0, want);
            if (n < 0) {
                return out.toByteArray();
            }
            out.write(b, 0, n);
        }
    }

    private static String utf16(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            sb.append(String.format("%04x", (int) s.charAt(i)));
        }
        return sb.toString();
    }

    private static String parse(String body, String boundary) {
        return render(new MimeDocuments(new ByteArrayInputStream(bytes(body)), boundary, 65536), null);
    }

    /** The rendering of a list of (headers, body) documents as {@link #render} produces it. */
    private static String expect(Object... docs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < docs.length; i += 2) {
            @SuppressWarnings("unchecked")
            Map<String, String> headers = (Map<String, String>) docs[i];
            StringBuilder sb = new StringBuilder("D ");
            boolean first = true;
            for (Map.Entry<String, String> e : headers.entrySet()) {
                sb.append(first ? "" : " ").append(utf16(e.getKey())).append(':').append(utf16(e.getValue()));
                first = false;
            }
            parts.add(sb.append(" B").append(HEX.formatHex(bytes((String) docs[i + 1]))).toString());
        }
        return String.join("|", parts);
    }

    private static Map<String, String> h(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String invalid(String wanted, String got) {
        return "E MimeInvalid " + utf16("invalid starting boundary: wanted " + wanted + ", got " + got);
    }

    // ----------------------------------------------------------------------------------------- vectors

    @Test
    void vector45() throws Exception {
        MimeDocuments docs = new MimeDocuments(new ByteArrayInputStream(bytes(VECTOR_45)), "bnd", 65536);
        MimeDocuments.Document body = docs.next();
        assertEquals("object body", body.headers().get("x-document"));
        byte[] data = body.body().readAllBytes();
        assertEquals("hi", new String(data, StandardCharsets.ISO_8859_1));
        assertEquals("49f68a5c8493ec2c0bf489821c21fc3b", md5Hex(data));
        Map<String, String> footer = docs.readMetadataFooter();
        assertEquals(Map.of(), footer);
        assertNull(docs.next());
        docs.drainRemaining();
        assertEquals(expect(h("X-Document", "object body"), "hi",
                h("X-Document", "object metadata", "Content-Md5", "99914b932bd37a50b983c5e7c90ae93b"), "{}"),
                parse(VECTOR_45, "bnd"));
    }

    @Test
    void everyReadSplit() {
        for (String body : List.of(VECTOR_45, MULTIPHASE_A + MULTIPHASE_B,
                "\r\n\r\n--bnd\r\n\r\n\r\n\r\n--bn\r\n--bndX\r\n\r\n--bnd\r\n--bnd--")) {
            byte[] data = bytes(body);
            String expected = parse(body, "bnd");
            for (int chunk : new int[] {1, 2, 3, 7, 13, 64, 65536}) {
                for (int max = 1; max <= data.length; max++) {
                    assertEquals(expected, render(new MimeDocuments(new ChoppyStream(data, max, null), "bnd", chunk),
                            null), "chunk " + chunk + " max read " + max);
                }
                for (int split = 0; split <= data.length; split++) {
                    InputStream two = new java.io.SequenceInputStream(
                            new ByteArrayInputStream(data, 0, split),
                            new ByteArrayInputStream(data, split, data.length - split));
                    assertEquals(expected, render(new MimeDocuments(two, "bnd", chunk), new Random(split)),
                            "chunk " + chunk + " split at " + split);
                }
            }
        }
    }

    @Test
    void delimiterLookAlikesInBody() {
        // only CRLF--bnd delimits; whatever follows it is skipped (two bytes), so CRLF--bndX is a delimiter too
        assertEquals(expect(h(), "a--bnd b\r\n--bn c\r\n-bnd \n--bnd \r--bnd"),
                parse("--bnd\r\n\r\na--bnd b\r\n--bn c\r\n-bnd \n--bnd \r--bnd\r\n--bnd--", "bnd"));
        // the two bytes after the delimiter are dropped whatever they are: here "XY", so the next document
        // starts with the blank line and its body is CRLF y
        assertEquals(expect(h(), "x", h(), "\r\ny"),
                parse("--bnd\r\n\r\nx\r\n--bndXY\r\n\r\ny\r\n--bnd--", "bnd"));
        // here "X\r": the next document's first line is "\n\r\n" (a blank line for the email parser but not the
        // end of Swift's header lines), so "y" is read as a header line and the body is empty
        assertEquals(expect(h(), "x", h(), ""), parse("--bnd\r\n\r\nx\r\n--bndX\r\n\r\ny\r\n--bnd--junk", "bnd"));
        assertEquals(expect(h(), "x", h("Z", "1"), "y"),
                parse("--bnd\r\n\r\nx\r\n--bndXYZ: 1\r\n\r\ny\r\n--bnd--", "bnd"));
        // a longer boundary's prefix is not the boundary
        assertEquals(expect(h(), "\r\n--bn"), parse("--bnd\r\n\r\n\r\n--bn\r\n--bnd--", "bnd"));
        assertEquals(expect(h(), "\r\r\n-\r\n--bn\r"), parse("--bnd\r\n\r\n\r\r\n-\r\n--bn\r\r\n--bnd--", "bnd"));
        // end of stream right after a delimiter (not --): one more, empty document
        assertEquals(expect(h(), "ab", h(), ""), parse("--bnd\r\n\r\nab\r\n--bnd", "bnd"));
        assertEquals(expect(h(), "ab", h(), ""), parse("--bnd\r\n\r\nab\r\n--bnd-", "bnd"));
        // end of stream inside a document: it ends there, and the sequence with it
        assertEquals(expect(h(), "abc\r\n--bn"), parse("--bnd\r\n\r\nabc\r\n--bn", "bnd"));
    }

    @Test
    void startingBoundary() {
        assertEquals(expect(h(), "abc"), parse("\r\n\r\n--bnd\r\n\r\nabc", "bnd"));
        assertEquals(expect(h(), "abc"), parse("--bnd\n\r\nabc", "bnd"));
        assertEquals(expect(h(), ""), parse("--bnd", "bnd"));
        // the line is at most len("--bnd") + 2 bytes and is stripped: the rest belongs to the first document
        assertEquals(expect(h(), ""), parse(" --bnd\r\n\r\nabc", "bnd"));
        assertEquals(expect(h(), ""), parse("--bnd \r\n\r\nabc", "bnd"));
        // the LF left over makes the first header line "\nA: b\r\n", a blank line for the email parser
        assertEquals(expect(h(), "c"), parse("\t--bnd\r\nA: b\r\n\r\nc", "bnd"));
        assertEquals(invalid("b'--bnd'", "b'\\n'"), parse("\n--bnd\r\n\r\nabc", "bnd"));
        assertEquals(invalid("b'--bnd'", "b''"), parse("", "bnd"));
        assertEquals(invalid("b'--bnd'", "b'--bnd--'"), parse("--bnd--\r\n\r\nabc", "bnd"));
        assertEquals(invalid("b'--bnd'", "b'--bndX\\r'"), parse("--bndX\r\n", "bnd"));
        assertEquals(invalid("b'--bnd'", "b'junk\\r\\n'"), parse("junk\r\n--bnd\r\n", "bnd"));
        assertEquals(invalid("b\"--it's\"", "b'--its\\xe9'"), parse("--its\u00e9", "it's"));
    }

    @Test
    void headerParsing() {
        assertEquals(expect(h("A", "b\r\n c"), "body"), parse("--bnd\r\nA: b\r\n c\r\nA: d\r\na: e\r\nFrom x\r\n"
                + ":q\r\nB : x\r\nC: y\r\n\r\nbody\r\n--bnd--", "bnd"));
        assertEquals(expect(h("A", "b  ", "X-Object-Meta-Foo1Bar", "\u00e9", "Lat", "\u00e9\u00ff"), ""),
                parse("--bnd\r\nA:  b  \r\nx-object-meta-foo1bar: \u00c3\u00a9\r\nlat: \u00e9\u00ff\r\n\r\n"
                        + "\r\n--bnd--", "bnd"));
        // bare LF and CR split lines for the email parser but not for Swift's readline
        assertEquals(expect(h("A", "b", "C", "d"), "x"), parse("--bnd\r\nA: b\nC: d\r\n\r\nx\r\n--bnd--", "bnd"));
        assertEquals(expect(h("A", "b"), "x"), parse("--bnd\r\nA: b\r\r\nC: d\r\n\r\nx\r\n--bnd--", "bnd"));
        assertEquals(expect(h("A", "b"), "x"), parse("--bnd\r\nA: b\n\nC: d\r\n\r\nx\r\n--bnd--", "bnd"));
        // a header line straight before the delimiter, and no blank line at all
        assertEquals(expect(h("A", "b"), ""), parse("--bnd\r\nA: b\r\n--bnd--", "bnd"));
        assertEquals(expect(h("A", "b"), ""), parse("--bnd\r\nA: b\r\n\r\n--bnd--", "bnd"));
        // a first "From " line is an envelope; a last one ends the headers
        assertEquals(expect(h("A", "1"), "x"), parse("--bnd\r\nFrom me\r\nA: 1\r\nFrom you\r\n\r\nx", "bnd"));
        MimeDocuments docs = new MimeDocuments(new ByteArrayInputStream(bytes(VECTOR_45)), "bnd", 3);
        try {
            Map<String, String> headers = docs.next().headers();
            assertEquals("object body", headers.get("X-DOCUMENT"));
            assertThrows(UnsupportedOperationException.class, () -> headers.put("a", "b"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void emptyObjectBody() throws Exception {
        String footer = "{\"Etag\": \"d41d8cd98f00b204e9800998ecf8427e\"}";
        String body = "--bnd\r\nX-Document: object body\r\n\r\n\r\n--bnd\r\nX-Document: object metadata\r\n"
                + "Content-MD5: " + md5Hex(bytes(footer)) + "\r\n\r\n" + footer + "\r\n--bnd--\r\n";
        MimeDocuments docs = new MimeDocuments(new ChoppyStream(bytes(body), 3, null), "bnd", 5);
        assertEquals(0, docs.next().body().readAllBytes().length);
        assertEquals(Map.of("Etag", "d41d8cd98f00b204e9800998ecf8427e"), docs.readMetadataFooter());
        assertNull(docs.next());
    }

    /**
     * Serves {@code a}, then returns -1 once (eventlet's terminating chunk), then refuses to go on until
     * {@link #release()} (the proxy waits for the second 100 Continue), then serves {@code b}.
     */
    private static final class PausingStream extends InputStream {
        private final byte[] a;
        private final byte[] b;
        private final int max;
        private int pos;
        private boolean eofReported;
        private boolean released;

        PausingStream(byte[] a, byte[] b, int max) {
            this.a = a;
            this.b = b;
            this.max = max;
        }

        void release() {
            released = true;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] dst, int off, int len) {
            if (pos < a.length) {
                int n = Math.min(Math.min(len, max), a.length - pos);
                System.arraycopy(a, pos, dst, off, n);
                pos += n;
                return n;
            }
            if (!released) {
                if (!eofReported) {
                    eofReported = true;
                    return -1;
                }
                throw new AssertionError("read past the first phase before the second 100 Continue");
            }
            int at = pos - a.length;
            if (at >= b.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, max), b.length - at);
            System.arraycopy(b, at, dst, off, n);
            pos += n;
            return n;
        }
    }

    @Test
    void multiphaseCommit() throws Exception {
        for (int max = 1; max <= 40; max++) {
            for (int chunk : new int[] {1, 4, 65536}) {
                PausingStream in = new PausingStream(bytes(MULTIPHASE_A), bytes(MULTIPHASE_B), max);
                MimeDocuments docs = new MimeDocuments(in, "bnd", chunk);
                assertEquals("object data", new String(docs.next().body().readAllBytes(), StandardCharsets.UTF_8));
                assertEquals(Map.of("Etag", "abc"), docs.readMetadataFooter());
                in.release(); // second 100 Continue sent
                docs.readPutCommit();
                assertNull(docs.next());
                docs.drainRemaining();
            }
        }
        // the same stream without the pause
        MimeDocuments docs = new MimeDocuments(new ByteArrayInputStream(bytes(MULTIPHASE_A + MULTIPHASE_B)),
                "bnd", 7);
        docs.next();
        Map<String, String> footer = docs.readMetadataFooter();
        assertEquals("abc", footer.get("ETAG"));
        assertEquals("abc", footer.remove("etag"));
        docs.readPutCommit();
        assertNull(docs.next());
    }

    @Test
    void commitChecks() throws Exception {
        MimeDocuments missing = new MimeDocuments(new ByteArrayInputStream(bytes(MULTIPHASE_A)), "bnd", 64);
        missing.next();
        missing.readMetadataFooter();
        // end of stream right after "--bnd\r\n": one more, empty document, which is not a commit
        assertFailure(500, null, missing::readPutCommit);
        assertNull(missing.next());

        MimeDocuments ended = new MimeDocuments(new ByteArrayInputStream(bytes(VECTOR_45)), "bnd", 64);
        ended.next();
        ended.readMetadataFooter();
        assertFailure(400, "couldn't find PUT commit MIME doc", ended::readPutCommit);

        String wrong = MULTIPHASE_A + "X-Document: put commit \r\n\r\nput_commit_confirmation\r\n--bnd--";
        MimeDocuments spaced = new MimeDocuments(new ByteArrayInputStream(bytes(wrong)), "bnd", 64);
        spaced.next();
        spaced.readMetadataFooter();
        assertFailure(500, null, spaced::readPutCommit);
        assertNull(spaced.next());

        MimeDocuments noFooter = new MimeDocuments(new ByteArrayInputStream(bytes("--bnd\r\n\r\nx")), "bnd", 64);
        noFooter.next();
        assertFailure(400, "couldn't find footer MIME doc", noFooter::readMetadataFooter);
        MimeDocuments.Failure f = new MimeDocuments.Failure(422, "footer MD5 mismatch");
        assertEquals(422, f.toHttpError().status());
        assertEquals("footer MD5 mismatch", f.toHttpError().body());
        assertNull(new MimeDocuments.Failure(500, null).toHttpError().body());
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void assertFailure(int status, String body, Action action) {
        try {
            action.run();
            fail("expected " + status);
        } catch (MimeDocuments.Failure f) {
            assertEquals(status, f.status(), f.getMessage());
            assertEquals(body, f.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> footer(String md5Header, byte[] json) throws Exception {
        String headers = md5Header == null ? "" : "Content-MD5: " + md5Header + "\r\n";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes("--bnd\r\n" + headers + "\r\n"));
        body.writeBytes(json);
        body.writeBytes(bytes("\r\n--bnd--"));
        MimeDocuments docs = new MimeDocuments(new ByteArrayInputStream(body.toByteArray()), "bnd", 16);
        return MimeDocuments.parseFooter(docs.next());
    }

    @Test
    void footerChecks() throws Exception {
        byte[] ok = bytes("{\"etag\": \"ABC\", \"x-object-meta-a\": 1, \"X-OBJECT-META-A\": null, \"b\": [1.5, true]}");
        Map<String, String> f = footer(md5Hex(ok), ok);
        assertEquals(List.of("Etag", "B"), new ArrayList<>(f.keySet()));
        assertEquals("ABC", f.get("ETAG"));
        assertEquals("[1.5, True]", f.get("b"));
        assertFailure(400, "no Content-MD5 in footer", () -> footer(null, ok));
        assertFailure(400, "no Content-MD5 in footer", () -> footer("", ok));
        assertFailure(422, "footer MD5 mismatch", () -> footer(md5Hex(ok).toUpperCase(), ok));
        byte[] bad = bytes("{\"a\": }");
        assertFailure(400, "invalid JSON for footer doc", () -> footer(md5Hex(bad), bad));
        byte[] one = bytes("1");
        assertFailure(500, "TypeError: 'int' object is not iterable", () -> footer(md5Hex(one), one));
        byte[] empty = bytes("[]");
        assertEquals(Map.of(), footer(md5Hex(empty), empty));
        byte[] pairs = bytes("[[\"x-a\", \"1\"], \"bc\", {\"d\": 0, \"e\": 0}]");
        assertEquals(Map.of("X-A", "1", "B", "c", "D", "e"), footer(md5Hex(pairs), pairs));
        byte[] deep = bytes("[".repeat(5000) + "]".repeat(5000));
        assertFailure(500, "RecursionError: maximum recursion depth exceeded while decoding a JSON array from a"
                + " unicode string", () -> footer(md5Hex(deep), deep));
        byte[] big = bytes("{\"a\": \"" + "x".repeat(MimeDocuments.MAX_FOOTER_BYTES) + "\"}");
        assertFailure(413, "footer MIME doc too large", () -> footer(md5Hex(big), big));
        assertFailure(422, "footer MD5 mismatch", () -> footer(md5Hex(ok), big));
    }

    @Test
    void pythonFloatRepr() {
        assertEquals("1e+16", Py.floatRepr(1e16));
        assertEquals("1000000000000000.0", Py.floatRepr(1e15));
        assertEquals("0.0001", Py.floatRepr(1e-4));
        assertEquals("1e-05", Py.floatRepr(1e-5));
        assertEquals("2e+23", Py.floatRepr(2e23));
        assertEquals("5e-324", Py.floatRepr(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", Py.floatRepr(Double.MAX_VALUE));
        assertEquals("-0.0", Py.floatRepr(-0.0));
        assertEquals("0.1", Py.floatRepr(0.1));
    }

    @Test
    void headerLimit() throws Exception {
        String many = "X-A: " + "v".repeat(1000) + "\r\n";
        String body = "--bnd\r\n" + many.repeat(MimeDocuments.MAX_HEADER_BYTES / many.length() + 1) + "\r\nx";
        MimeDocuments docs = new MimeDocuments(new ByteArrayInputStream(bytes(body)), "bnd", 4096);
        assertThrows(MimeDocuments.MimeInvalid.class, docs::next);
        assertNull(docs.next());
        // once the header part has ended (a line that is not a header), later lines are scanned, not kept
        String garbage = "--bnd\r\nnot a header\r\n" + "g".repeat(3 * MimeDocuments.MAX_HEADER_BYTES)
                + "\r\n\r\nbody";
        MimeDocuments g = new MimeDocuments(new ByteArrayInputStream(bytes(garbage)), "bnd", 4096);
        MimeDocuments.Document d = g.next();
        assertEquals(Map.of(), d.headers());
        assertEquals("body", new String(d.body().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** A 64 MiB object of pseudo-random bytes full of near-delimiters, generated while it is read. */
    @Test
    void largeBodyConstantMemory() throws Exception {
        final long size = 64L << 20;
        String boundary = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        byte[] head = bytes("--" + boundary + "\r\nX-Document: object body\r\n\r\n");
        byte[] tail = bytes("\r\n--" + boundary + "--");
        MessageDigest sent = MessageDigest.getInstance("MD5");
        InputStream gen = new InputStream() {
            private final Random random = new Random(SEED);
            private final byte[] near = bytes("\r\n--" + boundary.substring(0, 63) + "X");
            private long produced;
            private int headPos;
            private int tailPos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (headPos < head.length) {
                    int n = Math.min(len, head.length - headPos);
                    System.arraycopy(head, headPos, b, off, n);
                    headPos += n;
                    return n;
                }
                if (produced < size) {
                    int n = (int) Math.min(Math.min(len, size - produced), 1 + random.nextInt(70000));
                    for (int i = 0; i < n; i++) {
                        long p = produced + i;
                        b[off + i] = (p % 4099) < near.length ? near[(int) (p % 4099)] : (byte) random.nextInt();
                    }
                    sent.update(b, off, n);
                    produced += n;
                    return n;
                }
                if (tailPos < tail.length) {
                    int n = Math.min(len, tail.length - tailPos);
                    System.arraycopy(tail, tailPos, b, off, n);
                    tailPos += n;
                    return n;
                }
                return -1;
            }
        };
        MimeDocuments docs = new MimeDocuments(gen, boundary, 65536);
        int capacity = docs.bufferCapacity();
        assertEquals(65536 + 2 + 2 + 64 + 2, capacity);
        MimeDocuments.Document d = docs.next();
        MessageDigest got = MessageDigest.getInstance("MD5");
        long total = 0;
        byte[] b = new byte[65536];
        for (int n; (n = d.body().read(b)) >= 0; ) {
            got.update(b, 0, n);
            total += n;
        }
        assertEquals(size, total);
        assertEquals(HEX.formatHex(sent.digest()), HEX.formatHex(got.digest()));
        assertNull(docs.next());
        assertEquals(capacity, docs.bufferCapacity());
    }

    // ----------------------------------------------------------------------------------------- differential

    private static final String MIME_SCRIPT = """
            import sys
            from io import BytesIO
            from swift.obj.server import iter_mime_headers_and_bodies
            def hx(s):
                return s.encode('utf-16-be', 'surrogatepass').hex()
            out = []
            for line in sys.stdin.read().split('\\n'):
                if not line:
                    continue
                bnd, chunk, body = line.split(' ')
                bnd = bytes.fromhex(bnd)
                chunk = int(chunk)
                res = []
                try:
                    for hdrs, f in iter_mime_headers_and_bodies(BytesIO(bytes.fromhex(body)), bnd, chunk):
                        items = ' '.join(hx(k) + ':' + hx(v) for k, v in hdrs.items())
                        data = b''
                        while True:
                            c = f.read(chunk)
                            if not c:
                                break
                            data += c
                        res.append('D ' + items + ' B' + data.hex())
                except Exception as e:
                    res.append('E ' + type(e).__name__ + ' ' + hx(str(e)))
                out.append('|'.join(res))
            sys.stdout.write('\\n'.join(out) + '\\n')
            """;

    private static final String[] HEADER_POOL = {
        "X-Document: object body", "X-Document: object metadata", "X-Document: put commit",
        "x-document:put commit ", "Content-MD5: 0123", "content-md5:abc", "A: b", "A:  b  \t", "a: first",
        "A: second", " cont", "\tcont2", "From x", "From x: y", "From:y", ":q", "NoColon", "B : x",
        "Utf8: \u00c3\u00a9", "Latin: \u00e9", "Bad: \u00ed\u00a0\u0080", "Mixed: \u00c3\u00a9\u00ff",
        "Lf: a\nC: d", "Cr: a\rC: d", "Crcr: a\r", "Tab:\tv", "Long: " + "x".repeat(300),
        "X-Object-Meta-Foo1bar: 1", "\u00c3\u00a9: name", "Empty:", "Dup: 1", "DUP: 2", "\u000bv: x", "F", "From",
        "From  x", "a_b-c.d: e", "X: \u00f0\u009f\u0098\u0080", "X: \u00f0\u009f\u0098", "Y: \u00ed\u009f\u00bf",
        "Q: \u00c0\u0080", "Z: \u00f4\u0090\u0080\u0080", "~!#: odd", "K: v\u0000x",
    };

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    private static byte[] randomMime(Random r, String b) {
        StringBuilder s = new StringBuilder();
        switch (r.nextInt(12)) {
            case 0 -> s.append("\r\n".repeat(1 + r.nextInt(3)));
            case 1 -> s.append(pick(r, "\n", " ", "\t", "junk\r\n", "\r", "\r\n\n"));
            default -> {
            }
        }
        s.append(r.nextInt(6) > 0 ? "--" + b + "\r\n"
                : pick(r, "--" + b + "\n", "--" + b, "--" + b + " \r\n", " --" + b + "\r\n", "\t--" + b + "\r\n",
                        "--" + b + "--\r\n", "--" + b + "X\r\n", "--" + b + "\r\r\n", "--" + b + "\r\nX", "-" + b));
        int docs = r.nextInt(5);
        for (int d = 0; d < docs; d++) {
            int lines = r.nextInt(5);
            for (int i = 0; i < lines; i++) {
                s.append(HEADER_POOL[r.nextInt(HEADER_POOL.length)]).append(r.nextInt(8) > 0 ? "\r\n" : "\n");
            }
            s.append(r.nextInt(6) > 0 ? "\r\n" : pick(r, "", "\n\r\n", "\r\r\n", "\n"));
            s.append(randomContent(r, b));
            boolean last = d == docs - 1;
            if (r.nextInt(5) > 0) {
                s.append(last ? pick(r, "\r\n--" + b + "--", "\r\n--" + b + "--\r\n") : "\r\n--" + b + "\r\n");
            } else {
                s.append(pick(r, "\r\n--" + b + "X\r\n", "\r\n--" + b, "\r\n--" + b + "-", "", "\r\n--" + b + "--x",
                        "\r\n--" + b.substring(0, b.length() - 1)));
            }
        }
        if (r.nextInt(8) == 0) {
            s.append("trailing garbage\r\n--" + b + "\r\n\r\nmore");
        }
        byte[] data = bytes(s.toString());
        if (r.nextInt(3) == 0) {
            data = mutate(r, data, b);
        }
        return data;
    }

    private static String randomContent(Random r, String b) {
        int len = r.nextInt(10) == 0 ? r.nextInt(3000) : r.nextInt(120);
        StringBuilder s = new StringBuilder();
        String delim = "\r\n--" + b;
        while (s.length() < len) {
            switch (r.nextInt(10)) {
                case 0 -> s.append('\r');
                case 1 -> s.append('\n');
                case 2 -> s.append('-');
                case 3 -> s.append(delim, 0, 1 + r.nextInt(delim.length() - 1));
                case 4 -> s.append("--").append(b);
                case 5 -> s.append(r.nextInt(20) == 0 ? delim + "X" : "\r\n--");
                default -> s.append((char) r.nextInt(256));
            }
        }
        return s.toString();
    }

    private static byte[] mutate(Random r, byte[] data, String b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = data.length == 0 ? 0 : r.nextInt(data.length + 1);
        switch (r.nextInt(4)) {
            case 0 -> out.write(data, 0, at); // truncate
            case 1 -> {
                out.write(data, 0, at);
                out.writeBytes(bytes(pick(r, "\r\n--" + b, "\r\n", "--" + b, "\r", "\n", ":", " ", "\r\n\r\n")));
                out.write(data, at, data.length - at);
            }
            case 2 -> {
                int end = Math.min(data.length, at + 1 + r.nextInt(10));
                out.write(data, 0, at);
                out.write(data, end, data.length - end);
            }
            default -> {
                byte[] copy = data.clone();
                if (copy.length > 0) {
                    copy[Math.min(at, copy.length - 1)] = (byte) r.nextInt(256);
                }
                out.writeBytes(copy);
            }
        }
        return out.toByteArray();
    }

    private record MimeCase(String boundary, int chunk, byte[] body) {
    }

    @Test
    void differentialAgainstSwift() {
        Random r = new Random(SEED);
        List<MimeCase> cases = new ArrayList<>();
        String[] boundaries = {"bnd", "b", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "a-b_c", "--", "b d", "\u00e9t\u00e9", "xx"};
        int[] chunks = {1, 2, 3, 5, 7, 16, 64, 4096, 65536};
        cases.add(new MimeCase("bnd", 65536, bytes(VECTOR_45)));
        cases.add(new MimeCase("bnd", 3, bytes(MULTIPHASE_A + MULTIPHASE_B)));
        while (cases.size() < 220) {
            String b = boundaries[r.nextInt(boundaries.length)];
            cases.add(new MimeCase(b, chunks[r.nextInt(chunks.length)], randomMime(r, b)));
        }
        StringBuilder stdin = new StringBuilder();
        for (MimeCase c : cases) {
            stdin.append(HEX.formatHex(bytes(c.boundary))).append(' ').append(c.chunk).append(' ')
                    .append(HEX.formatHex(c.body)).append('\n');
        }
        String[] swift = Python.script(MIME_SCRIPT).stdin(stdin.toString().getBytes(StandardCharsets.US_ASCII))
                .run().split("\n", -1);
        assertEquals(cases.size() + 1, swift.length, "one line per case");
        int errors = 0;
        int multi = 0;
        for (int i = 0; i < cases.size(); i++) {
            MimeCase c = cases.get(i);
            Random reads = new Random(SEED + i);
            String ours = render(new MimeDocuments(new ChoppyStream(c.body, 1 + reads.nextInt(50), reads),
                    c.boundary, c.chunk), reads);
            assertEquals(swift[i], ours, "case " + i + ": boundary " + c.boundary + " chunk " + c.chunk + " body "
                    + Python.literal(c.body));
            errors += ours.startsWith("E ") ? 1 : 0;
            multi += ours.split("\\|").length > 1 ? 1 : 0;
        }
        assertTrue(errors > 10 && errors < cases.size() / 2, "a fair share of rejected inputs: " + errors);
        assertTrue(multi > cases.size() / 4, "enough multi-document inputs: " + multi);
    }

    private static final String FOOTER_SCRIPT = """
            import sys
            import traceback
            from io import BytesIO
            from swift.obj.server import ObjectController, iter_mime_headers_and_bodies
            from swift.common.swob import HTTPException
            class Fake(object):
                client_timeout = 60
                network_chunk_size = 65536
                _make_timeout_reader = ObjectController._make_timeout_reader
                _parse_footer = ObjectController._parse_footer
            fake = Fake()
            def hx(s):
                return s.encode('utf-16-be', 'surrogatepass').hex()
            out = []
            for line in sys.stdin.read().split('\\n'):
                if not line:
                    continue
                body = bytes.fromhex(line)
                hdrs, f = next(iter_mime_headers_and_bodies(BytesIO(body), BND, 4096))
                try:
                    d = fake._parse_footer(hdrs, f)
                    out.append('OK ' + ' '.join(hx(k) + ':' + hx(v) for k, v in d.items()))
                except HTTPException as e:
                    out.append('HTTP %d %s' % (e.status_int, e.body.hex()))
                except Exception:
                    out.append('EXC ' + hx(traceback.format_exc().splitlines()[-1]))
            sys.stdout.write('\\n'.join(out) + '\\n')
            """;

    private static final String FOOTER_BOUNDARY = "f00te7f00te7f00te7";

    private static final String[] JSON_CASES = {
        "{}", "[]", "\"\"", "0", "0.0", "-0.0", "-0", "null", "false", "true", "1", "NaN", "Infinity", "-Infinity",
        "\"ab\"", "\"a\"", "[\"ab\"]", "[\"abc\"]", "[[\"a\", \"b\"]]", "[[\"a\", \"b\", \"c\"]]", "[[1, \"b\"]]",
        "[[null, \"b\"]]", "[[\"a\", null]]", "[{\"a\": 1, \"b\": 2}]", "[{\"a\": 1}]", "[5]", "[null]", "[true]",
        "[[\"a\", \"x\"], 5]", "[[\"a\", \"x\"], \"abc\"]", "{\"a\": \"1\", \"A\": \"2\"}",
        "{\"a\": \"1\", \"A\": null}",
        "{\"a\": \"1\", \"b\": \"2\", \"a\": null}", "{\"a\": 1, \"b\": 1.5, \"c\": true, \"d\": [1, \"x'\", null],"
            + " \"e\": {\"k\": \"v\\\"'\"}, \"f\": 1e16, \"g\": 1e-5, \"h\": NaN, \"i\": -Infinity}",
        "{\"\\u00e9t\\u00e9\": \"x\"}", "{\"\\u0436\": \"x\"}", "{\"\\ud800\": \"x\"}", "{\"x\": \"\\ud800\"}",
        "{\"x\": \"\\ud83d\\ude00\"}", "{\"x\": [\"\\ud83d\\ude00\", \"\\u0000\\u007f\\u0085\\u00a0\\u2028\\ue000\"]}",
        "{\"x\": \"\\ud800\\u0041\"}", "{\"x\": \"\\ud800\\ud800\"}", "{\"x\": \"\\uDC00\"}", "{\"x\": \"\\u00zz\"}",
        "{\"x\": \"\\x\"}", "{\"x\": \"a\tb\"}", "{\"x\": \"a\u007fb\"}", "{\"x\": 01}", "{\"x\": 1.}",
        "{\"x\": .5}", "{\"x\": 1e}", "{\"x\": 1E+2}", "{\"x\": -}", "{\"x\": +1}", "{\"x\": 1,}", "{\"x\" 1}",
        "{x: 1}", "{'x': 1}", "[1,]", " \t\r\n{\"a\": \"b\"} \n", "{\"a\": \"b\"} x", "{\"a\": \"b\"}\f", "\f{}",
        "{\"a\": 1e400}", "{\"a\": -1e400}", "{\"a\": 1e-400}", "{\"a\": 123456789012345678901234567890}",
        "{\"a\": 5e-324}", "{\"a\": 2e23}", "{\"a\": 9007199254740993}", "{\"a\": 9007199254740993.0}",
        "{\"a\": 0.1}", "{\"a\": 100.0}", "{\"a\": 1e15}", "{\"a\": 123e-20}", "{\"a\": [0.0001, 0.00001]}",
        "{\"a\": " + "9".repeat(4300) + "}", "{\"a\": -" + "9".repeat(4300) + "}", "{\"a\": " + "9".repeat(4301) + "}",
        "{\"a\": " + "[".repeat(100) + "]".repeat(100) + "}", "[".repeat(3000) + "]".repeat(3000),
        "{\"a\": {\"b\": {}}, \"c\": []}", "{\"x-object-meta-\u00e9\": \"\u00e9\"}", "{\"\\u00ff\\u00e9a\": \"1\"}",
        "{\"Etag\": \"D41D8CD98F00B204E9800998ECF8427E\", \"X-Object-Sysmeta-Ec-Frag-Index\": \"2\"}",
    };

    private static String randomJson(Random r, int depth) {
        int kind = depth > 3 ? r.nextInt(6) : r.nextInt(9);
        return switch (kind) {
            case 0 -> randomJsonString(r);
            case 1 -> String.valueOf(r.nextInt(2000) - 1000);
            case 2 -> {
                double d = r.nextBoolean() ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble() * 1000;
                yield Double.isFinite(d) ? Double.toString(d) : "1.5";
            }
            case 3 -> pick(r, "null", "true", "false", "NaN", "-Infinity", "0", "-0.0", "\"\"");
            case 4 -> new java.math.BigInteger(1 + r.nextInt(200), r).toString();
            case 5 -> String.format("%.3e", r.nextGaussian() * 1e10);
            case 6, 7 -> {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ", ").append(randomJsonString(r)).append(": ")
                            .append(randomJson(r, depth + 1));
                }
                yield sb.append('}').toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append(randomJson(r, depth + 1));
                }
                yield sb.append(']').toString();
            }
        };
    }

    private static String randomJsonString(Random r) {
        StringBuilder sb = new StringBuilder("\"");
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            sb.append(pick(r, "a", "B", "x-object-meta-", "-", "\\\"", "'", "\\\\", "\\n", "\\u00e9", "\u00e9",
                    "\u0436",
                    "\ud83d\ude00", "\\ud83d\\ude00", "\\ud800", "\\udc00", "\\u0001", "\\/", " ", "\\t", "\\u2028",
                    "\u00a0", "\\uE000", "\u0085", "\\u0378", "1"));
        }
        return sb.append('"').toString();
    }

    private static String randomFooterJson(Random r) {
        String json = switch (r.nextInt(6)) {
            case 0 -> {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ", ").append(pick(r,
                            "[" + randomJsonString(r) + ", " + randomJson(r, 2) + "]",
                            randomJsonString(r), "{" + randomJsonString(r) + ": 1, " + randomJsonString(r) + ": 2}",
                            randomJson(r, 3)));
                }
                yield sb.append(']').toString();
            }
            case 1 -> randomJson(r, 0);
            default -> {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(6);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ", ").append(r.nextInt(3) == 0 ? randomJsonString(r)
                            : "\"x-object-meta-" + (char) ('a' + r.nextInt(26)) + "\"").append(": ")
                            .append(randomJson(r, 1));
                }
                yield sb.append('}').toString();
            }
        };
        if (r.nextInt(6) == 0 && !json.isEmpty()) {
            int at = r.nextInt(json.length());
            json = r.nextBoolean() ? json.substring(0, at) + json.substring(at + 1)
                    : json.substring(0, at) + pick(r, ",", ":", "{", "]", "\"", "\\", " ", "0", "\u0000")
                            + json.substring(at);
        }
        return json;
    }

    private static byte[] encodeJson(Random r, String json) {
        return switch (r.nextInt(14)) {
            case 0 -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, json.getBytes(StandardCharsets.UTF_8));
            case 1 -> json.getBytes(StandardCharsets.UTF_16); // big-endian with BOM
            case 2 -> json.getBytes(StandardCharsets.UTF_16LE);
            case 3 -> json.getBytes(StandardCharsets.UTF_16BE);
            case 4 -> concat(new byte[] {(byte) 0xff, (byte) 0xfe}, json.getBytes(StandardCharsets.UTF_16LE));
            case 5 -> json.getBytes(java.nio.charset.Charset.forName("UTF-32BE"));
            case 6 -> concat(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0},
                    json.getBytes(java.nio.charset.Charset.forName("UTF-32LE")));
            case 7 -> json.getBytes(StandardCharsets.ISO_8859_1);
            default -> json.getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void footerDifferentialAgainstSwift() {
        Random r = new Random(SEED ^ 0x5eed);
        List<byte[]> jsons = new ArrayList<>();
        for (String s : JSON_CASES) {
            jsons.add(s.getBytes(StandardCharsets.UTF_8));
        }
        for (String raw : new String[] {"\"\\xed\\xa0\\x80\"", "\"\\xed\\xa0\"", "\"\\xc3\\xa9\"", "\"\\xff\"",
            "\\xfe\\xff\\xd8\\x00", "\\xfe\\xff\\x00\"\\xd8\\x00\\x00\"", "\\x00\\x00\\xfe\\xff\\x00\\x00\\x00\"\\x00"
                + "\\x00\\xd8\\x00\\x00\\x00\\x00\"", "\\x00\\x00\\xfe\\xff\\x00\\x11\\x00\\x00", "\\x00{\\x00}\\x00",
            "{\\x00}\\x00", "\\x00{", "{\\x00", "\\xef\\xbb\\xbf\\xef\\xbb\\xbf{}",
            "\\xef\\xbb\\xbf\"\\xef\\xbb\\xbf\"",
            "[\"\\xed\\xa0\\xbd\\xed\\xb8\\x80\"]", "{\"\\xf0\\x9f\\x98\\x80\": \"\\xc0\\x80\"}"}) {
            jsons.add(unescape(raw));
        }
        while (jsons.size() < 400) {
            jsons.add(encodeJson(r, randomFooterJson(r)));
        }
        StringBuilder stdin = new StringBuilder();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < jsons.size(); i++) {
            byte[] json = jsons.get(i);
            String md5 = switch (i % 17) {
                case 3 -> null;
                case 5 -> "";
                case 7 -> md5Hex(json).toUpperCase();
                case 11 -> md5Hex(new byte[] {(byte) i});
                default -> md5Hex(json);
            };
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(bytes("--" + FOOTER_BOUNDARY + "\r\n" + (md5 == null ? "" : "Content-MD5: " + md5 + "\r\n")
                    + "\r\n"));
            body.writeBytes(json);
            body.writeBytes(bytes("\r\n--" + FOOTER_BOUNDARY + "--"));
            bodies.add(body.toByteArray());
            stdin.append(HEX.formatHex(body.toByteArray())).append('\n');
        }
        String script = "BND = " + Python.literal(bytes(FOOTER_BOUNDARY)) + "\n" + FOOTER_SCRIPT;
        String[] swift = Python.script(script).stdin(stdin.toString().getBytes(StandardCharsets.US_ASCII)).run()
                .split("\n", -1);
        assertEquals(bodies.size() + 1, swift.length, "one line per case");
        int ok = 0;
        int invalidJson = 0;
        int exc = 0;
        for (int i = 0; i < bodies.size(); i++) {
            String ours;
            try {
                MimeDocuments docs = new MimeDocuments(new ByteArrayInputStream(bodies.get(i)), FOOTER_BOUNDARY, 4096);
                Map<String, String> f = MimeDocuments.parseFooter(docs.next());
                StringBuilder sb = new StringBuilder("OK ");
                boolean first = true;
                for (Map.Entry<String, String> e : f.entrySet()) {
                    sb.append(first ? "" : " ").append(utf16(e.getKey())).append(':').append(utf16(e.getValue()));
                    first = false;
                }
                ours = sb.toString();
                ok++;
            } catch (MimeDocuments.Failure e) {
                if (e.status() == 500) {
                    ours = "EXC " + utf16(e.body());
                    exc++;
                } else {
                    ours = "HTTP " + e.status() + " " + HEX.formatHex(e.body().getBytes(StandardCharsets.UTF_8));
                    invalidJson += e.status() == 400 && e.body().startsWith("invalid") ? 1 : 0;
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertEquals(swift[i], ours, "case " + i + ": " + Python.literal(jsons.get(i)));
        }
        assertTrue(ok > 100 && invalidJson > 20 && exc > 3, "coverage: ok " + ok + ", invalid " + invalidJson
                + ", 500 " + exc);
    }

    /** Python-style {@code \xNN} escapes to bytes; other characters as ISO-8859-1. */
    private static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x') {
                out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.write(s.charAt(i));
            }
        }
        return out.toByteArray();
    }

    @Test
    void constructorChecks() {
        InputStream in = new ByteArrayInputStream(new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> new MimeDocuments(in, "", 10));
        assertThrows(IllegalArgumentException.class, () -> new MimeDocuments(in, "\u0100", 10));
        assertThrows(IllegalArgumentException.class, () -> new MimeDocuments(in, "b", 0));
        assertNotNull(new MimeDocuments(in, "b", 1));
    }
}
