package io.swiftnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionalsTest {
    private static final String ETAG = "5d41402abc4b2a76b9719d911017c592";
    private static final long LM = 1700000001L; // Tue, 14 Nov 2023 22:13:21 GMT
    private static final String LM_TEXT = "Tue, 14 Nov 2023 22:13:21 GMT";

    private static int live(String ifMatch, String ifNoneMatch, String ims, String ius) {
        return Conditionals.evaluate(ifMatch, ifNoneMatch, ims, ius, ETAG, LM, false);
    }

    private static int missing(String ifMatch, String ifNoneMatch, String ims, String ius) {
        return Conditionals.evaluate(ifMatch, ifNoneMatch, ims, ius, null, null, true);
    }

    @Test
    void vectors21To24() {
        assertEquals(304, live(null, "\"" + ETAG + "\"", null, null)); // 21
        assertEquals(412, live("\"nope\"", null, null, null)); // 22
        assertEquals(412, missing("*", null, null, null)); // 23
        assertEquals(304, live(null, null, "Tue, 14 Nov 2100 00:00:00 GMT", null)); // 24, GET
        assertEquals(412, live(null, null, null, "Tue, 14 Nov 2000 00:00:00 GMT")); // 24, HEAD
    }

    @Test
    void noConditionsProceed() {
        assertEquals(Conditionals.PROCEED, live(null, null, null, null));
        assertEquals(Conditionals.PROCEED, missing(null, null, null, null));
        assertEquals(Conditionals.PROCEED, live("\"" + ETAG + "\"", null, null, null));
        assertEquals(Conditionals.PROCEED, live("*", null, null, null));
        assertEquals(Conditionals.PROCEED, live(null, "\"other\"", null, null));
    }

    @Test
    void orderOfTheChecks() {
        // If-None-Match wins over a failing If-Match
        assertEquals(304, live("\"nope\"", "*", null, null));
        // If-Match failure wins over If-Modified-Since
        assertEquals(412, live("\"nope\"", null, LM_TEXT, null));
        // If-Modified-Since (304) is checked before If-Unmodified-Since (412)
        assertEquals(304, live(null, null, LM_TEXT, "Mon, 01 Jan 2001 00:00:00 GMT"));
        // a matching If-Match lets the date checks run
        assertEquals(412, live(ETAG, null, null, "Mon, 01 Jan 2001 00:00:00 GMT"));
    }

    @Test
    void dateBoundaries() {
        assertEquals(304, live(null, null, LM_TEXT, null));
        assertEquals(Conditionals.PROCEED, live(null, null, "Tue, 14 Nov 2023 22:13:20 GMT", null));
        assertEquals(Conditionals.PROCEED, live(null, null, null, LM_TEXT));
        assertEquals(412, live(null, null, null, "Tue, 14 Nov 2023 22:13:20 GMT"));
        // the zone is ignored, as Python's parsedate does
        assertEquals(304, live(null, null, "Tue, 14 Nov 2023 22:13:21 -0800", null));
        // unparsable dates are ignored
        assertEquals(Conditionals.PROCEED, live(null, null, "garbage", "garbage"));
        assertEquals(Conditionals.PROCEED, live(null, null, "", ""));
        assertEquals(Conditionals.PROCEED, live(null, null, "Tue, 31 Feb 2100 00:00:00 GMT", null));
    }

    @Test
    void notFoundOnlyMeetsIfMatchStar() {
        assertEquals(412, missing("\"x\", *", null, null, null));
        assertEquals(412, missing("\"*\"", null, null, null));
        assertEquals(Conditionals.PROCEED, missing("\"x\"", null, null, null));
        assertEquals(Conditionals.PROCEED, missing(null, "*", null, null));
        assertEquals(Conditionals.PROCEED, missing(null, null, "Tue, 14 Nov 2100 00:00:00 GMT",
                "Tue, 14 Nov 2000 00:00:00 GMT"));
    }

    @Test
    void emptyConditionalEtagSkipsTheTagChecks() {
        assertEquals(Conditionals.PROCEED, Conditionals.evaluate("\"nope\"", "*", null, null, "", LM, false));
        assertEquals(Conditionals.PROCEED, Conditionals.evaluate("\"nope\"", "*", null, null, null, LM, false));
    }

    @Test
    void presentButEmptyIfMatchFails() {
        assertEquals(412, live("", null, null, null));
        assertEquals(412, live(" , ", null, null, null));
        assertEquals(Conditionals.PROCEED, live(null, "", null, null));
    }

    @Test
    void tagLists() {
        assertTrue(Conditionals.matchesAny("\"a\", \"" + ETAG + "\"", ETAG));
        assertTrue(Conditionals.matchesAny("a," + ETAG + "\t", ETAG));
        assertTrue(Conditionals.matchesAny("\"" + ETAG + "\"", "\"" + ETAG + "\""));
        assertTrue(Conditionals.matchesAny("x, *", "anything"));
        assertTrue(Conditionals.matchesAny("*", null));
        assertFalse(Conditionals.matchesAny("x", null));
        // only one pair of quotes is removed, and weak tags are not special
        assertFalse(Conditionals.matchesAny("\"\"" + ETAG + "\"\"", ETAG));
        assertFalse(Conditionals.matchesAny("W/\"" + ETAG + "\"", ETAG));
        // a lone quote stays a quote
        assertTrue(Conditionals.matchesAny("\"", "\""));
        assertFalse(Conditionals.matchesAny("", ""));
        // "" is a tag (the empty one) once its quotes are removed
        assertTrue(Conditionals.matchesAny("\"\"", ""));
    }

    @Test
    void etagIsAt() {
        Map<String, String> md = new LinkedHashMap<>();
        md.put("ETag", ETAG);
        md.put("X-Object-Sysmeta-Ec-Etag", "ec");
        md.put("x-object-sysmeta-crypto-etag", "crypto");
        assertEquals(ETAG, Conditionals.resolveEtag(null, md, ETAG));
        assertEquals(ETAG, Conditionals.resolveEtag("", md, ETAG));
        assertEquals("ec", Conditionals.resolveEtag("x-object-sysmeta-EC-etag", md, ETAG));
        assertEquals("crypto", Conditionals.resolveEtag(
                " X-Object-Sysmeta-Crypto-Etag , X-Object-Sysmeta-Ec-Etag", md, ETAG));
        assertEquals("ec", Conditionals.resolveEtag("X-Missing,,X-Object-Sysmeta-Ec-Etag", md, ETAG));
        assertEquals(ETAG, Conditionals.resolveEtag("X-Missing", md, ETAG));
        // the default etag is read back through swob's etag property: every quote dropped
        assertEquals("ab", Conditionals.resolveEtag(null, md, "\"a\"b\""));
        assertNull(Conditionals.resolveEtag("X-Missing", md, null));
        // the alternate value is used as stored
        md.put("X-Object-Sysmeta-Quoted", "\"q\"");
        assertEquals("\"q\"", Conditionals.resolveEtag("x-object-sysmeta-quoted", md, ETAG));
        assertEquals(304, Conditionals.evaluate(null, "q", null, null, "\"q\"", LM, false));
        // keys equal but for case: the last one counts
        md.put("X-OBJECT-SYSMETA-EC-ETAG", "ec2");
        assertEquals("ec2", Conditionals.resolveEtag("X-Object-Sysmeta-Ec-Etag", md, ETAG));
        // case-insensitivity is ASCII-only, as swob title-cases latin-1 bytes
        md.put("X-\u00e9", "e");
        assertEquals(ETAG, Conditionals.resolveEtag("x-\u00c9", md, ETAG));
        assertEquals("e", Conditionals.resolveEtag("x-\u00e9", md, ETAG));
    }
}
