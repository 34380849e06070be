package io.swiftnode.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Streaming reader of the multipart MIME body of a multi-stage PUT (object-server-http.md §5.5), with the
 * document semantics of Swift 2.30.1's {@code iter_mime_headers_and_bodies} ({@code iter_multipart_mime_documents}
 * + {@code parse_mime_headers}) as the object server drives it (every document read to its end before the next
 * one), plus the footer and commit checks of {@code swift/obj/server.py}.
 *
 * <p>Why a dedicated parser: object bodies are up to 5 GiB and arrive as one MIME document, so nothing may be
 * buffered whole; and the proxy waits for the second {@code 100 Continue} right after the footer's
 * {@code --B\r\n}, so the parser must never read further ahead than it needs (it asks the stream for bytes only
 * when it cannot otherwise decide, and then accepts whatever one {@code read} returns). Memory is one buffer of
 * {@code readChunkSize + len("\r\n--" + boundary) + 2} bytes, plus at most {@link #MAX_HEADER_BYTES} of stored
 * header lines per document.
 *
 * <p>What Swift does, and so this class:
 * <ul>
 * <li>Start: lines (up to {@code len("--B") + 2} bytes, ending at LF) that are exactly {@code \r\n} are skipped;
 *     the next such line, with ASCII whitespace stripped on both sides, must equal {@code --B}, else
 *     {@link MimeInvalid} with Swift's message. So {@code " --B\r\n"} or {@code "--B\n"} are accepted, a bare
 *     {@code "\n"}, junk, {@code "--B--"} or {@code "--BX"} are not.</li>
 * <li>A document's content ends at the first {@code \r\n--B} (whatever follows it: {@code \r\n--BX} <em>is</em>
 *     a delimiter). The two bytes after the delimiter are skipped; if they are {@code --} there are no further
 *     documents (the rest of the stream is left unread). {@code --B} without the preceding CRLF is data.</li>
 * <li>End of stream before a delimiter ends the document and the sequence. This is not an error in Swift: the
 *     object server then answers 400 {@code couldn't find footer MIME doc} / {@code couldn't find PUT commit MIME
 *     doc} (see {@link #readMetadataFooter()}, {@link #readPutCommit()}), or 499 when the object body is shorter
 *     than {@code X-Backend-Obj-Content-Length} (caller's check). End of stream right after a delimiter not
 *     followed by {@code --} yields one more, empty document.</li>
 * <li>Headers: "lines" end at the first CRLF (a bare LF or CR does not end one) or at the end of the content;
 *     they are read until a line that is exactly {@code \r\n}, {@code \n} or empty. Each line is decoded as
 *     UTF-8, or as ISO-8859-1 if it is not valid UTF-8, and the text is parsed like Python's
 *     {@code email.parser.Parser} (compat32): split at CR, LF or CRLF; header lines are those starting with
 *     {@code "From "}, with a space/tab (continuation) or with printable ASCII (no colon) followed by a colon;
 *     the first other line ends the headers (the remaining lines are still consumed); a leading continuation, a
 *     {@code "From "} line and a line starting with a colon are dropped; the value is the text after the colon
 *     with leading spaces/tabs removed, continuation lines appended verbatim, trailing CR/LF removed (trailing
 *     spaces are kept). Malformed lines are never an error. Names are title-cased as swob's
 *     {@code HeaderKeyDict} does, lookups are case-insensitive, the first of repeated names wins.</li>
 * </ul>
 *
 * <p>Errors and the status the object server gives (Swift 2.30.1 {@code ObjectController.PUT}):
 * <ul>
 * <li>{@link MimeInvalid}: a bad starting boundary, Swift's {@code MimeInvalid}. The PUT does not catch it, so
 *     Swift answers 500 with a traceback whose last line is {@code "swift.common.exceptions.MimeInvalid: " +
 *     getMessage()}. Also thrown when a document's header lines exceed {@link #MAX_HEADER_BYTES} (our limit;
 *     Swift buffers them without limit).</li>
 * <li>Any other {@link IOException} comes unchanged from the underlying stream: Swift's {@code ChunkReadError}
 *     (499) for read errors, {@code ChunkReadTimeout} (408) for timeouts; the caller maps them as for a plain
 *     PUT body. Catch {@link MimeInvalid} first, it is an {@code IOException}.</li>
 * <li>{@link Failure}: the footer and commit checks, carrying Swift's status and body.</li>
 * </ul>
 *
 * <p>End of stream is not sticky: after the stream returned -1 at a document boundary, the next {@link #next()}
 * reads it again. That is how eventlet's input behaves across the second {@code 100 Continue} of a multiphase
 * commit (the footer part ends with a terminating chunk, the commit part arrives as a new chunked body).
 *
 * <p>Not thread-safe: one instance per request, used by one thread at a time.
 */
public final class MimeDocuments {

    /** Limit of header-line bytes kept per document (Swift has none); beyond it {@link MimeInvalid}. */
    public static final int MAX_HEADER_BYTES = 1 << 20;
    /**
     * Limit of footer bytes kept for JSON parsing (Swift has none). A longer footer is still read through the
     * MD5, so Swift's 400/422 answers come first; a valid one that is too long gives 413.
     */
    public static final int MAX_FOOTER_BYTES = 1 << 20;
    /**
     * Nesting depth of footer JSON beyond which Python's recursion limit (1000 frames, minus the server's own
     * stack, roughly 30-40 frames) turns {@code json.loads} into a {@code RecursionError}: 500 in Swift. The exact
     * threshold in Swift depends on its stack depth; this value is in the middle of the uncertain range.
     */
    static final int MAX_JSON_DEPTH = 960;

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final InputStream in;
    private final byte[] dashBoundary;
    private final byte[] delimiter;
    private final int readChunkSize;
    private final byte[] buf;
    private int pos;
    private int lim;

    private boolean started;
    private boolean exhausted;
    private Document current;
    private boolean currentEnded = true;

    /**
     * @param in            the request body (de-chunked); never closed by this class
     * @param boundary      the value of {@code X-Backend-Obj-Multipart-Mime-Boundary}, without dashes; its
     *                      characters are taken as ISO-8859-1 bytes (Swift's {@code wsgi_to_bytes})
     * @param readChunkSize most bytes asked from {@code in} per read (Swift's {@code network_chunk_size})
     * @throws IllegalArgumentException if the boundary is empty (Swift answers 400 {@code no MIME boundary}
     *                                  before parsing) or not ISO-8859-1, or the chunk size is not positive
     */
    public MimeDocuments(InputStream in, String boundary, int readChunkSize) {
        this.in = Objects.requireNonNull(in, "in");
        Objects.requireNonNull(boundary, "boundary");
        if (boundary.isEmpty()) {
            throw new IllegalArgumentException("empty MIME boundary");
        }
        if (readChunkSize < 1) {
            throw new IllegalArgumentException("readChunkSize must be positive: " + readChunkSize);
        }
        byte[] b = new byte[boundary.length()];
        for (int i = 0; i < b.length; i++) {
            char c = boundary.charAt(i);
            if (c > 0xff) {
                throw new IllegalArgumentException("MIME boundary is not ISO-8859-1");
            }
            b[i] = (byte) c;
        }
        this.dashBoundary = concat(new byte[] {'-', '-'}, b);
        this.delimiter = concat(new byte[] {CR, LF}, dashBoundary);
        this.readChunkSize = readChunkSize;
        this.buf = new byte[readChunkSize + delimiter.length + 2];
    }

    /**
     * The next document, with its headers parsed, or null after the last one. The body of the previous document
     * is first read to its end (discarded) if the caller has not done so.
     *
     * @throws MimeInvalid on the first call if the starting boundary is wrong (Swift: 500), or if a document's
     *                     header lines exceed {@link #MAX_HEADER_BYTES}; afterwards this returns null
     * @throws IOException from the underlying stream (Swift: 499, or 408 on timeout)
     */
    public Document next() throws IOException {
        if (exhausted) {
            return null;
        }
        if (!started) {
            started = true;
            try {
                readStartingBoundary();
            } catch (MimeInvalid e) {
                exhausted = true;
                throw e;
            }
        } else {
            drainCurrent();
            if (exhausted) {
                return null;
            }
        }
        currentEnded = false;
        current = null;
        Map<String, String> headers;
        try {
            headers = readHeaders();
        } catch (MimeInvalid e) {
            exhausted = true;
            currentEnded = true;
            throw e;
        }
        current = new Document(headers);
        return current;
    }

    /**
     * Reads and discards all remaining documents: Swift's {@code _drain_mime_request}, which the object server
     * runs after the commit so that the whole request body is consumed.
     *
     * @throws IOException from the underlying stream (Swift: 499/408)
     */
    public void drainRemaining() throws IOException {
        while (next() != null) {
            // next() drains the previous body
        }
        drainCurrent();
    }

    /**
     * Swift's {@code _read_metadata_footer}: the next document must exist and be a valid footer
     * ({@link #parseFooter}).
     *
     * @return the footer metadata (see {@link #parseFooter})
     * @throws Failure     400 {@code couldn't find footer MIME doc}, or a failure of {@link #parseFooter}
     * @throws IOException from the stream (Swift: 499/408), including {@link MimeInvalid}
     */
    public Map<String, String> readMetadataFooter() throws Failure, IOException {
        Document doc = next();
        if (doc == null) {
            throw new Failure(400, "couldn't find footer MIME doc");
        }
        return parseFooter(doc);
    }

    /**
     * Swift's {@code _read_put_commit_message} and the check after it: the next document must exist (else 400
     * {@code couldn't find PUT commit MIME doc}); it is read to its end; it must carry {@code X-Document: put
     * commit} (else 500 with swob's default body: {@code HTTPServerError}).
     *
     * @throws Failure     as above
     * @throws IOException from the stream (Swift: 499/408), including {@link MimeInvalid}
     */
    public void readPutCommit() throws Failure, IOException {
        Document doc = next();
        if (doc == null) {
            throw new Failure(400, "couldn't find PUT commit MIME doc");
        }
        boolean commit = isPutCommit(doc);
        doc.drain();
        if (!commit) {
            throw new Failure(500, null);
        }
    }

    /** Whether a document is the commit confirmation: header {@code X-Document} exactly {@code put commit}. */
    public static boolean isPutCommit(Document doc) {
        return "put commit".equals(doc.headers().get("X-Document"));
    }

    /**
     * Swift's {@code _parse_footer}: reads the document's body to its end, then checks {@code Content-MD5}
     * (missing or empty: 400 {@code no Content-MD5 in footer}; not the lower-case hex MD5 of the body: 422
     * {@code footer MD5 mismatch}) and parses the body with Python's {@code json.loads} (encoding detection
     * UTF-8/16/32 with {@code surrogatepass}, {@code NaN}/{@code Infinity}, 4300-digit integer limit) into a
     * {@code HeaderKeyDict}: a falsy value gives an empty map; an object's keys are title-cased (a key that is
     * not ISO-8859-1 fails), {@code null} values delete, other values become Python {@code str()} ({@code 1},
     * {@code 1.5}, {@code True}, {@code ['a']}…); a list of two-element items (lists, two-character strings,
     * two-key objects) is taken as pairs. Python {@code ValueError}s give 400 {@code invalid JSON for footer
     * doc}; Python {@code TypeError}/{@code AttributeError}/{@code RecursionError} (a non-zero number or
     * {@code true} at the top, a non-string pair key, nesting deeper than about {@value #MAX_JSON_DEPTH}) give
     * Swift's 500, whose body is the traceback: here the body is its last line, e.g. {@code TypeError: 'int' object
     * is not iterable}. Python {@code str}s holding a surrogate pair as two separate code points cannot be told
     * from the combined character in Java.
     *
     * @return the footer metadata, in Python's order, with title-cased keys and case-insensitive lookup; the map
     *         is modifiable ({@code put} title-cases, {@code put(k, null)} removes, as {@code HeaderKeyDict})
     * @throws Failure     with Swift's status and body; 413 {@code footer MIME doc too large} if a footer with a
     *                     correct MD5 exceeds {@link #MAX_FOOTER_BYTES} (our limit)
     * @throws IOException from the stream (Swift: 499/408)
     */
    public static Map<String, String> parseFooter(Document doc) throws Failure, IOException {
        MessageDigest md5 = md5();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        boolean tooLarge = false;
        byte[] chunk = new byte[8192];
        InputStream body = doc.body();
        for (int n; (n = body.read(chunk)) >= 0; ) {
            md5.update(chunk, 0, n);
            if (!tooLarge && kept.size() + n <= MAX_FOOTER_BYTES) {
                kept.write(chunk, 0, n);
            } else {
                tooLarge = true;
            }
        }
        String footerMd5 = doc.headers().get("Content-MD5");
        if (footerMd5 == null || footerMd5.isEmpty()) {
            throw new Failure(400, "no Content-MD5 in footer");
        }
        if (!footerMd5.equals(HexFormat.of().formatHex(md5.digest()))) {
            throw new Failure(422, "footer MD5 mismatch");
        }
        if (tooLarge) {
            throw new Failure(413, "footer MIME doc too large");
        }
        try {
            return Py.headerKeyDict(new Py.Json(Py.decodeJsonBytes(kept.toByteArray())).parse());
        } catch (Py.ValueError e) {
            throw new Failure(400, "invalid JSON for footer doc");
        } catch (Py.OtherError e) {
            throw new Failure(500, e.getMessage());
        }
    }

    /** Package-private for tests: the capacity of the only read buffer (it never grows). */
    int bufferCapacity() {
        return buf.length;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading

    /** Compacts the buffer and reads once more from the stream; false at end of stream (not remembered). */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        int room = Math.min(readChunkSize, buf.length - lim);
        if (room <= 0) {
            throw new IllegalStateException("MIME buffer full");
        }
        int n;
        do {
            n = in.read(buf, lim, room);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        lim += n;
        return true;
    }

    private void readStartingBoundary() throws IOException {
        int limit = dashBoundary.length + 2;
        byte[] got;
        do {
            got = readRawLine(limit);
        } while (got.length == 2 && got[0] == CR && got[1] == LF);
        if (!Arrays.equals(Py.stripBytes(got), dashBoundary)) {
            throw new MimeInvalid("invalid starting boundary: wanted " + Py.bytesRepr(dashBoundary) + ", got "
                    + Py.bytesRepr(got));
        }
    }

    /** Python's {@code readline(limit)} on the raw stream: up to and including LF, at most {@code limit} bytes. */
    private byte[] readRawLine(int limit) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (line.size() < limit) {
            if (pos == lim && !fill()) {
                break;
            }
            byte c = buf[pos++];
            line.write(c);
            if (c == LF) {
                break;
            }
        }
        return line.toByteArray();
    }

    /** Whether the delimiter starts at {@code pos} (where a CR is); reads just as far as needed to decide. */
    private boolean atDelimiter() throws IOException {
        for (int k = 1; k < delimiter.length; k++) {
            while (pos + k >= lim) {
                if (!fill()) {
                    return false;
                }
            }
            if (buf[pos + k] != delimiter[k]) {
                return false;
            }
        }
        return true;
    }

    /** Consumes the delimiter at {@code pos} and the two bytes after it; ends the current document. */
    private void consumeDelimiter() throws IOException {
        pos += delimiter.length;
        while (lim - pos < 2 && fill()) {
            // need the two bytes that tell whether this was the last document
        }
        boolean last = lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-';
        pos += Math.min(2, lim - pos);
        currentEnded = true;
        if (last) {
            exhausted = true;
        }
    }

    private void endByEndOfStream() {
        currentEnded = true;
        exhausted = true;
    }

    /** The next byte of the current document's content, not consumed; -1 (and the document ends) at its end. */
    private int peekContent() throws IOException {
        if (currentEnded) {
            return -1;
        }
        if (pos == lim && !fill()) {
            endByEndOfStream();
            return -1;
        }
        if (buf[pos] == CR && atDelimiter()) {
            consumeDelimiter();
            return -1;
        }
        return buf[pos] & 0xff;
    }

    /**
     * Reads content bytes of the current document into {@code b} (or skips them if {@code b} is null): returns
     * what the buffer holds up to the delimiter, reading from the stream only when nothing is known to be
     * content.
     */
    private int readContent(byte[] b, int off, int len) throws IOException {
        if (currentEnded) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (pos == lim && !fill()) {
                endByEndOfStream();
                return -1;
            }
            int d = scanDelimiter();
            int end = d < 0 ? lim : d & (FULL - 1);
            if (end > pos) {
                return take(b, off, Math.min(len, end - pos));
            }
            if (d >= 0 && (d & FULL) != 0) {
                consumeDelimiter();
                return -1;
            }
            // a possible delimiter prefix at pos runs to the end of the buffer
            if (!fill()) {
                return take(b, off, Math.min(len, lim - pos));
            }
        }
    }

    private static final int FULL = 1 << 30;

    /**
     * Finds the first position from {@code pos} where the delimiter starts (returned with bit {@link #FULL}) or
     * where a prefix of it runs to the end of the buffer (returned plain); -1 if neither.
     */
    private int scanDelimiter() {
        byte[] d = delimiter;
        for (int i = pos; i < lim; i++) {
            if (buf[i] != CR) {
                continue;
            }
            int k = 1;
            while (k < d.length && i + k < lim && buf[i + k] == d[k]) {
                k++;
            }
            if (k == d.length) {
                return i | FULL;
            }
            if (i + k == lim) {
                return i;
            }
        }
        return -1;
    }

    private int take(byte[] b, int off, int n) {
        if (b != null) {
            System.arraycopy(buf, pos, b, off, n);
        }
        pos += n;
        return n;
    }

    private void drainCurrent() throws IOException {
        while (readContent(null, 0, Integer.MAX_VALUE) >= 0) {
            // discard
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        HeaderBlock block = new HeaderBlock();
        while (true) {
            block.startLine();
            int length = 0;
            int b0 = -1;
            int b1 = -1;
            while (true) {
                int c = peekContent();
                if (c < 0) {
                    break;
                }
                pos++;
                if (length == 0) {
                    b0 = c;
                } else if (length == 1) {
                    b1 = c;
                }
                length++;
                block.feed(c);
                if (c == CR && peekContent() == LF) {
                    pos++;
                    if (length == 1) {
                        b1 = LF;
                    }
                    length++;
                    block.feed(LF);
                    break;
                }
            }
            block.endLine();
            if (length == 0 || (length == 1 && b0 == LF) || (length == 2 && b0 == CR && b1 == LF)) {
                return block.headers();
            }
        }
    }

    /**
     * Collects the header lines of one document as Python's feedparser would see them, keeping bytes only while
     * the header part has not ended, and decides UTF-8 vs ISO-8859-1 per Swift line from all of its bytes.
     */
    private static final class HeaderBlock {
        private static final int START = 0;
        private static final int NAME = 1;
        private static final int MATCHED = 2;
        private static final int AFTER_CR = 3;

        private final List<String> lines = new ArrayList<>();
        private final ByteArrayOutputStream lineStore = new ByteArrayOutputStream();
        private final Utf8Check utf8 = new Utf8Check();
        private long storedTotal;
        private boolean active = true;
        private int state;
        private int fpStart;
        private int nameLength;
        private boolean fromPrefix;

        void startLine() {
            lineStore.reset();
            fpStart = 0;
            state = START;
            utf8.reset();
        }

        void feed(int c) throws MimeInvalid {
            utf8.feed(c);
            if (!active) {
                return;
            }
            if (state == AFTER_CR) {
                if (c == LF) {
                    store(c);
                    state = START;
                    return;
                }
                state = START;
            }
            switch (state) {
                case START -> {
                    fpStart = lineStore.size();
                    if (c == ' ' || c == '\t' || c == ':') {
                        state = MATCHED;
                        store(c);
                    } else if (isNameChar(c)) {
                        state = NAME;
                        nameLength = 1;
                        fromPrefix = c == 'F';
                        store(c);
                    } else {
                        stop();
                    }
                }
                case NAME -> {
                    if (c == ':' || (c == ' ' && fromPrefix && nameLength == 4)) {
                        state = MATCHED;
                        store(c);
                    } else if (isNameChar(c)) {
                        fromPrefix = fromPrefix && nameLength < 4 && c == "From".charAt(nameLength);
                        nameLength++;
                        store(c);
                    } else {
                        stop();
                    }
                }
                default -> {
                    store(c);
                    if (c == LF) {
                        state = START;
                    } else if (c == CR) {
                        state = AFTER_CR;
                    }
                }
            }
        }

        /** Printable ASCII except colon: the name characters of feedparser's {@code headerRE}. */
        private static boolean isNameChar(int c) {
            return c >= 0x21 && c <= 0x7e && c != ':';
        }

        private void store(int c) throws MimeInvalid {
            if (storedTotal + lineStore.size() >= MAX_HEADER_BYTES) {
                throw new MimeInvalid("MIME document headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            lineStore.write(c);
        }

        /** The current feedparser line is not a header line: the header part ends before it. */
        private void stop() {
            byte[] keep = Arrays.copyOf(lineStore.toByteArray(), fpStart);
            lineStore.reset();
            lineStore.writeBytes(keep);
            active = false;
        }

        void endLine() {
            if (active && state == NAME) {
                stop();
            }
            if (lineStore.size() == 0) {
                return;
            }
            byte[] raw = lineStore.toByteArray();
            storedTotal += raw.length;
            String text = new String(raw, utf8.valid() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    lines.add(text.substring(start, i + 1));
                    start = i + 1;
                }
            }
            if (start < text.length()) {
                lines.add(text.substring(start));
            }
        }

        /** feedparser's {@code _parse_headers} (compat32) and {@code HeaderKeyDict(message)}. */
        Map<String, String> headers() {
            List<String[]> raw = new ArrayList<>();
            String first = null;
            StringBuilder continuation = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                char c0 = line.charAt(0);
                if (c0 == ' ' || c0 == '\t') {
                    if (first != null) {
                        continuation.append(line);
                    }
                    continue;
                }
                if (first != null) {
                    raw.add(sourceParse(first, continuation));
                    first = null;
                }
                if (line.startsWith("From ")) {
                    if (i != 0 && i == lines.size() - 1) {
                        break;
                    }
                    continue;
                }
                if (line.indexOf(':') == 0) {
                    continue;
                }
                first = line;
                continuation.setLength(0);
            }
            if (first != null) {
                raw.add(sourceParse(first, continuation));
            }
            TitleKeyMap map = new TitleKeyMap();
            for (String[] header : raw) {
                if (!map.containsKey(header[0])) {
                    map.put(header[0], header[1]); // Message.get(name): the first value wins
                }
            }
            return Collections.unmodifiableMap(map);
        }

        private static String[] sourceParse(String first, CharSequence continuation) {
            int colon = first.indexOf(':');
            String value = first.substring(colon + 1);
            int s = 0;
            while (s < value.length() && (value.charAt(s) == ' ' || value.charAt(s) == '\t')) {
                s++;
            }
            value = value.substring(s) + continuation;
            int e = value.length();
            while (e > 0 && (value.charAt(e - 1) == '\r' || value.charAt(e - 1) == '\n')) {
                e--;
            }
            return new String[] {first.substring(0, colon), value.substring(0, e)};
        }
    }

    /** Strict UTF-8 well-formedness, as Python's {@code bytes.decode('utf-8')} checks it. */
    private static final class Utf8Check {
        private boolean invalid;
        private int need;
        private int lo = 0x80;
        private int hi = 0xbf;

        void reset() {
            invalid = false;
            need = 0;
        }

        void feed(int b) {
            if (invalid) {
                return;
            }
            if (need > 0) {
                if (b < lo || b > hi) {
                    invalid = true;
                } else {
                    need--;
                    lo = 0x80;
                    hi = 0xbf;
                }
                return;
            }
            if (b < 0x80) {
                return;
            }
            lo = 0x80;
            hi = 0xbf;
            if (b >= 0xc2 && b <= 0xdf) {
                need = 1;
            } else if (b == 0xe0) {
                need = 2;
                lo = 0xa0;
            } else if (b == 0xed) {
                need = 2;
                hi = 0x9f;
            } else if (b >= 0xe1 && b <= 0xef) {
                need = 2;
            } else if (b == 0xf0) {
                need = 3;
                lo = 0x90;
            } else if (b >= 0xf1 && b <= 0xf3) {
                need = 3;
            } else if (b == 0xf4) {
                need = 3;
                hi = 0x8f;
            } else {
                invalid = true;
            }
        }

        boolean valid() {
            return !invalid && need == 0;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Public nested types

    /**
     * One MIME document: its parsed headers and its body, which is valid until {@link MimeDocuments#next()} is
     * called again (then it reads as empty). Not thread-safe.
     */
    public final class Document {
        private final Map<String, String> headers;
        private final InputStream body = new Body();

        private Document(Map<String, String> headers) {
            this.headers = headers;
        }

        /** The headers: title-cased names in order of first appearance, case-insensitive lookup; unmodifiable. */
        public Map<String, String> headers() {
            return headers;
        }

        /**
         * The document's bytes after the header lines, up to (not including) the delimiter; then end of stream.
         * Closing it does nothing (the next document skips what was not read).
         */
        public InputStream body() {
            return body;
        }

        /** Reads and discards the rest of the body. */
        void drain() throws IOException {
            if (current == this) {
                drainCurrent();
            }
        }

        private final class Body extends InputStream {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                if (current != Document.this) {
                    return -1;
                }
                return readContent(b, off, len);
            }

            @Override
            public long skip(long n) throws IOException {
                if (n <= 0 || current != Document.this) {
                    return 0;
                }
                int r = readContent(null, 0, (int) Math.min(n, Integer.MAX_VALUE));
                return Math.max(r, 0);
            }
        }

        @Override
        public String toString() {
            return "MimeDocuments.Document" + headers;
        }
    }

    /**
     * Malformed multipart input that Swift rejects with its {@code MimeInvalid} (a bad starting boundary; the
     * object server answers 500), or header lines beyond {@link #MAX_HEADER_BYTES}. The message of the first is
     * Swift's.
     */
    public static final class MimeInvalid extends IOException {
        private static final long serialVersionUID = 1L;

        public MimeInvalid(String message) {
            super(message);
        }
    }

    /** A final answer of the footer/commit checks: Swift's status and body (null: swob's default body). */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String body;

        public Failure(int status, String body) {
            super(status + (body == null ? "" : " " + body), null, false, false);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        /** The response body Swift sends, or null for the status's default body. */
        public String body() {
            return body;
        }

        /** As an {@link HttpError} in the default content type, as swob builds these responses. */
        public HttpError toHttpError() {
            return body == null ? HttpError.of(status) : HttpError.html(status, body);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static MessageDigest md5() {
        return io.swiftnode.disk.HashPath.md5();
    }

    /**
     * swob's {@code HeaderKeyDict} for string keys: keys title-cased as {@code bytes.title()} of their ISO-8859-1
     * form (ASCII letters only), looked up the same way; insertion order kept; {@code put(k, null)} removes.
     */
    static final class TitleKeyMap extends AbstractMap<String, String> {
        private final LinkedHashMap<String, String> map = new LinkedHashMap<>();

        static String title(String s) {
            StringBuilder sb = new StringBuilder(s.length());
            boolean previousCased = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 'a' && c <= 'z') {
                    sb.append(previousCased ? c : (char) (c - 32));
                    previousCased = true;
                } else if (c >= 'A' && c <= 'Z') {
                    sb.append(previousCased ? (char) (c + 32) : c);
                    previousCased = true;
                } else {
                    sb.append(c);
                    previousCased = false;
                }
            }
            return sb.toString();
        }

        @Override
        public String get(Object key) {
            return key instanceof String s ? map.get(title(s)) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String s && map.containsKey(title(s));
        }

        @Override
        public String put(String key, String value) {
            String k = title(key);
            return value == null ? map.remove(k) : map.put(k, value);
        }

        @Override
        public String remove(Object key) {
            return key instanceof String s ? map.remove(title(s)) : null;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return map.entrySet();
        }

        @Override
        public int size() {
            return map.size();
        }
    }
}
