package io.swiftnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RangesTest {

    private static Ranges.Resolution resolve(String header, long length) {
        Ranges.Spec spec = Ranges.parse(header);
        assertNotNull(spec, header);
        return spec.resolve(length);
    }

    private static Ranges.Partial partial(long length, long... firstLast) {
        List<long[]> ranges = new java.util.ArrayList<>();
        for (int i = 0; i < firstLast.length; i += 2) {
            ranges.add(new long[] {firstLast[i], firstLast[i + 1]});
        }
        return new Ranges.Partial(ranges, length);
    }

    @Test
    void vector17SingleRange() {
        Ranges.Partial p = assertInstanceOf(Ranges.Partial.class, resolve("bytes=2-4", 10));
        assertEquals(partial(10, 2, 4), p);
        assertFalse(p.isMultipart());
        assertEquals("bytes 2-4/10", p.contentRange(0));
    }

    @Test
    void vector18TwoRanges() {
        Ranges.Partial p = assertInstanceOf(Ranges.Partial.class, resolve("bytes=0-1,-2", 10));
        assertEquals(partial(10, 0, 1, 8, 9), p);
        assertTrue(p.isMultipart());
        assertEquals("bytes 0-1/10", p.contentRange(0));
        assertEquals("bytes 8-9/10", p.contentRange(1));
    }

    @Test
    void vector19Unsatisfiable() {
        Ranges.Unsatisfiable u = assertInstanceOf(Ranges.Unsatisfiable.class, resolve("bytes=20-30", 10));
        assertEquals("bytes */10", u.contentRange());
    }

    @Test
    void vector20ReversedRangeIgnoresTheHeader() {
        assertNull(Ranges.parse("bytes=5-3"));
    }

    @Test
    void syntaxThatMakesTheHeaderIgnored() {
        for (String h : new String[] {null, "", "bytes=", "bytes=-", "bytes=45", "bytes=a-b", "bytes=1-b",
            "bytes=5-3", "bytes=0-1,", "bytes=,0-1", "bytes=--1", "bytes=1--2", "bytes=1-+2", "bytes=1-\t2",
            "bytes=1-2 3x", "items=0-1", "bytes 0-1", "bytes:0-1", "bytes=0-1,5", "bytes=-+1", "bytes=1_-2",
            "bytes=_1-2", "bytes=1-\u00b2", "bytes=0-1,5-3"}) {
            assertNull(Ranges.parse(h), String.valueOf(h));
        }
    }

    @Test
    void pythonIntLeniencyOfTheStart() {
        assertEquals(List.of(new Ranges.ByteRangeSpec(1L, 2L)), Ranges.parse("BYTES = 1 - 2").specs());
        assertEquals(List.of(new Ranges.ByteRangeSpec(5L, 10L)), Ranges.parse("bytes=+5-10").specs());
        assertEquals(List.of(new Ranges.ByteRangeSpec(5L, 10L)), Ranges.parse("bytes=\t5\t-10").specs());
        assertEquals(List.of(new Ranges.ByteRangeSpec(5L, 10L)), Ranges.parse("bytes=\u00a05-10").specs());
        assertEquals(List.of(new Ranges.ByteRangeSpec(10L, 20L)), Ranges.parse("bytes=1_0-20").specs());
        assertEquals(List.of(new Ranges.ByteRangeSpec(3L, 5L)), Ranges.parse("bytes=\u0663-5").specs());
        assertEquals(List.of(new Ranges.ByteRangeSpec(3L, 5L)), Ranges.parse("bytes=3-\u0665").specs());
        assertEquals(List.of(new Ranges.ByteRangeSpec(7L, 7L)), Ranges.parse("bytes=007-0007").specs());
        assertEquals(List.of(new Ranges.ByteRangeSpec(null, 0L), new Ranges.ByteRangeSpec(4L, null)),
                Ranges.parse("bytes=-0,4-").specs());
    }

    @Test
    void hugeNumbersAreComparedExactlyThenSaturated() {
        String big = "99999999999999999999999";
        assertEquals(List.of(new Ranges.ByteRangeSpec(0L, Long.MAX_VALUE)), Ranges.parse("bytes=0-" + big).specs());
        assertNull(Ranges.parse("bytes=" + big + "9-" + big));
        assertEquals(List.of(new Ranges.ByteRangeSpec(Long.MAX_VALUE, Long.MAX_VALUE)),
                Ranges.parse("bytes=" + big + "-" + big).specs());
        assertEquals(partial(10, 3, 9), resolve("bytes=3-" + big, 10));
        assertEquals(partial(10, 0, 9), resolve("bytes=-" + big, 10));
        assertInstanceOf(Ranges.Unsatisfiable.class, resolve("bytes=" + big + "-", 10));
        // CPython 3.11 refuses int() of more than 4300 digits
        assertNotNull(Ranges.parse("bytes=0-" + "1".repeat(4300)));
        assertNull(Ranges.parse("bytes=0-" + "1".repeat(4301)));
        assertNull(Ranges.parse("bytes=" + "0".repeat(4301) + "-"));
        assertNotNull(Ranges.parse("bytes=" + "1_".repeat(2150) + "1-"));
    }

    @Test
    void satisfiability() {
        assertEquals(partial(10, 7, 9), resolve("bytes=-3", 10));
        assertEquals(partial(10, 0, 9), resolve("bytes=-10", 10));
        assertEquals(partial(10, 0, 9), resolve("bytes=-11", 10));
        assertEquals(partial(10, 4, 9), resolve("bytes=4-", 10));
        assertEquals(partial(10, 9, 9), resolve("bytes=9-", 10));
        assertEquals(partial(10, 5, 9), resolve("bytes=5-100", 10));
        assertEquals(partial(10, 5, 9), resolve("bytes=-0,5-100,10-", 10));
        assertInstanceOf(Ranges.Unsatisfiable.class, resolve("bytes=10-", 10));
        assertInstanceOf(Ranges.Unsatisfiable.class, resolve("bytes=-0", 10));
        assertInstanceOf(Ranges.Unsatisfiable.class, resolve("bytes=10-20,-0", 10));
    }

    @Test
    void emptyObject() {
        assertSame(Ranges.Full.INSTANCE, resolve("bytes=-1", 0));
        assertSame(Ranges.Full.INSTANCE, resolve("bytes=-5,0-", 0));
        assertInstanceOf(Ranges.Unsatisfiable.class, resolve("bytes=0-", 0));
        assertInstanceOf(Ranges.Unsatisfiable.class, resolve("bytes=0-0", 0));
        assertInstanceOf(Ranges.Unsatisfiable.class, resolve("bytes=-0", 0));
        assertEquals("bytes */0", ((Ranges.Unsatisfiable) resolve("bytes=0-", 0)).contentRange());
    }

    @Test
    void moreThanFiftyRanges() {
        StringBuilder fifty = new StringBuilder("bytes=0-0");
        for (int i = 1; i < 50; i++) {
            fifty.append(',').append(i).append('-').append(i);
        }
        Ranges.Partial p = assertInstanceOf(Ranges.Partial.class, resolve(fifty.toString(), 100));
        assertEquals(50, p.ranges().size());
        assertInstanceOf(Ranges.Unsatisfiable.class, resolve(fifty + ",50-50", 100));
        // unsatisfiable specs do not count
        assertInstanceOf(Ranges.Partial.class, resolve(fifty + ",500-600", 100));
    }

    @Test
    void moreThanTwoOverlappingPairs() {
        assertInstanceOf(Ranges.Partial.class, resolve("bytes=0-4,2-6", 10));
        assertInstanceOf(Ranges.Partial.class, resolve("bytes=0-4,2-6,5-8", 10)); // two pairs
        assertInstanceOf(Ranges.Unsatisfiable.class, resolve("bytes=0-4,1-5,2-6", 10)); // three pairs
        // identical and merely adjacent ranges do not overlap in swob's sense
        assertInstanceOf(Ranges.Partial.class, resolve("bytes=0-4,0-4,0-4,0-4", 10));
        assertInstanceOf(Ranges.Partial.class, resolve("bytes=0-4,5-9,0-4,5-9", 10));
        // containment counts
        assertInstanceOf(Ranges.Unsatisfiable.class, resolve("bytes=0-9,1-2,3-4,5-6", 10));
    }

    @Test
    void eightOrMoreNonAscending() {
        assertInstanceOf(Ranges.Partial.class, resolve("bytes=0-0,2-2,4-4,6-6,8-8,10-10,12-12,14-14", 20));
        assertInstanceOf(Ranges.Partial.class, resolve("bytes=12-12,0-0,2-2,4-4,6-6,8-8,10-10", 20)); // 7
        assertInstanceOf(Ranges.Unsatisfiable.class, resolve("bytes=14-14,0-0,2-2,4-4,6-6,8-8,10-10,12-12", 20));
        // tuples compare by stop too: (0,3) after (0,5) is a descent
        assertInstanceOf(Ranges.Unsatisfiable.class, resolve("bytes=0-4,0-2,6-6,8-8,10-10,12-12,14-14,16-16", 20));
        assertInstanceOf(Ranges.Partial.class, resolve("bytes=0-2,0-4,6-6,8-8,10-10,12-12,14-14,16-16", 20));
    }

    @Test
    void ignoreRangeIfMetadataPresent() {
        Set<String> keys = Set.of("Content-Type", "X-Static-Large-Object", "ETag");
        assertTrue(Ranges.ignoreRange("x-static-large-object", keys));
        assertTrue(Ranges.ignoreRange(" X-Foo , X-STATIC-LARGE-OBJECT ", keys));
        assertFalse(Ranges.ignoreRange("X-Foo,X-Bar", keys));
        assertFalse(Ranges.ignoreRange(null, keys));
        assertFalse(Ranges.ignoreRange("", keys));
        assertFalse(Ranges.ignoreRange("X-Foo,,X-Bar", keys));
        // swob reads an absent header as "" whose one name is "": only an empty key would match
        assertTrue(Ranges.ignoreRange(null, Set.of("")));
        assertTrue(Ranges.ignoreRange("a,,b", Set.of("")));
    }

    @Test
    void resultTypes() {
        assertThrows(IllegalArgumentException.class, () -> Ranges.parse("bytes=1-2").resolve(-1));
        assertThrows(IllegalArgumentException.class, () -> partial(10, 5, 10));
        assertThrows(IllegalArgumentException.class, () -> partial(10, 5, 4));
        Ranges.Partial p = partial(10, 1, 2);
        p.ranges().get(0)[0] = 7;
        assertEquals(1, p.first(0));
        assertEquals("bytes=1-2,-3,4-", Ranges.parse("bytes=1-2,-3,4-").toString());
        assertEquals("bytes */7", Ranges.unsatisfiedContentRange(7));
        assertEquals("bytes 0-0/1", Ranges.contentRange(0, 0, 1));
    }

    @Test
    void pythonHelpers() {
        assertEquals(BigInteger.valueOf(-5), Ranges.pyInt(" -5\u0085"));
        assertNull(Ranges.pyInt("+"));
        assertNull(Ranges.pyInt("1__0"));
        assertNull(Ranges.pyInt("+ 5"));
        assertNull(Ranges.pyInt("0x10"));
        assertEquals(List.of("a", "b"), Ranges.pySplit("\u00a0a\u2003\tb\u3000"));
        assertEquals("x", Ranges.pyStrip("\u001fx\u00a0"));
        assertTrue(Ranges.isPyDigit('\u00b9'));
        assertFalse(Ranges.isPyDigit('\u00bd'));
        assertTrue(Ranges.isPyDigit('\u0669'));
        assertFalse(Ranges.isPyDigit('a'));
    }
}
