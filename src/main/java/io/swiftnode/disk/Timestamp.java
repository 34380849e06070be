package io.swiftnode.disk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Swift's timestamp: seconds since the epoch (a double, 10 µs precision) plus an unsigned 64-bit
 * offset that orders several events sharing one wall-clock time.
 *
 * <p>Forms: {@link #normal()} {@code %016.05f} of the seconds; {@link #internal()} adds
 * {@code _%016x} of the offset when it is not zero; {@link #shortForm()} adds {@code _%x}.
 * {@link #raw()} is {@code round(seconds / 1e-5)}. Ordering and equality follow the internal
 * string, exactly as Swift compares them.
 *
 * <p>Immutable and thread-safe.
 */
public final class Timestamp implements Comparable<Timestamp> {
    /** The deca-microsecond unit of {@link #raw()}. */
    public static final double PRECISION = 0.00001;
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?((\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
    /** What Python's {@code int(x, 16)} accepts after Swift refused a second {@code _}: sign, 0x, digits. */
    private static final Pattern HEX = Pattern.compile("\\+?(0[xX])?[0-9a-fA-F]+");
    private static final java.math.BigInteger MAX_OFFSET = java.math.BigInteger.ONE.shiftLeft(64)
            .subtract(java.math.BigInteger.ONE);
    private static final long MAX_SECONDS = 10_000_000_000L;

    private final double seconds;
    private final long offset; // unsigned
    private final String internal;

    private Timestamp(double seconds, long offset) {
        this.seconds = seconds;
        this.offset = offset;
        String normal = formatNormal(seconds);
        this.internal = offset == 0 ? normal : normal + "_" + String.format("%016x", offset);
    }

    /** A timestamp of the given seconds, checked to be in [0, 1e10). */
    public static Timestamp of(double seconds) {
        return of(seconds, 0);
    }

    public static Timestamp of(double seconds, long offset) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("timestamp cannot be negative");
        }
        if (seconds >= MAX_SECONDS) {
            throw new IllegalArgumentException("timestamp too large");
        }
        return new Timestamp(seconds, offset);
    }

    /** The current wall-clock time. */
    public static Timestamp now() {
        return of(System.currentTimeMillis() / 1000.0);
    }

    /** A timestamp from raw deca-microsecond units. */
    public static Timestamp ofRaw(long raw) {
        return of(raw * PRECISION);
    }

    /**
     * Parses any form Swift accepts: a Python float literal, optionally followed by {@code _} and
     * a hex offset.
     *
     * @throws IllegalArgumentException when Swift's {@code Timestamp()} would raise ValueError
     */
    public static Timestamp parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("timestamp is null");
        }
        if (isPlainDecimal(text)) {
            return of(Double.parseDouble(text), 0);
        }
        int us = text.indexOf('_');
        String base = us < 0 ? text : text.substring(0, us);
        long off = 0;
        if (us >= 0) {
            String hex = text.substring(us + 1);
            if (!hex.isEmpty()) {
                String h = hex.strip();
                if (!HEX.matcher(h).matches()) {
                    throw new IllegalArgumentException("invalid timestamp offset: " + hex);
                }
                String digits = h.replaceFirst("^\\+", "").replaceFirst("^0[xX]", "");
                java.math.BigInteger v = new java.math.BigInteger(digits, 16);
                if (v.compareTo(MAX_OFFSET) > 0) {
                    throw new IllegalArgumentException("offset must be smaller than " + MAX_OFFSET);
                }
                off = v.longValue();
            }
        }
        String b = base.strip();
        if (!FLOAT.matcher(b).matches()) {
            throw new IllegalArgumentException("invalid timestamp: " + text);
        }
        char c0 = b.charAt(0);
        boolean numeric = (c0 >= '0' && c0 <= '9') || c0 == '.'
                || ((c0 == '+' || c0 == '-') && b.length() > 1 && b.charAt(1) != 'i' && b.charAt(1) != 'I');
        String lower = numeric ? b : b.toLowerCase(java.util.Locale.ROOT);
        double secs = numeric ? Double.parseDouble(b)
                : lower.replaceFirst("^[+-]", "").startsWith("inf") ? (lower.startsWith("-") ? Double.NEGATIVE_INFINITY
                        : Double.POSITIVE_INFINITY) : Double.NaN;
        return of(secs, off);
    }

    /** Digits with at most one dot and at least one digit: the form every Swift node sends. */
    private static boolean isPlainDecimal(String text) {
        int n = text.length();
        if (n == 0 || n > 40) {
            return false;
        }
        boolean dot = false;
        boolean digit = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return false;
            }
        }
        return digit;
    }

    /** Like {@link #parse} but answers null instead of throwing. */
    public static Timestamp tryParse(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String formatNormal(double seconds) {
        // Fast path: round(seconds * 1e5) computed in double is the exact half-even rounding of
        // the exact binary value unless the product lies within its own rounding error of a tie.
        double scaled = seconds * 100000.0;
        if (scaled >= 0 && scaled < 0x1p52) {
            double floor = Math.floor(scaled);
            double frac = scaled - floor;
            if (Math.abs(frac - 0.5) > 2 * Math.ulp(scaled)) {
                long units = (long) floor + (frac > 0.5 ? 1 : 0);
                return padded(units);
            }
        }
        String s = new BigDecimal(seconds).setScale(5, RoundingMode.HALF_EVEN).toPlainString();
        if (s.length() >= 16) {
            return s;
        }
        return "0".repeat(16 - s.length()) + s;
    }

    /** {@code units} deca-microseconds as Python's {@code "%016.05f"}. */
    private static String padded(long units) {
        String whole = Long.toString(units / 100000);
        String frac = Long.toString(units % 100000);
        StringBuilder sb = new StringBuilder(24);
        for (int i = whole.length() + 6; i < 16; i++) {
            sb.append('0');
        }
        sb.append(whole).append('.');
        for (int i = frac.length(); i < 5; i++) {
            sb.append('0');
        }
        return sb.append(frac).toString();
    }

    public double seconds() {
        return seconds;
    }

    public long offset() {
        return offset;
    }

    /** {@code round(seconds / 1e-5)} with Python's half-even rounding of the double quotient. */
    public long raw() {
        return (long) Math.rint(seconds / PRECISION);
    }

    public String normal() {
        return formatNormal(seconds);
    }

    public String internal() {
        return internal;
    }

    public String shortForm() {
        return offset == 0 ? normal() : normal() + "_" + Long.toHexString(offset);
    }

    /** This timestamp moved by {@code delta} raw units, as Swift's {@code Timestamp(t, delta=d)}. */
    public Timestamp withDelta(long delta) {
        long r = raw() + delta;
        if (r <= 0) {
            throw new IllegalArgumentException("delta must be greater than " + (-raw()));
        }
        return of(r * PRECISION, offset);
    }

    public Timestamp withOffset(long newOffset) {
        return of(seconds, newOffset);
    }

    /** Seconds rounded up, as used for Last-Modified. */
    public long ceil() {
        return (long) Math.ceil(seconds);
    }

    @Override
    public int compareTo(Timestamp o) {
        return internal.compareTo(o.internal);
    }

    public boolean isAfter(Timestamp o) {
        return compareTo(o) > 0;
    }

    public boolean isBefore(Timestamp o) {
        return compareTo(o) < 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Timestamp t && t.internal.equals(internal);
    }

    @Override
    public int hashCode() {
        return internal.hashCode();
    }

    @Override
    public String toString() {
        return internal;
    }

    /**
     * Swift's {@code encode_timestamps(t1, t2, explicit=True)}: {@code t1.short} followed by the
     * signed hex difference of the raw values.
     */
    public static String encodePair(Timestamp t1, Timestamp t2) {
        long delta = t2.raw() - t1.raw();
        return t1.shortForm() + (delta < 0 ? "-" + Long.toHexString(-delta) : "+" + Long.toHexString(delta));
    }
}
