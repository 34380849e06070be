package io.swiftnode.http;

import io.swiftnode.python.PyRepr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bits of Python 3.11 semantics the footer needs: json.loads, str()/repr(), bytes repr/strip. */
final class Py {
    private Py() {
    }

    static String bytesRepr(byte[] b) {
        return PyRepr.bytesRepr(b);
    }

    static String floatRepr(double d) {
        return PyRepr.floatRepr(d);
    }

    static String strRepr(String s) {
        return PyRepr.strRepr(s);
    }

    /** Python's {@code ValueError} (incl. {@code JSONDecodeError}, {@code UnicodeError}): Swift's 400. */
    static final class ValueError extends Exception {
        private static final long serialVersionUID = 1L;

        ValueError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Any other Python exception ({@code TypeError}, {@code AttributeError}, {@code RecursionError}): 500. The
     * message is the last line of Swift's traceback.
     */
    static final class OtherError extends Exception {
        private static final long serialVersionUID = 1L;

        OtherError(String message) {
            super(message, null, false, false);
        }
    }

    /** Python's {@code None} in parsed JSON. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** {@code bytes.strip()}: ASCII whitespace (space, \t, \n, \r, \x0b, \x0c) off both ends. */
    static byte[] stripBytes(byte[] b) {
        int s = 0;
        int e = b.length;
        while (s < e && isSpace(b[s])) {
            s++;
        }
        while (e > s && isSpace(b[e - 1])) {
            e--;
        }
        return Arrays.copyOfRange(b, s, e);
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** {@code bytes.decode(json.detect_encoding(b), 'surrogatepass')}. */
    static String decodeJsonBytes(byte[] b) throws ValueError {
        int n = b.length;
        if (startsWith(b, 0, 0, 0xfe, 0xff)) {
            return utf32(b, 4, true);
        }
        if (startsWith(b, 0xff, 0xfe, 0, 0)) {
            return utf32(b, 4, false);
        }
        if (startsWith(b, 0xfe, 0xff)) {
            return utf16(b, 2, true);
        }
        if (startsWith(b, 0xff, 0xfe)) {
            return utf16(b, 2, false);
        }
        if (startsWith(b, 0xef, 0xbb, 0xbf)) {
            return utf8(b, 3);
        }
        if (n >= 4) {
            if (b[0] == 0) {
                return b[1] != 0 ? utf16(b, 0, true) : utf32(b, 0, true);
            }
            if (b[1] == 0) {
                return b[2] != 0 || b[3] != 0 ? utf16(b, 0, false) : utf32(b, 0, false);
            }
        } else if (n == 2) {
            if (b[0] == 0) {
                return utf16(b, 0, true);
            }
            if (b[1] == 0) {
                return utf16(b, 0, false);
            }
        }
        return utf8(b, 0);
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String utf32(byte[] b, int from, boolean bigEndian) throws ValueError {
        if ((b.length - from) % 4 != 0) {
            throw new ValueError("utf-32: truncated data");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < b.length; i += 4) {
            long v = 0;
            for (int k = 0; k < 4; k++) {
                v = (v << 8) | (b[i + (bigEndian ? k : 3 - k)] & 0xff);
            }
            if (v > 0x10ffff) {
                throw new ValueError("utf-32: code point not in range(0x110000)");
            }
            sb.appendCodePoint((int) v); // surrogates pass (surrogatepass)
        }
        return sb.toString();
    }

    private static String utf16(byte[] b, int from, boolean bigEndian) throws ValueError {
        if ((b.length - from) % 2 != 0) {
            throw new ValueError("utf-16: truncated data");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < b.length; i += 2) {
            int v = bigEndian ? ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff) : ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff);
            sb.append((char) v); // lone surrogates pass (surrogatepass)
        }
        return sb.toString();
    }

    private static String utf8(byte[] b, int from) throws ValueError {
        StringBuilder sb = new StringBuilder(b.length);
        int i = from;
        while (i < b.length) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xbf;
            int cp;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
                cp = c & 0x1f;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                cp = c & 0x0f;
                if (c == 0xe0) {
                    lo = 0xa0;
                }
                // 0xed with 0xa0..0xbf: a surrogate, accepted by 'surrogatepass'
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                cp = c & 0x07;
                if (c == 0xf0) {
                    lo = 0x90;
                } else if (c == 0xf4) {
                    hi = 0x8f;
                }
            } else {
                throw new ValueError("utf-8: invalid start byte");
            }
            if (i + need >= b.length) {
                throw new ValueError("utf-8: unexpected end of data");
            }
            for (int k = 1; k <= need; k++) {
                int x = b[i + k] & 0xff;
                if (x < (k == 1 ? lo : 0x80) || x > (k == 1 ? hi : 0xbf)) {
                    throw new ValueError("utf-8: invalid continuation byte");
                }
                cp = (cp << 6) | (x & 0x3f);
            }
            sb.appendCodePoint(cp);
            i += need + 1;
        }
        return sb.toString();
    }

    /** Python's {@code json.loads} (C scanner, strict) of an already decoded text. */
    static final class Json {
        private final String s;
        private final int n;
        private int i;

        Json(String s) {
            this.s = s;
            this.n = s.length();
        }

        Object parse() throws ValueError, OtherError {
            skipWhitespace();
            Object v = value(0);
            skipWhitespace();
            if (i != n) {
                throw new ValueError("Extra data");
            }
            return v;
        }

        private void skipWhitespace() {
            while (i < n) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                i++;
            }
        }

        private boolean literal(String word) {
            if (s.startsWith(word, i)) {
                i += word.length();
                return true;
            }
            return false;
        }

        private Object value(int depth) throws ValueError, OtherError {
            if (i >= n) {
                throw new ValueError("Expecting value");
            }
            switch (s.charAt(i)) {
                case '"' -> {
                    i++;
                    return string();
                }
                case '{' -> {
                    checkDepth(depth);
                    return object(depth + 1);
                }
                case '[' -> {
                    checkDepth(depth);
                    return array(depth + 1);
                }
                case 'n' -> {
                    if (literal("null")) {
                        return NONE;
                    }
                }
                case 't' -> {
                    if (literal("true")) {
                        return Boolean.TRUE;
                    }
                }
                case 'f' -> {
                    if (literal("false")) {
                        return Boolean.FALSE;
                    }
                }
                case 'N' -> {
                    if (literal("NaN")) {
                        return Double.NaN;
                    }
                }
                case 'I' -> {
                    if (literal("Infinity")) {
                        return Double.POSITIVE_INFINITY;
                    }
                }
                case '-' -> {
                    if (literal("-Infinity")) {
                        return Double.NEGATIVE_INFINITY;
                    }
                }
                default -> {
                    // a number, below
                }
            }
            return number();
        }

        private void checkDepth(int depth) throws OtherError {
            if (depth + 1 > MimeDocuments.MAX_JSON_DEPTH) {
                throw new OtherError("RecursionError: maximum recursion depth exceeded while decoding a JSON "
                        + (s.charAt(i) == '[' ? "array" : "object") + " from a unicode string");
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private Object number() throws ValueError {
            int start = i;
            int j = i;
            boolean negative = false;
            if (j < n && s.charAt(j) == '-') {
                negative = true;
                j++;
            }
            if (j < n && s.charAt(j) >= '1' && s.charAt(j) <= '9') {
                j++;
                while (j < n && isDigit(s.charAt(j))) {
                    j++;
                }
            } else if (j < n && s.charAt(j) == '0') {
                j++;
            } else {
                throw new ValueError("Expecting value");
            }
            boolean isFloat = false;
            if (j + 1 < n && s.charAt(j) == '.' && isDigit(s.charAt(j + 1))) {
                isFloat = true;
                j += 2;
                while (j < n && isDigit(s.charAt(j))) {
                    j++;
                }
            }
            if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
                int e = j;
                j++;
                if (j < n && (s.charAt(j) == '-' || s.charAt(j) == '+')) {
                    j++;
                }
                int digits = j;
                while (j < n && isDigit(s.charAt(j))) {
                    j++;
                }
                if (j > digits) {
                    isFloat = true;
                } else {
                    j = e;
                }
            }
            i = j;
            String text = s.substring(start, j);
            if (isFloat) {
                return Double.parseDouble(text);
            }
            if (text.length() - (negative ? 1 : 0) > 4300) {
                throw new ValueError("Exceeds the limit (4300 digits) for integer string conversion");
            }
            return new BigInteger(text);
        }

        private int hex4(int at) throws ValueError {
            if (at + 4 > n) {
                throw new ValueError("Invalid \\uXXXX escape");
            }
            int v = 0;
            for (int k = at; k < at + 4; k++) {
                char c = s.charAt(k);
                int d = c >= '0' && c <= '9' ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) {
                    throw new ValueError("Invalid \\uXXXX escape");
                }
                v = (v << 4) | d;
            }
            return v;
        }

        private String string() throws ValueError {
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= n) {
                    throw new ValueError("Unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw new ValueError("Invalid control character");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i >= n) {
                    throw new ValueError("Unterminated string");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        int cu = hex4(i);
                        i += 4;
                        if (Character.isHighSurrogate((char) cu) && i + 6 < n && s.charAt(i) == '\\'
                                && s.charAt(i + 1) == 'u') {
                            int low = hex4(i + 2);
                            if (Character.isLowSurrogate((char) low)) {
                                sb.append((char) cu).append((char) low);
                                i += 6;
                                continue;
                            }
                        }
                        sb.append((char) cu);
                    }
                    default -> throw new ValueError("Invalid \\escape");
                }
            }
        }

        private Map<String, Object> object(int depth) throws ValueError, OtherError {
            i++;
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (i < n && s.charAt(i) == '}') {
                i++;
                return map;
            }
            while (true) {
                if (i >= n || s.charAt(i) != '"') {
                    throw new ValueError("Expecting property name enclosed in double quotes");
                }
                i++;
                String key = string();
                skipWhitespace();
                if (i >= n || s.charAt(i) != ':') {
                    throw new ValueError("Expecting ':' delimiter");
                }
                i++;
                skipWhitespace();
                map.put(key, value(depth)); // Python dict: first position, last value
                skipWhitespace();
                if (i < n && s.charAt(i) == '}') {
                    i++;
                    return map;
                }
                if (i >= n || s.charAt(i) != ',') {
                    throw new ValueError("Expecting ',' delimiter");
                }
                i++;
                skipWhitespace();
            }
        }

        private List<Object> array(int depth) throws ValueError, OtherError {
            i++;
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (i < n && s.charAt(i) == ']') {
                i++;
                return list;
            }
            while (true) {
                list.add(value(depth));
                skipWhitespace();
                if (i < n && s.charAt(i) == ']') {
                    i++;
                    return list;
                }
                if (i >= n || s.charAt(i) != ',') {
                    throw new ValueError("Expecting ',' delimiter");
                }
                i++;
                skipWhitespace();
            }
        }
    }

    /** {@code HeaderKeyDict(value)} for a value produced by {@link Json}. */
    static Map<String, String> headerKeyDict(Object value) throws ValueError, OtherError {
        MimeDocuments.TitleKeyMap map = new MimeDocuments.TitleKeyMap();
        if (!truthy(value)) {
            return map;
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                set(map, e.getKey(), e.getValue());
            }
            return map;
        }
        if (value instanceof String) {
            throw new ValueError("not enough values to unpack (expected 2, got 1)");
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                Object[] pair = unpack(item);
                set(map, pair[0], pair[1]);
            }
            return map;
        }
        throw new OtherError("TypeError: '" + typeName(value) + "' object is not iterable");
    }

    private static Object[] unpack(Object item) throws ValueError, OtherError {
        if (item instanceof List<?> l) {
            if (l.size() != 2) {
                throw new ValueError("wrong number of values to unpack");
            }
            return new Object[] {l.get(0), l.get(1)};
        }
        if (item instanceof String s) {
            if (s.codePointCount(0, s.length()) != 2) {
                throw new ValueError("wrong number of values to unpack");
            }
            int split = s.offsetByCodePoints(0, 1);
            return new Object[] {s.substring(0, split), s.substring(split)};
        }
        if (item instanceof Map<?, ?> m) {
            if (m.size() != 2) {
                throw new ValueError("wrong number of values to unpack");
            }
            return m.keySet().toArray();
        }
        throw new OtherError("TypeError: cannot unpack non-iterable " + typeName(item) + " object");
    }

    private static void set(MimeDocuments.TitleKeyMap map, Object key, Object value) throws ValueError, OtherError {
        if (!(key instanceof String k)) {
            throw new OtherError("AttributeError: '" + typeName(key) + "' object has no attribute 'encode'");
        }
        for (int i = 0; i < k.length(); i++) {
            if (k.charAt(i) > 0xff) {
                throw new ValueError("'latin-1' codec can't encode character");
            }
        }
        map.put(k, value == NONE ? null : str(value));
    }

    /** Python's type name of a parsed JSON value. */
    static String typeName(Object v) {
        if (v == NONE) {
            return "NoneType";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof BigInteger) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        if (v instanceof String) {
            return "str";
        }
        return v instanceof List ? "list" : "dict";
    }

    static boolean truthy(Object v) {
        if (v == NONE) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof BigInteger b) {
            return b.signum() != 0;
        }
        if (v instanceof Double d) {
            return d != 0.0 || Double.isNaN(d);
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        return !((Map<?, ?>) v).isEmpty();
    }

    /** Python's {@code str()} of a parsed JSON value. */
    static String str(Object v) {
        return v instanceof String s ? s : repr(v);
    }

    /** Python's {@code repr()} of a parsed JSON value. */
    static String repr(Object v) {
        if (v == NONE) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof BigInteger b) {
            return b.toString();
        }
        if (v instanceof Double d) {
            return floatRepr(d);
        }
        if (v instanceof String s) {
            return strRepr(s);
        }
        StringBuilder sb = new StringBuilder();
        if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(repr(l.get(i)));
            }
            return sb.append(']').toString();
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            sb.append(first ? "" : ", ").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            first = false;
        }
        return sb.append('}').toString();
    }

}
