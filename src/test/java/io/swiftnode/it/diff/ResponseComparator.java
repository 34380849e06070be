package io.swiftnode.it.diff;

import io.swiftnode.it.diff.Difference.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two responses to the same request: transport outcome, status line (version, code,
 * reason), every header except {@code Date} (names case-insensitive, values as multisets, the
 * boundary of a {@code multipart/byteranges} Content-Type normalised), and the body byte for byte
 * with multipart boundaries normalised; when both answer 500 the bodies (a Python traceback
 * against our message) are not compared.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResponseComparator {
    /** Headers never compared: the send time. */
    static final Set<String> EXCLUDED = Set.of("date");
    static final String BOUNDARY = "<boundary>";

    private ResponseComparator() {
    }

    public static List<Difference> compare(String sequence, int index, RawRequest req, RawResponse py,
            RawResponse jv) {
        List<Difference> out = new ArrayList<>();
        if (!Objects.equals(py.error(), jv.error())) {
            out.add(new Difference(sequence, index, req, Kind.TRANSPORT, "", String.valueOf(py.error()),
                    String.valueOf(jv.error()), py, jv));
        }
        if (py.version() == null || jv.version() == null) {
            if (py.version() != null || jv.version() != null) {
                out.add(new Difference(sequence, index, req, Kind.STATUS, "", statusOf(py), statusOf(jv), py, jv));
            }
            return out;
        }
        if (!py.version().equals(jv.version())) {
            out.add(new Difference(sequence, index, req, Kind.VERSION, "", py.version(), jv.version(), py, jv));
        }
        if (py.status() != jv.status()) {
            out.add(new Difference(sequence, index, req, Kind.STATUS, "", statusOf(py), statusOf(jv), py, jv));
        }
        if (!py.reason().equals(jv.reason())) {
            out.add(new Difference(sequence, index, req, Kind.REASON, Integer.toString(py.status()),
                    quote(py.reason()), quote(jv.reason()), py, jv));
        }
        SortedMap<String, List<String>> ph = headerMap(py);
        SortedMap<String, List<String>> jh = headerMap(jv);
        Set<String> names = new TreeSet<>(ph.keySet());
        names.addAll(jh.keySet());
        for (String n : names) {
            List<String> a = ph.get(n);
            List<String> b = jh.get(n);
            if (!Objects.equals(a, b)) {
                out.add(new Difference(sequence, index, req, Kind.HEADER, n, values(a), values(b), py, jv));
            } else {
                Set<String> ps = spellings(py, n);
                Set<String> js = spellings(jv, n);
                if (!ps.equals(js)) {
                    out.add(new Difference(sequence, index, req, Kind.HEADER_CASE, n, ps.toString(), js.toString(), py,
                            jv));
                }
            }
        }
        boolean bothServerErrors = py.status() == 500 && jv.status() == 500;
        if (!bothServerErrors) {
            byte[] pb = normaliseBody(py);
            byte[] jb = normaliseBody(jv);
            if (!Arrays.equals(pb, jb)) {
                out.add(new Difference(sequence, index, req, Kind.BODY, "", bodySummary(pb, jb), bodySummary(jb, pb),
                        py, jv));
            }
        }
        return out;
    }

    private static String statusOf(RawResponse r) {
        return r.version() == null ? "(none: " + r.error() + ")" : r.status() + " " + r.reason();
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String values(List<String> v) {
        if (v == null) {
            return "(absent)";
        }
        List<String> q = new ArrayList<>();
        for (String s : v) {
            q.add(quote(RawRequest.printable(s, 300)));
        }
        return String.join(", ", q);
    }

    private static SortedMap<String, List<String>> headerMap(RawResponse r) {
        SortedMap<String, List<String>> m = new TreeMap<>();
        String boundary = r.multipartBoundary();
        for (String[] h : r.headers()) {
            String n = h[0].toLowerCase(Locale.ROOT);
            if (EXCLUDED.contains(n)) {
                continue;
            }
            String v = h[1];
            if (n.equals("content-type") && boundary != null) {
                v = v.replace(boundary, BOUNDARY);
            }
            m.computeIfAbsent(n, k -> new ArrayList<>()).add(v);
        }
        for (Map.Entry<String, List<String>> e : m.entrySet()) {
            e.getValue().sort(null);
        }
        return m;
    }

    private static Set<String> spellings(RawResponse r, String lowerName) {
        Set<String> s = new TreeSet<>();
        for (String[] h : r.headers()) {
            if (h[0].equalsIgnoreCase(lowerName)) {
                s.add(h[0]);
            }
        }
        return s;
    }

    /** The body with this response's multipart boundary replaced by a placeholder. */
    static byte[] normaliseBody(RawResponse r) {
        String boundary = r.multipartBoundary();
        if (boundary == null || boundary.isEmpty()) {
            return r.body();
        }
        String s = new String(r.body(), StandardCharsets.ISO_8859_1);
        return s.replace("--" + boundary, "--" + BOUNDARY).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String bodySummary(byte[] mine, byte[] other) {
        int i = 0;
        while (i < mine.length && i < other.length && mine[i] == other[i]) {
            i++;
        }
        int from = Math.max(0, i - 20);
        String excerpt = new String(mine, from, Math.min(mine.length - from, 120), StandardCharsets.ISO_8859_1);
        return mine.length + " bytes, from offset " + i + (from > 0 ? " (excerpt from " + from + ")" : "") + ": \""
                + RawRequest.printable(excerpt, 160) + "\"";
    }
}
