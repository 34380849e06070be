package io.swiftnode.disk.pickle;

import io.swiftnode.disk.DiskFileBadMetadata;
import io.swiftnode.disk.pickle.SwiftUnpickler.PyBytes;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Codec for object metadata, the pickle kept in the {@code user.swift.metadata*} xattrs
 * (object-disk-format.md §6).
 *
 * <p><b>In-memory form.</b> A {@code Map<String, String>} in insertion order whose values are
 * the Python 3 {@code str}s Swift 2.30.1 works with after {@code _decode_metadata}: the stored
 * bytes decoded as UTF-8 with {@code surrogateescape}. Header values are therefore "WSGI
 * strings" (one char per wire octet, U+0000..U+00FF) and {@code name} is real Unicode; bytes
 * that are not valid UTF-8 appear as U+DC80..U+DCFF.
 *
 * <p><b>Writing</b> produces exactly what CPython 3 produces for
 * {@code pickle.dumps(_encode_metadata(md), protocol=2)}: every key and value is a
 * {@code bytes} object, pickled as {@code _codecs.encode(<latin-1 text>, "latin1")} (or
 * {@code __builtin__.bytes()} when empty), with CPython's memo ({@code BINPUT} for every
 * object, {@code BINGET} for the reused global, the {@code "latin1"} string and the empty and
 * single-byte {@code bytes}, which CPython interns) and its batching of items (see
 * {@link PickleWriter#dictItems}). Since the first item starts right after
 * {@code 80 02 7D 71 00 [28]}, {@code _codecs\nencode} lies within the first 32 bytes, which is
 * how Swift 2.32+ recognises a Python 3 pickle. The one exception to copying CPython: when the
 * first key is empty CPython would start with {@code __builtin__.bytes} and push the marker past
 * byte 32, so the {@code _codecs.encode} global is then written (and memoized) first and popped.
 *
 * <p><b>Reading</b> accepts Python 2 and 3 writers and any mix of byte and text strings, and
 * interprets byte strings as Swift 2.32+ does (it fixed 2.30.1's handling of Python 2 data,
 * launchpad bug 2012531): in a Python 3 pickle (marker above present) byte strings are
 * UTF-8 + {@code surrogateescape}; otherwise they are raw octets, one char per byte, except the
 * value of the byte-string key {@code name}, which Python 2 also stored as UTF-8. Text strings
 * are kept as they are. Integers are accepted as their decimal string (Python code only ever
 * {@code int()}s or prints such values); any other type is bad metadata.
 *
 * <p>Stateless and thread-safe.
 */
public final class MetadataPickle {
    /** The byte sequence whose presence in the first 32 bytes marks a pickle written by Python 3. */
    private static final byte[] PY3_MARKER = "_codecs\nencode".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int PY3_MARKER_WINDOW = 32;
    private static final PyBytes NAME_KEY = new PyBytes(new byte[] {'n', 'a', 'm', 'e'});

    private MetadataPickle() {
    }

    /**
     * Pickles metadata the way Swift 2.30.1 on Python 3 does.
     *
     * @param metadata keys and values as described in the class comment; not null, no null
     *     keys or values
     * @return the pickle, protocol 2
     * @throws IllegalArgumentException if a key or value holds a lone surrogate outside
     *     U+DC80..U+DCFF (Python cannot encode it either)
     */
    public static byte[] encode(Map<String, String> metadata) {
        Writer w = new Writer();
        return w.dict(metadata);
    }

    /**
     * Unpickles metadata written by any Swift version, Python 2 or 3.
     *
     * @return a new mutable {@link LinkedHashMap} in pickle order
     * @throws DiskFileBadMetadata if the data is not a pickle, not a dict, or holds keys or
     *     values that are neither strings nor integers
     */
    public static Map<String, String> decode(byte[] pickle) throws DiskFileBadMetadata {
        boolean writtenByPy3 = writtenByPython3(pickle);
        Object o = SwiftUnpickler.load(pickle, SwiftUnpickler.Py2Strings.BYTES);
        if (!(o instanceof Map<?, ?> raw)) {
            throw new DiskFileBadMetadata("metadata pickle holds a "
                    + (o == null ? "None" : o.getClass().getSimpleName()) + ", not a dict");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String key = toStr(e.getKey(), writtenByPy3, false);
            String value = toStr(e.getValue(), writtenByPy3, NAME_KEY.equals(e.getKey()));
            result.put(key, value);
        }
        return result;
    }

    /** Swift 2.32+'s test: {@code b'_codecs\nencode' in pickle[:32]}. */
    static boolean writtenByPython3(byte[] pickle) {
        int limit = Math.min(pickle.length, PY3_MARKER_WINDOW) - PY3_MARKER.length;
        outer:
        for (int i = 0; i <= limit; i++) {
            for (int j = 0; j < PY3_MARKER.length; j++) {
                if (pickle[i + j] != PY3_MARKER[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String toStr(Object o, boolean writtenByPy3, boolean isName) throws DiskFileBadMetadata {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof PyBytes b) {
            return writtenByPy3 || isName ? b.utf8() : b.latin1();
        }
        if (o instanceof Integer || o instanceof Long || o instanceof BigInteger) {
            return o.toString();
        }
        throw new DiskFileBadMetadata("metadata holds a " + (o == null ? "None" : o.getClass().getSimpleName())
                + " where a string belongs");
    }

    /** One encoding run: CPython's memo state for the objects it would share. */
    private static final class Writer {
        private final PickleWriter out = new PickleWriter();
        private int nextMemo;
        private int codecsEncode = -1;
        private int latin1 = -1;
        private int bytesGlobal = -1;
        /** Memo index of each interned (empty or single-byte) bytes object already written. */
        private final Map<Integer, Integer> interned = new HashMap<>();

        byte[] dict(Map<String, String> metadata) {
            out.proto(2).op('}').binput(nextMemo++);
            List<Map.Entry<String, String>> items = List.copyOf(metadata.entrySet());
            if (!items.isEmpty()) {
                if (items.get(0).getKey().isEmpty()) {
                    out.global("_codecs", "encode").binput(codecsEncode = nextMemo++).op('0');
                }
                out.dictItems(items, e -> {
                    bytes(PyCodecs.encodeUtf8SurrogateEscape(e.getKey()));
                    bytes(PyCodecs.encodeUtf8SurrogateEscape(e.getValue()));
                });
            }
            return out.op('.').toByteArray();
        }

        private void bytes(byte[] b) {
            Integer internKey = b.length == 0 ? Integer.valueOf(-1)
                    : b.length == 1 ? Integer.valueOf(b[0] & 0xff) : null;
            if (internKey != null && interned.containsKey(internKey)) {
                out.binget(interned.get(internKey));
                return;
            }
            if (b.length == 0) {
                if (bytesGlobal < 0) {
                    out.global("__builtin__", "bytes").binput(bytesGlobal = nextMemo++);
                } else {
                    out.binget(bytesGlobal);
                }
                out.op(')');
            } else {
                if (codecsEncode < 0) {
                    out.global("_codecs", "encode").binput(codecsEncode = nextMemo++);
                } else {
                    out.binget(codecsEncode);
                }
                out.binunicode(PyCodecs.decodeLatin1(b)).binput(nextMemo++);
                if (latin1 < 0) {
                    out.binunicode("latin1").binput(latin1 = nextMemo++);
                } else {
                    out.binget(latin1);
                }
                out.op(0x86).binput(nextMemo++);
            }
            out.op('R');
            int index = nextMemo++;
            out.binput(index);
            if (internKey != null) {
                interned.put(internKey, index);
            }
        }
    }
}
