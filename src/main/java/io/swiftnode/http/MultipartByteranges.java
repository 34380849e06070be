package io.swiftnode.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code multipart/byteranges} body of a multi-range 206, byte for byte as swob builds it
 * (object-server-http.md §6.4), so that its exact {@code Content-Length} can be sent before the
 * body is streamed. For each range:
 *
 * <pre>
 * --&lt;boundary&gt;\r\n
 * Content-Type: &lt;object content type&gt;\r\n
 * Content-Range: bytes a-b/L\r\n
 * \r\n
 * &lt;bytes a..b&gt;\r\n
 * </pre>
 *
 * then {@code --<boundary>--} with no trailing CRLF. The part's content type is the response's
 * Content-Type header value encoded as UTF-8, as swob encodes it (for the WSGI-string form of
 * stored metadata this reproduces swob's bytes, including its double encoding of non-ASCII).
 *
 * <p>Ranges are {@code {first, lastInclusive}} pairs as {@link Ranges.Partial} gives them.
 *
 * <p>Stateless and thread-safe; {@link #write} uses one 64 KiB buffer per call, whatever the
 * range sizes.
 */
public final class MultipartByteranges {
    /** Copy buffer size of {@link #write}. */
    public static final int BUFFER_SIZE = 64 * 1024;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] DASHES = {'-', '-'};

    private MultipartByteranges() {
    }

    /** Where {@link #write} reads the object's bytes from. */
    @FunctionalInterface
    public interface RangeSource {
        /**
         * Opens a stream positioned at {@code start} that yields at least
         * {@code endExclusive - start} bytes; {@link #write} reads exactly that many and closes it.
         */
        InputStream open(long start, long endExclusive) throws IOException;
    }

    /** A fresh random boundary: 32 lower-case hex digits (128 bits), like swob's. */
    public static String newBoundary() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The response's Content-Type: {@code multipart/byteranges;boundary=<b>} (no space). */
    public static String contentType(String boundary) {
        checkBoundary(boundary);
        return "multipart/byteranges;boundary=" + boundary;
    }

    /**
     * The exact length of the body {@link #write} produces, without producing it.
     *
     * @param boundary the boundary (printable ASCII)
     * @param contentType the object's content type, as in the response header
     * @param ranges {@code {first, lastInclusive}} pairs within {@code [0, length)}
     * @param length the object length (for the Content-Range lines)
     * @throws IllegalArgumentException for a bad boundary or range, or a content type with a lone
     *     surrogate (which Python could not encode either)
     */
    public static long contentLength(String boundary, String contentType, List<long[]> ranges, long length) {
        checkBoundary(boundary);
        int typeLen = utf8(contentType).length;
        long total = 0;
        for (long[] r : ranges) {
            checkRange(r, length);
            total = Math.addExact(total, partHeader(boundary, typeLen, r, length));
            total = Math.addExact(total, r[1] - r[0] + 1 + CRLF.length);
        }
        return Math.addExact(total, 2 + boundary.length() + 2);
    }

    /**
     * Streams the body: each part's headers, then {@code lastInclusive - first + 1} bytes from
     * {@code src.open(first, lastInclusive + 1)}, then CRLF; finally the closing boundary. Does not
     * flush or close {@code out}.
     *
     * @throws EOFException if a source stream ends before its range does (the Content-Length
     *     already sent could not be honoured)
     * @throws IllegalArgumentException as {@link #contentLength}, before anything is written
     */
    public static void write(OutputStream out, String boundary, String contentType, List<long[]> ranges,
            long length, RangeSource src) throws IOException {
        checkBoundary(boundary);
        byte[] type = utf8(contentType);
        for (long[] r : ranges) {
            checkRange(r, length);
        }
        byte[] buf = new byte[BUFFER_SIZE];
        for (long[] r : ranges) {
            out.write(partHeaderBytes(boundary, type, r, length));
            long remaining = r[1] - r[0] + 1;
            try (InputStream in = src.open(r[0], r[1] + 1)) {
                while (remaining > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
                    if (n < 0) {
                        throw new EOFException("range " + r[0] + "-" + r[1] + " ended " + remaining
                                + " bytes early");
                    }
                    out.write(buf, 0, n);
                    remaining -= n;
                }
            }
            out.write(CRLF);
        }
        out.write(DASHES);
        out.write(boundary.getBytes(StandardCharsets.US_ASCII));
        out.write(DASHES);
    }

    private static long partHeader(String boundary, int typeLen, long[] r, long length) {
        return 2 + boundary.length() + 2
                + "Content-Type: ".length() + typeLen + 2
                + "Content-Range: ".length() + Ranges.contentRange(r[0], r[1], length).length() + 2
                + 2;
    }

    private static byte[] partHeaderBytes(String boundary, byte[] type, long[] r, long length) {
        byte[] head = ("--" + boundary + "\r\nContent-Type: ").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\nContent-Range: " + Ranges.contentRange(r[0], r[1], length) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + type.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(type, 0, all, head.length, type.length);
        System.arraycopy(tail, 0, all, head.length + type.length, tail.length);
        return all;
    }

    private static byte[] utf8(String s) {
        try {
            ByteBuffer bb = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            byte[] b = new byte[bb.remaining()];
            bb.get(b);
            return b;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("content type is not encodable as UTF-8: " + e.getMessage(), e);
        }
    }

    private static void checkBoundary(String boundary) {
        if (boundary == null || boundary.isEmpty()) {
            throw new IllegalArgumentException("empty boundary");
        }
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("boundary must be printable ASCII");
            }
        }
    }

    private static void checkRange(long[] r, long length) {
        if (r.length != 2 || r[0] < 0 || r[1] < r[0] || r[1] >= length) {
            throw new IllegalArgumentException("bad range for length " + length);
        }
    }
}
