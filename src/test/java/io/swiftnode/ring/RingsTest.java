package io.swiftnode.ring;

import static io.swiftnode.ring.RingBytes.dev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RingsTest {
    @TempDir
    Path swiftDir;

    private void write(String name, String device) throws IOException {
        Files.write(swiftDir.resolve(name),
                RingBytes.v1(List.of(dev(0, 1, 1, "10.0.0.1", 6200, device)), 31, new int[][] {{0, 0}}, "big"));
    }

    @Test
    void loadsEachRingFromItsFileOnceAndCachesIt() throws IOException {
        write("object.ring.gz", "p0");
        write("object-1.ring.gz", "p1");
        write("container.ring.gz", "c");
        Rings rings = new Rings(swiftDir);
        assertEquals("p0", rings.objectRing(0).devices().get(0).device());
        assertEquals("p1", rings.objectRing(1).devices().get(0).device());
        assertEquals("c", rings.containerRing().devices().get(0).device());
        assertSame(rings.objectRing(1), rings.objectRing(1));
        assertSame(rings.containerRing(), rings.containerRing());
        assertEquals(swiftDir.resolve("object-1.ring.gz"), rings.objectRing(1).file());
    }

    @Test
    void aMissingRingIsNamedAndRetriedLater() throws IOException {
        Rings rings = new Rings(swiftDir);
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> rings.objectRing(2));
        assertTrue(e.getMessage().contains(swiftDir.resolve("object-2.ring.gz").toString()), e.getMessage());
        write("object-2.ring.gz", "p2");
        assertEquals("p2", rings.objectRing(2).devices().get(0).device());
    }

    @Test
    void namesRingFilesAsSwiftDoes() {
        assertEquals("object.ring.gz", Rings.objectRingName(0));
        assertEquals("object-12.ring.gz", Rings.objectRingName(12));
        assertThrows(IllegalArgumentException.class, () -> Rings.objectRingName(-1));
    }
}
