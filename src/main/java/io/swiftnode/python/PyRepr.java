package io.swiftnode.python;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Python 3.11's {@code repr()} of {@code str}, {@code bytes} and {@code float}, for the places
 * where Swift puts a repr on the wire or on disk: error lines and messages (SSYNC {@code :ERROR:},
 * MIME footer errors) and JSON floats ({@code json.dumps} writes {@code float.__repr__}).
 *
 * <p>Stateless and thread-safe.
 */
public final class PyRepr {
    private PyRepr() {
    }

    /** {@code repr(str)}. Printability follows Java's Unicode tables (Python 3.11 uses Unicode 14). */
    public static String strRepr(String s) {
        boolean single = s.indexOf('\'') >= 0;
        boolean dbl = s.indexOf('"') >= 0;
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                sb.append('\\').append((char) cp);
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp < 0x7f || isPrintable(cp)) {
                sb.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xffff) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
        }
        return sb.append(quote).toString();
    }

    /** {@code repr(bytes)}. */
    public static String bytesRepr(byte[] b) {
        boolean single = false;
        boolean dbl = false;
        for (byte c : b) {
            single |= c == '\'';
            dbl |= c == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder sb = new StringBuilder("b").append(quote);
        for (byte x : b) {
            int c = x & 0xff;
            if (c == quote || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append(quote).toString();
    }

    /** {@code repr(float)}: the shortest digits that round-trip, Python's choice of notation. */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0.0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        String sign = d < 0 ? "-" : "";
        double a = Math.abs(d);
        BigDecimal exact = new BigDecimal(a);
        BigDecimal shortest = null;
        for (int p = 1; p <= 17 && shortest == null; p++) {
            BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (Double.parseDouble(nearest.toString()) == a) {
                shortest = nearest;
            } else {
                RoundingMode other = nearest.compareTo(exact) > 0 ? RoundingMode.FLOOR : RoundingMode.CEILING;
                BigDecimal candidate = exact.round(new MathContext(p, other));
                if (Double.parseDouble(candidate.toString()) == a) {
                    shortest = candidate;
                }
            }
        }
        BigDecimal r = Objects.requireNonNull(shortest).stripTrailingZeros();
        String digits = r.unscaledValue().toString();
        int decpt = digits.length() - r.scale();
        StringBuilder sb = new StringBuilder(sign);
        if (decpt <= -4 || decpt > 16) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int exp = decpt - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            if (Math.abs(exp) < 10) {
                sb.append('0');
            }
            sb.append(Math.abs(exp));
        } else if (decpt <= 0) {
            sb.append("0.").append("0".repeat(-decpt)).append(digits);
        } else if (decpt >= digits.length()) {
            sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
        } else {
            sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
        }
        return sb.toString();
    }

    private static boolean isPrintable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
