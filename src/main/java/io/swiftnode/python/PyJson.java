package io.swiftnode.python;


import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as Python 3's {@code json} module reads and writes it with its defaults, which is what the recon
 * middleware does with the recon cache files and its answers: {@link #loads} accepts one JSON value surrounded
 * by JSON whitespace only ({@code " \t\n\r"}), also {@code NaN}, {@code Infinity} and {@code -Infinity}; objects
 * keep their keys in file order (a repeated key keeps its first position and its last value); numbers without
 * fraction or exponent are integers of any size ({@link BigInteger}), others {@link Double}. {@link #dumps}
 * writes in insertion order (no sorting), with {@code ", "} and {@code ": "}, non-ASCII and control characters
 * as lower-case {@code \\uXXXX} escapes and floats in Python's {@code repr}.
 *
 * <p>Values: {@link Map} with string keys, {@link List}, {@link String}, {@link Boolean}, {@link BigInteger},
 * {@link Integer}/{@link Long}, {@link Double}, null.
 *
 * <p>Stateless and thread-safe.
 */
public final class PyJson {
    /** Nesting deeper than this is refused, as Python's C decoder refuses it at its recursion limit. */
    private static final int MAX_DEPTH = 990;

    private PyJson() {
    }

    /** A document Python's {@code json.loads} would refuse. */
    public static final class DecodeError extends Exception {
        private static final long serialVersionUID = 1L;

        DecodeError(String message, int pos) {
            super(message + ": char " + pos);
        }
    }

    /** {@code json.loads(text)}. */
    public static Object loads(String text) throws DecodeError {
        Parser p = new Parser(text);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.pos != text.length()) {
            throw new DecodeError("Extra data", p.pos);
        }
        return v;
    }

    /** {@code json.dumps(value)}. */
    public static String dumps(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                write(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(floatText(((Number) v).doubleValue()));
        } else if (v instanceof BigInteger || v instanceof Long || v instanceof Integer) {
            sb.append(v);
        } else {
            throw new IllegalArgumentException("not JSON: " + v.getClass());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append("\\u").append(String.format("%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        void ws() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        Object value(int depth) throws DecodeError {
            if (pos >= s.length()) {
                throw new DecodeError("Expecting value", pos);
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object(depth + 1);
                case '[':
                    return array(depth + 1);
                case '"':
                    pos++;
                    return string();
                default:
                    break;
            }
            if (literal("null")) {
                return null;
            }
            if (literal("true")) {
                return Boolean.TRUE;
            }
            if (literal("false")) {
                return Boolean.FALSE;
            }
            if (literal("NaN")) {
                return Double.NaN;
            }
            if (literal("Infinity")) {
                return Double.POSITIVE_INFINITY;
            }
            if (literal("-Infinity")) {
                return Double.NEGATIVE_INFINITY;
            }
            return number();
        }

        private boolean literal(String word) {
            if (s.startsWith(word, pos)) {
                pos += word.length();
                return true;
            }
            return false;
        }

        /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?}, ASCII digits only. */
        private Object number() throws DecodeError {
            int start = pos;
            int i = pos;
            if (i < s.length() && s.charAt(i) == '-') {
                i++;
            }
            if (i < s.length() && s.charAt(i) == '0') {
                i++;
            } else if (i < s.length() && s.charAt(i) >= '1' && s.charAt(i) <= '9') {
                while (i < s.length() && digit(s.charAt(i))) {
                    i++;
                }
            } else {
                throw new DecodeError("Expecting value", start);
            }
            boolean isFloat = false;
            if (i + 1 < s.length() && s.charAt(i) == '.' && digit(s.charAt(i + 1))) {
                i += 2;
                while (i < s.length() && digit(s.charAt(i))) {
                    i++;
                }
                isFloat = true;
            }
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                int j = i + 1;
                if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                    j++;
                }
                if (j < s.length() && digit(s.charAt(j))) {
                    while (j < s.length() && digit(s.charAt(j))) {
                        j++;
                    }
                    i = j;
                    isFloat = true;
                }
            }
            pos = i;
            String text = s.substring(start, i);
            return isFloat ? (Object) Double.parseDouble(text) : (Object) new BigInteger(text);
        }

        private static boolean digit(char c) {
            return c >= '0' && c <= '9';
        }

        private Map<String, Object> object(int depth) throws DecodeError {
            if (depth > MAX_DEPTH) {
                throw new DecodeError("maximum recursion depth exceeded", pos);
            }
            pos++; // {
            Map<String, Object> m = new LinkedHashMap<>();
            ws();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return m;
            }
            while (true) {
                if (pos >= s.length() || s.charAt(pos) != '"') {
                    throw new DecodeError("Expecting property name enclosed in double quotes", pos);
                }
                pos++;
                String key = string();
                ws();
                if (pos >= s.length() || s.charAt(pos) != ':') {
                    throw new DecodeError("Expecting ':' delimiter", pos);
                }
                pos++;
                ws();
                Object v = value(depth);
                m.put(key, v);
                ws();
                if (pos < s.length() && s.charAt(pos) == '}') {
                    pos++;
                    return m;
                }
                if (pos >= s.length() || s.charAt(pos) != ',') {
                    throw new DecodeError("Expecting ',' delimiter", pos);
                }
                pos++;
                ws();
            }
        }

        private List<Object> array(int depth) throws DecodeError {
            if (depth > MAX_DEPTH) {
                throw new DecodeError("maximum recursion depth exceeded", pos);
            }
            pos++; // [
            List<Object> l = new ArrayList<>();
            ws();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return l;
            }
            while (true) {
                l.add(value(depth));
                ws();
                if (pos < s.length() && s.charAt(pos) == ']') {
                    pos++;
                    return l;
                }
                if (pos >= s.length() || s.charAt(pos) != ',') {
                    throw new DecodeError("Expecting ',' delimiter", pos);
                }
                pos++;
                ws();
            }
        }

        /** The rest of a string after its opening quote (strict: no raw control characters). */
        private String string() throws DecodeError {
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw new DecodeError("Unterminated string", pos);
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw new DecodeError("Invalid control character", pos - 1);
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw new DecodeError("Unterminated string", pos);
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw new DecodeError("Invalid \\uXXXX escape", pos - 1);
                        }
                        int cp = 0;
                        for (int k = 0; k < 4; k++) {
                            int h = Character.digit(s.charAt(pos + k), 16);
                            if (h < 0 || s.charAt(pos + k) > 0x7f) {
                                throw new DecodeError("Invalid \\uXXXX escape", pos - 1);
                            }
                            cp = cp * 16 + h;
                        }
                        pos += 4;
                        sb.append((char) cp);
                    }
                    default -> throw new DecodeError("Invalid \\escape", pos - 2);
                }
            }
        }
    }

    /** A float as {@code json.dumps} writes it: {@code repr}, or Python's names for the non-finite. */
    public static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return PyRepr.floatRepr(d);
    }
}
