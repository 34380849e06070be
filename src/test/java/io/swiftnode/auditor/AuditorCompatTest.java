package io.swiftnode.auditor;

import static io.swiftnode.auditor.AuditTrees.body;
import static io.swiftnode.auditor.AuditTrees.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.daemon.ReconCache;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.testsupport.Python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our auditor against Swift 2.30.1's ({@code ObjectAuditor.run_once}, forking its ZBF and ALL
 * workers) on two copies of the same damaged tree: the same objects end up quarantined, the same
 * suffixes invalidated, the same files left; the recon entries have the same shape; and each
 * side reads the other's auditor status file.
 */
class AuditorCompatTest {
    static final double NOW = System.currentTimeMillis() / 1000.0;
    static final Set<String> BOOKKEEPING = Set.of(".lock", "hashes.invalid", "hashes.pkl");

    @TempDir
    Path root;

    /** Builds the damaged tree under {@code devices}; both copies get the same objects and damage. */
    static void build(Path devices) throws IOException {
        Files.createDirectories(devices.resolve("sda"));
        Files.createDirectories(devices.resolve("sdb"));
        DiskFileManager mgr = AuditTrees.manager(devices, false);
        put(mgr, "sda", 0, "good", NOW - 100, body(70_000, 1), Map.of("X-Object-Meta-K", "v"));
        put(mgr, "sdb", 1, "good-p1", NOW - 100, body(10, 2), Map.of());
        put(mgr, "sda", 0, "empty", NOW - 100, new byte[0], Map.of());
        AuditTrees.flipByte(put(mgr, "sda", 0, "flipped", NOW - 100, body(70_000, 3), Map.of()));
        AuditTrees.flipByte(put(mgr, "sdb", 1, "flipped-p1", NOW - 100, body(1000, 4), Map.of()));
        AuditTrees.truncate(put(mgr, "sda", 0, "truncated", NOW - 100, body(5000, 5), Map.of()), 4096);
        AuditTrees.truncate(put(mgr, "sdb", 0, "zero", NOW - 100, body(300, 6), Map.of()), 0);
        AuditTrees.breakMetadata(put(mgr, "sda", 0, "broken", NOW - 100, body(300, 7), Map.of()));
        Path moved = put(mgr, "sda", 1, "moved", NOW - 100, body(30, 8), Map.of()).getParent();
        Files.move(moved, moved.resolveSibling("f".repeat(29) + moved.getParent().getFileName()));
        Path expired = put(mgr, "sdb", 0, "expired", NOW - 100, body(30, 9),
                Map.of("X-Delete-At", Long.toString((long) NOW - 50)));
        Path oldTemp = Files.write(expired.resolveSibling(".0000000001.00000.data.Ab12_z"), new byte[5]);
        Files.setLastModifiedTime(oldTemp, FileTime.fromMillis((long) (NOW - 200_000) * 1000));
        Files.write(expired.resolveSibling(".0000000002.00000.data.Ab12_y"), new byte[5]);
        DiskFileManager keepAll = new DiskFileManager(mgr.config().withReclaimAge(Long.MAX_VALUE / 2));
        AuditTrees.delete(keepAll, "sda", 0, "old-tombstone", 1_000_000_000.0);
        AuditTrees.delete(mgr, "sdb", 0, "new-tombstone", NOW - 100);
        AuditTrees.clearInvalidations(devices);
    }

    /**
     * What an audit leaves: every file under the devices (quarantined names without their
     * uuid tail), the content of every {@code hashes.invalid} as a suffix set, no status files.
     */
    static Map<String, Object> outcome(Path devices) throws IOException {
        Map<String, Object> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(devices)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = devices.relativize(p).toString();
                String name = p.getFileName().toString();
                if (name.equals("hashes.invalid")) {
                    out.put(rel, new TreeSet<>(Files.readAllLines(p)));
                } else if (!BOOKKEEPING.contains(name) && !rel.contains("/tmp/")) {
                    out.put(rel.replaceAll("(/quarantined/objects(-1)?/[0-9a-f]{32})-[0-9a-f]{32}/", "$1/"), "file");
                }
            }
        }
        return out;
    }

    @Test
    void pythonAndJavaQuarantineAndInvalidateTheSameThings() throws Exception {
        Path py = root.resolve("py/node");
        Path java = root.resolve("java/node");
        build(py);
        build(java);
        Path pyRecon = Files.createDirectories(root.resolve("py/cache"));
        Path javaRecon = Files.createDirectories(root.resolve("java/cache"));

        Python.script("""
                import sys
                from swift.obj.auditor import ObjectAuditor
                conf = {'devices': sys.argv[1], 'mount_check': 'false', 'recon_cache_path': sys.argv[2],
                        'files_per_second': '0', 'zero_byte_files_per_second': '1000',
                        'bytes_per_second': '0', 'log_address': '/nonexistent', 'log_level': 'DEBUG'}
                ObjectAuditor(conf).run_once()
                """).args(py, pyRecon).withSwiftDir().run();
        Map<String, Object> stats = new ObjectAuditor(AuditTrees.config(java, javaRecon, 1000, 0, 0),
                AuditTrees.manager(java, false)).runPass();

        Map<String, Object> expected = outcome(py);
        Map<String, Object> actual = outcome(java);
        assertEquals(expected, actual);
        // the tree did have damage of every kind
        assertTrue(actual.keySet().stream().filter(k -> k.contains("/quarantined/")).count() >= 6, actual.toString());
        assertTrue(actual.values().stream().anyMatch(v -> v instanceof Set<?> set && !set.isEmpty()));
        assertFalse(actual.keySet().stream().anyMatch(k -> k.contains("auditor_status")));
        assertTrue(stats.containsKey("ALL") && stats.containsKey("ZBF"), stats.toString());

        Map<String, Object> pyCache = new ReconCache(pyRecon).read();
        Map<String, Object> javaCache = new ReconCache(javaRecon).read();
        assertEquals(pyCache.keySet(), javaCache.keySet());
        assertEquals(Set.of("object_auditor_stats_ALL", "object_auditor_stats_ZBF"), javaCache.keySet());
        for (String key : javaCache.keySet()) {
            Map<?, ?> p = (Map<?, ?>) pyCache.get(key);
            Map<?, ?> j = (Map<?, ?>) javaCache.get(key);
            assertEquals(p.keySet(), j.keySet(), key);
            for (Object k : p.keySet()) {
                assertEquals(p.get(k) instanceof Double, j.get(k) instanceof Double,
                        key + "." + k + ": " + p + " " + j);
            }
        }
    }

    @Test
    void eachSideReadsTheOthersStatusFile() throws IOException {
        Path ours = Files.createDirectories(root.resolve("ours/objects"));
        Path theirs = Files.createDirectories(root.resolve("theirs/objects"));
        AuditStatusFile.update(ours, AuditorType.ZBF, List.of("17", "3"), NOW);
        String out = Python.script("""
                import sys, logging
                from swift.obj.diskfile import get_auditor_status, update_auditor_status
                log = logging.getLogger('t')
                print(get_auditor_status(sys.argv[1], log, 'ZBF'))
                update_auditor_status(sys.argv[2], log, ['9', '1000'], 'ALL')
                """).args(ours, theirs).withSwiftDir().run();
        assertEquals("['17', '3']", out.strip());
        assertEquals(List.of("9", "1000"), AuditStatusFile.partitions(theirs, AuditorType.ALL));
        assertEquals(Files.readString(AuditStatusFile.path(theirs, AuditorType.ALL)),
                Files.readString(root.resolve("ours/objects").resolve("auditor_status_ZBF.json"))
                        .replace("\"17\", \"3\"", "\"9\", \"1000\""));
    }
}
