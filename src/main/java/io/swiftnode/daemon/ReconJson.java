package io.swiftnode.daemon;

import io.swiftnode.python.PyRepr;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as Python's {@code json.dumps(obj, sort_keys=True)} writes it, which is how Swift's recon
 * cache files look: keys sorted, {@code ", "} and {@code ": "} separators, non-ASCII escaped as
 * {@code \\uXXXX}, floats in Python's {@code repr} ({@code 0.0053}, {@code 1795796254.018},
 * {@code 5.0}, {@code 1e-05}), integers without a fraction. Reading accepts any JSON object.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReconJson {
    private ReconJson() {
    }

    /**
     * Writes {@code value}: a {@link Map} with string keys, {@link List}, {@link String},
     * {@link Boolean}, integral {@link Number}s ({@link Integer}, {@link Long}), {@link Double} /
     * {@link Float}, {@link BigDecimal} or null.
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), x));
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                string(sb, e.getKey());
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
            sb.append(pyFloat(((Number) v).doubleValue()));
        } else if (v instanceof BigDecimal d) {
            sb.append(d.scale() <= 0 ? d.toBigInteger().toString() : pyFloat(d.doubleValue()));
        } else if (v instanceof Number n) {
            sb.append(n.longValue());
        } else {
            throw new IllegalArgumentException("not JSON: " + v.getClass());
        }
    }

    /** Python's {@code repr(float)}, as {@code json.dumps} writes floats ({@code NaN}/{@code Infinity} aside). */
    public static String pyFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return PyRepr.floatRepr(d);
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
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * Parses a JSON object into maps, lists, strings, booleans, {@link Long} (integral numbers),
     * {@link Double} and null.
     *
     * @throws jakarta.json.JsonException if {@code text} is not a JSON object
     */
    public static Map<String, Object> readObject(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return toMap(r.readObject());
        }
    }

    private static Map<String, Object> toMap(JsonObject o) {
        Map<String, Object> m = new LinkedHashMap<>();
        o.forEach((k, v) -> m.put(k, toJava(v)));
        return m;
    }

    private static Object toJava(JsonValue v) {
        switch (v.getValueType()) {
            case OBJECT:
                return toMap(v.asJsonObject());
            case ARRAY:
                List<Object> l = new ArrayList<>();
                for (JsonValue x : (JsonArray) v) {
                    l.add(toJava(x));
                }
                return l;
            case STRING:
                return ((JsonString) v).getString();
            case NUMBER:
                JsonNumber n = (JsonNumber) v;
                return n.isIntegral() ? (Object) n.longValue() : (Object) n.doubleValue();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
