package io.swiftnode.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.swiftnode.disk.Timestamp;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The SSYNC line texts and the want computation (values as Swift 2.30.1's encode/decode functions give them). */
class SsyncMessagesTest {
    private static final String H = "fbba07d5038ef2e7a39e5fa149cf2ba2";
    private static final Timestamp T = Timestamp.parse("1700000000.00000");

    private static SsyncMessages.Offer offer(String line) {
        return SsyncMessages.decodeMissing(line.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void encodeMissing() {
        assertEquals(H + " 1700000000.00000", SsyncMessages.encodeMissing(H, T, null, null));
        assertEquals(H + " 1700000000.00000", SsyncMessages.encodeMissing(H, T, T, T));
        // meta 1 s later: 100000 raw units = 0x186a0; ctype only with meta
        assertEquals(H + " 1700000000.00000 m:186a0",
                SsyncMessages.encodeMissing(H, T, T.withDelta(100000), null));
        assertEquals(H + " 1700000000.00000 m:30d40,t:186a0",
                SsyncMessages.encodeMissing(H, T, T.withDelta(200000), T.withDelta(100000)));
        assertEquals(H + " 1700000000.00000_0000000000000001",
                SsyncMessages.encodeMissing(H, T.withOffset(1), null, null));
    }

    @Test
    void decodeMissing() {
        SsyncMessages.Offer o = offer(H + " 1700000000.00000\r\n");
        assertEquals(H, o.hash());
        assertEquals(T, o.tsData());
        assertEquals(T, o.tsMeta());
        assertEquals(T, o.tsCtype());
        assertEquals(true, o.durable());
        o = offer(H + " 1700000000.00000 m:30d40,t:186a0,durable:False,future:x,junk");
        assertEquals(T.withDelta(200000), o.tsMeta());
        assertEquals(T.withDelta(100000), o.tsCtype());
        assertEquals(false, o.durable());
        // the form of newer senders: delta and offset
        assertEquals(T.withDelta(16).withOffset(2), offer(H + " 1700000000.00000 m:10__2").tsMeta());
        assertEquals(T, offer("fbba07d5038ef2e7a39e5fa149cf2ba2 1700000000%2E00000").tsData());
        assertThrows(IllegalArgumentException.class, () -> offer(H));
        assertThrows(IllegalArgumentException.class, () -> offer(H + " notatime"));
        assertThrows(IllegalArgumentException.class, () -> offer(H + " 1700000000.00000 m:zz"));
        assertThrows(IllegalArgumentException.class, () -> offer(H + " 1700000000.00000 m:1:2"));
        assertThrows(IllegalArgumentException.class,
                () -> SsyncMessages.decodeMissing(new byte[] {'a', ' ', (byte) 0xe9}));
        // round trip
        Timestamp m = T.withDelta(5);
        Timestamp c = T.withDelta(3);
        o = offer(SsyncMessages.encodeMissing(H, T, m, c));
        assertEquals(m, o.tsMeta());
        assertEquals(c, o.tsCtype());
    }

    @Test
    void wantComputation() {
        SsyncMessages.Offer remote = offer(H + " 1700000000.00000");
        Timestamp older = Timestamp.parse("1699999999.00000");
        Timestamp newer = Timestamp.parse("1700000001.00000");
        assertEquals(H + " dm", SsyncMessages.encodeWanted(remote, SsyncMessages.Local.NOTHING));
        assertEquals(H + " d", SsyncMessages.encodeWanted(remote, SsyncMessages.Local.tombstone(older)));
        assertNull(SsyncMessages.encodeWanted(remote, SsyncMessages.Local.tombstone(T)));
        assertNull(SsyncMessages.encodeWanted(remote, SsyncMessages.Local.tombstone(newer)));
        assertNull(SsyncMessages.encodeWanted(remote, new SsyncMessages.Local(T, T, T)));
        assertEquals(H + " dm", SsyncMessages.encodeWanted(remote, new SsyncMessages.Local(older, older, older)));
        // newer metadata offered
        SsyncMessages.Offer withMeta = offer(H + " 1700000000.00000 m:186a0");
        assertEquals(H + " m", SsyncMessages.encodeWanted(withMeta, new SsyncMessages.Local(T, T, T)));
        assertEquals(H + " dm", SsyncMessages.encodeWanted(withMeta, new SsyncMessages.Local(older, older, older)));
        assertNull(SsyncMessages.encodeWanted(withMeta, new SsyncMessages.Local(T, newer, T)));
        // a newer content type alone (meta not newer than ours) is wanted when newer than the offered data
        SsyncMessages.Offer ctype = offer(H + " 1700000000.00000 m:186a0,t:186a0");
        assertEquals(H + " m", SsyncMessages.encodeWanted(ctype, new SsyncMessages.Local(T, newer.withDelta(5), T)));
        assertNull(SsyncMessages.encodeWanted(ctype, new SsyncMessages.Local(T, newer.withDelta(5), newer)));
        // a local tombstone has no metadata to compare: data only
        assertEquals(H + " d", SsyncMessages.encodeWanted(withMeta, SsyncMessages.Local.tombstone(older)));
    }

    @Test
    void decodeWanted() {
        assertEquals(new SsyncMessages.Wanted(true, true), SsyncMessages.decodeWanted(new String[] {"dm"}));
        assertEquals(new SsyncMessages.Wanted(false, true), SsyncMessages.decodeWanted(new String[] {"m"}));
        assertEquals(new SsyncMessages.Wanted(true, false), SsyncMessages.decodeWanted(new String[] {"d"}));
        // a legacy receiver answers the hash alone: data
        assertEquals(new SsyncMessages.Wanted(true, false), SsyncMessages.decodeWanted(new String[0]));
        assertEquals(new SsyncMessages.Wanted(true, false), SsyncMessages.decodeWanted(new String[] {"x"}));
    }

    @Test
    void pythonReprs() {
        assertEquals("'abc'", SsyncMessages.reprStr("abc"));
        assertEquals("\"it's\"", SsyncMessages.reprStr("it's"));
        assertEquals("'both \\' and \"'", SsyncMessages.reprStr("both ' and \""));
        assertEquals("'caf\u00e9 \\x00\\n\\\\'", SsyncMessages.reprStr("caf\u00e9 \u0000\n\\"));
        assertEquals("b'x\\r\\n'", SsyncMessages.reprBytes("x\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("b\"it's\"", SsyncMessages.reprBytes("it's".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("b'\\xc3\\xa9'", SsyncMessages.reprBytes("\u00e9".getBytes(StandardCharsets.UTF_8)));
        assertEquals("60.0", SsyncMessages.reprFloat(60));
        assertEquals("0.5", SsyncMessages.reprFloat(0.5));
        assertEquals(":ERROR: 408 '60.0 seconds: missing_check line'\n", new String(SsyncMessages.errorLine(408,
                SsyncMessages.reprStr(SsyncMessages.timeoutText("60.0", false, "missing_check line"))),
                StandardCharsets.UTF_8));
    }

    @Test
    void quoting() {
        assertEquals("/a/c/%C3%BCn%C3%AF%20c%C3%B4de%3F%25", SsyncMessages.quote("/a/c/\u00fcn\u00ef c\u00f4de?%", "/"));
        assertEquals("/a/c/\u00fcn\u00ef c\u00f4de?%", SsyncMessages.unquote("/a/c/%C3%BCn%C3%AF%20c%C3%B4de%3F%25"));
        assertEquals("%zz", SsyncMessages.unquote("%zz"));
    }
}
