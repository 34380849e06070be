package io.swiftnode.disk.pickle;

import io.swiftnode.disk.DiskFileBadMetadata;
import io.swiftnode.disk.pickle.SwiftUnpickler.PyBytes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Codec for a partition's {@code hashes.pkl} (object-disk-format.md §10.1) and for the body of
 * a {@code REPLICATE} response (§15): pickle protocol 2 dicts with <b>text</b> keys, as Swift
 * 2.30.1 on Python 3 writes them. Text keys matter: Python's {@code read_hashes} rejects a
 * file with byte-string keys and every Python node would rehash the partition.
 *
 * <p>{@link #decode} applies {@code read_hashes}' rules, reading like {@code pickle.loads(data)}
 * on Python 3 (Python 2 {@code str} opcodes become text when ASCII and fail otherwise;
 * Python 3 {@code bytes} stay bytes and are therefore never valid suffixes).
 *
 * <p>Stateless and thread-safe.
 */
public final class HashesPickle {
    private HashesPickle() {
    }

    /**
     * Pickles a {@code hashes.pkl} dict.
     *
     * @param hashes keys in iteration order; values {@code Boolean}, {@code Double} (or other
     *     {@code Float}), {@code Integer}/{@code Long}, {@code String} or {@code null}
     * @throws IllegalArgumentException for another value type
     */
    public static byte[] encode(Map<String, ?> hashes) {
        PickleWriter out = new PickleWriter();
        int[] memo = {0};
        out.proto(2).op('}').binput(memo[0]++);
        List<Map.Entry<String, ?>> items = new ArrayList<>(hashes.entrySet());
        if (!items.isEmpty()) {
            out.dictItems(items, e -> {
                out.binunicode(e.getKey()).binput(memo[0]++);
                Object v = e.getValue();
                if (v == null) {
                    out.op('N');
                } else if (v instanceof Boolean b) {
                    out.op(b ? 0x88 : 0x89);
                } else if (v instanceof Double || v instanceof Float) {
                    out.binfloat(((Number) v).doubleValue());
                } else if (v instanceof Integer || v instanceof Long) {
                    out.binint(((Number) v).longValue());
                } else if (v instanceof String s) {
                    out.binunicode(s).binput(memo[0]++);
                } else {
                    throw new IllegalArgumentException("cannot pickle a " + v.getClass().getName()
                            + " in hashes for key " + e.getKey());
                }
            });
        }
        return out.op('.').toByteArray();
    }

    /**
     * Pickles a {@code REPLICATE} response body: suffix → hash ({@code null} = None).
     */
    public static byte[] encodeSuffixHashes(Map<String, String> suffixHashes) {
        return encode(suffixHashes);
    }

    /**
     * Swift's {@code read_hashes} applied to the file's bytes; never fails.
     *
     * <ul>
     *   <li>not a pickle (or a forbidden global) → {@code {valid: false, updated: -1.0}}, because
     *       Python applies its defaults to the {@code {'valid': False}} it starts from;</li>
     *   <li>not a dict, or a key that is neither {@code valid}, {@code updated} nor a text
     *       suffix of three lower-case hex digits → {@code {valid: false}};</li>
     *   <li>otherwise the dict in pickle order, with {@code valid: true} and
     *       {@code updated: -1.0} appended when missing.</li>
     * </ul>
     * Values are returned as unpickled: {@code Boolean}, {@code Double}, {@code Long} (or
     * {@code BigInteger}) for ints, {@code String}, {@code byte[]} for bytes, {@code null}.
     * Python keeps the default {@code updated} as the int {@code -1}; it is {@code -1.0} here
     * so that {@code updated} is always a {@code Double}.
     *
     * @return a new mutable map
     */
    public static Map<String, Object> decode(byte[] pickle) {
        Object o;
        try {
            o = SwiftUnpickler.load(pickle, SwiftUnpickler.Py2Strings.ASCII);
        } catch (DiskFileBadMetadata e) {
            Map<String, Object> m = invalid();
            m.put("updated", -1.0);
            return m;
        }
        if (!(o instanceof Map<?, ?> raw)) {
            return invalid();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            if (!(e.getKey() instanceof String key)
                    || !(isSuffix(key) || key.equals("valid") || key.equals("updated"))) {
                return invalid();
            }
            result.put(key, javaValue(e.getValue()));
        }
        result.putIfAbsent("valid", Boolean.TRUE);
        result.putIfAbsent("updated", -1.0);
        return result;
    }

    /** Swift's {@code valid_suffix}: a str of exactly three chars from {@code 0-9a-f}. */
    public static boolean isSuffix(String s) {
        if (s.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> invalid() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", Boolean.FALSE);
        return m;
    }

    private static Object javaValue(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof PyBytes b) {
            return b.bytes();
        }
        return v;
    }
}
