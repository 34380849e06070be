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
    /** System property naming a file for the access lines alone (run.sh sets it). */
    static final String FILE_PROPERTY = "swiftnode.accessLog";
    private static final Logger LOG = Logger.getLogger("swiftnode.access");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ROOT);
    private static final long PID = ProcessHandle.current().pid();
    private static volatile long cachedSecond = -1;
    private static volatile String cachedTime = "";

    static {
        String file = System.getProperty(FILE_PROPERTY);
        if (file != null && !file.isEmpty()) {
            try {
                LOG.addHandler(new LineFileHandler(java.nio.file.Path.of(file)));
                LOG.setUseParentHandlers(false);
            } catch (java.io.IOException e) {
                LOG.log(Level.WARNING, "cannot open access log " + file + "; access lines go to the server log", e);
            }
        }
    }

    /**
     * Appends each access line as it is, one write per line: the server log's formatter and
     * console copy cost about a quarter of a small request's CPU (measured), Swift's own lines
     * go to syslog as plain text too.
     */
    static final class LineFileHandler extends java.util.logging.Handler {
        private final java.io.Writer out;

        LineFileHandler(java.nio.file.Path file) throws java.io.IOException {
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
            out = java.nio.file.Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }

        @Override
        public synchronized void publish(java.util.logging.LogRecord r) {
            if (!isLoggable(r)) {
                return;
            }
            try {
                out.write(r.getMessage());
                out.write('\n');
                out.flush();
            } catch (java.io.IOException e) {
                reportError(null, e, java.util.logging.ErrorManager.WRITE_FAILURE);
            }
        }

        @Override
        public synchronized void flush() {
            try {
                out.flush();
            } catch (java.io.IOException e) {
                reportError(null, e, java.util.logging.ErrorManager.FLUSH_FAILURE);
            }
        }

        @Override
        public synchronized void close() {
            try {
                out.close();
            } catch (java.io.IOException e) {
                reportError(null, e, java.util.logging.ErrorManager.CLOSE_FAILURE);
            }
        }
    }

    /** {@code dd/Mon/yyyy:HH:MM:SS} of now, formatted once per second. */
    private static String now() {
        long sec = System.currentTimeMillis() / 1000;
        if (sec != cachedSecond) {
            cachedTime = ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(sec), ZoneOffset.UTC).format(TIME);
            cachedSecond = sec;
        }
        return cachedTime;
    }

    /** {@code %.4f} without String.format. */
    static String seconds4(double seconds) {
        long tenThousandths = Math.round(seconds * 10000);
        String frac = Long.toString(tenThousandths % 10000);
        return (tenThousandths / 10000) + "." + "0000".substring(frac.length()) + frac;
    }

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
                + now() + " +0000] \"" + req.method() + " "
                + path(req) + "\" " + status + " " + (contentLength == null ? "-" : contentLength) + " \""
                + dash(req.header("Referer")) + "\" \"" + dash(req.header("X-Trans-Id")) + "\" \""
                + dash(req.header("User-Agent")) + "\" " + seconds4(seconds) + " \"-\" "
                + PID + " " + dash(policyIndex);
        LOG.log(level, line);
    }
}
