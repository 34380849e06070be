package io.swiftnode.http;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One line per request in Swift's object-server format ({@code LOG_LINE_DEFAULT_FORMAT}):
 * <pre>
 * 127.0.0.1 - - [27/Nov/2026:18:00:00 +0000] "PUT /sda1/0/a/c/o" 201 - "-" "tx123" "curl" 0.0012 "-" 4242 0
 * </pre>
 * Replication traffic ({@code REPLICATE}, {@code SSYNC}, {@code X-Backend-Replication}) is logged
 * at FINE (Swift's debug), everything else at INFO, to the {@code swiftnode.access} logger.
 *
 * <p>Thread-safe.
 */
final class AccessLog {
    private static final Logger LOG = Logger.getLogger("swiftnode.access");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ROOT);
    private static final long PID = ProcessHandle.current().pid();

    private AccessLog() {
    }

    static String dash(String v) {
        return v == null || v.isEmpty() ? "-" : v;
    }

    /**
     * The path as Swift logs it ({@code req.path}: the percent-decoded octets quoted again with {@code /} safe,
     * so {@code %2F} shows as {@code /}, raw non-ASCII octets as {@code %XX} and invalid UTF-8 still appears),
     * taken from the path as sent, never from a path the container rewrote.
     */
    static String path(SwiftRequest req) {
        StringBuilder sb = new StringBuilder();
        for (byte b : SwiftRequest.unquote(req.rawPath())) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "_.-~/".indexOf(c) >= 0)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    static void log(SwiftRequest req, int status, Long contentLength, double seconds, String policyIndex) {
        boolean replication = "REPLICATE".equals(req.method()) || "SSYNC".equals(req.method())
                || req.has("X-Backend-Replication");
        Level level = replication ? Level.FINE : Level.INFO;
        if (!LOG.isLoggable(level)) {
            return;
        }
        String line = dash(req.raw().getRemoteAddr()) + " - - ["
                + ZonedDateTime.now(ZoneOffset.UTC).format(TIME) + " +0000] \"" + req.method() + " "
                + path(req) + "\" " + status + " " + (contentLength == null ? "-" : contentLength) + " \""
                + dash(req.header("Referer")) + "\" \"" + dash(req.header("X-Trans-Id")) + "\" \""
                + dash(req.header("User-Agent")) + "\" " + String.format(Locale.ROOT, "%.4f", seconds) + " \"-\" "
                + PID + " " + dash(policyIndex);
        LOG.log(level, line);
    }
}
