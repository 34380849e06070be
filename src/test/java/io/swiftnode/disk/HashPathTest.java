package io.swiftnode.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HashPathTest {
    private final HashPath changeme = new HashPath("changeme", "changeme");

    @Test
    void knownAnswersFromTheContract() {
        assertEquals("d1c91d91068a170a6bcf220efe77711d", changeme.hash("a", "c", "o"));
        assertEquals("e0d8856f40b28a4a21cded5a21e675ba", changeme.hash("AUTH_test", "cont", "obj"));
        assertEquals("6eff33b3ff33852f4cfb514aaa7f5199", changeme.hash("a", "c", null));
        assertEquals("fd2d8dafa0570422b397941531342ca4", changeme.hash("a", null, null));
        assertEquals("050451a13d151d4872630736efa1a14c", changeme.hash("AUTH_test", "c", "é/x y"));
        assertEquals("2f714cd91b0e5d803cde2012b01d7099", new HashPath("", "changeme").hash("a", "c", "o"));
    }

    @Test
    void partitionsFromTheTopBits() {
        assertEquals(839, HashPath.partition(changeme.digest("a", "c", "o"), 10));
        assertEquals(899, HashPath.partition("e0d8856f40b28a4a21cded5a21e675ba", 10));
        assertEquals(443, HashPath.partition(changeme.digest("a", "c", null), 10));
        assertEquals(1012, HashPath.partition(changeme.digest("a", null, null), 10));
        assertEquals(20, HashPath.partition(changeme.digest("AUTH_test", "c", "é/x y"), 10));
    }

    @Test
    void refusesEmptyPrefixAndSuffix() {
        assertThrows(IllegalArgumentException.class, () -> new HashPath("", ""));
    }
}
