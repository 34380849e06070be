package io.swiftnode.replication;

import io.swiftnode.disk.DiskFileDeleted;
import io.swiftnode.disk.DiskFileError;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.DiskFileReader;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code ssync} transport (object-daemons.md §2.6, Swift's {@code ssync_sender.Sender}): one
 * {@code SSYNC /<device>/<partition>} request per sync, chunked, to the target's replication
 * address; MISSING_CHECK offers every object of the suffixes ({@link DiskFileManager#yieldHashes},
 * which cleans up hash directories on the way), UPDATES sends a PUT (with the body streamed from
 * the {@code .data}), POST and/or DELETE for each wanted object, headers sorted by name; any
 * {@code :ERROR:} or unexpected line fails the whole sync.
 *
 * <p>Timeouts as Swift's: {@code conn_timeout} to connect and send the request head,
 * {@code node_timeout} to get the response head and for every send (a send that blocks longer
 * closes the socket), {@code http_timeout} for every line received.
 *
 * <p>Thread-safe: every sync uses its own connection; instances hold configuration only.
 */
public final class SsyncSender implements SyncTransport {
    private static final Logger LOG = Logger.getLogger(SsyncSender.class.getName());
    private static volatile ScheduledExecutorService watchdog;

    private final DiskFileManager disk;
    private final double connTimeout;
    private final double nodeTimeout;
    private final double httpTimeout;
    private final int networkChunkSize;

    /**
     * @param disk             the local disks (the job's device is read through it)
     * @param connTimeout      {@code conn_timeout} seconds (replicator default 0.5)
     * @param nodeTimeout      {@code node_timeout} seconds (replicator default 10)
     * @param httpTimeout      {@code http_timeout} seconds (replicator default 60)
     * @param networkChunkSize {@code network_chunk_size} (65536): longest response line, body piece size
     */
    public SsyncSender(DiskFileManager disk, double connTimeout, double nodeTimeout, double httpTimeout,
            int networkChunkSize) {
        this.disk = disk;
        this.connTimeout = connTimeout;
        this.nodeTimeout = nodeTimeout;
        this.httpTimeout = httpTimeout;
        this.networkChunkSize = networkChunkSize;
    }

    /** Anything that ends the sync as a simple logged error (Swift's ReplicationException / MessageTimeout). */
    static final class SyncFailure extends Exception {
        private static final long serialVersionUID = 1L;

        SyncFailure(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Result sync(SyncJob job, SyncTarget target, List<String> suffixes, Set<String> remoteCheckObjs)
            throws InterruptedException {
        if (suffixes.isEmpty()) {
            return new Result(true, Map.of());
        }
        String where = target.ip() + ":" + target.port() + "/" + target.device() + "/" + job.partition();
        Connection conn = null;
        try {
            conn = connect(job, target);
            Map<String, Map<String, String>> available = new LinkedHashMap<>();
            Map<String, SsyncMessages.Wanted> send = missingCheck(conn, job, suffixes, remoteCheckObjs, available);
            Map<String, Map<String, String>> inSync;
            if (remoteCheckObjs == null) {
                updates(conn, job, send);
                inSync = available;
            } else {
                inSync = new LinkedHashMap<>(available);
                inSync.keySet().removeAll(send.keySet());
            }
            int sent = send.size();
            LOG.fine(() -> "ssync completed ok: dev: " + job.device() + ", part: " + job.partition() + ", policy: "
                    + job.policy() + ", num suffixes: " + suffixes.size() + ", available: " + available.size()
                    + ", sent: " + sent);
            return new Result(true, inSync);
        } catch (SyncFailure e) {
            LOG.severe(where + " " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("ssync to " + where + " interrupted");
            }
            LOG.log(Level.SEVERE, where + " EXCEPTION in ssync.Sender", e);
        } finally {
            if (conn != null) {
                conn.disconnect();
            }
        }
        return Result.FAILED;
    }

    // ------------------------------------------------------------------ connection

    private Connection connect(SyncJob job, SyncTarget target) throws IOException, SyncFailure {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(new InetSocketAddress(target.ip(), target.port()), millis(connTimeout));
            } catch (SocketTimeoutException e) {
                throw new SyncFailure(seconds(connTimeout) + ": connect send");
            }
            Connection c = new Connection(socket);
            String host = target.ip().indexOf(':') >= 0 ? "[" + target.ip() + "]" : target.ip();
            String head = "SSYNC /" + target.device() + "/" + job.partition() + " HTTP/1.1\r\n"
                    + "Host: " + host + ":" + target.port() + "\r\n"
                    + "Accept-Encoding: identity\r\n"
                    + "Transfer-Encoding: chunked\r\n"
                    + "X-Backend-Storage-Policy-Index: " + job.policy() + "\r\n\r\n";
            c.write(head.getBytes(StandardCharsets.UTF_8), connTimeout, "connect send");
            c.readResponseHead(nodeTimeout);
            return c;
        } catch (IOException | SyncFailure | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ MISSING_CHECK

    private Map<String, SsyncMessages.Wanted> missingCheck(Connection c, SyncJob job, List<String> suffixes,
            Set<String> only, Map<String, Map<String, String>> available) throws IOException, SyncFailure {
        c.sendChunk(line(SsyncMessages.MISSING_CHECK_START), "missing_check start");
        int[] counts = new int[2];
        try {
            disk.yieldHashes(job.device(), job.partition(), job.policy(), suffixes, h -> {
                if (only != null && !only.contains(h.hash())) {
                    return; // remote check: only the objects asked about
                }
                Map<String, String> ts = new LinkedHashMap<>();
                ts.put("ts_data", h.tsData().internal());
                if (h.tsMeta() != null) {
                    ts.put("ts_meta", h.tsMeta().internal());
                }
                if (h.tsCtype() != null) {
                    ts.put("ts_ctype", h.tsCtype().internal());
                }
                available.put(h.hash(), ts);
                byte[] msg = line(SsyncMessages.encodeMissing(h.hash(), h.tsData(), h.tsMeta(), h.tsCtype()));
                try {
                    c.sendChunk(msg, "missing_check send line: " + counts[0] + " lines (" + counts[1] + " bytes) sent");
                } catch (SyncFailure e) {
                    throw new Wrapped(e);
                }
                counts[0]++;
                counts[1] += msg.length;
            });
        } catch (Wrapped w) {
            throw w.failure;
        }
        c.sendChunk(line(SsyncMessages.MISSING_CHECK_END), "missing_check end");
        expectStart(c, SsyncMessages.MISSING_CHECK_START, "missing_check start wait");
        Map<String, SsyncMessages.Wanted> send = new LinkedHashMap<>();
        while (true) {
            byte[] raw = c.readLine(httpTimeout, "missing_check line wait");
            String l = strip(raw);
            if (l.equals(SsyncMessages.MISSING_CHECK_END)) {
                break;
            }
            String[] parts = l.isEmpty() ? new String[0] : l.split("[ \\t\\n\\r\\x0b\\x0c]+");
            if (parts.length > 0) {
                send.put(parts[0], SsyncMessages.decodeWanted(java.util.Arrays.copyOfRange(parts, 1, parts.length)));
            }
        }
        return send;
    }

    /** Carries a send failure out of the hash callback. */
    private static final class Wrapped extends IOException {
        private static final long serialVersionUID = 1L;
        final SyncFailure failure;

        Wrapped(SyncFailure failure) {
            super(failure.getMessage(), null);
            this.failure = failure;
        }
    }

    private void expectStart(Connection c, String start, String context) throws IOException, SyncFailure {
        while (true) {
            String l = strip(c.readLine(httpTimeout, context));
            if (l.equals(start)) {
                return;
            }
            if (!l.isEmpty()) {
                throw new SyncFailure("Unexpected response: " + SsyncMessages.reprStr(head(l)));
            }
        }
    }

    // ------------------------------------------------------------------ UPDATES

    private void updates(Connection c, SyncJob job, Map<String, SsyncMessages.Wanted> send)
            throws IOException, SyncFailure {
        c.sendChunk(line(SsyncMessages.UPDATES_START), "updates start");
        for (Map.Entry<String, SsyncMessages.Wanted> e : send.entrySet()) {
            String hash = SsyncMessages.unquote(e.getKey());
            SsyncMessages.Wanted want = e.getValue();
            String name;
            try {
                name = disk.replicationName(job.device(), job.partition(), hash, job.policy());
            } catch (DiskFileError ex) {
                continue;
            }
            String urlPath = SsyncMessages.quote(name, "/");
            try (DiskFileReader r = disk.diskFileFromHash(job.device(), job.partition(), hash, job.policy())
                    .open(true, System.currentTimeMillis() / 1000.0)) {
                if (want.data()) {
                    sendPut(c, urlPath, r);
                }
                if (want.meta() && !r.dataTimestamp().equals(r.timestamp()) && r.metaFileMetadata() != null) {
                    sendSubrequest(c, "POST", urlPath, r.metaFileMetadata(), null);
                }
            } catch (DiskFileDeleted ex) {
                if (want.data()) {
                    Map<String, String> h = new LinkedHashMap<>();
                    h.put("X-Timestamp", ex.timestamp().internal());
                    sendSubrequest(c, "DELETE", urlPath, h, null);
                }
            } catch (DiskFileError ex) {
                // nothing sent yet for this object: leave it out
            }
        }
        c.sendChunk(line(SsyncMessages.UPDATES_END), "updates end");
        expectStart(c, SsyncMessages.UPDATES_START, "updates start wait");
        while (true) {
            String l = strip(c.readLine(httpTimeout, "updates line wait"));
            if (l.equals(SsyncMessages.UPDATES_END)) {
                return;
            }
            if (!l.isEmpty()) {
                throw new SyncFailure("Unexpected response: " + SsyncMessages.reprStr(head(l)));
            }
        }
    }

    private void sendPut(Connection c, String urlPath, DiskFileReader r) throws IOException, SyncFailure {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Length", Long.toString(r.contentLength()));
        for (Map.Entry<String, String> e : r.dataFileMetadata().entrySet()) {
            if (!e.getKey().equals("name") && !e.getKey().equals("Content-Length")) {
                headers.put(e.getKey(), e.getValue());
            }
        }
        sendSubrequest(c, "PUT", urlPath, headers, r);
    }

    private void sendSubrequest(Connection c, String method, String urlPath, Map<String, String> headers,
            DiskFileReader body) throws IOException, SyncFailure {
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
        msg.writeBytes(urlPath.getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, String> h : new TreeMap<>(headers).entrySet()) {
            msg.writeBytes(new byte[] {'\r', '\n'});
            msg.writeBytes(surrogateEscape(h.getKey()));
            msg.writeBytes(new byte[] {':', ' '});
            msg.writeBytes(surrogateEscape(h.getValue()));
        }
        msg.writeBytes(new byte[] {'\r', '\n', '\r', '\n'});
        String lower = method.toLowerCase(java.util.Locale.ROOT);
        c.sendChunk(msg.toByteArray(), "send_" + lower);
        if (body != null) {
            long sent = 0;
            byte[] buf = new byte[networkChunkSize];
            try (InputStream in = body.stream(0, body.contentLength())) {
                int n;
                while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                    c.sendChunk(buf, n, "send_" + lower + " chunk");
                    sent += n;
                }
            }
            if (sent != body.contentLength()) {
                throw new SyncFailure("Sent data length does not match content-length");
            }
        }
    }

    /** Python's {@code str.encode('utf8', 'surrogateescape')}. */
    static byte[] surrogateEscape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch >= 0xDC80 && ch <= 0xDCFF) {
                out.write(ch - 0xDC00);
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] line(String s) {
        return (s + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String strip(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).strip();
    }

    private static String head(String s) {
        return s.length() <= 1024 ? s : s.substring(0, 1024);
    }

    static int millis(double seconds) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(seconds * 1000)));
    }

    private static String seconds(double s) {
        return SsyncMessages.timeoutText(SsyncMessages.reprFloat(s), s == 1.0, "").replaceFirst(": $", "");
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledExecutorService w = watchdog;
        if (w == null) {
            synchronized (SsyncSender.class) {
                w = watchdog;
                if (w == null) {
                    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread t = new Thread(r, "ssync-send-timeouts");
                        t.setDaemon(true);
                        return t;
                    });
                    e.setRemoveOnCancelPolicy(true);
                    watchdog = w = e;
                }
            }
        }
        return w;
    }

    /** One SSYNC connection: timed chunk sends, the response head, chunked response lines. */
    private final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private long deadline; // nanoTime for the current read
        private long chunkLeft; // -1: the response body has ended
        private byte[] pending = new byte[0];

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(new InputStream() {
                private final InputStream raw = socket.getInputStream();

                @Override
                public int read() throws IOException {
                    byte[] b = new byte[1];
                    return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SocketTimeoutException("deadline passed");
                    }
                    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
                    return raw.read(b, off, len);
                }
            }, 65536);
        }

        void write(byte[] b, double timeout, String context) throws IOException, SyncFailure {
            write(b, b.length, timeout, context);
        }

        void write(byte[] b, int len, double timeout, String context) throws IOException, SyncFailure {
            boolean[] fired = new boolean[1];
            ScheduledFuture<?> f = watchdog().schedule(() -> {
                fired[0] = true;
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing is all we wanted
                }
            }, millis(timeout), TimeUnit.MILLISECONDS);
            try {
                out.write(b, 0, len);
                out.flush();
            } catch (IOException e) {
                if (fired[0]) {
                    throw new SyncFailure(seconds(timeout) + ": " + context);
                }
                throw e;
            } finally {
                f.cancel(false);
            }
        }

        void sendChunk(byte[] msg, String context) throws IOException, SyncFailure {
            sendChunk(msg, msg.length, context);
        }

        void sendChunk(byte[] msg, int len, String context) throws IOException, SyncFailure {
            byte[] head = (Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[head.length + len + 2];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(msg, 0, all, head.length, len);
            all[all.length - 2] = '\r';
            all[all.length - 1] = '\n';
            write(all, nodeTimeout, context);
        }

        /** Status line and headers; anything but 200 fails the sync with up to 1024 bytes of the body. */
        void readResponseHead(double timeout) throws IOException, SyncFailure {
            deadline = System.nanoTime() + (long) (timeout * 1e9);
            try {
                String status = rawLine();
                String[] parts = status.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                    throw new SyncFailure("bad status line " + SsyncMessages.reprStr(status));
                }
                boolean chunked = false;
                long length = -1;
                String h;
                while (!(h = rawLine()).isEmpty()) {
                    int colon = h.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = h.substring(0, colon).strip();
                    String value = h.substring(colon + 1).strip();
                    if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                        chunked = true;
                    } else if (name.equalsIgnoreCase("Content-Length")) {
                        length = Long.parseLong(value);
                    }
                }
                int code = Integer.parseInt(parts[1].strip());
                if (code != 200) {
                    byte[] body = new byte[0];
                    try {
                        if (!chunked && length >= 0) {
                            body = in.readNBytes((int) Math.min(1024, length));
                        } else if (chunked) {
                            body = readLine(1024);
                        }
                    } catch (IOException e) {
                        // the status is what matters
                    }
                    throw new SyncFailure("Expected status 200; got " + code + " ("
                            + SsyncMessages.reprBytes(body) + ")");
                }
                if (!chunked) {
                    throw new SyncFailure("Expected a chunked SSYNC response");
                }
            } catch (SocketTimeoutException e) {
                throw new SyncFailure(seconds(timeout) + ": connect receive");
            }
        }

        private String rawLine() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                b.write(c);
            }
            if (c < 0 && b.size() == 0) {
                throw new IOException("connection closed");
            }
            return b.toString(StandardCharsets.ISO_8859_1).strip();
        }

        /** One response line within {@code timeout}; an empty answer (end of body) fails the sync. */
        byte[] readLine(double timeout, String context) throws IOException, SyncFailure {
            deadline = System.nanoTime() + (long) (timeout * 1e9);
            byte[] l;
            try {
                l = readLine(networkChunkSize);
            } catch (SocketTimeoutException e) {
                throw new SyncFailure(seconds(timeout) + ": " + context);
            }
            if (l.length == 0) {
                throw new SyncFailure("Early disconnect");
            }
            return l;
        }

        /** Swift's {@code SsyncBufferedHTTPResponse.readline}: a line of the de-chunked body. */
        private byte[] readLine(int size) throws IOException, SyncFailure {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            data.writeBytes(pending);
            pending = new byte[0];
            while (indexOfLf(data) < 0 && data.size() < size) {
                if (chunkLeft == -1) {
                    break;
                }
                if (chunkLeft == 0) {
                    String sizeLine = rawLine();
                    int semi = sizeLine.indexOf(';');
                    if (semi >= 0) {
                        sizeLine = sizeLine.substring(0, semi);
                    }
                    try {
                        chunkLeft = Long.parseLong(sizeLine.strip(), 16);
                    } catch (NumberFormatException e) {
                        socket.close();
                        throw new SyncFailure("Early disconnect");
                    }
                    if (chunkLeft == 0) {
                        chunkLeft = -1;
                        break;
                    }
                }
                byte[] chunk = in.readNBytes((int) Math.min(chunkLeft, size - data.size()));
                if (chunk.length == 0) {
                    socket.close();
                    throw new SyncFailure("Early disconnect");
                }
                chunkLeft -= chunk.length;
                if (chunkLeft == 0) {
                    in.readNBytes(2);
                }
                data.writeBytes(chunk);
            }
            byte[] all = data.toByteArray();
            int lf = indexOfLf(data);
            if (lf >= 0) {
                pending = java.util.Arrays.copyOfRange(all, lf + 1, all.length);
                return java.util.Arrays.copyOf(all, lf + 1);
            }
            return all;
        }

        private int indexOfLf(ByteArrayOutputStream b) {
            byte[] a = b.toByteArray();
            for (int i = 0; i < a.length; i++) {
                if (a[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** The terminating chunk, then close; failures do not matter any more. */
        void disconnect() {
            try {
                if (!socket.isClosed()) {
                    write(new byte[] {'0', '\r', '\n', '\r', '\n'}, nodeTimeout, "disconnect");
                }
            } catch (IOException | SyncFailure e) {
                // the remote side may be gone already
            }
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }
}
