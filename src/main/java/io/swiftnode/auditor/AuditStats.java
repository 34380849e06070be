package io.swiftnode.auditor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The counters of one auditor pass, as Swift's {@code AuditorWorker} keeps them: {@code passes},
 * {@code quarantined}, {@code errors} and {@code bytes_processed} since the last report (reset at
 * each report, every {@code log_time}), plus whole-pass totals; and Swift's report and completion
 * log lines and recon entry built from them.
 *
 * <p>Not thread-safe: one belongs to one pass.
 */
final class AuditStats {
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.US);

    private final String label;
    private final double begin;
    private double reported;
    private long passes;
    private long quarantines;
    private long errors;
    private long bytes;
    private long totalPasses;
    private long totalQuarantines;
    private long totalErrors;
    private long totalBytes;
    private long totalFiles;
    private double auditTime;

    AuditStats(AuditorType type, double beginSeconds) {
        this(type, "", beginSeconds);
    }

    /** @param description what Swift appends to the type in log lines, e.g. {@code " - parallel, sda"} */
    AuditStats(AuditorType type, String description, double beginSeconds) {
        this.label = type + description;
        this.begin = beginSeconds;
        this.reported = beginSeconds;
    }

    void passed() {
        passes++;
        totalPasses++;
    }

    void quarantined() {
        quarantines++;
        totalQuarantines++;
    }

    void error() {
        errors++;
        totalErrors++;
    }

    void bytes(long n) {
        bytes += n;
        totalBytes += n;
    }

    /** One location done: counts it and the seconds spent on it. */
    void file(double seconds) {
        totalFiles++;
        auditTime += seconds;
    }

    long totalFiles() {
        return totalFiles;
    }

    long totalBytes() {
        return totalBytes;
    }

    /** The recon value of the counters since the last report (Swift's keys). */
    Map<String, Object> reconEntry() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errors", errors);
        m.put("passes", passes);
        m.put("quarantined", quarantines);
        m.put("bytes_processed", bytes);
        m.put("start_time", reported);
        // Swift's time_auditing starts as the int 0, so the first report (after the first location,
        // before its time is added) writes "audit_time": 0
        m.put("audit_time", totalFiles == 0 ? (Object) 0L : (Object) auditTime);
        return m;
    }

    /** Swift's periodic line: {@code Object audit (ALL). Since <ctime>: Locally: …}. */
    String reportLine(double now) {
        double since = Math.max(now - reported, 1e-6);
        double total = Math.max(now - begin, 1e-6);
        return String.format(Locale.ROOT, "Object audit (%s). Since %s: Locally: %d passed, %d quarantined, "
                + "%d errors, files/sec: %s, bytes/sec: %s, Total time: %s, Auditing time: %s, Rate: %s",
                label, ctime(reported), passes, quarantines, errors, f2(passes / since), f2(bytes / since),
                f2(now - begin), f2(auditTime), f2(auditTime / total));
    }

    /** Starts a new reporting period at {@code now}: the since-report counters restart from zero. */
    void reset(double now) {
        reported = now;
        passes = 0;
        quarantines = 0;
        errors = 0;
        bytes = 0;
    }

    /** Swift's final line: {@code Object audit (ALL) "once" mode completed: …}. */
    String completedLine(String mode, double now) {
        double elapsed = now - begin;
        if (elapsed == 0) {
            elapsed = 0.000001;
        }
        return String.format(Locale.ROOT, "Object audit (%s) \"%s\" mode completed: %ss. Total quarantined: %d, "
                + "Total errors: %d, Total files/sec: %s, Total bytes/sec: %s, Auditing time: %s, Rate: %s",
                label, mode, f2(elapsed), totalQuarantines, totalErrors, f2(totalFiles / elapsed),
                f2(totalBytes / elapsed), f2(auditTime), f2(auditTime / elapsed));
    }

    /**
     * The whole pass's totals, with Swift's recon key names ({@code start_time} = when the pass
     * began, {@code audit_time} = seconds spent auditing) plus {@code files_processed} and
     * {@code elapsed}.
     */
    Map<String, Object> totals(double now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passes", totalPasses);
        m.put("quarantined", totalQuarantines);
        m.put("errors", totalErrors);
        m.put("bytes_processed", totalBytes);
        m.put("files_processed", totalFiles);
        m.put("start_time", begin);
        m.put("audit_time", auditTime);
        m.put("elapsed", now - begin);
        return m;
    }

    /** Python's {@code '%.2f' % x}: the exact binary value rounded half-even (Java's %.2f rounds half-up). */
    static String f2(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return String.format(Locale.ROOT, "%.2f", x);
        }
        return new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Python's {@code time.ctime}: local time, {@code Thu Jan  1 00:00:00 1970}. */
    static String ctime(double epochSeconds) {
        return CTIME.format(Instant.ofEpochMilli((long) (epochSeconds * 1000)).atZone(ZoneId.systemDefault()));
    }
}
