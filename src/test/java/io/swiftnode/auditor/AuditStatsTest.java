package io.swiftnode.auditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Swift's log lines, recon entry and size buckets from the counters. */
class AuditStatsTest {

    @Test
    void reportAndCompletionLinesAsSwiftFormatsThem() {
        AuditStats s = new AuditStats(AuditorType.ALL, 1000.0);
        s.passed();
        s.bytes(5);
        s.file(0.25);
        String report = s.reportLine(1002.0);
        assertTrue(report.startsWith("Object audit (ALL). Since " + AuditStats.ctime(1000.0) + ": Locally: 1 passed, "
                + "0 quarantined, 0 errors, files/sec: 0.50, bytes/sec: 2.50, Total time: 2.00, Auditing time: 0.25, "
                + "Rate: 0.12"), report);
        assertEquals(Map.of("errors", 0L, "passes", 1L, "quarantined", 0L, "bytes_processed", 5L,
                "start_time", 1000.0, "audit_time", 0.25), s.reconEntry());
        s.reset(1002.0);
        s.quarantined();
        s.passed();
        s.error();
        s.file(1.0);
        assertEquals(Map.of("errors", 1L, "passes", 1L, "quarantined", 1L, "bytes_processed", 0L,
                "start_time", 1002.0, "audit_time", 1.25), s.reconEntry());
        assertEquals("Object audit (ALL) \"once\" mode completed: 4.00s. Total quarantined: 1, Total errors: 1, "
                + "Total files/sec: 0.50, Total bytes/sec: 1.25, Auditing time: 1.25, Rate: 0.31",
                s.completedLine("once", 1004.0));
        assertEquals(2L, s.totals(1004.0).get("passes"));
    }

    @Test
    void firstReconEntryHasTheIntegerZeroAuditTime() {
        AuditStats s = new AuditStats(AuditorType.ZBF, 5.0);
        s.passed();
        assertEquals(0L, s.reconEntry().get("audit_time"));
    }

    @Test
    void ctimeIsPythonsFormat() {
        String c = AuditStats.ctime(0);
        assertTrue(c.matches("[A-Z][a-z]{2} [A-Z][a-z]{2} [ 123][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} 19(69|70)"), c);
    }

    @Test
    void sizeBucketsAsSwiftLogsThem() {
        SizeBuckets b = new SizeBuckets(List.of(10, 100, 1024));
        for (long size : new long[] {5, 20, 10000, 10}) {
            b.record(size);
        }
        assertEquals("{\"10\": 2, \"100\": 1, \"1024\": 0, \"OVER\": 1}", b.json());
    }
}
