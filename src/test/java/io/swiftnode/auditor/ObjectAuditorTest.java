package io.swiftnode.auditor;

import static io.swiftnode.auditor.AuditTrees.body;
import static io.swiftnode.auditor.AuditTrees.invalidated;
import static io.swiftnode.auditor.AuditTrees.put;
import static io.swiftnode.auditor.AuditTrees.quarantined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.config.AuditorConfig;
import io.swiftnode.daemon.ReconCache;
import io.swiftnode.disk.DiskFileManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auditor on trees built with our disk layer: what passes, what is quarantined, what is invalidated. */
class ObjectAuditorTest {
    static final double NOW = System.currentTimeMillis() / 1000.0;

    @TempDir
    Path root;
    Path devices;
    Path sda;
    Path reconDir;
    DiskFileManager mgr;

    @BeforeEach
    void setUp() throws IOException {
        devices = Files.createDirectories(root.resolve("node"));
        sda = Files.createDirectories(devices.resolve("sda"));
        reconDir = root.resolve("cache");
        mgr = AuditTrees.manager(devices, false);
    }

    private AuditorConfig config(int zbf) {
        return AuditTrees.config(devices, reconDir, zbf, 0, 0);
    }

    private Map<String, Object> worker(AuditorType type) throws Exception {
        return new AuditorWorker(config(50), mgr, new ReconCache(reconDir), type,
                () -> System.currentTimeMillis() / 1000.0, new Random(1)).run("once");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> of(Map<String, Object> stats, String type) {
        return (Map<String, Object>) stats.get(type);
    }

    @Test
    void concurrencyAuditsEachDeviceInItsOwnWorkerWithNestedRecon() throws Exception {
        Files.createDirectories(devices.resolve("sdb"));
        Files.createDirectories(devices.resolve("sdc"));
        Path badA = put(mgr, "sda", 0, "rot-a", NOW - 10, body(3000, 7), Map.of());
        Path badB = put(mgr, "sdb", 0, "rot-b", NOW - 10, body(3000, 8), Map.of());
        put(mgr, "sdc", 0, "fine", NOW - 10, body(500, 9), Map.of());
        AuditTrees.flipByte(badA);
        AuditTrees.flipByte(badB);
        AuditTrees.clearInvalidations(devices);
        AuditorConfig base = config(0);
        AuditorConfig conf = new AuditorConfig(base.present(), base.devices(), base.mountCheck(), 2,
                base.zeroByteFilesPerSecond(), base.interval(), base.filesPerSecond(), base.bytesPerSecond(),
                base.logTime(), base.objectSizeStats(), base.rsyncTempfileTimeout(), base.reclaimAge(),
                base.watchers(), base.reconCachePath(), base.log(), base.others());
        Map<String, Object> stats = new ObjectAuditor(conf, mgr).runPass();
        Map<String, Object> all = of(stats, "ALL");
        assertEquals(Set.of("sda", "sdb", "sdc"), all.keySet(), stats.toString());
        assertEquals(1L, of(all, "sda").get("quarantined"));
        assertEquals(1L, of(all, "sdb").get("quarantined"));
        assertEquals(0L, of(all, "sdc").get("quarantined"));
        assertEquals(1L, of(all, "sdc").get("passes"));
        assertEquals(1, quarantined(sda, "objects").size());
        assertEquals(1, quarantined(devices.resolve("sdb"), "objects").size());
        // Swift's per-device children nest their recon entry under the device name
        @SuppressWarnings("unchecked")
        Map<String, Object> recon = (Map<String, Object>) new ReconCache(reconDir).read()
                .get("object_auditor_stats_ALL");
        assertEquals(Set.of("sda", "sdb", "sdc"), recon.keySet(), String.valueOf(recon));
    }

    @Test
    void goodObjectsPassBothPassesAndRecon() throws Exception {
        put(mgr, "sda", 0, "good", NOW - 10, body(1000, 1), Map.of());
        put(mgr, "sda", 1, "good1", NOW - 10, body(10, 2), Map.of());
        AuditTrees.clearInvalidations(devices);
        Map<String, Object> stats = new ObjectAuditor(config(50), mgr).runPass();
        Map<String, Object> all = of(stats, "ALL");
        Map<String, Object> zbf = of(stats, "ZBF");
        assertEquals(2L, all.get("passes"));
        assertEquals(0L, all.get("quarantined"));
        assertEquals(0L, all.get("errors"));
        assertEquals(1010L, all.get("bytes_processed"));
        assertEquals(2L, zbf.get("passes"));
        assertEquals(0L, zbf.get("bytes_processed"));
        assertEquals(Set.of(), quarantined(sda, "objects"));
        assertEquals(Set.of(), invalidated(mgr.partitionDir("sda", AuditTrees.partition("good"), 0)));
        // recon: Swift's keys, written after the first location (log_time has "passed" since 0)
        Map<String, Object> recon = new ReconCache(reconDir).read();
        for (String key : List.of("object_auditor_stats_ALL", "object_auditor_stats_ZBF")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) recon.get(key);
            assertEquals(Set.of("audit_time", "bytes_processed", "errors", "passes", "quarantined", "start_time"),
                    e.keySet(), key);
            assertEquals(1L, e.get("passes"));
        }
        // the pass removed its status files
        assertFalse(Files.exists(sda.resolve("objects/auditor_status_ALL.json")));
        assertFalse(Files.exists(sda.resolve("objects/auditor_status_ZBF.json")));
    }

    @Test
    void allPassQuarantinesFlippedTruncatedAndBrokenMetadata() throws Exception {
        put(mgr, "sda", 0, "good", NOW - 10, body(5000, 1), Map.of());
        Path flipped = put(mgr, "sda", 0, "flipped", NOW - 10, body(5000, 2), Map.of());
        Path truncated = put(mgr, "sda", 0, "truncated", NOW - 10, body(5000, 3), Map.of());
        Path broken = put(mgr, "sda", 0, "broken", NOW - 10, body(5000, 4), Map.of());
        Path flipped1 = put(mgr, "sda", 1, "flipped1", NOW - 10, body(100, 5), Map.of());
        AuditTrees.flipByte(flipped);
        AuditTrees.truncate(truncated, 4000);
        AuditTrees.breakMetadata(broken);
        AuditTrees.flipByte(flipped1);
        AuditTrees.clearInvalidations(devices);

        Map<String, Object> stats = new ObjectAuditor(config(0), mgr).runPass();
        Map<String, Object> all = of(stats, "ALL");
        assertFalse(stats.containsKey("ZBF"));
        assertEquals(5L, all.get("passes"));
        assertEquals(4L, all.get("quarantined"));
        assertEquals(0L, all.get("errors"));
        // good and flipped objects are read whole (the flip is found at the end); the others fail on open
        assertEquals(5000L + 5000 + 100, all.get("bytes_processed"));

        for (Path data : List.of(flipped, truncated, broken)) {
            Path hashDir = data.getParent();
            assertFalse(Files.exists(hashDir), hashDir + " still there");
            assertTrue(Files.exists(sda.resolve("quarantined/objects").resolve(hashDir.getFileName())
                    .resolve(data.getFileName())));
            Path part = hashDir.getParent().getParent();
            assertTrue(invalidated(part).contains(hashDir.getParent().getFileName().toString()), part.toString());
        }
        assertEquals(Set.of(flipped1.getParent().getFileName().toString()), quarantined(sda, "objects-1"));
        assertTrue(Files.exists(AuditTrees.diskFile(mgr, "sda", 0, "good").hashDir()));
    }

    @Test
    void zbfPassQuarantinesZeroByteDataWithALengthButReadsNoBodies() throws Exception {
        Path zero = put(mgr, "sda", 0, "zero", NOW - 10, body(1234, 1), Map.of());
        Path flipped = put(mgr, "sda", 0, "flipped", NOW - 10, body(1234, 2), Map.of());
        AuditTrees.truncate(zero, 0);
        AuditTrees.flipByte(flipped);
        AuditTrees.clearInvalidations(devices);

        Map<String, Object> zbf = worker(AuditorType.ZBF);
        assertEquals(2L, zbf.get("passes"));
        assertEquals(1L, zbf.get("quarantined"));
        assertEquals(0L, zbf.get("bytes_processed"));
        assertEquals(Set.of(zero.getParent().getFileName().toString()), quarantined(sda, "objects"));
        assertTrue(invalidated(zero.getParent().getParent().getParent())
                .contains(zero.getParent().getParent().getFileName().toString()));
        assertTrue(Files.exists(flipped), "ZBF never reads bodies");
    }

    @Test
    void nameThatDoesNotHashToItsDirectoryIsQuarantined() throws Exception {
        Path data = put(mgr, "sda", 0, "moved", NOW - 10, body(10, 1), Map.of());
        Path hashDir = data.getParent();
        String wrong = "0".repeat(29) + hashDir.getParent().getFileName();
        Files.move(hashDir, hashDir.resolveSibling(wrong));
        Map<String, Object> zbf = worker(AuditorType.ZBF);
        assertEquals(1L, zbf.get("quarantined"));
        assertEquals(Set.of(wrong), quarantined(sda, "objects"));
    }

    @Test
    void oldTombstoneInvalidatesItsSuffixInTheAllPassOnly() throws Exception {
        // written through a manager that does not reclaim it at once
        DiskFileManager keepAll = new DiskFileManager(mgr.config().withReclaimAge(Long.MAX_VALUE / 2));
        Path oldTs = AuditTrees.delete(keepAll, "sda", 0, "old", 1_000_000_000.0);
        Path newTs = AuditTrees.delete(mgr, "sda", 0, "new", NOW - 60);
        AuditTrees.clearInvalidations(devices);
        Path oldPart = oldTs.getParent().getParent().getParent();
        String oldSuffix = oldTs.getParent().getParent().getFileName().toString();
        Path newPart = newTs.getParent().getParent().getParent();
        String newSuffix = newTs.getParent().getParent().getFileName().toString();

        Map<String, Object> zbf = worker(AuditorType.ZBF);
        assertEquals(2L, zbf.get("passes"));
        assertFalse(invalidated(oldPart).contains(oldSuffix));

        Map<String, Object> all = worker(AuditorType.ALL);
        assertEquals(2L, all.get("passes"));
        assertEquals(0L, all.get("quarantined"));
        assertTrue(invalidated(oldPart).contains(oldSuffix));
        if (!newPart.equals(oldPart) || !newSuffix.equals(oldSuffix)) {
            assertFalse(invalidated(newPart).contains(newSuffix));
        }
        assertTrue(Files.exists(oldTs), "the auditor only invalidates; the replicator reclaims");
    }

    @Test
    void expiredObjectsAreIgnoredAndOldRsyncTempFilesRemoved() throws Exception {
        Path data = put(mgr, "sda", 0, "expired", NOW - 100, body(10, 1),
                Map.of("X-Delete-At", Long.toString((long) NOW - 50)));
        Path oldTemp = Files.write(data.resolveSibling(".1234.data.AbC123"), new byte[3]);
        Path youngTemp = Files.write(data.resolveSibling(".5678.data.XyZ789"), new byte[3]);
        Path notTemp = Files.write(data.resolveSibling("unknown.file"), new byte[3]);
        Files.setLastModifiedTime(oldTemp, FileTime.fromMillis((long) (NOW - 86400 - 100) * 1000));
        Files.setLastModifiedTime(notTemp, FileTime.fromMillis((long) (NOW - 86400 - 100) * 1000));

        Map<String, Object> all = worker(AuditorType.ALL);
        assertEquals(1L, all.get("passes"));
        assertEquals(0L, all.get("quarantined"));
        assertEquals(0L, all.get("bytes_processed"));
        assertTrue(Files.exists(data));
        assertFalse(Files.exists(oldTemp));
        assertTrue(Files.exists(youngTemp));
        assertTrue(Files.exists(notTemp));
    }

    @Test
    void unavailableDeviceIsSkippedUnderMountCheck() throws Exception {
        Files.createDirectories(devices.resolve("sdb"));
        Path good = put(mgr, "sda", 0, "a1", NOW - 10, body(10, 1), Map.of());
        Path bad = put(mgr, "sdb", 0, "a2", NOW - 10, body(10, 2), Map.of());
        AuditTrees.flipByte(bad);
        Files.createFile(sda.resolve(".ismount"));
        mgr = AuditTrees.manager(devices, true); // sdb is not a mount point
        Map<String, Object> all = worker(AuditorType.ALL);
        assertEquals(1L, all.get("passes"));
        assertEquals(0L, all.get("quarantined"));
        assertTrue(Files.exists(bad), "the unmounted device was not touched");
        assertTrue(Files.exists(good));
    }
}
