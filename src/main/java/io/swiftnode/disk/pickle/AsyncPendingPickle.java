package io.swiftnode.disk.pickle;

import io.swiftnode.disk.DiskFileBadMetadata;
import io.swiftnode.disk.pickle.SwiftUnpickler.PyBytes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Codec for async pending files, the container updates an object server could not deliver
 * (object-disk-format.md §11): a pickle <b>protocol 0</b> dict with text keys {@code op},
 * {@code account}, {@code container}, {@code obj}, {@code headers} and optionally
 * {@code container_path}, {@code successes}, {@code redirect_history}.
 *
 * <p>{@link #encode} writes what CPython 3's {@code pickle.dumps(data, 0)} writes for such a
 * dict ({@code (dp0\n}, {@code V}-strings in raw-unicode-escape, {@code p<n>\n} memo puts,
 * {@code s} per item, {@code (lp<n>\n I<n>\n a} lists, {@code N}), except that {@code headers}
 * is a plain dict rather than a {@code HeaderKeyDict}: every Python updater accepts that, and
 * Swift 2.38+'s restricted unpickler needs no extra globals for it.
 *
 * <p>{@link #decode} also reads what Python 2 and 3 Swift wrote, including
 * {@code copy_reg._reconstructor(HeaderKeyDict, dict, {...})} headers (read as a plain dict)
 * and Python 2 {@code S'...'} byte strings. Python 3's updater reads those as ASCII and
 * quarantines anything else; here they are interpreted as Python 2 Swift meant them: names as
 * UTF-8 ({@code surrogateescape}), header keys and values as raw octets (WSGI strings).
 * Unknown keys are ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class AsyncPendingPickle {

    /**
     * One pending container update. Header values are WSGI strings (one char per octet);
     * names are Unicode. {@code containerPath}, {@code successes} and {@code redirectHistory}
     * are {@code null} when absent (a {@code None} {@code container_path} is also
     * {@code null}). The collections are unmodifiable copies.
     *
     * @param op {@code PUT} or {@code DELETE}
     * @param account account of the container entry
     * @param container container of the container entry
     * @param obj object name of the container entry
     * @param headers the update's headers, in order
     * @param containerPath {@code account/container} of a shard or redirect target, or null
     * @param successes ids of container nodes already updated, or null
     * @param redirectHistory container paths redirected to so far, or null
     */
    public record AsyncUpdate(String op, String account, String container, String obj, Map<String, String> headers,
            String containerPath, List<Integer> successes, List<String> redirectHistory) {
        public AsyncUpdate {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(obj, "obj");
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
            successes = successes == null ? null : List.copyOf(successes);
            redirectHistory = redirectHistory == null ? null : List.copyOf(redirectHistory);
        }

        /** The update as the object server first writes it: no shard path, no progress. */
        public AsyncUpdate(String op, String account, String container, String obj, Map<String, String> headers) {
            this(op, account, container, obj, headers, null, null, null);
        }
    }

    private AsyncPendingPickle() {
    }

    /**
     * Pickles an update with protocol 0. Absent ({@code null}) optional fields are left out.
     *
     * @throws NullPointerException if a header key or value is null
     */
    public static byte[] encode(AsyncUpdate update) {
        Writer w = new Writer();
        w.out.op('(').op('d').put0(w.memo++);
        w.item("op", update.op());
        w.item("account", update.account());
        w.item("container", update.container());
        w.item("obj", update.obj());
        w.key("headers");
        w.out.op('(').op('d').put0(w.memo++);
        for (Map.Entry<String, String> h : update.headers().entrySet()) {
            w.item(Objects.requireNonNull(h.getKey(), "header name"), Objects.requireNonNull(h.getValue(),
                    "header value"));
        }
        w.out.op('s');
        if (update.containerPath() != null) {
            w.item("container_path", update.containerPath());
        }
        if (update.successes() != null) {
            w.key("successes");
            w.out.op('(').op('l').put0(w.memo++);
            for (int id : update.successes()) {
                w.out.int0(id).op('a');
            }
            w.out.op('s');
        }
        if (update.redirectHistory() != null) {
            w.key("redirect_history");
            w.out.op('(').op('l').put0(w.memo++);
            for (String path : update.redirectHistory()) {
                w.text(path);
                w.out.op('a');
            }
            w.out.op('s');
        }
        return w.out.op('.').toByteArray();
    }

    /**
     * Unpickles an async pending file written by any Swift version (see the class comment).
     *
     * @throws DiskFileBadMetadata if the data is not a pickle, not a dict, lacks {@code op},
     *     {@code account}, {@code container}, {@code obj} or {@code headers}, or holds a field
     *     of the wrong type; the updater quarantines such a file
     */
    public static AsyncUpdate decode(byte[] pickle) throws DiskFileBadMetadata {
        Object o = SwiftUnpickler.load(pickle, SwiftUnpickler.Py2Strings.BYTES);
        if (!(o instanceof Map<?, ?> raw)) {
            throw new DiskFileBadMetadata("async pending holds a " + typeName(o) + ", not a dict");
        }
        Map<String, Object> d = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            d.put(headerText(e.getKey(), "key"), e.getValue());
        }
        Object headersObj = required(d, "headers");
        if (!(headersObj instanceof Map<?, ?> rawHeaders)) {
            throw new DiskFileBadMetadata("async pending headers is a " + typeName(headersObj) + ", not a dict");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<?, ?> h : rawHeaders.entrySet()) {
            headers.put(headerText(h.getKey(), "header name"), headerText(h.getValue(), "header value"));
        }
        Object cp = d.get("container_path");
        List<Integer> successes = null;
        if (d.get("successes") != null) {
            successes = new ArrayList<>();
            for (Object id : list(d.get("successes"), "successes")) {
                successes.add(nodeId(id));
            }
        }
        List<String> redirects = null;
        if (d.get("redirect_history") != null) {
            redirects = new ArrayList<>();
            for (Object path : list(d.get("redirect_history"), "redirect_history")) {
                redirects.add(name(path, "redirect_history entry"));
            }
        }
        return new AsyncUpdate(
                name(required(d, "op"), "op"),
                name(required(d, "account"), "account"),
                name(required(d, "container"), "container"),
                name(required(d, "obj"), "obj"),
                headers,
                cp == null ? null : name(cp, "container_path"),
                successes,
                redirects);
    }

    private static Object required(Map<String, Object> d, String key) throws DiskFileBadMetadata {
        if (!d.containsKey(key)) {
            throw new DiskFileBadMetadata("async pending lacks '" + key + "'");
        }
        return d.get(key);
    }

    /** A name: text as is, a Python 2 byte string as UTF-8. */
    private static String name(Object o, String what) throws DiskFileBadMetadata {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof PyBytes b) {
            return b.utf8();
        }
        throw new DiskFileBadMetadata("async pending " + what + " is a " + typeName(o) + ", not a string");
    }

    /** A header name or value: text as is, a byte string as its octets, an int as its digits. */
    private static String headerText(Object o, String what) throws DiskFileBadMetadata {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof PyBytes b) {
            return b.latin1();
        }
        if (o instanceof Integer || o instanceof Long || o instanceof BigInteger) {
            return o.toString();
        }
        throw new DiskFileBadMetadata("async pending " + what + " is a " + typeName(o) + ", not a string");
    }

    private static List<?> list(Object o, String what) throws DiskFileBadMetadata {
        if (o instanceof List<?> l) {
            return l;
        }
        if (o instanceof Object[] tuple) {
            return java.util.Arrays.asList(tuple);
        }
        throw new DiskFileBadMetadata("async pending " + what + " is a " + typeName(o) + ", not a list");
    }

    private static int nodeId(Object o) throws DiskFileBadMetadata {
        if ((o instanceof Integer || o instanceof Long) && ((Number) o).longValue() == ((Number) o).intValue()) {
            return ((Number) o).intValue();
        }
        throw new DiskFileBadMetadata("async pending node id " + o + " is not an int");
    }

    private static String typeName(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    /** CPython's protocol 0 output for the parts of the dict, with a running memo index. */
    private static final class Writer {
        final PickleWriter out = new PickleWriter();
        int memo;

        void text(String s) {
            out.unicode0(s).put0(memo++);
        }

        void key(String k) {
            text(k);
        }

        void item(String k, String v) {
            text(k);
            text(v);
            out.op('s');
        }
    }
}
