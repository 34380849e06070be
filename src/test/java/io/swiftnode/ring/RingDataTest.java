package io.swiftnode.ring;

import static io.swiftnode.ring.RingBytes.dev;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RingDataTest {
    /** Part power 4 (16 partitions), devices 0, 2, 3 (1 removed), 2.5 replicas. */
    private static final int SHIFT = 28;
    private static final int[][] ROWS = {
        {0, 2, 3, 0, 2, 3, 0, 2, 3, 0, 2, 3, 0, 2, 3, 0},
        {2, 3, 0, 2, 3, 0, 2, 3, 0, 2, 3, 0, 2, 3, 0, 2},
        {3, 0, 2, 3, 0, 2, 3, 0},
    };

    private static List<Map<String, Object>> devs() {
        List<Map<String, Object>> devs = new ArrayList<>();
        devs.add(dev(0, 1, 1, "10.0.0.1", 6200, "sda"));
        devs.add(null);
        Map<String, Object> legacy = dev(2, 1, 2, "10.0.0.2", 6201, "sdb");
        legacy.remove("region");
        legacy.remove("replication_ip");
        legacy.remove("replication_port");
        legacy.remove("meta");
        devs.add(legacy);
        Map<String, Object> repl = dev(3, 2, 1, "10.0.0.3", 6202, "sdc");
        repl.put("replication_ip", "10.1.0.3");
        repl.put("replication_port", 6302);
        repl.put("meta", "rack 9");
        repl.put("weight", 50);
        repl.put("extra_key", "ignored");
        devs.add(repl);
        return devs;
    }

    private static RingData parse(byte[] gz) throws IOException {
        return RingData.parse(new ByteArrayInputStream(gz), "test.ring.gz");
    }

    private static void assertTable(RingData data) {
        assertEquals(ROWS.length, data.replicaRows());
        for (int r = 0; r < ROWS.length; r++) {
            int[] row = new int[data.rowLength(r)];
            for (int p = 0; p < row.length; p++) {
                row[p] = data.deviceId(r, p);
            }
            assertArrayEquals(ROWS[r], row, "row " + r);
        }
    }

    @Test
    void parsesLittleAndBigEndianTablesAlike() throws IOException {
        for (String order : Arrays.asList("little", "big", null)) {
            RingData data = parse(RingBytes.v1(devs(), SHIFT, ROWS, order));
            assertTable(data);
            assertEquals(16, data.partitionCount());
            assertEquals(4, data.partPower());
            assertEquals(SHIFT, data.partShift());
            assertEquals(1, data.formatVersion());
            assertEquals(3, data.version());
            assertNull(data.nextPartPower());
        }
    }

    @Test
    void fractionalReplicaCountComesFromTheShortLastRow() throws IOException {
        RingData data = parse(RingBytes.v1(devs(), SHIFT, ROWS, "little"));
        assertEquals(2.5, data.replicaCount());
        int[][] threeQuarter = {ROWS[0], Arrays.copyOf(ROWS[1], 12)};
        assertEquals(1.75, parse(RingBytes.v1(devs(), SHIFT, threeQuarter, "big")).replicaCount());
    }

    @Test
    void devicesGetSwiftsDefaultsAndRemovedSlotsStayNull() throws IOException {
        List<RingDevice> devices = parse(RingBytes.v1(devs(), SHIFT, ROWS, "little")).devices();
        assertEquals(4, devices.size());
        assertEquals(new RingDevice(0, 1, 1, "10.0.0.1", 6200, "10.0.0.1", 6200, "sda", 100.0, ""), devices.get(0));
        assertNull(devices.get(1));
        assertEquals(new RingDevice(2, 1, 2, "10.0.0.2", 6201, "10.0.0.2", 6201, "sdb", 100.0, ""), devices.get(2));
        assertEquals(new RingDevice(3, 2, 1, "10.0.0.3", 6202, "10.1.0.3", 6302, "sdc", 50.0, "rack 9"),
                devices.get(3));
    }

    @Test
    void readsNextPartPowerAndVersion() throws IOException {
        RingData data = parse(RingBytes.gzip(RingBytes.rawV1(devs(), SHIFT, ROWS, "little", 17, 5)));
        assertEquals(5, data.nextPartPower());
        assertEquals(17, data.version());
        assertNull(parse(RingBytes.gzip(RingBytes.rawV1(devs(), SHIFT, ROWS, "little", null, null))).version());
    }

    @Test
    void rejectsATableNamingARemovedOrUnknownDevice() {
        int[][] removed = {ROWS[0], ROWS[1].clone()};
        removed[1][4] = 1;
        IOException e = assertThrows(IOException.class, () -> parse(RingBytes.v1(devs(), SHIFT, removed, "little")));
        assertTrue(e.getMessage().contains("device id 1"), e.getMessage());
        int[][] unknown = {ROWS[0], ROWS[1].clone()};
        unknown[1][4] = 4;
        assertThrows(IOException.class, () -> parse(RingBytes.v1(devs(), SHIFT, unknown, "little")));
    }

    @Test
    void rejectsBadMagicAsALegacyRing() {
        byte[] raw = RingBytes.rawV1(devs(), SHIFT, ROWS, "little", 1, null);
        raw[0] = (byte) 0x80; // a pickle's PROTO opcode
        IOException e = assertThrows(IOException.class, () -> parse(RingBytes.gzip(raw)));
        assertTrue(e.getMessage().contains("legacy pickled ring"), e.getMessage());
        assertThrows(IOException.class, () -> parse(RingBytes.gzip(new byte[] {'R', '1'})));
    }

    @Test
    void rejectsUnknownFormatVersions() {
        byte[] raw = RingBytes.rawV1(devs(), SHIFT, ROWS, "little", 1, null);
        raw[5] = 3;
        IOException e = assertThrows(IOException.class, () -> parse(RingBytes.gzip(raw)));
        assertTrue(e.getMessage().contains("unknown format version 3"), e.getMessage());
    }

    @Test
    void rejectsTruncatedFiles() {
        byte[] raw = RingBytes.rawV1(devs(), SHIFT, ROWS, "little", 1, null);
        int tableStart = raw.length - 2 * (16 + 16 + 8);
        // the stream ends inside the first row, inside the JSON header, inside the length
        for (int cut : new int[] {tableStart + 10, tableStart, 40, 8, 5}) {
            byte[] shortRaw = Arrays.copyOf(raw, cut);
            IOException e = assertThrows(IOException.class, () -> parse(RingBytes.gzip(shortRaw)), "cut " + cut);
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
        byte[] gz = RingBytes.gzip(raw);
        IOException e = assertThrows(IOException.class, () -> parse(Arrays.copyOf(gz, gz.length - 9)));
        assertTrue(e.getMessage().contains("not a complete gzip"), e.getMessage());
        assertThrows(IOException.class, () -> parse(raw)); // not gzip at all
    }

    @Test
    void readsVersion2WithTwoAndFourByteIds() throws IOException {
        for (int idBytes : new int[] {2, 4}) {
            RingData data = parse(RingBytes.v2(devs(), SHIFT, ROWS, idBytes, 7, 5));
            assertTable(data);
            assertEquals(2, data.formatVersion());
            assertEquals(2.5, data.replicaCount());
            assertEquals(7, data.version());
            assertEquals(5, data.nextPartPower());
            assertEquals(parse(RingBytes.v1(devs(), SHIFT, ROWS, "big")).devices(), data.devices());
        }
    }

    @Test
    void rejectsVersion2WithABadChecksum() throws IOException {
        List<Map<String, Object>> devs = devs();
        byte[] good = RingBytes.v2(devs, SHIFT, ROWS, 2, 1, null);
        byte[] raw = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(good)).readAllBytes();
        // flip one device id in the assignments section (the table's last byte precedes the index)
        String text = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
        int table = text.indexOf("{\"swift/ring/assignments\"") - 8 - 1;
        raw[table] ^= 1;
        IOException e = assertThrows(IOException.class, () -> parse(RingBytes.gzip(raw)));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }
}
