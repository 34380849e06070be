package io.swiftnode.http;

import io.swiftnode.backend.HeaderNames;
import io.swiftnode.backend.Quoting;
import io.swiftnode.disk.Timestamp;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One request as Swift's object server sees it: the percent-decoded path as UTF-8, headers with
 * WSGI semantics (names normalised by {@link HeaderNames}, repeated headers joined with
 * {@code ,}, values one char per octet), and the path split and validated like
 * {@code split_path}/{@code validate_device_partition}.
 *
 * <p>Not thread-safe: one per request.
 */
public final class SwiftRequest {
    /**
     * Request attribute set by the Payara glue ({@code io.swiftnode.payara.RawPathProbe}): the request-URI path
     * exactly as sent ({@code String}, one char per octet, still percent-encoded, without the query string),
     * captured before the container decodes, normalises or rewrites it. Used instead of
     * {@code getRequestURI()} when present; other containers do not set it.
     */
    public static final String RAW_PATH_ATTRIBUTE = "io.swiftnode.http.SwiftRequest.rawPath";

    private final HttpServletRequest raw;
    private final String method;
    private final String rawPath;
    private final String path; // decoded; null when not valid UTF-8
    private final Map<String, String> headers; // normalised names, request order

    public SwiftRequest(HttpServletRequest raw) {
        this.raw = raw;
        this.method = raw.getMethod();
        // the object URL space starts after the context path ("" when deployed at /)
        String uri = raw.getAttribute(RAW_PATH_ATTRIBUTE) instanceof String sent ? sent : raw.getRequestURI();
        String ctxPath = raw.getContextPath();
        this.rawPath = ctxPath != null && !ctxPath.isEmpty() && uri.startsWith(ctxPath) ? uri.substring(ctxPath.length())
                : uri;
        this.path = decodePath(rawPath);
        this.headers = new LinkedHashMap<>();
        Enumeration<String> names = raw.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String n = names.nextElement();
            String joined = String.join(",", Collections.list(raw.getHeaders(n)));
            // names that normalise alike (x_a, X-A) meet in one header, as in the WSGI environ
            headers.merge(HeaderNames.normalize(n), joined, (a, b) -> a + "," + b);
        }
        // the WSGI environ always has CONTENT_TYPE: a request without the header has an empty one
        headers.putIfAbsent("Content-Type", "");
    }

    /** Percent-decodes and strictly UTF-8-decodes a raw path; null if the bytes are not UTF-8. */
    static String decodePath(String raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(unquote(raw)))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The octets of a raw path after percent-decoding (a {@code %} without two hex digits stays as it is). */
    static byte[] unquote(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // the container handed us a decoded non-ASCII char: take its octets as sent
                bytes.write(c & 0xff);
            }
        }
        return bytes.toByteArray();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    public HttpServletRequest raw() {
        return raw;
    }

    public String method() {
        return method;
    }

    /** The path as sent (still percent-encoded; octets as chars), below the context path. */
    public String rawPath() {
        return rawPath;
    }

    /** The decoded path, or null when it is not valid UTF-8. */
    public String path() {
        return path;
    }

    /**
     * {@code <METHOD> <request URL>} for the {@code Referer} of outgoing updates (swob's
     * {@code as_referer}).
     */
    public String referer() {
        String octets = new String(path.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return ContainerUpdates.referer(method, ContainerUpdates.requestUrl(raw.getScheme(), header("Host"),
                raw.getServerName(), raw.getServerPort(), octets, raw.getQueryString()));
    }

    /** A header by any spelling of its name; null when absent. */
    public String header(String name) {
        return headers.get(HeaderNames.normalize(name));
    }

    public boolean has(String name) {
        return header(name) != null;
    }

    /** All headers, normalised names, in request order. */
    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** Swift's {@code config_true_value} of a header. */
    public boolean isTrue(String name) {
        String v = header(name);
        if (v == null) {
            return false;
        }
        String l = v.strip().toLowerCase(Locale.ROOT);
        return l.equals("true") || l.equals("1") || l.equals("yes") || l.equals("on") || l.equals("t") || l.equals("y");
    }

    /** {@code X-Backend-Replication: true}. */
    public boolean isReplication() {
        return isTrue("X-Backend-Replication");
    }

    /**
     * The request's {@code X-Timestamp} as {@code valid_timestamp} checks it.
     *
     * @throws HttpError 400 when missing or invalid
     */
    public Timestamp timestamp() throws HttpError {
        String v = header("X-Timestamp");
        if (v == null) {
            throw HttpError.text(400, "Missing X-Timestamp header");
        }
        Timestamp t = Timestamp.tryParse(v);
        if (t == null) {
            if (overflowsInPython(v)) {
                throw HttpError.html(500, "OverflowError: cannot convert float infinity to integer");
            }
            throw HttpError.text(400, "Invalid X-Timestamp header");
        }
        return t;
    }

    /**
     * Whether Swift's {@code Timestamp(v)} fails with OverflowError rather than ValueError: the
     * float part is infinite ({@code inf}, {@code -Infinity}, {@code 1e400}) and the offset part
     * parses, so {@code int(round(inf))} raises — an uncaught exception, hence a 500, where every
     * other invalid timestamp is a 400.
     */
    static boolean overflowsInPython(String v) {
        int us = v.indexOf('_');
        if (us >= 0) {
            String off = v.substring(us + 1).strip().toLowerCase(Locale.ROOT);
            if (!off.isEmpty()) {
                // int(off, 16): sign, optional 0x, hex digits; above MAX_OFFSET is a ValueError
                if (!off.matches("[+-]?(0x)?[0-9a-f]+")) {
                    return false;
                }
                String digits = off.replaceFirst("^[+-]?(0x)?", "");
                if (!off.startsWith("-") && new BigInteger(digits, 16).bitLength() > 64) {
                    return false;
                }
            }
        }
        String base = (us < 0 ? v : v.substring(0, us)).strip().toLowerCase(Locale.ROOT);
        if (base.matches("[+-]?(inf|infinity)")) {
            return true;
        }
        return base.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?") && Double.isInfinite(Double.parseDouble(base));
    }

    /** {@code X-Timestamp} if present (validated), else now: GET/HEAD's notion of the current time. */
    public Timestamp timestampOrNow() throws HttpError {
        return has("X-Timestamp") ? timestamp() : Timestamp.now();
    }

    /**
     * Splits the decoded path like Swift's {@code split_path(path, min, max, rest_with_last)} and
     * validates device and partition.
     *
     * @throws HttpError 400 {@code Invalid path}, {@code Invalid device}, {@code Invalid partition}
     */
    public String[] split(int minSegs, int maxSegs, boolean restWithLast) throws HttpError {
        String[] segs = splitPath(path, minSegs, maxSegs, restWithLast);
        if (segs == null) {
            throw HttpError.text(400, "Invalid path: " + quoteWsgi(path));
        }
        validateDevicePartition(segs[0], segs[1]);
        return segs;
    }

    /** Swift's {@code split_path}; null where it raises ValueError. Missing segments are null. */
    static String[] splitPath(String path, int minSegs, int maxSegs, boolean restWithLast) {
        int min = minSegs + 1;
        int max = maxSegs + 1;
        String[] segs;
        if (restWithLast) {
            segs = path.split("/", max); // Python's split('/', maxsegs): at most max pieces
            int count = segs.length;
            if (!segs[0].isEmpty() || count < min || count > max || anyEmpty(segs, 1, min)) {
                return null;
            }
        } else {
            segs = path.split("/", max + 1);
            int count = segs.length;
            if (!segs[0].isEmpty() || count < min || count > max + 1 || anyEmpty(segs, 1, min)
                    || (count == max + 1 && !segs[max].isEmpty())) {
                return null;
            }
        }
        String[] out = new String[maxSegs];
        for (int i = 0; i < maxSegs; i++) {
            out[i] = i + 1 < Math.min(segs.length, max) ? segs[i + 1] : null;
        }
        return out;
    }

    private static boolean anyEmpty(String[] segs, int from, int to) {
        for (int i = from; i < Math.min(to, segs.length); i++) {
            if (segs[i].isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code quote()} of a name as Swift's messages show it: of its WSGI form (one char per UTF-8
     * octet), so non-ASCII comes out doubly encoded ({@code é} as {@code %C3%83%C2%A9}).
     */
    static String quoteWsgi(String s) {
        return Quoting.quote(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    static void validateDevicePartition(String device, String partition) throws HttpError {
        if (device == null || device.isEmpty() || device.contains("/") || device.equals(".") || device.equals("..")) {
            throw HttpError.text(400, "Invalid device: " + quoteWsgi(device == null ? "" : device));
        }
        if (partition == null || partition.isEmpty() || partition.contains("/") || partition.equals(".")
                || partition.equals("..")) {
            throw HttpError.text(400, "Invalid partition: " + quoteWsgi(partition == null ? "" : partition));
        }
    }
}
