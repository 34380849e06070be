package io.swiftnode.replication;

import io.swiftnode.backend.Quoting;
import io.swiftnode.disk.pickle.HashesPickle;

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
import java.util.Locale;
import java.util.Map;

/**
 * The replicator's REPLICATE calls to a peer, as Swift's {@code http_connect(…, 'REPLICATE', …)}:
 * {@code REPLICATE /<dev>/<part>[/<s1>-<s2>…] HTTP/1.1} with {@code Host}, {@code Content-Length: 0},
 * {@code User-Agent: object-replicator <pid>} and {@code X-Backend-Storage-Policy-Index}; one request
 * per connection. The whole exchange (connect, send, read the answer) must finish within
 * {@code http_timeout}: a peer that accepts and never answers costs at most that long.
 *
 * <p>Immutable and thread-safe; every call has its own socket.
 */
public final class ReplicateClient {
    /** An answer: the status and, for 200, the body. */
    public record Answer(int status, byte[] body) {
    }

    private static final int MAX_BODY = 64 << 20;

    private final long timeoutMillis;
    private final String userAgent;

    /** @param httpTimeout seconds for a whole REPLICATE exchange ({@code http_timeout}) */
    public ReplicateClient(double httpTimeout) {
        this.timeoutMillis = Math.max(1, Math.round(httpTimeout * 1000));
        this.userAgent = "object-replicator " + ProcessHandle.current().pid();
    }

    /**
     * {@code REPLICATE /<dev>/<part>}: the peer's suffix hashes (suffix → hash, or null for a suffix
     * being emptied).
     *
     * @throws RemoteFailure on a non-200 answer (507 included: {@link RemoteFailure#status()})
     * @throws IOException   on connection problems or timeouts
     */
    public Map<String, String> hashes(SyncTarget target, String partition, int policy) throws IOException {
        Answer a = call(target, partition, "", policy);
        if (a.status() != 200) {
            throw new RemoteFailure(a.status());
        }
        Map<String, Object> decoded = HashesPickle.decode(a.body());
        Map<String, String> out = new LinkedHashMap<>();
        decoded.forEach((k, v) -> {
            if (HashesPickle.isSuffix(k)) {
                out.put(k, v instanceof String s ? s : null);
            }
        });
        return out;
    }

    /** {@code REPLICATE /<dev>/<part>/<s1>-<s2>…}: asks the peer to rehash those suffixes; the answer is not checked. */
    public void invalidate(SyncTarget target, String partition, List<String> suffixes, int policy)
            throws IOException {
        call(target, partition, "/" + String.join("-", suffixes), policy);
    }

    /** A non-200 answer to REPLICATE. */
    public static final class RemoteFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        RemoteFailure(int status) {
            super("Invalid response " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    Answer call(SyncTarget target, String partition, String suffixPart, int policy) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target.ip(), target.port()), (int) timeoutMillis);
            String host = (target.ip().indexOf(':') >= 0 ? "[" + target.ip() + "]" : target.ip())
                    + (target.port() == 80 ? "" : ":" + target.port());
            String path = "/" + Quoting.quote(target.device()) + "/" + Quoting.quote(partition) + suffixPart;
            String req = "REPLICATE " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept-Encoding: identity\r\n"
                    + "Content-Length: 0\r\nUser-Agent: " + userAgent + "\r\nX-Backend-Storage-Policy-Index: "
                    + policy + "\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new DeadlineInput(new BufferedInputStream(s.getInputStream()), s, deadline);
            String status = line(in);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("bad status line from " + target + ": " + status);
            }
            int code = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int c = h.indexOf(':');
                if (c < 0) {
                    continue;
                }
                String name = h.substring(0, c).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(c + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
            return new Answer(code, body(in, length, chunked));
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("REPLICATE to " + target + " timed out after " + timeoutMillis + " ms");
        }
    }

    private static byte[] body(InputStream in, long length, boolean chunked) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (chunked) {
            while (true) {
                String size = line(in);
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                copy(in, b, n);
                line(in);
            }
        } else if (length >= 0) {
            if (length > MAX_BODY) {
                throw new IOException("REPLICATE answer too large: " + length);
            }
            copy(in, b, (int) length);
        } else {
            in.transferTo(b);
        }
        return b.toByteArray();
    }

    private static void copy(InputStream in, ByteArrayOutputStream b, int n) throws IOException {
        if (b.size() + (long) n > MAX_BODY) {
            throw new IOException("REPLICATE answer too large");
        }
        byte[] buf = in.readNBytes(n);
        if (buf.length < n) {
            throw new IOException("short REPLICATE answer");
        }
        b.write(buf);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed in the middle of an answer");
            }
            if (b.size() > 65536) {
                throw new IOException("answer line too long");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Reads with the socket timeout set to what is left of an overall deadline. */
    private static final class DeadlineInput extends InputStream {
        private final InputStream in;
        private final Socket socket;
        private final long deadline;

        DeadlineInput(InputStream in, Socket socket, long deadline) {
            this.in = in;
            this.socket = socket;
            this.deadline = deadline;
        }

        private void arm() throws IOException {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        }

        @Override
        public int read() throws IOException {
            arm();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return in.read(b, off, len);
        }
    }
}
