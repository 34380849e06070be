package io.swiftnode.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.testsupport.Python;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

class ReconCacheTest {

    @TempDir
    Path dir;

    @Test
    void mergesOneLevelAndDropsEmptyMapsAsSwiftDoes() throws Exception {
        ReconCache cache = new ReconCache(dir);
        assertTrue(cache.update(Map.of("object_replication_per_disk", Map.of("sda", Map.of("x", 1), "sdb", 2),
                "replication_time", 0.5)));
        assertTrue(cache.update(Map.of("object_replication_per_disk", Map.of("sda", Map.of()),
                "object_updater_sweep", 1.25)));
        assertEquals("{\"object_replication_per_disk\": {\"sdb\": 2}, \"object_updater_sweep\": 1.25, "
                + "\"replication_time\": 0.5}\n", Files.readString(dir.resolve("object.recon")));
        assertTrue(cache.update(Map.of("object_replication_per_disk", Map.of("sdb", Map.of()))));
        assertFalse(cache.read().containsKey("object_replication_per_disk"));
    }

    @Test
    void pythonAndJavaWritersShareTheFile() throws Exception {
        ReconCache cache = new ReconCache(dir);
        cache.update(Map.of("object_auditor_stats_ALL", Map.of("passes", 3, "audit_time", 0.25)));
        Python.script("import sys, logging\n"
                + "from swift.common.utils import dump_recon_cache\n"
                + "dump_recon_cache({'object_updater_sweep': 2.5, 'object_auditor_stats_ALL': {'errors': 0}},"
                + " sys.argv[1], logging.getLogger())\n").args(cache.file().toString()).run();
        Map<String, Object> read = cache.read();
        assertEquals(2.5, read.get("object_updater_sweep"));
        assertEquals(Map.of("passes", 3L, "audit_time", 0.25, "errors", 0L), read.get("object_auditor_stats_ALL"));
        String before = Files.readString(cache.file());
        cache.update(Map.of()); // a no-op rewrite gives Python's own bytes back
        assertEquals(before, Files.readString(cache.file()));
    }

    @Test
    void garbageIsReplaced() throws Exception {
        Files.writeString(dir.resolve("object.recon"), "not json\n");
        ReconCache cache = new ReconCache(dir);
        assertTrue(cache.update(Map.of("a", 1)));
        assertEquals("{\"a\": 1}\n", Files.readString(cache.file()));
    }
}
