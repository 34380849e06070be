package io.swiftnode.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MultipartByterangesTest {
    private static final String B = "0123456789abcdef0123456789abcdef";

    static MultipartByteranges.RangeSource of(byte[] data) {
        return (start, end) -> new ByteArrayInputStream(data, (int) start, (int) (end - start));
    }

    private static byte[] body(String boundary, String type, List<long[]> ranges, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MultipartByteranges.write(out, boundary, type, ranges, data.length, of(data));
        return out.toByteArray();
    }

    @Test
    void vector18Is230BytesForTextPlain() throws IOException {
        byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
        Ranges.Partial p = (Ranges.Partial) Ranges.parse("bytes=0-1,-2").resolve(10);
        byte[] body = body(B, "text/plain", p.ranges(), data);
        String expected = "--" + B + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\n01\r\n"
                + "--" + B + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 8-9/10\r\n\r\n89\r\n"
                + "--" + B + "--";
        assertEquals(expected, new String(body, StandardCharsets.US_ASCII));
        assertEquals(230, body.length);
        assertEquals(230, MultipartByteranges.contentLength(B, "text/plain", p.ranges(), 10));
        // the verified 230 implies a 10-character stored type: application/octet-stream gives 258
        assertEquals(258, MultipartByteranges.contentLength(B, "application/octet-stream", p.ranges(), 10));
    }

    @Test
    void boundaryAndContentType() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String b = MultipartByteranges.newBoundary();
            assertTrue(b.matches("[0-9a-f]{32}"), b);
            seen.add(b);
        }
        assertEquals(200, seen.size());
        assertEquals("multipart/byteranges;boundary=" + B, MultipartByteranges.contentType(B));
        assertThrows(IllegalArgumentException.class, () -> MultipartByteranges.contentType(""));
        assertThrows(IllegalArgumentException.class, () -> MultipartByteranges.contentType("a\r\nb"));
    }

    @Test
    void contentLengthMatchesTheWrittenBody() throws IOException {
        Random rnd = new Random(18);
        for (int n = 0; n < 300; n++) {
            byte[] data = new byte[1 + rnd.nextInt(2000)];
            rnd.nextBytes(data);
            List<long[]> ranges = new ArrayList<>();
            int parts = 1 + rnd.nextInt(6);
            for (int i = 0; i < parts; i++) {
                long a = rnd.nextInt(data.length);
                long b = a + rnd.nextInt((int) (data.length - a));
                ranges.add(new long[] {a, b});
            }
            String type = rnd.nextBoolean() ? "text/plain" : "application/x-\u00e9t\u00e9; charset=\u00ff";
            String boundary = MultipartByteranges.newBoundary();
            byte[] body = body(boundary, type, ranges, data);
            assertEquals(MultipartByteranges.contentLength(boundary, type, ranges, data.length), body.length);
            // every part carries its bytes
            int pos = 0;
            for (long[] r : ranges) {
                byte[] head = ("--" + boundary + "\r\nContent-Type: ").getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(head, Arrays.copyOfRange(body, pos, pos + head.length));
                pos += head.length + type.getBytes(StandardCharsets.UTF_8).length;
                byte[] cr = ("\r\nContent-Range: bytes " + r[0] + "-" + r[1] + "/" + data.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(cr, Arrays.copyOfRange(body, pos, pos + cr.length));
                pos += cr.length;
                int len = (int) (r[1] - r[0] + 1);
                assertArrayEquals(Arrays.copyOfRange(data, (int) r[0], (int) r[1] + 1),
                        Arrays.copyOfRange(body, pos, pos + len));
                pos += len;
                assertEquals("\r\n", new String(body, pos, 2, StandardCharsets.US_ASCII));
                pos += 2;
            }
            assertEquals("--" + boundary + "--", new String(body, pos, body.length - pos, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void nonAsciiTypeIsUtf8AndLoneSurrogatesAreRefused() throws IOException {
        byte[] data = {1, 2, 3};
        List<long[]> r = List.of(new long[] {0, 0}, new long[] {2, 2});
        String body = new String(body(B, "text/\u00e9", r, data), StandardCharsets.ISO_8859_1);
        assertTrue(body.contains("Content-Type: text/\u00c3\u00a9\r\n"), body);
        assertThrows(IllegalArgumentException.class, () -> MultipartByteranges.contentLength(B, "x/\udc80", r, 3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(IllegalArgumentException.class,
                () -> MultipartByteranges.write(out, B, "x/\udc80", r, 3, of(data)));
        assertEquals(0, out.size());
    }

    @Test
    void badRangesAreRefusedBeforeWriting() {
        byte[] data = new byte[10];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long[] bad : new long[][] {{-1, 2}, {3, 2}, {5, 10}, {1}}) {
            List<long[]> r = List.of(new long[] {0, 1}, bad);
            assertThrows(IllegalArgumentException.class, () -> MultipartByteranges.contentLength(B, "a/b", r, 10));
            assertThrows(IllegalArgumentException.class, () -> MultipartByteranges.write(out, B, "a/b", r, 10,
                    of(data)));
        }
        assertEquals(0, out.size());
    }

    @Test
    void shortSourceFailsAndClosesTheStream() {
        AtomicInteger closed = new AtomicInteger();
        MultipartByteranges.RangeSource src = (s, e) -> new ByteArrayInputStream(new byte[(int) (e - s - 1)]) {
            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
        assertThrows(EOFException.class, () -> MultipartByteranges.write(OutputStream.nullOutputStream(), B,
                "a/b", List.of(new long[] {0, 4}, new long[] {6, 9}), 10, src));
        assertEquals(1, closed.get());
    }

    /** A 3 GiB "object" streamed with bounded reads: never more than the buffer per read. */
    @Test
    void largeRangesStreamInBoundedChunks() throws IOException {
        long length = 3L << 30;
        List<long[]> ranges = List.of(new long[] {0, 99}, new long[] {length - (200L << 20), length - 1});
        AtomicInteger maxRead = new AtomicInteger();
        MultipartByteranges.RangeSource src = (start, end) -> new InputStream() {
            long pos = start;

            @Override
            public int read() {
                throw new AssertionError("single-byte reads");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                maxRead.accumulateAndGet(len, Math::max);
                if (pos >= end) {
                    return -1;
                }
                int n = (int) Math.min(len, end - pos);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((pos + i) % 251);
                }
                pos += n;
                return n;
            }
        };
        long[] count = {0};
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        MultipartByteranges.write(sink, B, "application/octet-stream", ranges, length, src);
        assertEquals(MultipartByteranges.contentLength(B, "application/octet-stream", ranges, length), count[0]);
        assertEquals(MultipartByteranges.BUFFER_SIZE, maxRead.get());
    }
}
