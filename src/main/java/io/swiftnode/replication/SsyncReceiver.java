package io.swiftnode.replication;

import io.swiftnode.disk.DiskFileDeleted;
import io.swiftnode.disk.DiskFileDeviceUnavailable;
import io.swiftnode.disk.DiskFileError;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.DiskFileReader;
import io.swiftnode.disk.FileLocks;
import io.swiftnode.disk.LockTimeout;
import io.swiftnode.disk.PolicyDirs;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The receiving side of one SSYNC request (object-server-http.md §12, Swift's
 * {@code ssync_receiver.Receiver}), independent of the servlet API: it reads the de-chunked request
 * body from an {@link InputStream}, hands every message to a {@link Channel} that sends and flushes
 * it as its own chunk, and applies the UPDATES subrequests through {@link Subrequests}, which the
 * HTTP layer implements with the object server's own PUT/POST/DELETE handling.
 *
 * <p>Sequence ({@link #run}): the first chunk {@code \r\n}; admission (server-wide semaphore, not
 * waiting: an in-band 503; partition lock {@code .lock-replication} within
 * {@code replication_lock_timeout}; device lock {@code .lock[-N]} limited by
 * {@code replication_concurrency_per_device} within the rest of that time); MISSING_CHECK; UPDATES.
 * Errors become an in-band {@code :ERROR: <code> <repr>} line (0 for exceptions and lock timeouts,
 * 408 for a read timeout, the HTTP status for 503/500) and {@link #run} then answers that the
 * connection must be dropped rather than drained.
 *
 * <p>Not thread-safe: one instance per request, run on the request's thread.
 */
public final class SsyncReceiver {
    private static final Logger LOG = Logger.getLogger(SsyncReceiver.class.getName());
    private static final byte[] CRLF = {'\r', '\n'};

    /**
     * The {@code [app:object-server]} values the receiver uses.
     *
     * @param concurrencyPerDevice {@code replication_concurrency_per_device} (0: no device lock)
     * @param lockTimeout          {@code replication_lock_timeout}, whole seconds
     * @param failureThreshold     {@code replication_failure_threshold}
     * @param failureRatio         {@code replication_failure_ratio}
     * @param clientTimeout        {@code client_timeout}: only for the text of 408 error lines; the
     *                             read timeout itself belongs to the input stream
     * @param networkChunkSize     {@code network_chunk_size}: longest line read at once, body read size
     */
    public record Settings(int concurrencyPerDevice, int lockTimeout, int failureThreshold, double failureRatio,
            double clientTimeout, int networkChunkSize) {
    }

    /** Sends one message as its own chunk and flushes it. */
    @FunctionalInterface
    public interface Channel {
        void send(byte[] message) throws IOException;
    }

    /**
     * One UPDATES subrequest, as the object server's handlers take it.
     *
     * @param method  PUT, POST or DELETE
     * @param rawPath {@code /<device>/<partition>} and the path as the sender quoted it (one char per
     *                octet, still percent-encoded)
     * @param headers lower-cased names in arrival order, plus {@code x-backend-storage-policy-index},
     *                {@code x-backend-replication}, {@code x-backend-replication-headers}
     * @param body    exactly the announced bytes for a PUT (read failures as IOException; a read timeout
     *                as {@link SocketTimeoutException}), empty otherwise
     */
    public record Subrequest(String method, String rawPath, Map<String, String> headers, InputStream body) {
    }

    /** A subrequest's answer: status and body (for the log). */
    public record Outcome(int status, byte[] body) {
    }

    /** Runs a subrequest through the object server. */
    @FunctionalInterface
    public interface Subrequests {
        Outcome apply(Subrequest request) throws IOException;
    }

    private final DiskFileManager disk;
    private final Settings settings;
    private final Semaphore semaphore;
    private final String device;
    private final String partition;
    private final int policy;
    private final String fragIndex;
    private final String remoteAddr;
    private final Input in;
    private final Channel out;
    private final Subrequests subrequests;

    /**
     * @param semaphore the server-wide {@code replication_concurrency} semaphore, or null for unlimited
     * @param fragIndex {@code X-Backend-Ssync-Frag-Index} as validated by the caller, or null
     */
    public SsyncReceiver(DiskFileManager disk, Settings settings, Semaphore semaphore, String device, String partition,
            int policy, String fragIndex, String remoteAddr, InputStream in, Channel out, Subrequests subrequests) {
        this.disk = disk;
        this.settings = settings;
        this.semaphore = semaphore;
        this.device = device;
        this.partition = partition;
        this.policy = policy;
        this.fragIndex = fragIndex;
        this.remoteAddr = remoteAddr;
        this.in = new Input(in, Math.max(1024, settings.networkChunkSize()));
        this.out = out;
        this.subrequests = subrequests;
    }

    /** The sender hung up where a line was due. */
    private static final class ClientDisconnected extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** No line within client_timeout: Swift's MessageTimeout, in-band 408. */
    private static final class MessageTimeout extends Exception {
        private static final long serialVersionUID = 1L;

        MessageTimeout(String text) {
            super(text, null, false, false);
        }
    }

    /** Reading the request failed (not a timeout): Swift's ChunkReadError, logged, no error line. */
    private static final class ChunkReadError extends Exception {
        private static final long serialVersionUID = 1L;

        ChunkReadError(String text, Throwable cause) {
            super(text, cause, false, false);
        }
    }

    /** An HTTP error given in-band with its body's bytes repr. */
    private static final class HttpStatus extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final byte[] body;

        HttpStatus(int status, String body) {
            super(status + " " + body, null, false, false);
            this.status = status;
            this.body = body.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Any other failure: in-band {@code :ERROR: 0 '<message>'}. */
    private static final class ProtocolError extends Exception {
        private static final long serialVersionUID = 1L;

        ProtocolError(String text) {
            super(text, null, false, false);
        }
    }

    /** A failed send: the sender is gone. */
    private static final class SendFailed extends Exception {
        private static final long serialVersionUID = 1L;

        SendFailed(IOException cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    /**
     * Runs the whole exchange. Never throws.
     *
     * @return true when the connection must be dropped instead of drained (an error was answered,
     *         the sender disconnected or sending failed); false after a complete, successful SSYNC
     */
    public boolean run() {
        String where = remoteAddr + "/" + device + "/" + partition;
        try {
            send(CRLF);
            if (semaphore != null && !semaphore.tryAcquire()) {
                throw new HttpStatus(503, "<html><h1>Service Unavailable</h1><p>The server is currently "
                        + "unavailable. Please try again at a later time.</p></html>");
            }
            try {
                try (Locks locks = replicationLock()) {
                    missingCheck();
                    updates();
                }
            } finally {
                if (semaphore != null) {
                    semaphore.release();
                }
            }
            return false;
        } catch (SendFailed e) {
            LOG.log(Level.WARNING, where + " ssync: cannot send to the sender: " + e.getMessage());
        } catch (ClientDisconnected e) {
            LOG.severe("ssync client disconnected");
        } catch (LockTimeoutText e) {
            LOG.fine(() -> where + " SSYNC LOCK TIMEOUT: " + e.getMessage());
            sendQuietly(SsyncMessages.errorLine(0, SsyncMessages.reprStr(e.getMessage())));
        } catch (MessageTimeout e) {
            LOG.severe(where + " TIMEOUT in ssync.Receiver: " + e.getMessage());
            sendQuietly(SsyncMessages.errorLine(408, SsyncMessages.reprStr(e.getMessage())));
        } catch (ChunkReadError e) {
            LOG.severe(where + " read failed in ssync.Receiver: " + e.getMessage());
        } catch (HttpStatus e) {
            sendQuietly(SsyncMessages.errorLine(e.status, SsyncMessages.reprBytes(e.body)));
        } catch (ProtocolError e) {
            LOG.log(Level.SEVERE, where + " EXCEPTION in ssync.Receiver: " + e.getMessage());
            sendQuietly(SsyncMessages.errorLine(0, SsyncMessages.reprStr(e.getMessage())));
        } catch (Exception | Error e) {
            LOG.log(Level.SEVERE, where + " EXCEPTION in ssync.Receiver", e);
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            sendQuietly(SsyncMessages.errorLine(0, SsyncMessages.reprStr(msg)));
        }
        return true;
    }

    /** A lock timeout with Swift's text ({@code "15 seconds: <lock path>"}). */
    private static final class LockTimeoutText extends Exception {
        private static final long serialVersionUID = 1L;

        LockTimeoutText(String text) {
            super(text, null, false, false);
        }
    }

    private void send(byte[] msg) throws SendFailed {
        try {
            out.send(msg);
        } catch (IOException e) {
            throw new SendFailed(e);
        }
    }

    private void sendQuietly(byte[] msg) {
        try {
            out.send(msg);
        } catch (IOException e) {
            LOG.fine(() -> "cannot send the error line: " + e);
        }
    }

    /** The partition lock and, when configured, a device lock; both released by the returned handle. */
    private Locks replicationLock() throws IOException, LockTimeoutText {
        long limit = System.nanoTime() + settings.lockTimeout() * 1_000_000_000L;
        Path devPath = disk.devicePath(device);
        Path partDir = devPath.resolve(PolicyDirs.objects(policy)).resolve(partition);
        FileLocks.Held part;
        try {
            part = FileLocks.lockPath(partDir, Duration.ofSeconds(settings.lockTimeout()), "replication", 1);
        } catch (LockTimeout e) {
            throw new LockTimeoutText(SsyncMessages.timeoutText(Integer.toString(settings.lockTimeout()),
                    settings.lockTimeout() == 1, partDir + "/.lock-replication"));
        }
        if (settings.concurrencyPerDevice() <= 0) {
            return new Locks(part, null);
        }
        long remaining = Math.max(0, limit - System.nanoTime());
        try {
            FileLocks.Held dev = FileLocks.lockPath(devPath, Duration.ofNanos(remaining), null,
                    settings.concurrencyPerDevice());
            return new Locks(part, dev);
        } catch (LockTimeout e) {
            part.close();
            double secs = remaining / 1e9;
            throw new LockTimeoutText(SsyncMessages.timeoutText(SsyncMessages.reprFloat(secs), secs == 1.0,
                    devPath + "/.lock"));
        } catch (IOException | RuntimeException e) {
            part.close();
            throw e;
        }
    }

    /** The partition lock and the optional device lock, released inner first. */
    private record Locks(FileLocks.Held partition, FileLocks.Held device) implements AutoCloseable {
        @Override
        public void close() {
            if (device != null) {
                device.close();
            }
            partition.close();
        }
    }

    // ------------------------------------------------------------------ MISSING_CHECK

    private void missingCheck() throws Exception {
        byte[] line = readLine("missing_check start");
        if (line.length == 0) {
            throw new ClientDisconnected();
        }
        if (!SsyncMessages.MISSING_CHECK_START.equals(strip(line))) {
            throw new ProtocolError("Looking for :MISSING_CHECK: START got " + SsyncMessages.reprBytes(head(line)));
        }
        List<String> wanted = new ArrayList<>();
        while (true) {
            line = readLine("missing_check line");
            if (line.length == 0 || SsyncMessages.MISSING_CHECK_END.equals(strip(line))) {
                break;
            }
            SsyncMessages.Offer offer;
            try {
                offer = SsyncMessages.decodeMissing(line);
            } catch (IllegalArgumentException e) {
                throw new ProtocolError(e.getMessage());
            }
            String want = SsyncMessages.encodeWanted(offer, checkLocal(offer));
            if (want != null) {
                wanted.add(want);
            }
        }
        send((SsyncMessages.MISSING_CHECK_START + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (!wanted.isEmpty()) {
            send(String.join("\r\n", wanted).getBytes(StandardCharsets.US_ASCII));
        }
        send(CRLF);
        send((SsyncMessages.MISSING_CHECK_END + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** The local state of an offered object, opened with expired objects allowed. */
    SsyncMessages.Local checkLocal(SsyncMessages.Offer offer) throws IOException {
        try (DiskFileReader r = disk.openByHash(device, partition, offer.hash(), policy)) {
            return new SsyncMessages.Local(r.dataTimestamp(), r.timestamp(), r.contentTypeTimestamp());
        } catch (DiskFileDeleted e) {
            return SsyncMessages.Local.tombstone(e.timestamp());
        } catch (DiskFileDeviceUnavailable e) {
            throw e;
        } catch (DiskFileError e) {
            return SsyncMessages.Local.NOTHING;
        }
    }

    // ------------------------------------------------------------------ UPDATES

    private void updates() throws Exception {
        byte[] line = readLine("updates start");
        if (line.length == 0) {
            throw new ClientDisconnected();
        }
        if (!SsyncMessages.UPDATES_START.equals(strip(line))) {
            throw new ProtocolError("Looking for :UPDATES: START got " + SsyncMessages.reprBytes(head(line)));
        }
        int successes = 0;
        int failures = 0;
        while (true) {
            line = readLine("updates line");
            if (line.length == 0 || SsyncMessages.UPDATES_END.equals(strip(line))) {
                break;
            }
            String first = latin1(strip(line));
            int sp = first.indexOf(' ');
            if (sp < 0) {
                throw new ProtocolError("not enough values to unpack (expected 2, got 1)");
            }
            String method = first.substring(0, sp);
            String path = first.substring(sp + 1);
            Map<String, String> headers = new LinkedHashMap<>();
            List<String> replicationHeaders = new ArrayList<>();
            Long contentLength = null;
            while (true) {
                byte[] h = readLine("updates line");
                if (h.length == 0) {
                    throw new ProtocolError("Got no headers for " + method + " " + path);
                }
                String hl = latin1(strip(h));
                if (hl.isEmpty()) {
                    break;
                }
                int colon = hl.indexOf(':');
                if (colon < 0) {
                    throw new ProtocolError("not enough values to unpack (expected 2, got 1)");
                }
                String name = hl.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = pyStrip(hl.substring(colon + 1));
                headers.put(name, value);
                if (!name.equals("etag") && !name.equals("x-backend-no-commit")) {
                    replicationHeaders.add(name);
                }
                if (name.equals("content-length")) {
                    contentLength = pyInt(value);
                }
            }
            switch (method) {
                case "DELETE", "POST" -> {
                    if (contentLength != null && contentLength != 0) {
                        throw new ProtocolError(method + " subrequest with content-length " + path);
                    }
                }
                case "PUT" -> {
                    if (contentLength == null) {
                        throw new ProtocolError("No content-length sent for " + method + " " + path);
                    }
                }
                default -> throw new ProtocolError("Invalid subrequest method " + method);
            }
            headers.put("x-backend-storage-policy-index", Integer.toString(policy));
            headers.put("x-backend-replication", "True");
            if (fragIndex != null) {
                headers.put("x-backend-ssync-frag-index", fragIndex);
            }
            if (!replicationHeaders.isEmpty()) {
                headers.put("x-backend-replication-headers", String.join(" ", replicationHeaders));
            }
            Body body = new Body("PUT".equals(method) ? contentLength : 0, method + " " + path);
            String subPath = "/" + octets(device) + "/" + octets(partition) + path;
            Outcome outcome = subrequests.apply(new Subrequest(method, subPath, headers, body));
            int st = outcome.status();
            if ((st >= 200 && st < 300) || st == 404) {
                successes++;
            } else {
                LOG.warning("ssync subrequest failed with " + st + ": " + method + " " + subPath + " ("
                        + SsyncMessages.reprBytes(outcome.body() == null ? new byte[0] : outcome.body()) + ")");
                failures++;
            }
            if (failures >= settings.failureThreshold()
                    && (successes == 0 || (double) failures / successes > settings.failureRatio())) {
                throw new ProtocolError("Too many " + failures + " failures to " + successes + " successes");
            }
            body.drain();
        }
        if (failures > 0) {
            throw new HttpStatus(500, "ERROR: With :UPDATES: " + failures + " failures to " + successes
                    + " successes");
        }
        send((SsyncMessages.UPDATES_START + "\r\n").getBytes(StandardCharsets.US_ASCII));
        send((SsyncMessages.UPDATES_END + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** A PUT body: the next {@code length} bytes of the request; failures keep Swift's meaning. */
    private final class Body extends InputStream {
        private long left;
        private final String what;
        private boolean failed;

        Body(long length, String what) {
            this.left = length;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            int n = read(b, 0, 1);
            return n < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0 || failed) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n;
            try {
                n = in.read(b, off, (int) Math.min(Math.min(len, left), settings.networkChunkSize()));
            } catch (IOException e) {
                failed = true;
                if (isTimeout(e)) {
                    SocketTimeoutException t = new SocketTimeoutException(
                            timeout("updates content") + " (read timeout)");
                    t.initCause(e);
                    throw t;
                }
                throw e;
            }
            if (n < 0) {
                failed = true;
                throw new IOException("Early termination for " + what);
            }
            left -= n;
            return n;
        }

        /** Reads what the handler left unread, so that the next subrequest line is next. */
        void drain() throws IOException {
            byte[] buf = new byte[8192];
            while (!failed && left > 0) {
                if (read(buf, 0, buf.length) < 0) {
                    break;
                }
            }
        }
    }

    // ------------------------------------------------------------------ lines

    private String timeout(String context) {
        double t = settings.clientTimeout();
        return SsyncMessages.timeoutText(SsyncMessages.reprFloat(t), t == 1.0, context);
    }

    private byte[] readLine(String context) throws MessageTimeout, ChunkReadError {
        try {
            return in.readLine(settings.networkChunkSize());
        } catch (IOException e) {
            if (isTimeout(e)) {
                throw new MessageTimeout(timeout(context));
            }
            throw new ChunkReadError(context + ": " + e, e);
        }
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("timeout"))) {
                return true;
            }
        }
        return false;
    }

    /** Python's {@code bytes.strip()} as text (ASCII whitespace). */
    static String strip(byte[] line) {
        int from = 0;
        int to = line.length;
        while (from < to && isSpace(line[from])) {
            from++;
        }
        while (to > from && isSpace(line[to - 1])) {
            to--;
        }
        return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static String pyStrip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) < 0x80 && isSpace((byte) s.charAt(from))) {
            from++;
        }
        while (to > from && s.charAt(to - 1) < 0x80 && isSpace((byte) s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == 0x0c;
    }

    private static String latin1(String s) {
        return s; // strip() already decoded one char per octet
    }

    private static byte[] head(byte[] line) {
        return line.length <= 1024 ? line : Arrays.copyOf(line, 1024);
    }

    /** A decoded name as its UTF-8 octets, one char each. */
    private static String octets(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static Long pyInt(String v) throws ProtocolError {
        String t = v.strip();
        if (t.matches("[+-]?[0-9]+(_[0-9]+)*")) {
            try {
                return Long.parseLong(t.replace("_", "").replaceFirst("^\\+", ""));
            } catch (NumberFormatException e) {
                // too large for any body
            }
        }
        throw new ProtocolError("invalid literal for int() with base 10: " + SsyncMessages.reprStr(v));
    }

    /** A buffered view of the request body: lines of at most a limit, then raw bytes. */
    static final class Input {
        private final InputStream in;
        private final byte[] buf;
        private int pos;
        private int lim;

        Input(InputStream in, int size) {
            this.in = in;
            this.buf = new byte[size];
        }

        private boolean fill() throws IOException {
            if (pos < lim) {
                return true;
            }
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            lim = n;
            return true;
        }

        /** Up to and including the next LF, at most {@code max} bytes; empty at the end of the body. */
        byte[] readLine(int max) throws IOException {
            java.io.ByteArrayOutputStream line = null;
            int total = 0;
            while (total < max && fill()) {
                int start = pos;
                int end = Math.min(lim, pos + (max - total));
                int lf = -1;
                for (int i = start; i < end; i++) {
                    if (buf[i] == '\n') {
                        lf = i;
                        break;
                    }
                }
                int stop = lf >= 0 ? lf + 1 : end;
                if (line == null && lf >= 0) {
                    pos = stop;
                    return Arrays.copyOfRange(buf, start, stop); // the common case: the line is buffered
                }
                if (line == null) {
                    line = new java.io.ByteArrayOutputStream();
                }
                line.write(buf, start, stop - start);
                total += stop - start;
                pos = stop;
                if (lf >= 0) {
                    break;
                }
            }
            return line == null ? new byte[0] : line.toByteArray();
        }

        int read(byte[] b, int off, int len) throws IOException {
            if (pos < lim) {
                int n = Math.min(len, lim - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
            return in.read(b, off, len);
        }
    }
}
