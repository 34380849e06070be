package io.swiftnode.http;

/**
 * Python's {@code int(str)} for header values: surrounding whitespace, an optional sign, decimal
 * digits with single underscores between them. Anything else (or out of long range) is null.
 *
 * <p>Stateless and thread-safe.
 */
final class PyInt {
    private PyInt() {
    }

    private static final java.util.regex.Pattern INT = java.util.regex.Pattern.compile("[+-]?[0-9]+(_[0-9]+)*");

    static Long parse(String s) {
        if (s == null) {
            return null;
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
