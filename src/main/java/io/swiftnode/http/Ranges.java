package io.swiftnode.http;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code Range} request header of a GET, parsed and resolved against an object's length
 * exactly as Swift 2.30.1's swob does (object-server-http.md §6.4): what is syntactically invalid
 * makes the whole header ignored (200), what is unsatisfiable or "egregious" (RFC 7233 §6.1) is
 * answered with 416, and a suffix range on an empty object is answered with the whole (empty)
 * object.
 *
 * <p>The proxy compares object servers' answers with each other, so the decisions (including the
 * quirks of Python's {@code int()}, which swob uses to read the numbers) are reproduced rather
 * than re-derived from the RFC: a start may carry whitespace, a {@code +} sign, {@code _}
 * digit separators and non-ASCII decimal digits, an end may carry only decimal digits, and a
 * number with more than 4300 digits is invalid (CPython's {@code int_max_str_digits}).
 *
 * <p>Conditional requests are evaluated before ranges, and HEAD never applies a range; that order
 * is the caller's (see {@link Conditionals}).
 *
 * <p>Stateless and thread-safe; all result types are immutable.
 */
public final class Ranges {
    /** More satisfiable ranges than this ⇒ 416. */
    public static final int MAX_RANGES = 50;
    /** More overlapping pairs of satisfiable ranges than this ⇒ 416. */
    public static final int MAX_RANGE_OVERLAPS = 2;
    /** This many satisfiable ranges or more, not in ascending order ⇒ 416. */
    public static final int MAX_NONASCENDING_RANGES = 8;

    /** CPython 3.11's default limit on the digits of a decimal string given to {@code int()}. */
    static final int PY_INT_MAX_STR_DIGITS = 4300;

    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Ranges() {
    }

    /**
     * One byte-range-spec as written: {@code a-b} (both set), {@code a-} (end null) or
     * {@code -n} (start null, end = suffix length). Numbers beyond {@link Long#MAX_VALUE} are
     * saturated after the syntax checks were done on the exact values, which changes no outcome
     * since no object is that long.
     */
    public record ByteRangeSpec(Long start, Long end) {
        public ByteRangeSpec {
            if (start == null && end == null) {
                throw new IllegalArgumentException("a byte-range-spec needs a start or an end");
            }
        }
    }

    /** A syntactically valid {@code Range} header: its specs in request order, at least one. */
    public static final class Spec {
        private final List<ByteRangeSpec> specs;

        Spec(List<ByteRangeSpec> specs) {
            if (specs.isEmpty()) {
                throw new IllegalArgumentException("no byte-range-specs");
            }
            this.specs = List.copyOf(specs);
        }

        /** The specs in the order of the header. */
        public List<ByteRangeSpec> specs() {
            return specs;
        }

        /**
         * What a GET of an object of {@code length} bytes answers (swob's
         * {@code Range.ranges_for_length} followed by {@code Response._response_iter}).
         *
         * @param length object length, {@code >= 0}
         * @return {@link Full} (200, whole body), {@link Unsatisfiable} (416) or
         *     {@link Partial} (206; one range or multipart)
         */
        public Resolution resolve(long length) {
            if (length < 0) {
                throw new IllegalArgumentException("negative length " + length);
            }
            // half-open [start, stop) as swob computes them
            List<long[]> all = new ArrayList<>();
            for (ByteRangeSpec s : specs) {
                if (s.start() == null) {
                    long n = s.end();
                    if (n == 0) {
                        continue;
                    }
                    all.add(n > length ? new long[] {0, length} : new long[] {length - n, length});
                } else if (s.start() < length) {
                    long stop = s.end() == null || s.end() >= length ? length : s.end() + 1;
                    all.add(new long[] {s.start(), stop});
                }
            }
            if (all.isEmpty() || all.size() > MAX_RANGES) {
                return new Unsatisfiable(length);
            }
            int overlaps = 0;
            for (int i = 0; i < all.size(); i++) {
                for (int j = i + 1; j < all.size(); j++) {
                    if (overlap(all.get(i), all.get(j)) && ++overlaps > MAX_RANGE_OVERLAPS) {
                        return new Unsatisfiable(length);
                    }
                }
            }
            if (all.size() >= MAX_NONASCENDING_RANGES) {
                for (int i = 0; i + 1 < all.size(); i++) {
                    long[] a = all.get(i);
                    long[] b = all.get(i + 1);
                    // Python compares the (start, stop) tuples
                    if (a[0] > b[0] || (a[0] == b[0] && a[1] > b[1])) {
                        return new Unsatisfiable(length);
                    }
                }
            }
            if (length == 0) {
                // only suffix ranges are satisfiable here; there is no byte to name in a
                // Content-Range, so swob sends the whole (empty) object
                return Full.INSTANCE;
            }
            List<long[]> inclusive = new ArrayList<>(all.size());
            for (long[] r : all) {
                inclusive.add(new long[] {r[0], r[1] - 1});
            }
            return new Partial(inclusive, length);
        }

        /** swob's overlap test on half-open ranges: strict comparisons only (equal ranges do not overlap). */
        private static boolean overlap(long[] a, long[] b) {
            long s1 = a[0];
            long e1 = a[1];
            long s2 = b[0];
            long e2 = b[1];
            return (s1 < s2 && s2 < e1) || (s1 < e2 && e2 < e1) || (s2 < s1 && s1 < e2) || (s2 < e1 && e1 < e2);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Spec other && specs.equals(other.specs);
        }

        @Override
        public int hashCode() {
            return specs.hashCode();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("bytes=");
            for (int i = 0; i < specs.size(); i++) {
                ByteRangeSpec s = specs.get(i);
                if (i > 0) {
                    sb.append(',');
                }
                if (s.start() != null) {
                    sb.append(s.start());
                }
                sb.append('-');
                if (s.end() != null) {
                    sb.append(s.end());
                }
            }
            return sb.toString();
        }
    }

    /** The outcome of {@link Spec#resolve(long)}. */
    public sealed interface Resolution permits Full, Unsatisfiable, Partial {
    }

    /** Serve 200 with the whole body, as if there were no Range header. */
    public static final class Full implements Resolution {
        public static final Full INSTANCE = new Full();

        private Full() {
        }

        @Override
        public String toString() {
            return "Full";
        }
    }

    /**
     * Serve 416 with {@code Content-Range: bytes *}{@code /<length>} ({@link #contentRange()}),
     * the default HTML body and the object's other headers.
     */
    public record Unsatisfiable(long length) implements Resolution {
        public String contentRange() {
            return unsatisfiedContentRange(length);
        }
    }

    /**
     * Serve 206: with one range, {@code Content-Range: bytes a-b/L} and the bytes; with more,
     * a {@code multipart/byteranges} body ({@link MultipartByteranges}).
     *
     * @param ranges {@code {first, lastInclusive}} pairs in request order, at least one
     * @param length the object length
     */
    public record Partial(List<long[]> ranges, long length) implements Resolution {
        public Partial {
            List<long[]> copy = new ArrayList<>(ranges.size());
            for (long[] r : ranges) {
                if (r.length != 2 || r[0] < 0 || r[1] < r[0] || r[1] >= length) {
                    throw new IllegalArgumentException("bad range for length " + length);
                }
                copy.add(r.clone());
            }
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("no ranges");
            }
            ranges = Collections.unmodifiableList(copy);
        }

        /** Copies of the {@code {first, lastInclusive}} pairs (the record stays immutable). */
        @Override
        public List<long[]> ranges() {
            List<long[]> copy = new ArrayList<>(ranges.size());
            for (long[] r : ranges) {
                copy.add(r.clone());
            }
            return copy;
        }

        public boolean isMultipart() {
            return ranges.size() > 1;
        }

        /** First byte of range {@code i}. */
        public long first(int i) {
            return ranges.get(i)[0];
        }

        /** Last byte (inclusive) of range {@code i}. */
        public long last(int i) {
            return ranges.get(i)[1];
        }

        /** {@code bytes a-b/L} of range {@code i}. */
        public String contentRange(int i) {
            return Ranges.contentRange(first(i), last(i), length);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Partial p) || p.length != length || p.ranges.size() != ranges.size()) {
                return false;
            }
            for (int i = 0; i < ranges.size(); i++) {
                if (p.first(i) != first(i) || p.last(i) != last(i)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = Long.hashCode(length);
            for (long[] r : ranges) {
                h = 31 * h + Long.hashCode(r[0]);
                h = 31 * h + Long.hashCode(r[1]);
            }
            return h;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Partial[");
            for (int i = 0; i < ranges.size(); i++) {
                sb.append(i > 0 ? "," : "").append(first(i)).append('-').append(last(i));
            }
            return sb.append('/').append(length).append(']').toString();
        }
    }

    /** {@code bytes <first>-<last>/<length>}. */
    public static String contentRange(long first, long lastInclusive, long length) {
        return "bytes " + first + "-" + lastInclusive + "/" + length;
    }

    /** {@code bytes *}{@code /<length>}, the Content-Range of a 416. */
    public static String unsatisfiedContentRange(long length) {
        return "bytes */" + length;
    }

    /**
     * Parses a {@code Range} header as swob's {@code Range} does.
     *
     * @param rangeHeader the header value, or null when absent
     * @return the specs, or null when the header must be ignored: absent or empty, not
     *     {@code bytes=} (case-insensitive, after removing spaces), or any spec without a
     *     {@code -}, with a bad number, with end &lt; start, or just {@code -}
     */
    public static Spec parse(String rangeHeader) {
        if (rangeHeader == null || rangeHeader.isEmpty()) {
            return null;
        }
        String v = rangeHeader.replace(" ", "");
        if (v.length() < 6) {
            return null;
        }
        String prefix = "bytes=";
        for (int i = 0; i < 6; i++) {
            if (Character.toLowerCase(v.charAt(i)) != prefix.charAt(i)) {
                return null;
            }
        }
        List<ByteRangeSpec> specs = new ArrayList<>();
        for (String rng : v.substring(6).split(",", -1)) {
            int dash = rng.indexOf('-');
            if (dash < 0) {
                return null;
            }
            String startText = rng.substring(0, dash);
            String endText = rng.substring(dash + 1);
            BigInteger start = null;
            if (!startText.isEmpty()) {
                start = pyInt(startText);
                if (start == null) {
                    return null;
                }
            }
            BigInteger end = null;
            if (!endText.isEmpty()) {
                end = decimalDigitsOnly(endText);
                if (end == null || (start != null && end.compareTo(start) < 0)) {
                    return null;
                }
            } else if (start == null) {
                return null;
            }
            // start cannot be negative: a '-' would have ended it
            specs.add(new ByteRangeSpec(saturate(start), saturate(end)));
        }
        return new Spec(specs);
    }

    /**
     * The rule of {@code X-Backend-Ignore-Range-If-Metadata-Present} (the proxy sends it for SLO
     * manifests, which it must read whole): the Range header is dropped when any metadata key,
     * lower-cased, is one of the comma-separated names, trimmed and lower-cased. As in swob an
     * absent header is read as the empty string, whose only name is {@code ""}.
     *
     * @param headerValue the header value, or null when absent
     * @param metadataKeys the object's metadata keys in any case (a set of lower-cased keys works
     *     as well)
     * @return true when the Range header must be ignored
     */
    public static boolean ignoreRange(String headerValue, Collection<String> metadataKeys) {
        Set<String> names = new HashSet<>();
        for (String h : (headerValue == null ? "" : headerValue).split(",", -1)) {
            names.add(pyStrip(h).toLowerCase(Locale.ROOT));
        }
        for (String key : metadataKeys) {
            if (names.contains(key.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static Long saturate(BigInteger v) {
        if (v == null) {
            return null;
        }
        return v.compareTo(LONG_MAX) > 0 ? Long.MAX_VALUE : v.longValueExact();
    }

    /** swob's end check: {@code str.isdigit()} and then {@code int()}, i.e. decimal digits only. */
    private static BigInteger decimalDigitsOnly(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!Character.isDigit(cp)) {
                return null;
            }
            i += Character.charCount(cp);
        }
        return pyInt(s);
    }

    // ---- Python str/int semantics shared by this package's parsers ----

    /** Python's {@code str.isspace()} for one code point. */
    static boolean isPySpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x20) || cp == 0x85 || cp == 0xa0
                || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029
                || cp == 0x202f || cp == 0x205f || cp == 0x3000;
    }

    /** Python's {@code str.strip()} without arguments. */
    static String pyStrip(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isPySpace(s.charAt(b))) {
            b++;
        }
        while (e > b && isPySpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    /** Python's {@code str.split()} without arguments (runs of whitespace, no empty fields). */
    static List<String> pySplit(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && isPySpace(s.charAt(i))) {
                i++;
            }
            int b = i;
            while (i < n && !isPySpace(s.charAt(i))) {
                i++;
            }
            if (i > b) {
                out.add(s.substring(b, i));
            }
        }
        return out;
    }

    /**
     * Python's {@code str.isdigit()} for one code point: decimal digits, and the other digits
     * such as superscripts (exact for ISO-8859-1, the text of HTTP headers).
     */
    static boolean isPyDigit(int cp) {
        if (Character.isDigit(cp)) {
            return true;
        }
        if (Character.getType(cp) != Character.OTHER_NUMBER) {
            return false;
        }
        int v = Character.getNumericValue(cp);
        return v >= 0 && v <= 9;
    }

    /**
     * Python 3.11's {@code int(s)} for a {@code str}: surrounding whitespace, an optional sign,
     * decimal digits of any script with single {@code _} between digits, at most 4300 digits.
     *
     * @return the value, or null where Python raises {@code ValueError}
     */
    static BigInteger pyInt(String s) {
        Objects.requireNonNull(s);
        String t = pyStrip(s);
        int i = 0;
        boolean negative = false;
        if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            negative = t.charAt(i) == '-';
            i++;
        }
        StringBuilder digits = new StringBuilder(t.length());
        boolean lastWasDigit = false;
        while (i < t.length()) {
            int cp = t.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '_') {
                if (!lastWasDigit) {
                    return null;
                }
                lastWasDigit = false;
                continue;
            }
            int d = Character.isDigit(cp) ? Character.digit(cp, 10) : -1;
            if (d < 0) {
                return null;
            }
            digits.append((char) ('0' + d));
            lastWasDigit = true;
        }
        if (!lastWasDigit || digits.length() > PY_INT_MAX_STR_DIGITS) {
            return null;
        }
        BigInteger v = new BigInteger(digits.toString());
        return negative ? v.negate() : v;
    }
}
