package io.swiftnode.replication;

import io.swiftnode.backend.Quoting;
import io.swiftnode.python.PyRepr;

import io.swiftnode.disk.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The text of the SSYNC line protocol (object-server-http.md §12) shared by {@link SsyncSender} and
 * {@link SsyncReceiver}: the MISSING_CHECK offer line {@code <hash> <ts_data>[ m:<hex>[,t:<hex>]]},
 * the wanted line {@code <hash> <d|m|dm>} and the want computation, the in-band error line
 * {@code :ERROR: <code> <Python repr>}, and the URL quoting both sides apply.
 *
 * <p>Stateless and thread-safe.
 */
public final class SsyncMessages {
    public static final String MISSING_CHECK_START = ":MISSING_CHECK: START";
    public static final String MISSING_CHECK_END = ":MISSING_CHECK: END";
    public static final String UPDATES_START = ":UPDATES: START";
    public static final String UPDATES_END = ":UPDATES: END";

    private SsyncMessages() {
    }

    /**
     * One object as the sender offers it.
     *
     * @param hash    the object hash
     * @param tsData  timestamp of the {@code .data} or {@code .ts}
     * @param tsMeta  timestamp of the newest metadata (equal to tsData when there is no newer {@code .meta})
     * @param tsCtype timestamp of the content type (equal to tsData when not changed by a POST)
     * @param durable false only for a non-durable EC fragment
     */
    public record Offer(String hash, Timestamp tsData, Timestamp tsMeta, Timestamp tsCtype, boolean durable) {
    }

    /**
     * What the receiver has for an offered hash; all null when it has nothing, only {@code tsData}
     * for a tombstone.
     */
    public record Local(Timestamp tsData, Timestamp tsMeta, Timestamp tsCtype) {
        public static final Local NOTHING = new Local(null, null, null);

        public static Local tombstone(Timestamp ts) {
            return new Local(ts, null, null);
        }
    }

    /** The parts a receiver wants of an object: data (PUT or DELETE) and/or metadata (POST). */
    public record Wanted(boolean data, boolean meta) {
    }

    /**
     * The offer line (without CRLF) for an object: Swift's {@code encode_missing}. {@code tsMeta}
     * and {@code tsCtype} may be null; {@code m:} appears only for a metadata timestamp other than
     * the data's, {@code t:} only together with it.
     */
    public static String encodeMissing(String hash, Timestamp tsData, Timestamp tsMeta, Timestamp tsCtype) {
        StringBuilder sb = new StringBuilder(quote(hash, "")).append(' ').append(quote(tsData.internal(), ""));
        if (tsMeta != null && !tsMeta.equals(tsData)) {
            sb.append(" m:").append(Long.toHexString(tsMeta.raw() - tsData.raw()));
            if (tsCtype != null && !tsCtype.equals(tsData)) {
                sb.append(",t:").append(Long.toHexString(tsCtype.raw() - tsData.raw()));
            }
        }
        return sb.toString();
    }

    /**
     * Parses an offer line ({@code decode_missing}): whitespace-separated hash, data timestamp and an
     * optional comma-separated {@code k:v} list; unknown keys and items without {@code :} are
     * ignored. Also accepts the {@code <delta>__<offset>} form of newer senders.
     *
     * @throws IllegalArgumentException with a message like Python's exception for a malformed line
     */
    public static Offer decodeMissing(byte[] line) {
        for (byte b : line) {
            if (b < 0) {
                throw new IllegalArgumentException("'ascii' codec can't decode byte 0x"
                        + String.format("%02x", b & 0xff) + ": ordinal not in range(128)");
            }
        }
        String[] parts = new String(line, StandardCharsets.US_ASCII).strip().split("\\s+");
        if (parts.length < 2 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("list index out of range");
        }
        String hash = unquote(parts[0]);
        Timestamp tsData = parseTimestamp(unquote(parts[1]));
        Timestamp tsMeta = tsData;
        Timestamp tsCtype = tsData;
        boolean durable = true;
        if (parts.length > 2) {
            for (String item : unquote(parts[2]).split(",", -1)) {
                if (item.indexOf(':') < 0) {
                    continue;
                }
                String[] kv = item.split(":", -1);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("too many values to unpack (expected 2)");
                }
                switch (kv[0]) {
                    case "m" -> tsMeta = withDelta(tsData, kv[1]);
                    case "t" -> tsCtype = withDelta(tsData, kv[1]);
                    case "durable" -> durable = configTrue(kv[1]);
                    default -> {
                        // future keys are ignored
                    }
                }
            }
        }
        return new Offer(hash, tsData, tsMeta, tsCtype, durable);
    }

    private static Timestamp parseTimestamp(String s) {
        Timestamp t = Timestamp.tryParse(s);
        if (t == null) {
            throw new IllegalArgumentException("could not convert string to float: " + reprStr(s));
        }
        return t;
    }

    private static Timestamp withDelta(Timestamp base, String value) {
        String delta = value;
        Long offset = null;
        int sep = value.indexOf("__");
        if (sep >= 0) {
            delta = value.substring(0, sep);
            offset = pyInt16(value.substring(sep + 2));
        }
        Timestamp t = base.withDelta(pyInt16(delta));
        return offset == null ? t : t.withOffset(offset);
    }

    /** Python's {@code int(v, 16)}. */
    static long pyInt16(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        boolean neg = false;
        if (s.startsWith("+") || s.startsWith("-")) {
            neg = s.startsWith("-");
            s = s.substring(1);
        }
        if (s.startsWith("0x")) {
            s = s.substring(2);
            if (s.startsWith("_")) {
                s = s.substring(1);
            }
        }
        if (s.isEmpty() || !s.matches("[0-9a-f]+(_[0-9a-f]+)*")) {
            throw new IllegalArgumentException("invalid literal for int() with base 16: " + reprStr(v));
        }
        long n = Long.parseUnsignedLong(s.replace("_", ""), 16);
        return neg ? -n : n;
    }

    private static boolean configTrue(String v) {
        String l = v.strip().toLowerCase(Locale.ROOT);
        return l.equals("true") || l.equals("1") || l.equals("yes") || l.equals("on") || l.equals("t") || l.equals("y");
    }

    /**
     * The want computation ({@code encode_wanted}): with nothing local, data and metadata; else data
     * when the offered data is newer, metadata when the offered metadata is newer than the local
     * one, or the offered content type is newer than both the local one and the offered data.
     */
    public static Wanted wanted(Offer remote, Local local) {
        if (local.tsData() == null) {
            return new Wanted(true, true);
        }
        boolean data = remote.tsData().isAfter(local.tsData());
        boolean meta = local.tsMeta() != null && remote.tsMeta().isAfter(local.tsMeta());
        if (local.tsCtype() != null && remote.tsCtype().isAfter(local.tsCtype())
                && remote.tsCtype().isAfter(remote.tsData())) {
            meta = true;
        }
        return new Wanted(data, meta);
    }

    /** The receiver's line for an offer (without CRLF), or null when nothing is wanted. */
    public static String encodeWanted(Offer remote, Local local) {
        Wanted w = wanted(remote, local);
        if (!w.data() && !w.meta()) {
            return null;
        }
        return quote(remote.hash(), "/") + " " + (w.data() ? "d" : "") + (w.meta() ? "m" : "");
    }

    /**
     * The sender's reading of the parts of a wanted line after the hash ({@code decode_wanted}):
     * {@code d} and/or {@code m} in the first part; nothing recognised means data only (a legacy
     * receiver).
     */
    public static Wanted decodeWanted(String[] partsAfterHash) {
        boolean data = false;
        boolean meta = false;
        if (partsAfterHash.length > 0) {
            data = partsAfterHash[0].indexOf('d') >= 0;
            meta = partsAfterHash[0].indexOf('m') >= 0;
        }
        return data || meta ? new Wanted(data, meta) : new Wanted(true, false);
    }

    /** {@code :ERROR: <code> <repr>\n} as UTF-8: the in-band error line. */
    public static byte[] errorLine(int code, String pythonRepr) {
        return (":ERROR: " + code + " " + pythonRepr + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Python's {@code urllib.parse.quote(s, safe)} of the UTF-8 bytes of {@code s}. */
    public static String quote(String s, String safe) {
        return Quoting.quote(s, safe);
    }

    /** Python's {@code urllib.parse.unquote} (UTF-8, invalid sequences replaced). */
    public static String unquote(String s) {
        return Quoting.unquote(s);
    }

    /** Python 3's {@code repr()} of a {@code str}. */
    public static String reprStr(String s) {
        return PyRepr.strRepr(s);
    }

    /** Python 3's {@code repr()} of a {@code bytes}. */
    public static String reprBytes(byte[] b) {
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (byte x : b) {
            hasSingle |= x == '\'';
            hasDouble |= x == '"';
        }
        char q = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder sb = new StringBuilder(b.length + 3).append('b').append(q);
        for (byte x : b) {
            int c = x & 0xff;
            if (c == q || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append(q).toString();
    }

    /** Python's {@code repr()} of a float, for the values timeouts have (e.g. {@code 60.0}, {@code 0.5}). */
    public static String reprFloat(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return (long) d + ".0";
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mant = s.substring(0, e);
        int exp = Integer.parseInt(s.substring(e + 1));
        if (mant.endsWith(".0")) {
            mant = mant.substring(0, mant.length() - 2);
        }
        return mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }

    /**
     * eventlet's {@code Timeout.__str__} for Swift's {@code MessageTimeout}/{@code LockTimeout}:
     * {@code "<seconds> second[s]: <message>"}; {@code seconds} as Python prints it (an int for
     * integer config values, a float otherwise).
     */
    public static String timeoutText(String seconds, boolean isOne, String message) {
        return seconds + " second" + (isOne ? "" : "s") + ": " + message;
    }
}
