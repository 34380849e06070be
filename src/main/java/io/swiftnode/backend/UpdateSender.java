package io.swiftnode.backend;

import io.swiftnode.config.ConfigValues;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Sends one body-less backend request the way Swift 2.30.1's {@code bufferedhttp.http_connect} does,
 * and reads the answer: container updates (object-server-http.md §8.2, §9.3; object-daemons.md
 * §3.3) and the replicator's {@code REPLICATE} calls (object-daemons.md §2.3), whose answer body is
 * kept ({@link #send(String, String, String, String, String, Map, int)}).
 *
 * <p>The request is {@code <METHOD> <quoted /device/partition/path> HTTP/1.1}, then {@code Host}
 * ({@code ip:port}, or just {@code ip} for port 80, IPv6 in brackets), {@code Accept-Encoding:
 * identity}, then the given headers in their order; no body and no {@code Content-Length}, no
 * {@code Connection} header. The answer's body is read to its end (by {@code Content-Length},
 * chunked, or to EOF) and discarded, or kept up to a limit; a broken body counts as a failed
 * request, as it does for Python's {@code response.read()}.
 *
 * <p>Why raw sockets and not {@code java.net.http.HttpClient}: that client refuses to set
 * {@code Host}, adds {@code Content-Length: 0} to a body-less PUT, has its own
 * {@code User-Agent}/upgrade headers and header order, and pools connections; the container
 * server must see exactly the request Python Swift sends, and one request per connection is what
 * Swift does too. The connection is closed once the answer is read, so no
 * {@code Connection: close} header is needed (Swift does not send one).
 *
 * <p>Timeouts follow Swift's: connecting and sending the request must finish within
 * {@code conn_timeout}, reading the whole answer within {@code node_timeout} (a deadline over all
 * reads, like eventlet's {@code Timeout}, not a per-read idle timeout); or, for a sender made by
 * {@link #wholeExchange}, the whole exchange within one timeout (the replicator's
 * {@code with Timeout(http_timeout)}).
 *
 * <p>Immutable and thread-safe; every call uses its own socket.
 */
public final class UpdateSender {

    /**
     * An answer: status, headers (title-cased names, a repeated header's last value wins) and the
     * body when it was asked for (else empty).
     */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public Response {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** An answer whose body was not kept. */
        public Response(int status, Map<String, String> headers) {
            this(status, headers, new byte[0]);
        }

        /** A header by any spelling of its name, or null. */
        public String header(String name) {
            return headers.get(HeaderNames.title(name));
        }
    }

    private static final int DEFAULT_PORT = 80;
    private static final int MAX_LINE = 65536;
    private static final int MAX_HEADERS = 100;
    /** http.client's {@code _is_legal_header_name}. */
    private static final Pattern LEGAL_NAME = Pattern.compile("[^:\\s][^:\\r\\n]*");
    /** http.client's {@code _is_illegal_header_value}. */
    private static final Pattern ILLEGAL_VALUE = Pattern.compile("\\n(?![ \\t])|\\r(?![ \\t\\n])");

    private final long connTimeoutNanos;
    private final long nodeTimeoutNanos;
    private final boolean oneDeadline;

    /**
     * @param connTimeout seconds to connect and send the request ({@code conn_timeout})
     * @param nodeTimeout seconds to receive the whole answer ({@code node_timeout})
     */
    public UpdateSender(double connTimeout, double nodeTimeout) {
        this(connTimeout, nodeTimeout, false);
    }

    private UpdateSender(double connTimeout, double nodeTimeout, boolean oneDeadline) {
        this.connTimeoutNanos = nanos(connTimeout, "conn_timeout");
        this.nodeTimeoutNanos = nanos(nodeTimeout, "node_timeout");
        this.oneDeadline = oneDeadline;
    }

    /** A sender whose every exchange (connect, send, whole answer) must end within {@code timeout} seconds. */
    public static UpdateSender wholeExchange(double timeout) {
        return new UpdateSender(timeout, timeout, true);
    }

    private static long nanos(double seconds, String what) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(what + " must be a positive number of seconds: " + seconds);
        }
        return (long) (seconds * 1e9);
    }

    /**
     * Sends {@code method} for {@code path} on {@code device}/{@code partition} to {@code host}
     * and reads the answer.
     *
     * @param host {@code ip:port} as the proxy names it ({@code [v6]:port} or {@code v6:port};
     *     an empty port means 80)
     * @param device the container node's device
     * @param partition the container partition, as sent by the proxy
     * @param method {@code PUT} or {@code DELETE}
     * @param path the unquoted {@code /account/container/object}
     * @param headers the request headers, sent in this order after {@code Host} and
     *     {@code Accept-Encoding}; values are octet strings (each char one byte)
     * @return the answer, whatever its status
     * @throws SocketTimeoutException if connecting and sending, or reading the answer, took too long
     * @throws IOException if the host is malformed, a name cannot be encoded as UTF-8, a header
     *     is one Python's http.client refuses, the connection fails or the answer is not HTTP
     */
    public Response send(String host, String device, String partition, String method, String path,
            Map<String, String> headers) throws IOException {
        return send(host, device, partition, method, path, headers, -1);
    }

    /**
     * {@link #send(String, String, String, String, String, Map)} keeping the answer's body.
     *
     * @param maxBody the largest body kept, or -1 to discard it
     * @throws IOException also when the body is larger than {@code maxBody}
     */
    public Response send(String host, String device, String partition, String method, String path,
            Map<String, String> headers, int maxBody) throws IOException {
        int colon = host.lastIndexOf(':');
        if (colon < 0) {
            throw new IOException("container host " + host + " is not ip:port");
        }
        String ip = host.substring(0, colon);
        String portText = host.substring(colon + 1);
        int port;
        if (portText.isEmpty()) {
            port = DEFAULT_PORT;
        } else {
            try {
                long p = ConfigValues.pyInt(portText);
                if (p < 0 || p > 65535) {
                    throw new IOException("port out of range in container host " + host);
                }
                port = (int) p;
            } catch (NumberFormatException e) {
                throw new IOException("nonnumeric port in container host " + host, e);
            }
        }
        if (ip.length() >= 2 && ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        byte[] request = request(method, quote("/" + device + "/" + partition + path), hostHeader(ip, port), headers);

        long connectDeadline = System.nanoTime() + connTimeoutNanos;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, port), millisLeft(connectDeadline));
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            if (System.nanoTime() - connectDeadline > 0) {
                throw new SocketTimeoutException("sending the update took longer than conn_timeout");
            }
            long readDeadline = oneDeadline ? connectDeadline : System.nanoTime() + nodeTimeoutNanos;
            return readResponse(socket, new BufferedInputStream(socket.getInputStream()), readDeadline, method,
                    maxBody);
        } catch (IllegalArgumentException e) { // unresolvable or out-of-range address
            throw new IOException("cannot connect to " + host + ": " + e.getMessage(), e);
        }
    }

    private static int millisLeft(long deadline) throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("timed out");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
    }

    /** {@code Host} as http.client writes it: brackets for IPv6, the port unless it is 80. */
    static String hostHeader(String ip, int port) {
        String h = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
        return port == DEFAULT_PORT ? h : h + ":" + port;
    }

    private static byte[] request(String method, String quotedPath, String host, Map<String, String> headers)
            throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(512);
        ascii(b, method + " " + quotedPath + " HTTP/1.1\r\n");
        header(b, "Host", host);
        header(b, "Accept-Encoding", "identity");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            header(b, h.getKey(), h.getValue());
        }
        ascii(b, "\r\n");
        return b.toByteArray();
    }

    private static void header(ByteArrayOutputStream b, String name, String value) throws IOException {
        if (!LEGAL_NAME.matcher(name).matches()) {
            throw new IOException("invalid header name " + name);
        }
        if (ILLEGAL_VALUE.matcher(value).find()) {
            throw new IOException("invalid value for header " + name);
        }
        latin1(b, name, "header name");
        b.write(':');
        b.write(' ');
        latin1(b, value, "header value");
        b.write('\r');
        b.write('\n');
    }

    private static void ascii(ByteArrayOutputStream b, String s) {
        b.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static void latin1(ByteArrayOutputStream b, String s, String what) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xff) {
                throw new IOException(what + " is not a Latin-1 string: " + s);
            }
            b.write(c);
        }
    }

    /**
     * Swift's {@code utils.quote(value, safe='/')} of a text string: its UTF-8 octets
     * percent-encoded (upper-case hex) except letters, digits, {@code _.-~} and {@code /}.
     *
     * @throws CharacterCodingException if the string holds a lone surrogate (an undecodable
     *     name), which Python's {@code encode('utf-8')} refuses as well
     */
    public static String quote(String s) throws CharacterCodingException {
        return Quoting.quoteStrict(s);
    }

    // ---- answer ------------------------------------------------------------------------------

    private static Response readResponse(Socket socket, InputStream in, long deadline, String method, int maxBody)
            throws IOException {
        while (true) {
            String statusLine = readLine(socket, in, deadline);
            if (statusLine == null) {
                throw new EOFException("connection closed without an answer");
            }
            int status = parseStatus(statusLine);
            Map<String, String> headers = readHeaders(socket, in, deadline);
            if (status == 100) {
                continue; // http.client skips interim 100 Continue answers
            }
            BodySink sink = new BodySink(maxBody);
            readBody(socket, in, deadline, status, method, headers, sink);
            return new Response(status, headers, sink.bytes());
        }
    }

    /** The status of a status line, as http.client's {@code _read_status} validates it. */
    private static int parseStatus(String line) throws IOException {
        String[] parts = line.strip().split("\\s+", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("bad status line: " + line);
        }
        long status;
        try {
            status = ConfigValues.pyInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line: " + line, e);
        }
        if (status < 100 || status > 999) {
            throw new IOException("bad status line: " + line);
        }
        return (int) status;
    }

    private static Map<String, String> readHeaders(Socket socket, InputStream in, long deadline) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        String lastName = null;
        int count = 0;
        while (true) {
            String line = readLine(socket, in, deadline);
            if (line == null || line.isEmpty()) {
                return headers;
            }
            if (++count > MAX_HEADERS) {
                throw new IOException("got more than " + MAX_HEADERS + " headers");
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && lastName != null) {
                headers.put(lastName, headers.get(lastName) + line);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue; // email.parser files such a line as a defect and goes on
            }
            lastName = HeaderNames.title(line.substring(0, colon));
            headers.put(lastName, stripLeft(line.substring(colon + 1)));
        }
    }

    private static String stripLeft(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return s.substring(i);
    }

    /** Where a body goes: nowhere, or into memory up to a limit. */
    private static final class BodySink {
        private final int max;
        private final ByteArrayOutputStream kept;

        BodySink(int max) {
            this.max = max;
            this.kept = max >= 0 ? new ByteArrayOutputStream() : null;
        }

        void accept(byte[] buf, int len) throws IOException {
            if (kept != null) {
                if (kept.size() + (long) len > max) {
                    throw new IOException("answer body larger than " + max + " bytes");
                }
                kept.write(buf, 0, len);
            }
        }

        byte[] bytes() {
            return kept == null ? new byte[0] : kept.toByteArray();
        }
    }

    private static void readBody(Socket socket, InputStream in, long deadline, int status, String method,
            Map<String, String> headers, BodySink sink) throws IOException {
        if (status == 204 || status == 304 || status < 200 || "HEAD".equals(method)) {
            return;
        }
        String te = headers.get("Transfer-Encoding");
        if (te != null && te.strip().toLowerCase(Locale.ROOT).equals("chunked")) {
            while (true) {
                String sizeLine = readLine(socket, in, deadline);
                if (sizeLine == null) {
                    throw new EOFException("chunked answer ended early");
                }
                int semi = sizeLine.indexOf(';');
                String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).strip();
                long size;
                try {
                    size = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size " + sizeLine, e);
                }
                if (size < 0) {
                    throw new IOException("bad chunk size " + sizeLine);
                }
                if (size == 0) {
                    while (true) { // trailers up to the blank line
                        String t = readLine(socket, in, deadline);
                        if (t == null || t.isEmpty()) {
                            return;
                        }
                    }
                }
                skip(socket, in, deadline, size, sink);
                readLine(socket, in, deadline);
            }
        }
        String cl = headers.get("Content-Length");
        if (cl != null) {
            long length;
            try {
                length = Long.parseLong(cl.strip());
            } catch (NumberFormatException e) {
                length = -1; // http.client then reads to EOF
            }
            if (length >= 0) {
                skip(socket, in, deadline, length, sink);
                return;
            }
        }
        byte[] buf = new byte[8192];
        int r;
        while ((r = read(socket, in, deadline, buf, buf.length)) >= 0) {
            sink.accept(buf, r); // to EOF
        }
    }

    private static void skip(Socket socket, InputStream in, long deadline, long n, BodySink sink)
            throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = read(socket, in, deadline, buf, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("answer body ended " + left + " bytes early");
            }
            sink.accept(buf, r);
            left -= r;
        }
    }

    private static int read(Socket socket, InputStream in, long deadline, byte[] buf, int len) throws IOException {
        socket.setSoTimeout(millisLeft(deadline));
        return in.read(buf, 0, len);
    }

    /** A line without its CRLF (or LF), octets as chars; null at EOF before any octet. */
    private static String readLine(Socket socket, InputStream in, long deadline) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            socket.setSoTimeout(millisLeft(deadline));
            int c = in.read();
            if (c < 0) {
                return sb.length() == 0 ? null : sb.toString();
            }
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new IOException("answer line longer than " + MAX_LINE);
            }
            sb.append((char) c);
        }
    }
}
