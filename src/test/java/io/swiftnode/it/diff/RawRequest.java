package io.swiftnode.it.diff;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One request as exact bytes on the wire, built once and sent unchanged to both servers. Header
 * names and values are "one char per octet" strings (ISO-8859-1), so any byte can be sent.
 *
 * <p>Without an explicit framing, a body gets a {@code Content-Length}; {@link Builder#chunked}
 * sends it chunked instead, {@link Builder#rawBody} sends bytes with no framing header at all.
 * Every request carries {@code Host: localhost} (the same on both sides) unless
 * {@link Builder#noHost()}; none carries {@code Expect} or {@code Connection}.
 *
 * @param label what the request exercises, for the report
 * @param category how a mismatch on it is reported ({@link Category})
 * @param method the method as sent
 * @param target the request target as sent (still percent-encoded)
 * @param bytes the whole request
 * @param halfClose whether the client shuts its output down after sending (a short body)
 */
public record RawRequest(String label, Category category, String method, String target, byte[] bytes,
        boolean halfClose) {

    /** How a request's mismatches are grouped in the report. */
    public enum Category {
        /** An ordinary request: every mismatch is a bug of ours (or an intentional difference). */
        NORMAL,
        /**
         * A raw path that Payara/Grizzly rejects or rewrites before the servlet ({@code %2F},
         * {@code %00}, invalid UTF-8, dot segments, absolute-form targets): reported separately as
         * "container path handling" (owned elsewhere).
         */
        CONTAINER_PATH,
        /**
         * Request bytes that Payara/Grizzly refuses before the servlet: octets of 0x80 and above in
         * a header value (Grizzly's RFC 9110 value check reads them as negative bytes), a header
         * block over its 8 KiB buffer, chunk extensions. Reported separately as "container request
         * parsing"; so are the requests that observe their outcome.
         */
        CONTAINER_PARSING
    }

    public boolean isHead() {
        return method.equals("HEAD");
    }

    /** The request as text for the report: request line and headers, body summarised. */
    public String describe() {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        String head = end < 0 ? s : s.substring(0, end);
        int bodyLen = end < 0 ? 0 : bytes.length - end - 4;
        StringBuilder sb = new StringBuilder();
        for (String line : head.split("\r\n", -1)) {
            if (line.equalsIgnoreCase("Host: localhost")) {
                continue;
            }
            sb.append("    > ").append(printable(line, 200)).append('\n');
        }
        if (bodyLen > 0) {
            sb.append("    > (").append(bodyLen).append(" body bytes").append(halfClose ? ", then half-close" : "")
                    .append(")\n");
        }
        return sb.toString();
    }

    /** Non-printable octets as {@code \xNN}, cut at {@code max} chars. */
    static String printable(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02x", (int) c & 0xff));
            }
        }
        if (sb.length() >= max) {
            sb.append("…(").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }

    public static Builder of(String method, String target) {
        return new Builder(method, target);
    }

    /** Builds one request; see the record's description for the defaults. */
    public static final class Builder {
        private final String method;
        private final String target;
        private String version = "HTTP/1.1";
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body;
        private int[] chunkSizes;
        private boolean raw;
        private boolean host = true;
        private boolean halfClose;
        private String label = "";
        private Category category = Category.NORMAL;

        private Builder(String method, String target) {
            this.method = method;
            this.target = target;
        }

        /** The protocol token of the request line, e.g. {@code HTTP/1.0}; null for none (HTTP/0.9). */
        public Builder version(String v) {
            version = v;
            return this;
        }

        /** Appends a header line {@code name: value} (repeats allowed, order kept). */
        public Builder h(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        /** Sends {@code body} with a {@code Content-Length}. */
        public Builder body(byte[] b) {
            body = b.clone();
            return this;
        }

        /**
         * Sends {@code body} with {@code Transfer-Encoding: chunked} in chunks of the given sizes
         * (cycled; the rest in one chunk when none are given).
         */
        public Builder chunked(byte[] b, int... sizes) {
            body = b.clone();
            chunkSizes = sizes.length == 0 ? new int[] {Math.max(1, b.length)} : sizes.clone();
            return this;
        }

        /** Sends the bytes after the headers as they are, with no framing header added. */
        public Builder rawBody(byte[] b) {
            body = b.clone();
            raw = true;
            return this;
        }

        public Builder noHost() {
            host = false;
            return this;
        }

        /** Shuts the client's output down once the request is sent. */
        public Builder halfClose() {
            halfClose = true;
            return this;
        }

        public Builder label(String l) {
            label = l;
            return this;
        }

        public Builder category(Category c) {
            category = c;
            return this;
        }

        public RawRequest build() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target);
            if (version != null) {
                head.append(' ').append(version);
            }
            head.append("\r\n");
            if (version != null) {
                if (host) {
                    head.append("Host: localhost\r\n");
                }
                for (String[] h : headers) {
                    head.append(h[0]).append(": ").append(h[1]).append("\r\n");
                }
                if (body != null && !raw) {
                    if (chunkSizes != null) {
                        head.append("Transfer-Encoding: chunked\r\n");
                    } else {
                        head.append("Content-Length: ").append(body.length).append("\r\n");
                    }
                }
                head.append("\r\n");
            }
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                if (chunkSizes != null && !raw) {
                    int pos = 0;
                    int i = 0;
                    while (pos < body.length) {
                        int n = Math.min(Math.max(1, chunkSizes[i++ % chunkSizes.length]), body.length - pos);
                        out.writeBytes((Integer.toHexString(n).toUpperCase(Locale.ROOT) + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.write(body, pos, n);
                        out.writeBytes(new byte[] {'\r', '\n'});
                        pos += n;
                    }
                    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.writeBytes(body);
                }
            }
            String l = label.isEmpty() ? method + " " + target : label;
            return new RawRequest(l, category, method, target, out.toByteArray(), halfClose);
        }
    }
}
