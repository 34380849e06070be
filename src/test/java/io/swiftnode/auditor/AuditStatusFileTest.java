package io.swiftnode.auditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.daemon.ReconCache;
import io.swiftnode.disk.DiskFileManager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auditor_status_<TYPE>.json}: Swift's bytes, the once-a-minute rule, and resuming a pass from it. */
class AuditStatusFileTest {
    static final double NOW = System.currentTimeMillis() / 1000.0;

    @TempDir
    Path root;

    private static String read(Path f) throws IOException {
        return Files.readString(f, StandardCharsets.UTF_8);
    }

    @Test
    void writesPythonsJsonAndAtMostOnceAMinuteUntilTheDeviceIsDone() throws IOException {
        Path dir = Files.createDirectories(root.resolve("objects"));
        Path f = AuditStatusFile.path(dir, AuditorType.ALL);
        assertEquals("auditor_status_ALL.json", f.getFileName().toString());
        AuditStatusFile.update(dir, AuditorType.ALL, List.of("12", "7", "1023"), NOW);
        assertEquals("{\"partitions\": [\"12\", \"7\", \"1023\"]}", read(f));
        AuditStatusFile.update(dir, AuditorType.ALL, List.of("7", "1023"), NOW + 59);
        assertEquals("{\"partitions\": [\"12\", \"7\", \"1023\"]}", read(f), "updated < 60 s ago: kept");
        Files.setLastModifiedTime(f, FileTime.fromMillis((long) ((NOW - 61) * 1000)));
        AuditStatusFile.update(dir, AuditorType.ALL, List.of("1023"), NOW);
        assertEquals("{\"partitions\": [\"1023\"]}", read(f));
        AuditStatusFile.update(dir, AuditorType.ALL, List.of(), NOW);
        assertEquals("{\"partitions\": []}", read(f), "the end of a device is always written");
        assertFalse(Files.exists(AuditStatusFile.path(dir, AuditorType.ZBF)));
    }

    @Test
    void readsTheListOrFallsBackToTheListing() throws IOException {
        Path dir = Files.createDirectories(root.resolve("objects"));
        Files.createDirectories(dir.resolve("5"));
        Files.createDirectories(dir.resolve("9"));
        assertEquals(Set.of("5", "9"), new TreeSet<>(AuditStatusFile.partitions(dir, AuditorType.ZBF)));
        Files.writeString(AuditStatusFile.path(dir, AuditorType.ZBF), "{\"partitions\": [\"9\"]}");
        assertEquals(List.of("9"), AuditStatusFile.partitions(dir, AuditorType.ZBF));
        Files.writeString(AuditStatusFile.path(dir, AuditorType.ZBF), "{\"partitions\": [");
        assertEquals(Set.of("5", "9", "auditor_status_ZBF.json"),
                new TreeSet<>(AuditStatusFile.partitions(dir, AuditorType.ZBF)), "bad JSON: full listing");
    }

    @Test
    void aPassResumesFromTheStatusFileAndRemovesItAtTheEnd() throws Exception {
        Path devices = Files.createDirectories(root.resolve("node"));
        Path sda = Files.createDirectories(devices.resolve("sda"));
        Path sdb = Files.createDirectories(devices.resolve("sdb"));
        DiskFileManager mgr = AuditTrees.manager(devices, false);
        String resumed = null;
        for (String obj : List.of("o1", "o2", "o3", "o4")) {
            AuditTrees.put(mgr, "sda", 0, obj, NOW - 10, AuditTrees.body(100, obj.hashCode()), Map.of());
            resumed = AuditTrees.partition(obj);
        }
        AuditTrees.put(mgr, "sdb", 0, "o5", NOW - 10, AuditTrees.body(100, 5), Map.of());
        // an interrupted pass left only one partition of sda to do, and sdb done
        Files.writeString(AuditStatusFile.path(sda.resolve("objects"), AuditorType.ALL),
                "{\"partitions\": [\"" + resumed + "\"]}");
        Files.writeString(AuditStatusFile.path(sdb.resolve("objects"), AuditorType.ALL), "{\"partitions\": []}");
        Files.writeString(AuditStatusFile.path(sda.resolve("objects"), AuditorType.ZBF), "{\"partitions\": []}");

        Map<String, Object> all = new AuditorWorker(AuditTrees.config(devices, root.resolve("cache"), 0, 0, 0), mgr,
                new ReconCache(root.resolve("cache")), AuditorType.ALL, () -> System.currentTimeMillis() / 1000.0,
                new Random(1)).run("once");
        assertEquals(1L, all.get("passes"));
        assertEquals(100L, all.get("bytes_processed"));
        assertFalse(Files.exists(AuditStatusFile.path(sda.resolve("objects"), AuditorType.ALL)));
        assertFalse(Files.exists(AuditStatusFile.path(sdb.resolve("objects"), AuditorType.ALL)));
        assertTrue(Files.exists(AuditStatusFile.path(sda.resolve("objects"), AuditorType.ZBF)),
                "the ALL pass leaves the ZBF pass's file alone");

        // the next pass starts from the listings again
        all = new AuditorWorker(AuditTrees.config(devices, root.resolve("cache"), 0, 0, 0), mgr,
                new ReconCache(root.resolve("cache")), AuditorType.ALL, () -> System.currentTimeMillis() / 1000.0,
                new Random(1)).run("once");
        assertEquals(5L, all.get("passes"));
    }

    @Test
    void anInterruptedPassLeavesTheStatusFileForTheNextToResume() throws Exception {
        Path devices = Files.createDirectories(root.resolve("node"));
        Path sda = Files.createDirectories(devices.resolve("sda"));
        DiskFileManager mgr = AuditTrees.manager(devices, false);
        for (String obj : List.of("o1", "o2", "o3")) {
            AuditTrees.put(mgr, "sda", 0, obj, NOW - 10, AuditTrees.body(10, 1), Map.of());
        }
        Thread.currentThread().interrupt();
        try {
            new AuditorWorker(AuditTrees.config(devices, root.resolve("cache"), 0, 0, 0), mgr,
                    new ReconCache(root.resolve("cache")), AuditorType.ALL, () -> NOW, new Random(1)).run("once");
        } catch (InterruptedException expected) {
            // the status file was written before the first partition
        } finally {
            Thread.interrupted();
        }
        Path f = AuditStatusFile.path(sda.resolve("objects"), AuditorType.ALL);
        assertTrue(Files.exists(f));
        assertEquals(3, AuditStatusFile.partitions(sda.resolve("objects"), AuditorType.ALL).size());
    }
}
