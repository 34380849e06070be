package io.swiftnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HttpDatesTest {
    private static final long NOV_14_2023 = 1700000001L; // ceil(1700000000.12345)

    private static long utc(int y, int mo, int d, int h, int mi, int s) {
        return LocalDateTime.of(y, mo, d, h, mi, s).toEpochSecond(ZoneOffset.UTC);
    }

    @Test
    void vector16LastModified() {
        assertEquals("Tue, 14 Nov 2023 22:13:21 GMT", HttpDates.format(NOV_14_2023));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDates.format(0));
        assertEquals("Sat, 20 Nov 2286 17:46:40 GMT", HttpDates.format(10000000000L));
        assertEquals("Fri, 31 Dec 9999 23:59:59 GMT", HttpDates.format(HttpDates.MAX_EPOCH_SECONDS));
        assertThrows(IllegalArgumentException.class, () -> HttpDates.format(-1));
        assertThrows(IllegalArgumentException.class, () -> HttpDates.format(HttpDates.MAX_EPOCH_SECONDS + 1));
    }

    @Test
    void theThreeHttpForms() {
        long t = utc(1994, 11, 6, 8, 49, 37);
        assertEquals(t, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(t, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(t, HttpDates.parse("Sun Nov  6 08:49:37 1994"));
        assertEquals(NOV_14_2023, HttpDates.parse(HttpDates.format(NOV_14_2023)));
    }

    @Test
    void parsedateLeniency() {
        long t = utc(2023, 11, 14, 22, 13, 21);
        // the zone is ignored
        assertEquals(t, HttpDates.parse("Tue, 14 Nov 2023 22:13:21 +0500"));
        assertEquals(t, HttpDates.parse("Tue, 14 Nov 2023 22:13:21 EST"));
        assertEquals(t, HttpDates.parse("14 Nov 2023 22:13:21+0500"));
        assertEquals(t, HttpDates.parse("Tue,14 Nov 2023 22:13:21"));
        assertEquals(t, HttpDates.parse("Nov 14 2023 22:13:21"));
        assertEquals(t, HttpDates.parse("14 november 2023 22:13:21 GMT"));
        assertEquals(t, HttpDates.parse("14 NOV 23 22:13:21 GMT"));
        assertEquals(t, HttpDates.parse("14 Nov 2023 22.13.21 GMT"));
        assertEquals(t, HttpDates.parse("14 Nov 2023, 22:13:21, GMT"));
        assertEquals(t, HttpDates.parse("Whatever,14 Nov 2023 22:13:21"));
        assertEquals(t, HttpDates.parse("\u00a014\tNov 2023\u2003 22:13:21 GMT "));
        assertEquals(t, HttpDates.parse("+14 Nov 2023 2_2:13:21 GMT"));
        assertEquals(t - 21, HttpDates.parse("14 Nov 2023 22:13 GMT"));
        assertEquals(t - 21, HttpDates.parse("14 Nov 2023 22.13"));
        // year 0 is a two-digit year; tokens after the fifth are ignored
        assertEquals(utc(2000, 11, 14, 0, 0, 0), HttpDates.parse("14 Nov 0 00:00:00 GMT x"));
        assertEquals(utc(1969, 1, 1, 0, 0, 0), HttpDates.parse("1 Jan 69 00:00:00"));
        assertEquals(utc(2068, 1, 1, 0, 0, 0), HttpDates.parse("1 Jan 68 00:00:00"));
        // a year that does not start with a digit is swapped with the zone: -0500 becomes 1500
        assertEquals(utc(1500, 11, 14, 22, 13, 21), HttpDates.parse("14 Nov GMT 22:13:21 -0500"));
    }

    @Test
    void unparsableIsNull() {
        for (String s : new String[] {null, "", "   ", "yesterday", "Tue, 14 Nov 2023", "14 Foo 2023 22:13:21",
            "30 Feb 2023 00:00:00", "14 Nov 2023 24:00:00", "14 Nov 2023 23:60:00", "14 Nov 2023 23:59:60",
            "14 Nov 10000 00:00:00", "14 Nov 2023 22-13-21", "14 Nov 2023 1:2:3:4",
            "0 Nov 2023 00:00:00", "14 Nov 2023 22:13:2x", "14 Nov 2023 \u00b922:13:21", "2023-11-14T22:13:21Z",
            "-1 Nov 2023 00:00:00"}) {
            assertNull(HttpDates.parse(s), String.valueOf(s));
        }
    }
}
