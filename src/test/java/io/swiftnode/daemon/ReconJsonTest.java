package io.swiftnode.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swiftnode.testsupport.Python;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class ReconJsonTest {

    @Test
    void floatsAsPythonRepr() {
        assertEquals("0.0053", ReconJson.pyFloat(0.0053));
        assertEquals("1795796254.018", ReconJson.pyFloat(1795796254.018));
        assertEquals("5.0", ReconJson.pyFloat(5.0));
        assertEquals("1e-05", ReconJson.pyFloat(0.00001));
        assertEquals("1.5e+16", ReconJson.pyFloat(1.5e16));
        assertEquals("0.0001", ReconJson.pyFloat(0.0001));
        assertEquals("-2.5", ReconJson.pyFloat(-2.5));
        assertEquals("0.0", ReconJson.pyFloat(0.0));
    }

    @Test
    void sameBytesAsPythonJsonDumpsSortKeys() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("success", 3);
        stats.put("attempted", 4L);
        stats.put("failure_nodes", Map.of("127.0.0.1", Map.of("sdb1", 2)));
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("replication_time", 0.0053);
        cache.put("replication_stats", stats);
        cache.put("replication_last", 1795796254.018);
        cache.put("name", "d\u00e9v \"q\"\n");
        cache.put("list", List.of(1, 2.25, true));
        cache.put("none", null);
        String python = Python.script("import json\n"
                + "print(json.dumps({'replication_time': 0.0053, 'replication_stats': {'success': 3,"
                + " 'attempted': 4, 'failure_nodes': {'127.0.0.1': {'sdb1': 2}}},"
                + " 'replication_last': 1795796254.018, 'name': 'd\\u00e9v \"q\"\\n',"
                + " 'list': [1, 2.25, True], 'none': None}, sort_keys=True))").run().strip();
        assertEquals(python, ReconJson.write(cache));
    }

    @Test
    void readsNumbersAsLongOrDouble() {
        Map<String, Object> m = ReconJson.readObject("{\"a\": 1, \"b\": 1.5, \"c\": {\"d\": null}, \"e\": [true]}");
        assertEquals(1L, m.get("a"));
        assertEquals(1.5, m.get("b"));
        assertEquals(new LinkedHashMap<>(java.util.Collections.singletonMap("d", null)), m.get("c"));
        assertEquals(List.of(true), m.get("e"));
    }
}
