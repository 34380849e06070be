package io.swiftnode.it.diff;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends a {@link RawRequest} over a fresh loopback connection and reads exactly one final
 * response (skipping interim 1xx ones): body framed by {@code Transfer-Encoding: chunked}, then
 * {@code Content-Length}, else up to EOF; no body for HEAD, 204 and 304. The connection is closed
 * afterwards, so keep-alive handling never influences the next request.
 *
 * <p>Stateless and thread-safe.
 */
public final class RawClient {
    private RawClient() {
    }

    public static RawResponse send(int port, RawRequest req, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            String writeError = null;
            try {
                out.write(req.bytes());
                out.flush();
                if (req.halfClose()) {
                    s.shutdownOutput();
                }
            } catch (IOException e) {
                // the server may answer (and close) before taking the whole body: read what it said
                writeError = "write failed: " + e.getMessage();
            }
            RawResponse r = read(new BufferedInputStream(s.getInputStream()), req.isHead());
            if (writeError != null && r.version() == null) {
                return RawResponse.failed(writeError + "; " + r.error());
            }
            return r;
        } catch (IOException e) {
            return RawResponse.failed("connect/IO: " + e);
        }
    }

    static RawResponse read(InputStream in, boolean head) {
        String version = null;
        int status = 0;
        String reason = "";
        List<String[]> headers = new ArrayList<>();
        int interim = 0;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            while (true) {
                String statusLine = readLine(in);
                if (statusLine == null) {
                    return RawResponse.failed("closed before the status line");
                }
                String[] parts = statusLine.split(" ", 3);
                version = parts[0];
                status = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
                reason = parts.length > 2 ? parts[2] : "";
                headers = new ArrayList<>();
                String line;
                while ((line = readLine(in)) != null && !line.isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon < 0) {
                        headers.add(new String[] {line, ""});
                    } else {
                        headers.add(new String[] {line.substring(0, colon), line.substring(colon + 1).strip()});
                    }
                }
                if (status >= 100 && status < 200) {
                    interim++;
                    continue;
                }
                break;
            }
            if (head || status == 204 || status == 304) {
                return new RawResponse(version, status, reason, headers, new byte[0], interim, null);
            }
            String te = value(headers, "Transfer-Encoding");
            String cl = value(headers, "Content-Length");
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                while (true) {
                    String size = readLine(in);
                    if (size == null) {
                        return new RawResponse(version, status, reason, headers, body.toByteArray(), interim,
                                "chunked body ended early");
                    }
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
                    if (n == 0) {
                        while ((size = readLine(in)) != null && !size.isEmpty()) {
                            // trailers: ignored
                        }
                        break;
                    }
                    byte[] chunk = in.readNBytes(n);
                    body.writeBytes(chunk);
                    readLine(in);
                    if (chunk.length < n) {
                        return new RawResponse(version, status, reason, headers, body.toByteArray(), interim,
                                "chunked body ended early");
                    }
                }
            } else if (cl != null) {
                long n = Long.parseLong(cl.strip());
                byte[] b = in.readNBytes((int) n);
                body.writeBytes(b);
                if (b.length < n) {
                    return new RawResponse(version, status, reason, headers, body.toByteArray(), interim,
                            "body shorter than Content-Length");
                }
            } else {
                body.writeBytes(in.readAllBytes());
            }
            return new RawResponse(version, status, reason, headers, body.toByteArray(), interim, null);
        } catch (SocketTimeoutException e) {
            if (version == null) {
                return RawResponse.failed("timeout before the status line");
            }
            return new RawResponse(version, status, reason, headers, body.toByteArray(), interim, "timeout");
        } catch (IOException | RuntimeException e) {
            if (version == null) {
                return RawResponse.failed("read failed: " + e);
            }
            return new RawResponse(version, status, reason, headers, body.toByteArray(), interim,
                    "read failed: " + e);
        }
    }

    private static String value(List<String[]> headers, String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    /** A line without its CRLF (or LF) as octets; null at EOF before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            line.write(c);
        }
        if (c < 0 && line.size() == 0) {
            return null;
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
