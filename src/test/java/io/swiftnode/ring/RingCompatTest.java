package io.swiftnode.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.disk.HashPath;
import io.swiftnode.testsupport.Python;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our lookups against Swift 2.30.1's {@code Ring} on the same files: rings built by Debian's
 * {@code swift-ring-builder} (see {@code ring_compat.py} for the layouts) and a synthetic ring of
 * part power 17 written here, where Swift's handoff walk steps by 2 partitions. For every partition
 * (a sample for the synthetic ring) the primaries and the whole handoff order must be equal, and so
 * must the partitions of some names under hash prefix and suffix {@code changeme}.
 */
class RingCompatTest {
    private static final List<String> BUILT = List.of("flat", "regions", "fractional", "removed");
    private static final List<List<String>> NAMES = List.of(Arrays.asList("a", "c", "o"),
            Arrays.asList("AUTH_test", "cont", "obj"), Arrays.asList("a", "c", null), Arrays.asList("a", null, null),
            Arrays.asList("AUTH_test", "c", "é/x y"));
    private static final HashPath HASH = new HashPath("changeme", "changeme");
    private static final int[] SYNTHETIC_PARTS = {0, 1, 2, 5, 1000, 65535, 65536, 99999, 131070, 131071};

    @TempDir
    static Path dir;
    private static JsonObject swift;

    @BeforeAll
    static void runSwift() throws IOException {
        Path synthetic = dir.resolve("synthetic.ring.gz");
        Files.write(synthetic, syntheticRing());
        List<Integer> parts = Arrays.stream(SYNTHETIC_PARTS).boxed().toList();
        Map<String, Object> request = new TreeMap<>();
        request.put("dir", dir.toString());
        request.put("extra", List.of(List.of("synthetic", synthetic.toString(), parts)));
        request.put("names", NAMES);
        String out = Python.resource("ring_compat.py").withSwiftDir()
                .stdin(RingBytes.json(request).getBytes(StandardCharsets.UTF_8)).run();
        swift = Json.createReader(new StringReader(out)).readObject();
    }

    /**
     * Part power 17, 3.25 replicas, 24 device slots in 3 regions x 2 zones x 2 ips: slot 21 removed,
     * 22 and 23 hold no partition; assignments are random, so some partitions repeat a device.
     * Device 19 holds only partitions 5 (row 0) and 1000 (row 3), so the last handoff pass walks
     * far, through the wrap-around of the order.
     */
    private static byte[] syntheticRing() {
        List<Map<String, Object>> devs = new ArrayList<>();
        for (int id = 0; id < 24; id++) {
            int region = id / 8 + 1;
            int zone = id / 4 % 2 + 1;
            devs.add(id == 21 ? null
                    : RingBytes.dev(id, region, zone, "10." + region + "." + zone + "." + (id / 2 % 2), 6200 + id % 2,
                            "d" + id));
        }
        Random random = new Random(42);
        int parts = 1 << 17;
        int[][] rows = new int[4][];
        for (int r = 0; r < 4; r++) {
            rows[r] = new int[r == 3 ? parts / 4 : parts];
            for (int p = 0; p < rows[r].length; p++) {
                int id = random.nextInt(20);
                rows[r][p] = id == 19 ? 20 : id;
            }
        }
        rows[0][5] = 19;
        rows[3][1000] = 19;
        return RingBytes.v1(devs, 15, rows, "little");
    }

    private static List<Integer> ids(JsonValue array) {
        List<Integer> ids = new ArrayList<>();
        for (JsonValue v : array.asJsonArray()) {
            ids.add(((JsonNumber) v).intValue());
        }
        return ids;
    }

    private static List<Integer> ids(List<RingDevice> devices) {
        return devices.stream().map(RingDevice::id).toList();
    }

    private static List<Integer> ids(Iterator<RingDevice> handoffs) {
        List<Integer> ids = new ArrayList<>();
        handoffs.forEachRemaining(d -> ids.add(d.id()));
        return ids;
    }

    private static void assertSameLookups(String name, Ring ring) {
        JsonObject expected = swift.getJsonObject(name);
        assertEquals(expected.getJsonNumber("replica_count").doubleValue(), ring.replicaCount(), name);
        JsonObject parts = expected.getJsonObject("parts");
        if (!"synthetic".equals(name)) {
            assertEquals(ring.partitionCount(), parts.size(), name + ": Swift dumped every partition");
        }
        for (Map.Entry<String, JsonValue> e : parts.entrySet()) {
            int part = Integer.parseInt(e.getKey());
            JsonArray pair = e.getValue().asJsonArray();
            assertEquals(ids(pair.get(0)), ids(ring.partNodes(part)), name + " primaries of " + part);
            assertEquals(ids(pair.get(1)), ids(ring.moreNodes(part)), name + " handoffs of " + part);
        }
        JsonArray names = expected.getJsonArray("names");
        for (int i = 0; i < NAMES.size(); i++) {
            List<String> n = NAMES.get(i);
            assertEquals(names.getInt(i), ring.partition(HASH, n.get(0), n.get(1), n.get(2)), name + " " + n);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "regions", "fractional", "removed", "synthetic"})
    void lookupsMatchSwift(String name) throws IOException {
        assertSameLookups(name, Ring.load(Path.of(swift.getJsonObject(name).getString("path"))));
    }

    /** The same rings rewritten in format version 2 give the same answers. */
    @ParameterizedTest
    @ValueSource(strings = {"flat", "fractional", "removed"})
    void version2CopiesMatchSwift(String name) throws IOException {
        RingData v1 = RingData.load(Path.of(swift.getJsonObject(name).getString("path")));
        int[][] rows = new int[v1.replicaRows()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new int[v1.rowLength(r)];
            for (int p = 0; p < rows[r].length; p++) {
                rows[r][p] = v1.deviceId(r, p);
            }
        }
        List<Map<String, Object>> devs = new ArrayList<>();
        for (RingDevice d : v1.devices()) {
            devs.add(d == null ? null : deviceMap(d));
        }
        Path v2 = dir.resolve(name + "-v2.ring.gz");
        Files.write(v2, RingBytes.v2(devs, v1.partShift(), rows, 4, v1.version(), null));
        Ring ring = Ring.load(v2);
        assertEquals(2, ring.data().formatVersion());
        assertEquals(v1.devices(), ring.devices());
        assertSameLookups(name, ring);
    }

    private static Map<String, Object> deviceMap(RingDevice d) {
        Map<String, Object> m = RingBytes.dev(d.id(), d.region(), d.zone(), d.ip(), d.port(), d.device());
        m.put("replication_ip", d.replicationIp());
        m.put("replication_port", d.replicationPort());
        m.put("weight", d.weight());
        m.put("meta", d.meta());
        return m;
    }

    @Test
    void builtRingsHaveTheExpectedShapes() throws IOException {
        Ring flat = Ring.load(dir.resolve("flat.ring.gz"));
        assertEquals(128, flat.partitionCount());
        assertEquals(3.0, flat.replicaCount());
        RingDevice z1 = flat.devices().get(0);
        assertEquals(new RingDevice(0, 1, 1, "10.0.0.1", 6200, "10.9.0.1", 6300, "sda", 100.0, ""), z1);
        assertEquals(2.5, Ring.load(dir.resolve("fractional.ring.gz")).replicaCount());
        Ring removed = Ring.load(dir.resolve("removed.ring.gz"));
        assertNull(removed.devices().get(1));
        assertEquals(6, removed.devices().size());
        assertTrue(removed.version() > 0);
        assertNull(removed.nextPartPower());
    }
}
