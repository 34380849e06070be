package io.swiftnode.backend;

import io.swiftnode.config.ConfigValues;
import io.swiftnode.disk.Timestamp;
import java.util.List;
import java.util.Locale;

/**
 * Where a container server's {@code 301} answer to an update points (Swift's
 * {@code get_redirect_data}): the shard's {@code account/container} taken from {@code Location}
 * and the {@code X-Backend-Redirect-Timestamp} that orders competing redirects. Used by the
 * object server's own updates and by the object updater.
 *
 * <p>Immutable and thread-safe.
 *
 * @param path      {@code account/container} of the redirect target
 * @param timestamp the redirect's timestamp
 */
public record RedirectData(String path, Timestamp timestamp) {

    private static final List<String> USES_PARAMS = List.of("", "ftp", "hdl", "prospero", "http", "imap", "https",
            "shttp", "rtsp", "rtspu", "sip", "sips", "mms", "sftp", "tel");

    /**
     * The redirect of an answer: the path of {@code Location} (percent-decoded with
     * {@code X-Backend-Location-Is-Quoted: true}), whose first two segments must be non-empty,
     * and a valid {@code X-Backend-Redirect-Timestamp}.
     *
     * @return null when the answer has no {@code Location}
     * @throws IllegalArgumentException when the location or the timestamp is invalid
     */
    public static RedirectData of(UpdateSender.Response r) {
        String location = r.header("Location");
        if (location == null) {
            return null;
        }
        String path = urlPath(location);
        if (ConfigValues.configTrueValue(r.header("X-Backend-Location-Is-Quoted"))) {
            path = Quoting.unquote(path);
        }
        String[] segs = path.split("/", 4);
        if (segs.length < 3 || !segs[0].isEmpty() || segs[1].isEmpty() || segs[2].isEmpty()) {
            throw new IllegalArgumentException("Invalid path: " + path);
        }
        String ts = r.header("X-Backend-Redirect-Timestamp");
        Timestamp timestamp = ts == null ? null : Timestamp.tryParse(ts);
        if (timestamp == null) {
            throw new IllegalArgumentException("Invalid timestamp value: " + ts);
        }
        return new RedirectData(segs[1] + "/" + segs[2], timestamp);
    }

    /**
     * The path of a URL as Python's {@code urlparse(url).path} finds it.
     *
     * @throws IllegalArgumentException for an unbalanced {@code [} or {@code ]} in the host
     */
    static String urlPath(String url) {
        int start = 0;
        while (start < url.length() && url.charAt(start) <= ' ') {
            start++;
        }
        String u = url.substring(start).replace("\t", "").replace("\r", "").replace("\n", "");
        String scheme = "";
        int colon = u.indexOf(':');
        if (colon > 0 && isAsciiLetter(u.charAt(0))) {
            boolean ok = true;
            for (int i = 0; i < colon; i++) {
                char c = u.charAt(i);
                if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                scheme = u.substring(0, colon).toLowerCase(Locale.ROOT);
                u = u.substring(colon + 1);
            }
        }
        if (u.startsWith("//")) {
            int end = u.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int i = u.indexOf(c, 2);
                if (i >= 0) {
                    end = Math.min(end, i);
                }
            }
            String netloc = u.substring(2, end);
            if (netloc.contains("[") != netloc.contains("]")) {
                throw new IllegalArgumentException("Invalid IPv6 URL");
            }
            u = u.substring(end);
        }
        int hash = u.indexOf('#');
        if (hash >= 0) {
            u = u.substring(0, hash);
        }
        int q = u.indexOf('?');
        if (q >= 0) {
            u = u.substring(0, q);
        }
        if (USES_PARAMS.contains(scheme) && u.indexOf(';') >= 0) {
            int semi = u.indexOf('/') >= 0 ? u.indexOf(';', u.lastIndexOf('/')) : u.indexOf(';');
            if (semi >= 0) {
                u = u.substring(0, semi);
            }
        }
        return u;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
