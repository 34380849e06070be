package io.swiftnode.daemon;

import io.swiftnode.python.PyJson;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as the object daemons' files hold it: Python's {@code json.dumps(obj, sort_keys=True)} for
 * the recon cache and the auditor's status files (keys sorted at every level, {@code ", "} and
 * {@code ": "}, non-ASCII escaped, floats in Python's {@code repr}) and {@code json.loads} for
 * reading them back, through {@link PyJson}. Integers read back as {@link Long} when they fit.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReconJson {
    private ReconJson() {
    }

    /** {@code json.dumps(value, sort_keys=True)}. */
    public static String write(Object value) {
        return PyJson.dumps(sorted(value));
    }

    /** Python's {@code repr(float)}, as {@code json.dumps} writes floats ({@code NaN}/{@code Infinity} aside). */
    public static String pyFloat(double d) {
        return PyJson.floatText(d);
    }

    /**
     * {@code json.loads(text)} of an object.
     *
     * @throws IllegalArgumentException if {@code text} is not one JSON object
     */
    public static Map<String, Object> readObject(String text) {
        Object v;
        try {
            v = PyJson.loads(text);
        } catch (PyJson.DecodeError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!(v instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) narrow(v);
        return m;
    }

    private static Object sorted(Object v) {
        if (v instanceof Map<?, ?> m) {
            TreeMap<String, Object> t = new TreeMap<>();
            m.forEach((k, x) -> t.put(String.valueOf(k), sorted(x)));
            return t;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(sorted(x)));
            return out;
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigDecimal d) {
            return d.scale() <= 0 ? d.toBigInteger() : d.doubleValue();
        }
        if (v instanceof Number n && !(v instanceof Double || v instanceof Long || v instanceof Integer
                || v instanceof BigInteger)) {
            return n.longValue();
        }
        return v;
    }

    private static Object narrow(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), narrow(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(narrow(x)));
            return out;
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        return v;
    }
}
