package io.swiftnode.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimestampTest {
    @Test
    void formatsRoundHalfEvenOnTheExactBinaryValue() {
        assertEquals("1700000000.01562", Timestamp.of(1700000000.015625).normal());
        assertEquals("1700000000.04688", Timestamp.of(1700000000.046875).normal());
        assertEquals("1700000000.12346", Timestamp.of(1700000000.123456789).normal());
        assertEquals("0000000001.50000", Timestamp.of(1.5).normal());
    }

    @Test
    void internalAndShortFormsCarryTheOffsetOnlyWhenNonZero() {
        Timestamp t = Timestamp.parse("1700000000.12345");
        assertEquals("1700000000.12345", t.internal());
        Timestamp o = t.withOffset(1);
        assertEquals("1700000000.12345_0000000000000001", o.internal());
        assertEquals("1700000000.12345_1", o.shortForm());
        assertEquals(170000000012345L, t.raw());
        assertTrue(o.isAfter(t));
    }

    @Test
    void parsesPythonFloatLiteralsAndHexOffsets() {
        assertEquals("0000000001.00000", Timestamp.parse("1").internal());
        assertEquals("1000000000.00000", Timestamp.parse("1e9").internal());
        assertEquals("0000000012.50000", Timestamp.parse("0012.5").internal());
        assertEquals(Timestamp.parse("5"), Timestamp.parse("5_0"));
        assertEquals(0xffL, Timestamp.parse("5_ff").offset());
        assertEquals(-1L, Timestamp.parse("5_ffffffffffffffff").offset()); // unsigned 2^64-1
        assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("5_1_2"));
        // Python's int(x, 16): 0x prefix, a plus sign, spaces, any number of leading zeros
        assertEquals(1L, Timestamp.parse("5_0x1").offset());
        assertEquals(1L, Timestamp.parse("5_ +1").offset());
        assertEquals(1L, Timestamp.parse("5_00000000000000001").offset());
        assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("5_10000000000000000"));
        assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("5_-1"));
        assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("abc"));
        assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("-1"));
        assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("10000000000"));
        assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("5_xyz"));
    }

    @Test
    void ordersByInternalString() {
        assertTrue(Timestamp.parse("2").isAfter(Timestamp.parse("1.99999")));
        assertTrue(Timestamp.parse("1_1").isAfter(Timestamp.parse("1")));
        assertNotEquals(Timestamp.parse("1_1"), Timestamp.parse("1"));
    }

    @Test
    void encodesTimestampPairsAsSwift() {
        Timestamp t = Timestamp.parse("1795796644.00000");
        Timestamp c = Timestamp.parse("1795796643.00000");
        assertEquals("1795796644.00000-186a0", Timestamp.encodePair(t, c));
        assertEquals("1795795995.00000+0", Timestamp.encodePair(Timestamp.parse("1795795995"),
                Timestamp.parse("1795795995")));
        assertEquals("1795796644.00000_1+a", Timestamp.encodePair(t.withOffset(1), t.withDelta(10)));
    }

    @Test
    void ceilIsForLastModified() {
        assertEquals(1700000001L, Timestamp.parse("1700000000.00001").ceil());
        assertEquals(1700000000L, Timestamp.parse("1700000000").ceil());
    }

    /** The fast formatting path gives what exact decimal rounding gives, ties and near-ties included. */
    @Test
    void fastFormattingAgreesWithExactDecimalRounding() {
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < 200_000; i++) {
            double x;
            switch (i % 4) {
                case 0 -> x = r.nextDouble() * 1e10;
                case 1 -> x = (1_600_000_000L * 100000L + r.nextInt(1_000_000_000)) / 100000.0;
                case 2 -> x = (r.nextLong(1L, 999_999_999_999_999L) + 0.5) / 100000.0; // near a tie
                default -> x = Math.nextUp(r.nextInt(1 << 20) / 1024.0); // binary fractions, exact ties
            }
            if (x >= 1e10) {
                continue;
            }
            String exact = new java.math.BigDecimal(x).setScale(5, java.math.RoundingMode.HALF_EVEN).toPlainString();
            exact = "0".repeat(Math.max(0, 16 - exact.length())) + exact;
            assertEquals(exact, Timestamp.formatNormal(x), "for " + x);
            double ties = r.nextInt(1 << 20) / 1024.0; // k/1024: exact binary ties at the 6th decimal
            String exactTie = new java.math.BigDecimal(ties).setScale(5, java.math.RoundingMode.HALF_EVEN).toPlainString();
            exactTie = "0".repeat(Math.max(0, 16 - exactTie.length())) + exactTie;
            assertEquals(exactTie, Timestamp.formatNormal(ties), "for " + ties);
        }
    }

    @Test
    void plainDecimalsParseAsTheGeneralGrammarDoes() {
        assertEquals("1700000000.12346", Timestamp.parse("1700000000.123456").normal());
        assertEquals("0000000005.00000", Timestamp.parse("5.").normal());
        assertEquals("0000000000.50000", Timestamp.parse(".5").normal());
        assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("."));
        assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("1.2.3"));
        assertEquals(Timestamp.parse(" 1700000000.5 ").internal(), Timestamp.parse("1700000000.5").internal());
    }
}
