package io.swiftnode.python;

import java.util.regex.Pattern;

/**
 * Python's {@code int(str)} in base 10, as Swift applies it to header values, metadata and
 * configuration: surrounding whitespace, an optional sign, decimal digits with single underscores
 * between them. Anything else, or a value outside Java's long, is not an int here.
 *
 * <p>Stateless and thread-safe.
 */
public final class PyInt {
    private static final Pattern INT = Pattern.compile("[+-]?[0-9]+(_[0-9]+)*");

    private PyInt() {
    }

    /** The value, or null when Python's {@code int()} would raise (or it overflows a long). */
    public static Long parse(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        if (n > 0 && n < 19) {
            // the form every writer uses: plain decimal digits
            long v = 0;
            int i = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = v * 10 + (s.charAt(i++) - '0');
            }
            if (i == n) {
                return v;
            }
        }
        String t = s.strip();
        if (!INT.matcher(t).matches()) {
            return null;
        }
        try {
            return Long.parseLong(t.replace("_", "").replaceFirst("^\\+", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
