package io.swiftnode.ring;

import static io.swiftnode.ring.RingBytes.dev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RingReloadTest {
    @TempDir
    Path dir;

    /** Part power 1, one replica: partition 0 on device {@code first}, partition 1 on the other. */
    private static byte[] ring(int first) {
        List<Map<String, Object>> devs = List.of(dev(0, 1, 1, "10.0.0.1", 6200, "sda"),
                dev(1, 1, 2, "10.0.0.2", 6200, "sdb"));
        return RingBytes.v1(devs, 31, new int[][] {{first, 1 - first}}, "little");
    }

    /** Replaces the file as swift-ring-builder does (rename), with an mtime {@code seconds} later. */
    private void replace(Path file, byte[] content, int seconds) throws IOException {
        FileTime old = Files.getLastModifiedTime(file);
        Path tmp = dir.resolve("tmp.ring.gz");
        Files.write(tmp, content);
        Files.setLastModifiedTime(tmp, FileTime.fromMillis(old.toMillis() + seconds * 1000L));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitCheck() throws InterruptedException {
        Thread.sleep(60);
    }

    @Test
    void reloadsWhenTheMtimeChanged() throws Exception {
        Path file = dir.resolve("object.ring.gz");
        Files.write(file, ring(0));
        Ring ring = new Ring(file, Duration.ofMillis(20));
        assertEquals(0, ring.partNodes(0).get(0).id());
        long before = ring.fileMtimeMillis();
        replace(file, ring(1), 10);
        awaitCheck();
        assertEquals(1, ring.partNodes(0).get(0).id());
        assertEquals(before + 10_000, ring.fileMtimeMillis());
    }

    @Test
    void checksNoMoreOftenThanTheReloadTime() throws Exception {
        Path file = dir.resolve("object.ring.gz");
        Files.write(file, ring(0));
        Ring ring = new Ring(file, Duration.ofHours(1));
        replace(file, ring(1), 10);
        awaitCheck();
        assertEquals(0, ring.partNodes(0).get(0).id());
    }

    @Test
    void keepsTheLoadedRingWhenTheNewFileIsBadOrGone() throws Exception {
        Path file = dir.resolve("object.ring.gz");
        Files.write(file, ring(0));
        Ring ring = new Ring(file, Duration.ofMillis(20));
        replace(file, new byte[] {1, 2, 3}, 10);
        awaitCheck();
        assertEquals(0, ring.partNodes(0).get(0).id());
        Files.delete(file);
        awaitCheck();
        assertEquals(0, ring.partNodes(0).get(0).id());
        Files.write(file, ring(1));
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 20_000));
        awaitCheck();
        assertEquals(1, ring.partNodes(0).get(0).id());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("object-7.ring.gz");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Ring.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void lookupsCheckThePartition() throws IOException {
        Path file = dir.resolve("object.ring.gz");
        Files.write(file, ring(0));
        Ring ring = Ring.load(file);
        assertEquals(2, ring.partitionCount());
        assertEquals(1, ring.partPower());
        assertEquals(file, ring.file());
        assertThrows(IllegalArgumentException.class, () -> ring.partNodes(2));
        assertThrows(IllegalArgumentException.class, () -> ring.moreNodes(-1));
        assertEquals(1, ring.moreNodes(0).next().id());
        assertNotEquals(0L, ring.fileMtimeMillis());
        // digest 0x80... is in the upper half: partition 1 of 2
        assertEquals(1, ring.partition(new byte[] {(byte) 0x80, 0, 0, 0}));
    }
}
