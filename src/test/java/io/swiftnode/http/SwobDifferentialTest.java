package io.swiftnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.swiftnode.testsupport.Python;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Runs batches of random inputs through Debian's Python Swift 2.30.1 (real {@code swob.Range},
 * {@code swob.Response} called as a WSGI app, {@code resolve_etag_is_at_header}, swob's date
 * properties) once per batch and compares every answer with ours. Fails loudly when
 * {@code /usr/bin/python3} or its {@code swift} package is missing.
 */
class SwobDifferentialTest {
    private static final HexFormat HEX = HexFormat.of();
    /** Lengths up to this are served end to end through {@code swob.Response}. */
    private static final int E2E_MAX = 600;
    /** Fixed for reproducible builds; {@code -Dswob.seed=<n>} explores other batches. */
    private static final long SEED = Long.getLong("swob.seed", 20231114L);

    private static JsonArray runPython(String script) {
        String out = Python.script(script).run();
        try (JsonReader r = Json.createReader(new StringReader(out))) {
            return r.readArray();
        }
    }

    private static String str(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v == null || v.getValueType() == JsonValue.ValueType.NULL ? null : o.getString(key);
    }

    // ------------------------------------------------------------------------------------ ranges

    private static final String RANGE_SCRIPT = """
            import json
            from swift.common.swob import Request, Response, Range
            CAP = 2 ** 63 - 1
            def cap(v):
                return None if v is None else min(v, CAP)
            out = []
            for h, length, ctype in CASES:
                res = {}
                try:
                    rng = Range(h)
                    res['specs'] = [[cap(s), cap(e)] for s, e in rng.ranges]
                    res['rfl'] = [[a, b] for a, b in rng.ranges_for_length(length)]
                except ValueError:
                    res['specs'] = None
                if length <= E2E_MAX:
                    body = bytes((i * 7 + 3) % 256 for i in range(length))
                    req = Request.blank('/a/c/o', headers={'Range': h})
                    resp = Response(request=req, body=body, conditional_response=True,
                                    headers={'Content-Type': ctype})
                    got = {}
                    def start_response(status, headers, exc_info=None):
                        got['status'] = status
                        got['headers'] = dict(headers)
                    data = b''.join(resp(req.environ, start_response))
                    res['status'] = int(got['status'].split()[0])
                    res['contentRange'] = got['headers'].get('Content-Range')
                    res['contentType'] = got['headers'].get('Content-Type')
                    res['contentLength'] = got['headers'].get('Content-Length')
                    res['boundary'] = resp.boundary.decode('ascii')
                    res['body'] = data.hex()
                out.append(res)
            print(json.dumps(out))
            """;

    @Test
    void rangesAgreeWithSwob() throws IOException {
        long seed = SEED;
        Random rnd = new Random(seed);
        List<List<Object>> cases = new ArrayList<>();
        for (String h : new String[] {"bytes=2-4", "bytes=0-1,-2", "bytes=20-30", "bytes=5-3", "bytes=-1", "bytes=0-",
            "", "bytes=", "bytes=-", "bytes=0-1,", "BYTES = 0 - 1", "bytes=+1-2", "bytes=1_0-20", "bytes=\t3-4",
            "bytes=\u00a03-4", "bytes=1-\u00b2", "bytes=\u0663-5"}) {
            for (long len : new long[] {0, 1, 10}) {
                cases.add(List.of(h, len, "text/plain"));
            }
        }
        for (int i = 0; i < 320; i++) {
            long len = randomLength(rnd);
            cases.add(List.of(randomRangeHeader(rnd, len), len, randomContentType(rnd)));
        }
        JsonArray answers = runPython("CASES = " + Python.literal(cases) + "\nE2E_MAX = " + E2E_MAX + "\n"
                + RANGE_SCRIPT);
        assertEquals(cases.size(), answers.size());
        int partial = 0;
        int unsatisfiable = 0;
        int ignored = 0;
        int multipart = 0;
        for (int i = 0; i < cases.size(); i++) {
            String h = (String) cases.get(i).get(0);
            long len = (Long) cases.get(i).get(1);
            String ctype = (String) cases.get(i).get(2);
            String where = "seed " + seed + ", case " + i + ": Range " + Python.literal(h) + ", length " + len;
            JsonObject a = answers.getJsonObject(i);
            Ranges.Spec spec = Ranges.parse(h);
            if (a.isNull("specs")) {
                assertNull(spec, where);
                ignored++;
            } else {
                assertNotNull(spec, where);
                assertEquals(specsOf(a.getJsonArray("specs")), spec.specs(), where);
                checkRangesForLength(a.getJsonArray("rfl"), spec.resolve(len), len, where);
            }
            if (!a.containsKey("status")) {
                continue;
            }
            byte[] data = new byte[(int) len];
            for (int j = 0; j < data.length; j++) {
                data[j] = (byte) ((j * 7 + 3) % 256);
            }
            Ranges.Resolution res = spec == null ? Ranges.Full.INSTANCE : spec.resolve(len);
            int status = a.getInt("status");
            if (res instanceof Ranges.Full) {
                assertEquals(200, status, where);
                assertEquals(HEX.formatHex(data), a.getString("body"), where);
            } else if (res instanceof Ranges.Unsatisfiable u) {
                assertEquals(416, status, where);
                assertEquals(u.contentRange(), str(a, "contentRange"), where);
                unsatisfiable++;
            } else {
                Ranges.Partial p = (Ranges.Partial) res;
                assertEquals(206, status, where);
                partial++;
                if (!p.isMultipart()) {
                    assertEquals(p.contentRange(0), str(a, "contentRange"), where);
                    assertEquals(HEX.formatHex(Arrays.copyOfRange(data, (int) p.first(0), (int) p.last(0) + 1)),
                            a.getString("body"), where);
                    assertEquals(String.valueOf(p.last(0) - p.first(0) + 1), str(a, "contentLength"), where);
                } else {
                    multipart++;
                    String boundary = a.getString("boundary");
                    assertNull(str(a, "contentRange"), where);
                    assertEquals(MultipartByteranges.contentType(boundary), str(a, "contentType"), where);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    MultipartByteranges.write(out, boundary, ctype, p.ranges(), len,
                            MultipartByterangesTest.of(data));
                    assertEquals(a.getString("body"), HEX.formatHex(out.toByteArray()), where);
                    assertEquals(String.valueOf(MultipartByteranges.contentLength(boundary, ctype, p.ranges(), len)),
                            str(a, "contentLength"), where);
                }
            }
        }
        // the generator must reach every outcome
        assertTrue(ignored > 10 && unsatisfiable > 10 && partial > 30 && multipart > 10,
                "coverage: ignored " + ignored + ", 416 " + unsatisfiable + ", 206 " + partial + ", multipart "
                        + multipart);
    }

    private static List<Ranges.ByteRangeSpec> specsOf(JsonArray a) {
        List<Ranges.ByteRangeSpec> l = new ArrayList<>();
        for (JsonValue v : a) {
            JsonArray p = v.asJsonArray();
            l.add(new Ranges.ByteRangeSpec(p.isNull(0) ? null : p.getJsonNumber(0).longValueExact(),
                    p.isNull(1) ? null : p.getJsonNumber(1).longValueExact()));
        }
        return l;
    }

    private static void checkRangesForLength(JsonArray rfl, Ranges.Resolution res, long len, String where) {
        if (rfl.isEmpty()) {
            assertInstanceOf(Ranges.Unsatisfiable.class, res, where);
            return;
        }
        if (len == 0) {
            assertInstanceOf(Ranges.Full.class, res, where);
            return;
        }
        Ranges.Partial p = assertInstanceOf(Ranges.Partial.class, res, where);
        assertEquals(rfl.size(), p.ranges().size(), where);
        for (int i = 0; i < rfl.size(); i++) {
            JsonArray r = rfl.getJsonArray(i);
            assertEquals(r.getJsonNumber(0).longValueExact(), p.first(i), where);
            assertEquals(r.getJsonNumber(1).longValueExact() - 1, p.last(i), where);
        }
    }

    private static long randomLength(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 1 + r.nextInt(2);
            case 2 -> 1L << 40;
            case 3 -> Long.MAX_VALUE;
            default -> r.nextInt(E2E_MAX + 1);
        };
    }

    private static String randomContentType(Random r) {
        String[] types = {"text/plain", "application/octet-stream", "image/jpeg; x=\u00e9t\u00e9", ""};
        return types[r.nextInt(types.length)];
    }

    private static String randomRangeHeader(Random r, long len) {
        String[] prefixes = {"bytes=", "bytes=", "bytes=", "bytes=", "Bytes=", "BYTES =", " bytes= ", "byte=",
            "items=", "bytes", ""};
        StringBuilder sb = new StringBuilder(prefixes[r.nextInt(prefixes.length)]);
        int n = switch (r.nextInt(12)) {
            case 0, 1, 2, 3 -> 1;
            case 4, 5, 6 -> 2 + r.nextInt(5);
            case 7, 8 -> 7 + r.nextInt(3);
            case 9 -> 10 + r.nextInt(30);
            default -> 48 + r.nextInt(6);
        };
        int style = r.nextInt(4); // 0 ascending disjoint, 1 random, 2 overlapping, 3 descending
        long step = Math.max(1, Math.min(len, 1L << 40) / Math.max(1, n));
        long pos = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(r.nextInt(20) == 0 ? " , " : ",");
            }
            long a;
            long b;
            switch (style) {
                case 0 -> {
                    a = pos;
                    b = pos + r.nextLong(step);
                    pos = b + 1 + r.nextInt(2);
                }
                case 2 -> {
                    a = r.nextLong(Math.min(len, 50) + 1);
                    b = a + r.nextInt(20);
                }
                case 3 -> {
                    a = Math.max(0, len - (long) (i + 1) * step);
                    b = a + step / 2;
                }
                default -> {
                    a = randomNumber(r, len);
                    b = a + (r.nextInt(10) == 0 ? -1 - r.nextInt(3) : randomNumber(r, len));
                }
            }
            int kind = r.nextInt(10);
            if (kind < 6) {
                sb.append(decorate(r, a)).append('-').append(plain(r, b));
            } else if (kind < 8) {
                sb.append(decorate(r, a)).append('-');
            } else {
                sb.append('-').append(plain(r, r.nextInt(6) == 0 ? 0 : randomNumber(r, len)));
            }
        }
        if (r.nextInt(15) == 0) {
            String[] junk = {"", "-", "x", "1", "--1", "1-x", "\t", ",", "-\u00b9", "1-2-3"};
            int at = r.nextInt(sb.length() + 1);
            sb.insert(at, junk[r.nextInt(junk.length)]);
        }
        return sb.toString();
    }

    private static long randomNumber(Random r, long len) {
        return switch (r.nextInt(8)) {
            case 0 -> 0;
            case 1 -> Math.max(0, len - 1);
            case 2 -> len;
            case 3 -> len == Long.MAX_VALUE ? len : len + 1;
            default -> r.nextLong(Math.min(len, 1L << 40) + 5);
        };
    }

    /** A start as Python's int() may read it. */
    private static String decorate(Random r, long v) {
        if (v < 0) {
            return "x";
        }
        return switch (r.nextInt(30)) {
            case 0 -> "+" + v;
            case 1 -> "\t" + v;
            case 2 -> "00" + v;
            case 3 -> v >= 10 ? (v / 10) + "_" + (v % 10) : v + "_";
            case 4 -> "\u00a0" + v;
            case 5 -> v + "123456789012345678901234567890";
            default -> String.valueOf(v);
        };
    }

    /** An end, which swob reads as digits only. */
    private static String plain(Random r, long v) {
        if (v < 0) {
            return String.valueOf(v);
        }
        return switch (r.nextInt(40)) {
            case 0 -> "+" + v;
            case 1 -> "0" + v;
            case 2 -> v + "99999999999999999999";
            default -> String.valueOf(v);
        };
    }

    // ------------------------------------------------------------------------------ conditionals

    private static final String CONDITIONAL_SCRIPT = """
            import json
            from swift.common.swob import Request, Response, HTTPNotFound
            from swift.common.request_helpers import resolve_etag_is_at_header
            out = []
            for method, headers, not_found, metadata, last_modified in CASES:
                req = Request.blank('/a/c/o', method=method, headers=headers)
                if not_found:
                    resp = HTTPNotFound(request=req, conditional_response=True)
                    cetag = None
                else:
                    alt = resolve_etag_is_at_header(req, metadata)
                    resp = Response(request=req, conditional_response=True, conditional_etag=alt,
                                    body=b'0123456789')
                    resp.headers['Content-Type'] = 'text/plain'
                    resp.etag = metadata['ETag']
                    resp.last_modified = last_modified
                    cetag = resp.conditional_etag
                got = {}
                def start_response(status, hdrs, exc_info=None):
                    got['status'] = status
                b''.join(resp(req.environ, start_response))
                out.append({'status': int(got['status'].split()[0]), 'etag': cetag})
            print(json.dumps(out))
            """;

    @Test
    void conditionalsAgreeWithSwob() {
        long seed = SEED;
        Random rnd = new Random(seed);
        String[] etags = {"5d41402abc4b2a76b9719d911017c592", "900150983cd24fb0d6963f7d28e17f72", "a\"b", ""};
        List<List<Object>> cases = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String etag = etags[rnd.nextInt(10) < 8 ? rnd.nextInt(2) : rnd.nextInt(etags.length)];
            Map<String, String> md = new LinkedHashMap<>();
            md.put("ETag", etag);
            String[] altKeys = {"X-Object-Sysmeta-Crypto-Etag", "x-object-sysmeta-ec-etag",
                "X-OBJECT-SYSMETA-CRYPTO-ETAG", "X-Object-Meta-Other"};
            for (String k : altKeys) {
                if (rnd.nextInt(3) == 0) {
                    md.put(k, randomTag(rnd, etags));
                }
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (rnd.nextInt(3) == 0) {
                String[] names = {"X-Object-Sysmeta-Crypto-Etag", "x-object-sysmeta-EC-etag", "X-Missing", "etag",
                    ""};
                List<String> l = new ArrayList<>();
                for (int k = rnd.nextInt(4); k >= 0; k--) {
                    l.add(names[rnd.nextInt(names.length)]);
                }
                headers.put("X-Backend-Etag-Is-At", String.join(rnd.nextBoolean() ? "," : " , ", l));
            }
            long lm = rnd.nextInt(4) == 0 ? 1700000001L : (rnd.nextLong(10000000001L));
            if (rnd.nextInt(3) == 0) {
                headers.put("If-Match", randomTagList(rnd, etags));
            }
            if (rnd.nextInt(3) == 0) {
                headers.put("If-None-Match", randomTagList(rnd, etags));
            }
            if (rnd.nextInt(3) == 0) {
                headers.put("If-Modified-Since", randomDateNear(rnd, lm));
            }
            if (rnd.nextInt(3) == 0) {
                headers.put("If-Unmodified-Since", randomDateNear(rnd, lm));
            }
            cases.add(List.of(rnd.nextBoolean() ? "GET" : "HEAD", headers, rnd.nextInt(5) == 0, md, lm));
        }
        JsonArray answers = runPython("CASES = " + Python.literal(cases) + "\n" + CONDITIONAL_SCRIPT);
        assertEquals(cases.size(), answers.size());
        int[] seen = new int[3];
        for (int i = 0; i < cases.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, String> headers = (Map<String, String>) cases.get(i).get(1);
            boolean notFound = (Boolean) cases.get(i).get(2);
            @SuppressWarnings("unchecked")
            Map<String, String> md = (Map<String, String>) cases.get(i).get(3);
            long lm = (Long) cases.get(i).get(4);
            String where = "seed " + seed + ", case " + i + ": " + cases.get(i);
            JsonObject a = answers.getJsonObject(i);
            String etag = notFound ? null
                    : Conditionals.resolveEtag(headers.get("X-Backend-Etag-Is-At"), md, md.get("ETag"));
            assertEquals(str(a, "etag"), etag, where);
            int code = Conditionals.evaluate(headers.get("If-Match"), headers.get("If-None-Match"),
                    headers.get("If-Modified-Since"), headers.get("If-Unmodified-Since"), etag,
                    notFound ? null : lm, notFound);
            int expected = code != Conditionals.PROCEED ? code : notFound ? 404 : 200;
            assertEquals(a.getInt("status"), expected, where);
            seen[code == 0 ? 0 : code == 304 ? 1 : 2]++;
        }
        assertTrue(seen[0] > 30 && seen[1] > 30 && seen[2] > 30, "coverage " + Arrays.toString(seen));
    }

    private static String randomTag(Random r, String[] etags) {
        String t = etags[r.nextInt(etags.length)];
        return r.nextInt(4) == 0 ? "\"" + t + "\"" : t;
    }

    private static String randomTagList(Random r, String[] etags) {
        List<String> l = new ArrayList<>();
        for (int k = r.nextInt(3); k >= 0; k--) {
            l.add(switch (r.nextInt(10)) {
                case 0 -> "*";
                case 1 -> "\"*\"";
                case 2 -> "W/\"" + etags[0] + "\"";
                case 3 -> "";
                case 4 -> "\"\"";
                case 5 -> "nope";
                default -> (r.nextBoolean() ? "\"" : "") + etags[r.nextInt(etags.length)]
                        + (r.nextInt(4) == 0 ? "" : "\"");
            });
        }
        return String.join(r.nextBoolean() ? "," : ", ", l);
    }

    private static String randomDateNear(Random r, long lm) {
        long[] deltas = {0, 1, -1, 3600, -3600, 86400 * 365L};
        long t = lm + deltas[r.nextInt(deltas.length)];
        if (r.nextInt(5) == 0) {
            t = r.nextLong(HttpDates.MAX_EPOCH_SECONDS);
        }
        return randomDateText(r, Math.max(0, Math.min(t, HttpDates.MAX_EPOCH_SECONDS)));
    }

    // ------------------------------------------------------------------------------------- dates

    private static final String DATE_SCRIPT = """
            import calendar, json
            from swift.common.swob import Request, Response
            parsed = []
            for s in PARSE:
                d = Request.blank('/', headers={'If-Modified-Since': s}).if_modified_since
                parsed.append(None if d is None else calendar.timegm(d.utctimetuple()))
            formatted = []
            for t in FORMAT:
                r = Response()
                r.last_modified = t
                formatted.append(r.headers['Last-Modified'])
            print(json.dumps([parsed, formatted]))
            """;

    @Test
    void datesAgreeWithSwob() {
        long seed = SEED;
        Random rnd = new Random(seed);
        List<String> parse = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            long span = HttpDates.MAX_EPOCH_SECONDS - HttpDates.MIN_EPOCH_SECONDS;
            long t = rnd.nextInt(3) == 0 ? 1700000000L + rnd.nextInt(100000)
                    : HttpDates.MIN_EPOCH_SECONDS + rnd.nextLong(span);
            parse.add(randomDateText(rnd, t));
        }
        List<Long> format = new ArrayList<>(List.of(0L, 1700000001L, 10000000000L, HttpDates.MAX_EPOCH_SECONDS,
                951782400L, 4107542400L));
        for (int i = 0; i < 300; i++) {
            format.add(rnd.nextLong(HttpDates.MAX_EPOCH_SECONDS + 1));
        }
        JsonArray answers = runPython("PARSE = " + Python.literal(parse) + "\nFORMAT = " + Python.literal(format)
                + "\n" + DATE_SCRIPT);
        JsonArray parsed = answers.getJsonArray(0);
        int valid = 0;
        for (int i = 0; i < parse.size(); i++) {
            JsonValue v = parsed.get(i);
            Long expected = v.getValueType() == JsonValue.ValueType.NULL ? null : ((JsonNumber) v).longValueExact();
            assertEquals(expected, HttpDates.parse(parse.get(i)),
                    "seed " + seed + ": " + Python.literal(parse.get(i)));
            if (expected != null) {
                valid++;
            }
        }
        assertTrue(valid > 300 && valid < parse.size() - 300, "coverage: " + valid + " of " + parse.size());
        JsonArray formatted = answers.getJsonArray(1);
        for (int i = 0; i < format.size(); i++) {
            assertEquals(formatted.getString(i), HttpDates.format(format.get(i)), "epoch " + format.get(i));
        }
    }

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] LONG_DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
        "Sunday"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final String[] LONG_MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};

    /** A date in one of many forms (the HTTP ones and sloppier), often mutated. */
    static String randomDateText(Random r, long t) {
        java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(t, 0, java.time.ZoneOffset.UTC);
        int dow = d.getDayOfWeek().getValue() - 1;
        String mon = r.nextInt(6) == 0 ? LONG_MONTHS[d.getMonthValue() - 1] : MONTHS[d.getMonthValue() - 1];
        if (r.nextInt(8) == 0) {
            mon = r.nextBoolean() ? mon.toUpperCase() : mon.toLowerCase();
        }
        String dd = String.format("%02d", d.getDayOfMonth());
        String yyyy = String.valueOf(d.getYear());
        String yy = String.format("%02d", d.getYear() % 100);
        String time = String.format("%02d:%02d:%02d", d.getHour(), d.getMinute(), d.getSecond());
        String[] zones = {"GMT", "GMT", "UTC", "+0100", "-0500", "-0000", "EST", "Z", "+01:00", "", "PDT"};
        String zone = zones[r.nextInt(zones.length)];
        String s = switch (r.nextInt(9)) {
            case 0, 1, 2 -> DAYS[dow] + ", " + dd + " " + mon + " " + yyyy + " " + time + " " + zone;
            case 3 -> LONG_DAYS[dow] + ", " + dd + "-" + mon + "-" + yy + " " + time + " " + zone;
            case 4 -> DAYS[dow] + " " + mon + " " + String.format("%2d", d.getDayOfMonth()) + " " + time + " "
                    + yyyy;
            case 5 -> dd + " " + mon + " " + (r.nextBoolean() ? yy : yyyy) + " " + time + zone;
            case 6 -> mon + " " + dd + " " + yyyy + ", " + time.replace(':', '.') + " " + zone;
            case 7 -> DAYS[dow] + "," + dd + " " + mon + " " + yyyy + " " + time.substring(0, 5);
            default -> d + "Z";
        };
        int mutations = r.nextInt(3) == 0 ? 1 + r.nextInt(3) : 0;
        for (int m = 0; m < mutations; m++) {
            s = mutate(r, s);
        }
        return s;
    }

    private static String mutate(Random r, String s) {
        String[] tokens = s.split(" ", -1);
        int i = r.nextInt(tokens.length);
        String[] inserts = {"", " ", "\t", "\u00a0", ",", ":", "-", "+", "+0", "0", "1", "9", "31", "60", "24", "_",
            "Feb", "Mon,", "Sunday", "0000", "10000", "\u00b9", "x", "1.2", "1:2"};
        switch (r.nextInt(6)) {
            case 0 -> tokens[i] = "";
            case 1 -> {
                int at = r.nextInt(s.length() + 1);
                return s.substring(0, at) + inserts[r.nextInt(inserts.length)] + s.substring(at);
            }
            case 2 -> {
                int j = r.nextInt(tokens.length);
                String t = tokens[i];
                tokens[i] = tokens[j];
                tokens[j] = t;
            }
            case 3 -> {
                if (s.isEmpty()) {
                    return s;
                }
                int at = r.nextInt(s.length());
                return s.substring(0, at) + s.substring(at + 1);
            }
            case 4 -> tokens[i] = inserts[r.nextInt(inserts.length)];
            default -> {
                return s.substring(0, r.nextInt(s.length() + 1));
            }
        }
        return String.join(" ", tokens);
    }

    @Test
    void pythonHelperIsReachable() {
        // the batches above rely on it; make a broken interpreter obvious on its own
        String out = Python.script("import swift; print(swift.__version__)").run().strip();
        if (!out.startsWith("2.30.1")) {
            fail("expected Swift 2.30.1, got " + out);
        }
    }
}
