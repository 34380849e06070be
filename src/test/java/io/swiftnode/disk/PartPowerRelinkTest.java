package io.swiftnode.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartPowerRelinkTest {
    @TempDir
    Path devices;

    @Test
    void powersAreReadAsPythonsIntThenShiftedAsSwift() {
        assertNull(PartPowerRelink.power(null));
        assertNull(PartPowerRelink.power(""));
        assertEquals(11, PartPowerRelink.power("11"));
        assertEquals(11, PartPowerRelink.power(" +1_1 "));
        assertEquals(32, PartPowerRelink.power("032"));
        assertEquals(-1, PartPowerRelink.power("-5"));
        assertThrows(IllegalArgumentException.class, () -> PartPowerRelink.power("33"));
        assertThrows(IllegalArgumentException.class, () -> PartPowerRelink.power("eleven"));
        assertThrows(IllegalArgumentException.class, () -> PartPowerRelink.power("1__1"));
        String hash = "fedcba98" + "0".repeat(24);
        assertEquals("0", PartPowerRelink.partition(hash, 0));
        assertEquals("0", PartPowerRelink.partition(hash, -1));
        assertEquals("1", PartPowerRelink.partition(hash, 1));
        assertEquals(Long.toString(0xfedcba98L), PartPowerRelink.partition(hash, 32));
        assertEquals(Integer.toString(HashPath.partition(hash, 10)), PartPowerRelink.partition(hash, 10));
    }

    /** A bad power fails the write after the file is in place, as Swift's ValueError does. */
    @Test
    void aBadPowerFailsAfterTheFileIsInPlace() throws IOException {
        Files.createDirectories(devices.resolve("sda"));
        DiskFileManager mgr = new DiskFileManager(DiskConfig.defaults(devices, new HashPath("p", "s")));
        DiskFile df = mgr.diskFile("sda", "3", "a", "c", "o", 0).withNextPartPower("x");
        assertThrows(IllegalArgumentException.class, () -> df.delete(Timestamp.parse("1700000000.00000")));
        assertTrue(Files.exists(df.hashDir().resolve("1700000000.00000.ts")));
        try (var s = Files.list(devices.resolve("sda").resolve("tmp"))) {
            assertFalse(s.findAny().isPresent(), "no temp file left");
        }
        DiskFile none = mgr.diskFile("sda", "3", "a", "c", "o2", 0).withNextPartPower("");
        none.writeMetadata(Map.of("X-Timestamp", "1700000001.00000"));
        try (var s = Files.list(devices.resolve("sda").resolve("objects"))) {
            assertEquals(1, s.count(), "an empty header links nothing");
        }
    }
}
