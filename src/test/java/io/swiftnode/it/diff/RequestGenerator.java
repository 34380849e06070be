package io.swiftnode.it.diff;

import io.swiftnode.it.diff.RawRequest.Category;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Generates the differential test's requests from a seed: rounds of sequences, one per scenario
 * (each scenario in every round, its parameters drawn from the seed), every sequence about its own
 * object. The requests are complete byte strings decided in advance (etags and Last-Modified dates
 * are computed here, not read from responses), so both servers get exactly the same bytes.
 *
 * <p>Timestamps are based on {@link #T0} (in 2030), so that "now" on the servers (used by GET/HEAD
 * without X-Timestamp and by tombstone reclamation) never changes an outcome; old timestamps appear
 * where reclamation or expiry relative to now is the point.
 *
 * <p>Not thread-safe: one instance per generation.
 */
public final class RequestGenerator {
    public static final long DEFAULT_SEED = 20_301L;
    /** Base timestamp of the sequences; sequence {@code n} uses {@code T0 + 1000 n} onwards. */
    public static final double T0 = 1_900_000_000d;
    private static final int ROUNDS = 2;
    private static final HexFormat HEX = HexFormat.of();
    private static final String[] CONTENT_TYPES = {"text/plain", "application/octet-stream", "image/jpeg",
        "text/plain; charset=utf-8", "application/x-test;swift_bytes=1234", "a/b;x=y", "TEXT/HTML",
        "application/json", "text/plain;charset=UTF-8", "text/html; charset=\"utf-8\"",
        "text/plain; foo=bar; charset=latin1", "application/x; charset=", "text/plain ; Charset=utf-8",
        "weird", "a/b;swift_bytes=10;charset=utf-8"};
    private static final String[] OBJECT_SUFFIXES = {"", "", "", "/sub/dir", " with space", "\u00e9t\u00e9",
        "trailing/", "~tilde", "a+b", "100%", "x;y", "\u6f22\u5b57"};
    private static final DateTimeFormatter RFC1123 = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC850 = DateTimeFormatter
            .ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter
            .ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private final Random rnd;
    private final List<Sequence> out = new ArrayList<>();
    private int seqNo;

    private RequestGenerator(long seed) {
        rnd = new Random(seed);
    }

    /** All sequences for a seed. */
    public static List<Sequence> generate(long seed) {
        RequestGenerator g = new RequestGenerator(seed);
        List<Consumer<S>> scenarios = List.of(g::putGetRanges, g::conditionals, g::postFlow, g::deleteMatrix,
                g::expiry, g::offsetsAndTimestamps, g::putVariants, g::metadataLimits, g::pathsDevicesPolicies,
                g::replicate, g::methods, g::headerForms, g::largeObject, g::partPower);
        String[] names = {"put-get-ranges", "conditionals", "post", "delete", "expiry", "timestamps", "put-variants",
            "metadata-limits", "paths", "replicate", "methods", "header-forms", "large-object", "part-power"};
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < scenarios.size(); i++) {
                S s = g.newSequence(names[i], round);
                scenarios.get(i).accept(s);
                g.out.add(new Sequence(s.name, s.reqs));
            }
        }
        return g.out;
    }

    // ------------------------------------------------------------------ sequence state

    /** One sequence being built: its object, device, policy and base time. */
    final class S {
        final String name;
        final List<RawRequest> reqs = new ArrayList<>();
        String dev;
        String part;
        int policy;
        boolean sendPolicy;
        String acct = "a";
        String cont = "c";
        String obj;
        final double t;

        S(String name, double t) {
            this.name = name;
            this.t = t;
        }

        String path() {
            return pathOf(obj);
        }

        String pathOf(String objectName) {
            return "/" + dev + "/" + part + "/" + enc(acct) + "/" + enc(cont) + "/" + enc(objectName);
        }

        /** A request on this sequence's object with its policy header. */
        RawRequest.Builder r(String method) {
            return withPolicy(RawRequest.of(method, path()));
        }

        RawRequest.Builder withPolicy(RawRequest.Builder b) {
            if (sendPolicy) {
                b.h("X-Backend-Storage-Policy-Index", Integer.toString(policy));
            }
            return b;
        }

        void add(RawRequest.Builder b, String label) {
            reqs.add(b.label(name + ": " + label).build());
        }

        /** A request whose header bytes the container is known to refuse (reported apart). */
        void addContainerParsing(RawRequest.Builder b, String label) {
            add(b.category(Category.CONTAINER_PARSING), label);
        }

        /** PUT of {@code body} at {@code ts} with a content type and extra headers. */
        RawRequest.Builder put(double ts, byte[] body, String ctype, String... headers) {
            RawRequest.Builder b = r("PUT").h("X-Timestamp", ts(ts));
            if (ctype != null) {
                b.h("Content-Type", ctype);
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.h(headers[i], headers[i + 1]);
            }
            return b.body(body);
        }

        RawRequest.Builder get(String... headers) {
            return withHeaders(r("GET"), headers);
        }

        RawRequest.Builder head(String... headers) {
            return withHeaders(r("HEAD"), headers);
        }

        RawRequest.Builder post(double ts, String... headers) {
            return withHeaders(r("POST").h("X-Timestamp", ts(ts)), headers);
        }

        RawRequest.Builder delete(double ts, String... headers) {
            return withHeaders(r("DELETE").h("X-Timestamp", ts(ts)), headers);
        }
    }

    private static RawRequest.Builder withHeaders(RawRequest.Builder b, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.h(headers[i], headers[i + 1]);
        }
        return b;
    }

    private S newSequence(String scenario, int round) {
        int n = seqNo++;
        S s = new S(scenario + "-" + n, T0 + 1000.0 * n + (rnd.nextBoolean() ? 0 : rnd.nextInt(100_000) / 100_000.0));
        boolean policy1 = rnd.nextInt(4) == 0 || (round == 1 && scenario.equals("put-get-ranges"));
        s.policy = policy1 ? 1 : 0;
        s.dev = policy1 || rnd.nextInt(5) == 0 ? "sdb1" : "sda1";
        s.sendPolicy = policy1 || rnd.nextBoolean();
        s.part = Integer.toString(rnd.nextInt(1024));
        s.cont = "c" + rnd.nextInt(3);
        s.obj = "o" + n + pick(OBJECT_SUFFIXES);
        return s;
    }

    // ------------------------------------------------------------------ scenarios

    /**
     * Writes during a partition power increase (X-Backend-Next-Part-Power): each file also linked
     * into the partition under the next power (the disk snapshots compare the trees); a power
     * Python's int() refuses, or above 32, is a 500 with the file in place.
     */
    void partPower(S s) {
        double t = s.t;
        String next = Integer.toString(11 + rnd.nextInt(3));
        s.add(s.put(t, bytes(5), "text/plain", "X-Backend-Next-Part-Power", next), "PUT with next part power");
        s.add(s.post(t + 1, "X-Object-Meta-Color", "red", "X-Backend-Next-Part-Power", next),
                "POST with next part power");
        s.add(s.get(), "GET");
        s.add(s.put(t + 2, bytes(3), "text/plain", "X-Backend-Next-Part-Power", ""), "PUT with an empty next part power");
        s.add(s.delete(t + 3, "X-Backend-Next-Part-Power", next), "DELETE with next part power");
        s.add(s.put(t + 4, bytes(2), "text/plain", "X-Backend-Next-Part-Power", "eleven"),
                "PUT with a next part power that is no int -> 500, file in place");
        s.add(s.head(), "HEAD after the 500");
        s.add(s.delete(t + 5, "X-Backend-Next-Part-Power", "33"), "DELETE with next part power 33 -> 500");
    }

    /** PUT with metadata, then GET/HEAD and many Range forms, X-Backend-Ignore-Range-If-Metadata-Present. */
    void putGetRanges(S s) {
        int len = pick(new int[] {0, 1, 7, 10, 100, 1000, 4096, 70_000});
        byte[] body = bytes(len);
        String ct = pick(CONTENT_TYPES);
        RawRequest.Builder put = s.put(s.t, body, ct, "X-Object-Meta-Color", "blue");
        addRandomMeta(put);
        if (rnd.nextBoolean()) {
            put.h("ETag", rnd.nextBoolean() ? md5(body) : "\"" + md5(body) + "\"");
        }
        if (rnd.nextBoolean()) {
            put.h("Content-Disposition", "attachment; filename=\"x.bin\"").h("Cache-Control", "no-cache");
        }
        s.add(put, "PUT " + len + " bytes " + ct);
        s.add(s.get(), "GET whole");
        s.add(s.head(), "HEAD");
        for (int i = 0; i < 6; i++) {
            String range = rangeCase(len);
            s.add(s.get("Range", range), "GET Range " + range);
        }
        s.add(s.head("Range", "bytes=0-0"), "HEAD with Range (ignored)");
        String r = len > 3 ? "bytes=1-2" : "bytes=0-0";
        s.add(s.get("Range", r, "X-Backend-Ignore-Range-If-Metadata-Present", "x-object-meta-color"),
                "Range ignored: metadata present");
        s.add(s.get("Range", r, "X-Backend-Ignore-Range-If-Metadata-Present",
                "X-Static-Large-Object, X-Object-Meta-Missing"), "Range kept: metadata absent");
    }

    /** If-Match / If-None-Match / If-(Un)Modified-Since with etags, dates and X-Backend-Etag-Is-At. */
    void conditionals(S s) {
        byte[] body = bytes(1 + rnd.nextInt(200));
        String etag = md5(body);
        String alt = HEX.formatHex(bytes(16));
        s.add(s.put(s.t, body, "text/plain", "X-Object-Sysmeta-Alt-Etag", rnd.nextBoolean() ? alt : "\"" + alt + "\"",
                "X-Object-Meta-Alt", "meta-" + alt), "PUT with alternative etags in sysmeta/meta");
        long lm = (long) Math.ceil(s.t);
        String[] tags = {"\"" + etag + "\"", etag, "*", "\"wrong\"", "\"wrong\", \"" + etag + "\"", "",
            "W/\"" + etag + "\"", "\"" + alt + "\"", alt + ", *", "\"meta-" + alt + "\"", "\"*\""};
        String[] dates = {httpDate(lm - 1), httpDate(lm), httpDate(lm + 1), RFC850.format(Instant.ofEpochSecond(lm)),
            ASCTIME.format(Instant.ofEpochSecond(lm - 1)), "garbage", httpDate(lm).toLowerCase(Locale.ROOT),
            httpDate(lm + 86_400 * 400), Long.toString(lm), httpDate(lm).replace(" GMT", " +0000")};
        String[] etagIsAt = {"X-Object-Sysmeta-Alt-Etag", "x-object-sysmeta-nope, x-object-meta-alt",
            "X-Object-Sysmeta-Nope", "X-OBJECT-SYSMETA-ALT-ETAG"};
        s.add(s.get("If-None-Match", "\"" + etag + "\""), "GET If-None-Match etag -> 304");
        s.add(s.head("If-Modified-Since", httpDate(lm)), "HEAD If-Modified-Since Last-Modified -> 304");
        s.add(s.get("If-Match", "\"nope\"", "Range", "bytes=0-0"), "GET If-Match wrong with Range -> 412");
        s.add(s.head("If-Unmodified-Since", httpDate(lm - 1)), "HEAD If-Unmodified-Since before -> 412");
        s.add(s.get("If-Match", "\"" + alt + "\"", "X-Backend-Etag-Is-At", "X-Object-Sysmeta-Alt-Etag"),
                "GET If-Match alternative etag");
        for (int i = 0; i < 10; i++) {
            boolean head = rnd.nextInt(3) == 0;
            RawRequest.Builder b = head ? s.head() : s.get();
            StringBuilder label = new StringBuilder(head ? "HEAD" : "GET");
            int conds = 1 + rnd.nextInt(2);
            for (int c = 0; c < conds; c++) {
                switch (rnd.nextInt(4)) {
                    case 0 -> {
                        String v = pick(tags);
                        b.h("If-Match", v);
                        label.append(" If-Match ").append(v);
                    }
                    case 1 -> {
                        String v = pick(tags);
                        b.h("If-None-Match", v);
                        label.append(" If-None-Match ").append(v);
                    }
                    case 2 -> {
                        String v = pick(dates);
                        b.h("If-Modified-Since", v);
                        label.append(" If-Modified-Since ").append(v);
                    }
                    default -> {
                        String v = pick(dates);
                        b.h("If-Unmodified-Since", v);
                        label.append(" If-Unmodified-Since ").append(v);
                    }
                }
            }
            if (rnd.nextInt(3) == 0) {
                String v = pick(etagIsAt);
                b.h("X-Backend-Etag-Is-At", v);
                label.append(" Etag-Is-At ").append(v);
            }
            if (!head && rnd.nextInt(4) == 0) {
                b.h("Range", "bytes=0-0");
                label.append(" Range 0-0");
            }
            s.add(b, label.toString());
        }
        String missing = s.obj + "-missing";
        s.add(s.withPolicy(RawRequest.of("GET", s.pathOf(missing))).h("If-Match", "*"), "GET missing If-Match *");
        s.add(s.withPolicy(RawRequest.of("GET", s.pathOf(missing))).h("If-None-Match", "*"),
                "GET missing If-None-Match *");
        s.add(s.withPolicy(RawRequest.of("HEAD", s.pathOf(missing))).h("If-Match", "\"x\"")
                .h("If-Modified-Since", httpDate(lm)), "HEAD missing If-Match x");
    }

    /** POST metadata, content type, Content-Type-Timestamp, X-Delete-At; 409s and 404s. */
    void postFlow(S s) {
        double t = s.t;
        byte[] body = bytes(rnd.nextInt(50));
        s.add(s.put(t, body, "application/x-test;swift_bytes=" + (1000 + rnd.nextInt(1000)), "X-Object-Sysmeta-Color",
                "blue", "X-Object-Meta-1", "One", "Content-Disposition", "inline", "X-Static-Large-Object", "True",
                "X-Object-Transient-Sysmeta-T", "tv"), "PUT with sysmeta, SLO flag, allowed headers");
        s.add(s.post(t + 1, "X-Object-Meta-3", "Three", "Content-Encoding", "gzip", "X-Object-Sysmeta-Color", "red",
                "X-Object-Transient-Sysmeta-T", "tv2"), "POST meta + Content-Encoding (sysmeta ignored)");
        s.add(s.get(), "GET after POST");
        s.add(s.post(t + 2, "Content-Type", "x/y", "X-Object-Meta-4", ""), "POST new Content-Type, empty meta value");
        s.add(s.head(), "HEAD after ctype POST");
        s.add(s.post(t + 2, "X-Object-Meta-5", "five"), "POST equal timestamp -> 409");
        s.add(s.post(t + 1.5), "POST older timestamp -> 409");
        s.add(s.post(t + 3, "Content-Type", "late/type", "Content-Type-Timestamp", ts(t + 0.5)),
                "POST ctype with an older Content-Type-Timestamp");
        s.add(s.get(), "GET");
        s.add(s.post(t + 2.5, "Content-Type", "newer/type", "Content-Type-Timestamp", ts(t + 10)),
                "POST older ts but newer content type");
        s.add(s.head(), "HEAD");
        s.add(s.post(t + 4, "Content-Type", ""), "POST empty Content-Type");
        s.add(s.get("Range", "bytes=0-0", "X-Backend-Ignore-Range-If-Metadata-Present", "X-Static-Large-Object"),
                "Range ignored for an SLO manifest");
        s.add(s.get("Range", "bytes=0-0", "If-Range", "\"nope\""), "If-Range (not supported by swob)");
        long past = (long) t - 10;
        s.add(s.post(t + 5, "X-Delete-At", Long.toString(past)), "POST X-Delete-At in past -> 400");
        s.add(s.post(t + 5, "X-Delete-At", "soon"), "POST non-integer X-Delete-At -> 500");
        long at = (long) t + 500;
        s.add(s.post(t + 6, "X-Delete-At", Long.toString(at), "X-Object-Meta-Exp", "yes"), "POST X-Delete-At future");
        s.add(s.get("X-Timestamp", ts(at - 1)), "GET before X-Delete-At");
        s.add(s.get("X-Timestamp", ts(at)), "GET at X-Delete-At -> 404");
        s.add(s.post(t + 7, "X-Object-Meta-Only", "x"), "POST without X-Delete-At drops it");
        s.add(s.get("X-Timestamp", ts(at + 1)), "GET after former X-Delete-At");
        s.add(s.r("POST").h("X-Object-Meta-No", "ts"), "POST without X-Timestamp");
        s.add(s.post(t + 8, "Content-Type", "c/t", "Content-Type-Timestamp", "xyz"), "POST bad Content-Type-Timestamp");
        s.add(s.post(t + 9, "X-Delete-At", "0"), "POST X-Delete-At 0");
        String missing = s.obj + "-nothing";
        s.add(s.withPolicy(RawRequest.of("POST", s.pathOf(missing))).h("X-Timestamp", ts(t + 1)),
                "POST missing object");
    }

    /** DELETE matrix: nothing, older/equal/newer than data, tombstones, then PUT/POST around them. */
    void deleteMatrix(S s) {
        double t = s.t;
        s.add(s.delete(t - 5), "DELETE nothing -> 404 + tombstone");
        s.add(s.get(), "GET tombstone");
        s.add(s.put(t, bytes(rnd.nextInt(30)), "text/plain", "X-Object-Meta-K", "v"), "PUT over tombstone");
        s.add(s.delete(t - 1), "DELETE older -> 409");
        s.add(s.delete(t), "DELETE equal -> 409");
        s.add(s.post(t + 1, "X-Object-Meta-K", "w"), "POST");
        s.add(s.delete(t + 0.5), "DELETE newer than data, older than meta");
        s.add(s.get(), "GET deleted");
        s.add(s.head(), "HEAD deleted");
        s.add(s.delete(t + 0.5), "DELETE equal tombstone");
        s.add(s.delete(t + 2), "DELETE newer tombstone");
        s.add(s.put(t + 1.5, bytes(3), "text/plain"), "PUT older than tombstone -> 409");
        s.add(s.post(t + 3), "POST on tombstone -> 404");
        s.add(s.put(t + 4, bytes(5), "text/plain"), "PUT newer");
        s.add(s.head(), "HEAD");
        s.add(s.delete(t + 5, "X-Backend-Clean-Expiring-Object-Queue", "f"), "DELETE with clean-queue f");
        String old = s.obj + "-old";
        s.add(s.withPolicy(RawRequest.of("DELETE", s.pathOf(old))).h("X-Timestamp", "1000000000.00000"),
                "DELETE nothing with an ancient timestamp (tombstone reclaimed at once)");
        s.add(s.withPolicy(RawRequest.of("DELETE", s.pathOf(old))), "DELETE without X-Timestamp");
        s.add(s.withPolicy(RawRequest.of("DELETE", s.pathOf(old))).h("X-Timestamp", "nope"), "DELETE bad X-Timestamp");
    }

    /** X-Delete-At / X-Delete-After on PUT, expiry seen through X-Timestamp, X-If-Delete-At. */
    void expiry(S s) {
        double t = s.t;
        long at = (long) t + 100;
        boolean after = rnd.nextBoolean();
        s.add(s.put(t, bytes(20), "text/plain", after ? "X-Delete-After" : "X-Delete-At",
                after ? Long.toString(at - (long) t) : Long.toString(at)),
                after ? "PUT X-Delete-After" : "PUT X-Delete-At");
        s.add(s.get(), "GET (live now)");
        s.add(s.head("X-Timestamp", ts(at - 1)), "HEAD just before expiry");
        s.add(s.get("X-Timestamp", ts(at)), "GET at expiry -> 404");
        s.add(s.get("X-Timestamp", ts(at + 100)), "GET after expiry");
        s.add(s.head("X-Timestamp", ts(at + 100), "X-Backend-Replication", "true"), "HEAD expired with replication");
        s.add(s.get("X-Timestamp", ts(at + 100), "X-Backend-Replication", "True"), "GET expired with replication");
        s.add(s.post(at + 50, "X-Object-Meta-A", "b"), "POST on expired -> 404");
        s.add(s.post(t + 50, "X-Delete-At", Long.toString(at + 200)), "POST moves X-Delete-At");
        s.add(s.get("X-Timestamp", ts(at + 100)), "GET with new expiry");
        s.add(s.delete(t + 60, "X-If-Delete-At", Long.toString(at)), "DELETE X-If-Delete-At stale -> 412");
        s.add(s.delete(t + 60, "X-If-Delete-At", "abc"), "DELETE X-If-Delete-At abc -> 400");
        s.add(s.delete(t + 60, "X-If-Delete-At", "inf"), "DELETE X-If-Delete-At inf");
        s.add(s.put(at + 400, bytes(4), "text/plain", "If-None-Match", "*"), "PUT If-None-Match * over expired");
        s.add(s.put(at + 500, bytes(4), "text/plain", "If-None-Match", "*"), "PUT If-None-Match * over live -> 412");
        long d = (long) t + 700;
        s.add(s.put(t + 600, bytes(6), "text/plain", "X-Delete-At", Long.toString(d)), "PUT X-Delete-At D");
        s.add(s.delete(d, "X-If-Delete-At", ts(d)), "DELETE at D X-If-Delete-At D -> 204");
        s.add(s.delete(d, "X-If-Delete-At", Long.toString(d)), "again -> 409");
        String missing = s.obj + "-gone";
        s.add(s.withPolicy(RawRequest.of("DELETE", s.pathOf(missing))).h("X-Timestamp", ts(d))
                .h("X-If-Delete-At", Long.toString(d)), "DELETE X-If-Delete-At missing -> 404");
        s.add(s.put(t + 800, bytes(1), "text/plain", "X-Delete-At", Long.toString((long) t - 1)),
                "PUT X-Delete-At in past -> 400");
        s.add(s.put(t + 800, bytes(1), "text/plain", "X-Delete-At", "tomorrow"), "PUT non-integer X-Delete-At");
        s.add(s.put(t + 800, bytes(1), "text/plain", "X-Delete-After", "-5"), "PUT negative X-Delete-After");
        s.add(s.put(t + 800, bytes(1), "text/plain", "X-Delete-After", "0"), "PUT zero X-Delete-After");
        s.add(s.put(t + 800, bytes(1), "text/plain", "X-Delete-After", "1.5"), "PUT fractional X-Delete-After");
        s.add(s.put(t + 800, bytes(1), "text/plain", "X-Delete-At", (long) t + 900 + ".5"),
                "PUT fractional X-Delete-At");
        s.add(s.put(t + 801, bytes(2), "text/plain", "X-Delete-At", Long.toString((long) t + 10),
                "X-Backend-Replication", "true"), "PUT replication with X-Delete-At in the past");
        s.add(s.get(), "GET (delete-at past for the request, future for now)");
        s.add(s.get("X-Timestamp", ts(t + 802)), "GET as of the PUT");
        s.add(s.put(t + 803, bytes(2), "text/plain", "X-Delete-At", " " + ((long) t + 900) + " ",
                "X-Delete-After", "50"), "PUT X-Delete-After wins over X-Delete-At");
        s.add(s.head(), "HEAD");
        s.add(s.get("X-Timestamp", ts(t + 900)), "GET after that expiry");
        s.add(s.delete(t + 880, "X-If-Delete-At", "inf"), "DELETE X-If-Delete-At inf on an expired object");
        s.add(s.post(t + 870, "X-Object-Meta-R", "late", "X-Backend-Replication", "true"),
                "POST on expired with replication");
        s.add(s.head("X-Timestamp", ts(t + 875), "X-Backend-Replication", "true"), "HEAD expired with replication");
        s.add(s.delete(t + 900), "DELETE an expired object (no X-If-Delete-At)");
        s.add(s.head("X-Timestamp", ts(t + 901)), "HEAD tombstone");
    }

    /** Timestamp offsets and the syntaxes X-Timestamp accepts or refuses. */
    void offsetsAndTimestamps(S s) {
        double t = s.t;
        String base = ts(t);
        s.add(s.put(t, bytes(8), "text/plain"), "PUT at T");
        s.add(s.r("PUT").h("X-Timestamp", base + "_0000000000000001").h("Content-Type", "text/plain").body(bytes(9)),
                "PUT at T offset 1");
        s.add(s.get(), "GET shows offset in X-Backend-Timestamp");
        s.add(s.r("PUT").h("X-Timestamp", base + "_0000000000000001").h("Content-Type", "text/plain").body(bytes(1)),
                "PUT equal offset -> 409");
        s.add(s.r("POST").h("X-Timestamp", base + "_2"), "POST at short offset _2");
        s.add(s.head(), "HEAD");
        s.add(s.r("DELETE").h("X-Timestamp", base + "_00000000000000ff"), "DELETE at offset ff");
        s.add(s.get(), "GET tombstone with offset");
        String[] good = {String.format(Locale.ROOT, "%.6f", t + 10.000004), String.format(Locale.ROOT, "%.6f",
            t + 10.000006), "000" + ts(t + 11), String.format(Locale.ROOT, "%.9e", t + 12), "+" + ts(t + 13),
            String.format(Locale.ROOT, "%.0f", t + 14), ts(t + 15) + "_0", " " + ts(t + 16)};
        for (String g : good) {
            s.add(s.r("PUT").h("X-Timestamp", g).h("Content-Type", "text/plain").body(bytes(2)),
                    "PUT X-Timestamp " + g);
            s.add(s.head(), "HEAD after X-Timestamp " + g);
        }
        String[] bad = {"abc", "-1", "10000000000", "", "1e10", "nan", "inf", ts(t) + ".0", "0x10", ts(t) + "_zz",
            ts(t) + "_", "9999999999.999999", "-inf", "Infinity", "1e400", "inf_1", "inf_zz", ts(t + 30) + "_0x1",
            ts(t + 31) + "_00000000000000001", ts(t + 32) + "_10000000000000000", ts(t + 33) + "_1_2"};
        for (String b : bad) {
            s.add(s.r("PUT").h("X-Timestamp", b).h("Content-Type", "text/plain").body(bytes(1)),
                    "PUT X-Timestamp '" + b + "'");
        }
        s.add(s.get("X-Timestamp", "abc"), "GET bad X-Timestamp");
        s.add(s.head("X-Timestamp", "-5"), "HEAD negative X-Timestamp");
        s.add(s.r("PUT").h("X-Timestamp", "9999999999.99999").h("Content-Type", "text/plain").body(bytes(1)),
                "PUT largest valid timestamp");
        s.add(s.get(), "GET");
    }

    /** PUT framing and validation: chunked, zero length, ETag, If-None-Match, Content-Type/-Length, TE. */
    void putVariants(S s) {
        double t = s.t;
        byte[] body = bytes(1 + rnd.nextInt(3000));
        int[] sizes = {1 + rnd.nextInt(7), 1 + rnd.nextInt(500), 1 + rnd.nextInt(4000)};
        s.add(s.r("PUT").h("X-Timestamp", ts(t)).h("Content-Type", "text/plain").chunked(body, sizes), "PUT chunked");
        s.add(s.get(), "GET chunked upload");
        s.add(s.put(t + 1, new byte[0], "text/plain"), "PUT zero length");
        s.add(s.get(), "GET empty");
        s.add(s.get("Range", "bytes=0-0"), "GET empty bytes=0-0 -> 416");
        s.add(s.get("Range", "bytes=-1"), "GET empty bytes=-1");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 2)).h("Content-Type", "text/plain").chunked(new byte[0]),
                "PUT chunked zero length");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 3)).h("Content-Type", "text/plain").h("Content-Length", "5")
                .chunked("abcdefgh".getBytes(StandardCharsets.US_ASCII), 3), "PUT chunked and Content-Length");
        s.add(s.get(), "GET");
        byte[] b2 = bytes(10 + rnd.nextInt(100));
        s.add(s.put(t + 4, b2, "text/plain", "ETag", "0000"), "PUT ETag mismatch -> 422");
        s.add(s.put(t + 5, b2, "text/plain", "ETag", "\"" + md5(b2) + "\""), "PUT quoted ETag");
        s.add(s.put(t + 6, b2, "text/plain", "ETag", md5(b2).toUpperCase(Locale.ROOT)), "PUT upper-case ETag");
        s.add(s.put(t + 7, b2, "text/plain", "If-None-Match", "*"), "PUT If-None-Match * on existing -> 412");
        s.add(s.put(t + 7, b2, "text/plain", "If-None-Match", "\"" + md5(b2) + "\""), "PUT If-None-Match etag -> 412");
        s.add(s.put(t + 7, b2, "text/plain", "If-None-Match", "\"other\""), "PUT If-None-Match other etag");
        s.add(s.put(t + 8, b2, null), "PUT without Content-Type");
        s.add(s.put(t + 8, b2, ""), "PUT empty Content-Type");
        s.add(s.head(), "HEAD");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 9)).h("Content-Type", "text/plain").rawBody(b2),
                "PUT without Content-Length -> 411");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 9)).h("Content-Type", "text/plain").h("Content-Length", "abc"),
                "PUT Content-Length abc");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 9)).h("Content-Type", "text/plain").h("Content-Length",
                "5368709123"), "PUT too large -> 413");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 9)).h("Content-Type", "text/plain").h("Transfer-Encoding", "gzip")
                .rawBody(b2), "PUT Transfer-Encoding gzip");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 9)).h("Content-Type", "text/plain")
                .h("Transfer-Encoding", "gzip, chunked").rawBody("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                "PUT Transfer-Encoding gzip, chunked");
        s.add(s.r("PUT").h("Content-Type", "text/plain").body(b2), "PUT without X-Timestamp");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 10)).h("Content-Type", "text/plain").h("Content-Length", "10")
                .rawBody("short".getBytes(StandardCharsets.US_ASCII)).halfClose(), "PUT short body -> 499");
        s.add(s.head(), "HEAD after short body");
        String longName = "n".repeat(1020) + "\u00e9\u00e9\u00e9\u00e9";
        s.add(s.withPolicy(RawRequest.of("PUT", s.pathOf(longName))).h("X-Timestamp", ts(t + 11))
                .h("Content-Type", "text/plain").body(bytes(1)), "PUT object name of 1024 code points");
        s.add(s.withPolicy(RawRequest.of("PUT", s.pathOf(longName + "x"))).h("X-Timestamp", ts(t + 11))
                .h("Content-Type", "text/plain").body(bytes(1)), "PUT object name of 1025 code points");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 11.5)).h("Content-Type", "text/plain")
                .h("Transfer-Encoding", "Chunked")
                .rawBody("3\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                "PUT Transfer-Encoding: Chunked (capital C) -> 411");
        s.add(s.get(), "GET");
        s.add(s.put(t + 12, bytes(3), "text/plain", "X-Backend-No-Commit", "true"), "PUT X-Backend-No-Commit");
        s.add(s.get(), "GET");
        String main = s.obj;
        s.obj = main + "-ctype";
        s.addContainerParsing(s.put(t + 13, b2, "text/\u00ff\u00fe"), "PUT Content-Type not UTF-8");
        s.addContainerParsing(s.put(t + 14, b2, "text/caf\u00c3\u00a9"), "PUT Content-Type UTF-8 octets");
        s.addContainerParsing(s.head(), "HEAD");
        s.obj = main + "-mime";
        multiStagePuts(s, t + 20);
        s.obj = main + "-chunk-ext";
        s.addContainerParsing(s.r("PUT").h("X-Timestamp", ts(t + 15)).h("Content-Type", "text/plain")
                .h("Transfer-Encoding", "chunked").rawBody("3;ext=1\r\nabc\r\n0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)), "PUT chunked with a chunk extension");
        s.addContainerParsing(s.r("PUT").h("X-Timestamp", ts(t + 16)).h("Content-Type", "text/plain")
                .h("Transfer-Encoding", "chunked").rawBody("2;x=\"y\"\r\nde\r\n0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)), "PUT chunked with a quoted chunk extension");
        s.addContainerParsing(s.head(), "HEAD");
        s.obj = main;
    }

    /**
     * PUTs as the proxy sends them with footers (without Expect here): chunked MIME documents,
     * the object size in X-Backend-Obj-Content-Length, a JSON metadata footer with its Content-MD5.
     */
    private void multiStagePuts(S s, double t) {
        byte[] data = bytes(1 + rnd.nextInt(300));
        String boundary = HEX.formatHex(bytes(32));
        String json = "{\"Etag\": \"" + md5(data) + "\", \"X-Object-Sysmeta-Footer\": \"f\","
                + " \"X-Object-Meta-Ignored\": \"m\"}";
        String footerMd5 = md5(json.getBytes(StandardCharsets.US_ASCII));
        s.add(s.r("PUT").h("X-Timestamp", ts(t)).h("Content-Type", "text/plain")
                .h("X-Backend-Obj-Content-Length", Integer.toString(data.length))
                .h("X-Backend-Obj-Metadata-Footer", "yes").h("X-Backend-Obj-Multipart-Mime-Boundary", boundary)
                .chunked(mime(boundary, data, footerMd5, json), 100, 7), "PUT with a metadata footer");
        s.add(s.head(), "HEAD (footer sysmeta)");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 1)).h("Content-Type", "text/plain")
                .h("X-Backend-Obj-Content-Length", Integer.toString(data.length))
                .h("X-Backend-Obj-Metadata-Footer", "yes").h("X-Backend-Obj-Multipart-Mime-Boundary", boundary)
                .chunked(mime(boundary, data, md5(new byte[1]), json), 64), "PUT footer Content-MD5 mismatch");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 2)).h("Content-Type", "text/plain")
                .h("X-Backend-Obj-Metadata-Footer", "yes").chunked(data), "PUT footer without MIME boundary");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 3)).h("Content-Type", "text/plain")
                .h("X-Backend-Obj-Content-Length", Integer.toString(data.length + 1)).chunked(data, 5),
                "PUT chunked, X-Backend-Obj-Content-Length one too many -> 499");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 4)).h("Content-Type", "text/plain")
                .h("X-Backend-Obj-Content-Length", "lots").chunked(data), "PUT X-Backend-Obj-Content-Length lots");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 5)).h("Content-Type", "text/plain")
                .h("X-Backend-Obj-Content-Length", Integer.toString(data.length)).chunked(data, 3),
                "PUT chunked with the right X-Backend-Obj-Content-Length");
        s.add(s.get("X-Backend-Fragment-Preferences", "not json"), "GET with junk X-Backend-Fragment-Preferences");
    }

    private static byte[] mime(String boundary, byte[] data, String footerMd5, String json) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nX-Document: object body\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes(("\r\n--" + boundary + "\r\nX-Document: object metadata\r\nContent-MD5: " + footerMd5
                + "\r\n\r\n" + json + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** check_metadata limits at and just over each boundary. */
    void metadataLimits(S s) {
        double t = s.t;
        s.add(s.put(t, bytes(1), "text/plain", "X-Object-Meta-" + "n".repeat(128), "v"), "meta name 128");
        s.add(s.put(t + 1, bytes(1), "text/plain", "X-Object-Meta-" + "n".repeat(129), "v"), "meta name 129 -> 400");
        s.add(s.put(t + 2, bytes(1), "text/plain", "X-Object-Meta-V", "v".repeat(256)), "meta value 256");
        s.add(s.put(t + 3, bytes(1), "text/plain", "X-Object-Meta-V", "v".repeat(257)), "meta value 257 -> 400");
        s.addContainerParsing(s.put(t + 4, bytes(1), "text/plain", "X-Object-Meta-V",
                "\u00c3\u00a9".repeat(128) + "x"), "meta value 257 octets of UTF-8 -> 400");
        s.add(manyMeta(s, t + 5, 90, 1), "90 meta items");
        s.add(s.head(), "HEAD 90 items");
        s.add(manyMeta(s, t + 6, 91, 1), "91 meta items -> 400");
        // 4096 = sum(name + value) over the items: 16 items of 6-char names and 250-char values
        // = 16 * 256 = 4096
        RawRequest.Builder ok = s.put(t + 7, bytes(1), "text/plain");
        RawRequest.Builder over = s.put(t + 8, bytes(1), "text/plain");
        for (int i = 0; i < 16; i++) {
            ok.h(String.format("X-Object-Meta-m%05d", i), "v".repeat(250));
            over.h(String.format("X-Object-Meta-m%05d", i), "v".repeat(i == 15 ? 251 : 250));
        }
        s.add(ok, "overall metadata 4096");
        s.add(over, "overall metadata 4097 -> 400");
        s.add(s.put(t + 9, bytes(1), "text/plain", "X-Object-Meta-", "empty name"), "empty meta name -> 400");
        s.add(s.put(t + 9, bytes(1), "text/plain", "X-Object-Sysmeta-Big", "s".repeat(300)), "sysmeta not limited");
        s.add(s.put(t + 11, bytes(1), "text/plain", "X-Object-Meta-Too-Long", "x".repeat(8200)),
                "header line over 8192");
        s.add(s.get(), "GET");
        s.add(s.post(t + 12, "X-Object-Meta-" + "p".repeat(200), "not checked on POST"), "POST long meta name");
        s.add(s.head(), "HEAD after POST");
        String main = s.obj;
        s.obj = main + "-big-headers";
        s.addContainerParsing(s.put(t + 13, bytes(1), "text/plain", "X-Object-Meta-Long-Value", "x".repeat(8100)),
                "header value near the line limit");
        s.addContainerParsing(s.put(t + 14, bytes(1), "text/plain", "Content-Disposition", "d".repeat(1000),
                "X-Unstored-Header", "u".repeat(5000), "User-Agent", "a".repeat(3000)),
                "valid PUT with 9 KB of headers");
        s.addContainerParsing(s.head(), "HEAD");
        s.obj = main;
    }

    private RawRequest.Builder manyMeta(S s, double ts, int n, int valueLen) {
        RawRequest.Builder b = s.put(ts, bytes(1), "text/plain");
        for (int i = 0; i < n; i++) {
            b.h("X-Object-Meta-K" + i, "v".repeat(valueLen));
        }
        return b;
    }

    /** Invalid paths, devices (507), partitions, policies (503), reserved names, raw paths. */
    void pathsDevicesPolicies(S s) {
        double t = s.t;
        s.add(s.put(t, bytes(4), "text/plain"), "PUT");
        String o = enc(s.obj);
        String p = s.part;
        String[][] invalid = {{"GET", "/" + s.dev + "/" + p + "/a/" + s.cont}, {"GET", "/" + s.dev + "/" + p + "/a"},
            {"HEAD", "/" + s.dev}, {"GET", "/"}, {"DELETE", "/" + s.dev + "/" + p + "/a/" + s.cont + "/"},
            {"GET", "/" + s.dev + "/" + p + "/a//" + o}, {"GET", "//" + p + "/a/c/" + o},
            {"PUT", "/" + s.dev + "//a/c/" + o}, {"POST", "/" + s.dev + "/" + p + "//c/" + o}};
        for (String[] r : invalid) {
            RawRequest.Builder b = s.withPolicy(RawRequest.of(r[0], r[1])).h("X-Timestamp", ts(t + 1));
            if (r[0].equals("PUT")) {
                b.h("Content-Type", "text/plain").body(bytes(1));
            }
            s.add(b, r[0] + " invalid path " + r[1]);
        }
        for (String m : new String[] {"GET", "HEAD", "PUT", "POST", "DELETE"}) {
            RawRequest.Builder b = s.withPolicy(RawRequest.of(m, "/sdz9/" + p + "/a/c/" + o))
                    .h("X-Timestamp", ts(t + 2));
            if (m.equals("PUT")) {
                b.h("Content-Type", "text/plain").body(bytes(1));
            }
            s.add(b, m + " unknown device -> 507");
        }
        s.add(s.withPolicy(RawRequest.of("GET", "/sd%20a/" + p + "/a/c/" + o)), "GET device with space -> 507");
        s.add(s.withPolicy(RawRequest.of("GET", "/sd+a/" + p + "/a/c/" + o)), "GET device with plus -> 507");
        s.add(s.withPolicy(RawRequest.of("GET", "/" + s.dev + "/not-a-number/a/c/" + o)), "GET odd partition");
        for (String pol : new String[] {"7", "abc", "-1", "", "1.0", "01", "0 "}) {
            s.add(RawRequest.of("GET", s.path()).h("X-Backend-Storage-Policy-Index", pol),
                    "GET policy index '" + pol + "'");
        }
        s.add(RawRequest.of("PUT", "/" + s.dev + "/" + p + "/a/c").h("X-Backend-Storage-Policy-Index", "9")
                .h("X-Timestamp", "bad"), "bad policy before bad path and timestamp -> 503");
        s.add(s.withPolicy(RawRequest.of("GET", s.path() + "?multipart-manifest=get&x=%2F")),
                "GET with a query string");
        s.add(s.withPolicy(RawRequest.of("GET", s.path().replace("/a/", "/%61/"))), "GET percent-encoded account");
        // raw paths the container is known to rewrite or refuse before the servlet
        String[][] containerPaths = {{"GET", "/" + s.dev + "/" + p + "/a/c/x%2Fy"},
            {"PUT", "/" + s.dev + "/" + p + "/a/c/x%2Fy"}, {"GET", "/" + s.dev + "/" + p + "/a/c/%FF"},
            {"GET", "/" + s.dev + "/" + p + "/a/c/o%00x"}, {"PUT", "/" + s.dev + "/" + p + "/%00a/%00c/%00o"},
            {"GET", "/" + s.dev + "/" + p + "/a/%00c/o"}, {"GET", "/./" + p + "/a/c/o"},
            {"GET", "/" + s.dev + "/../a/c/o"}, {"GET", "/" + s.dev + "/" + p + "/a/c/../o"},
            {"GET", "http://localhost/" + s.dev + "/" + p + "/a/c/" + o},
            {"GET", "/" + s.dev + "/" + p + "/a/c/o;x=y"}};
        for (String[] r : containerPaths) {
            RawRequest.Builder b = s.withPolicy(RawRequest.of(r[0], r[1])).h("X-Timestamp", ts(t + 3))
                    .category(Category.CONTAINER_PATH);
            if (r[0].equals("PUT")) {
                b.h("Content-Type", "text/plain").body(bytes(2));
            }
            s.add(b, r[0] + " raw path " + r[1]);
        }
    }

    /** REPLICATE with and without suffixes, on a partition holding objects and a tombstone. */
    void replicate(S s) {
        double t = s.t;
        String first = s.obj;
        s.add(s.put(t, bytes(5), "text/plain"), "PUT object 1");
        s.obj = first + "-b";
        s.add(s.put(t + 1, bytes(6), "text/plain"), "PUT object 2");
        s.add(s.delete(t + 2), "DELETE object 2");
        s.obj = first + "-c";
        s.add(s.put(t + 3, bytes(7), "text/plain"), "PUT object 3");
        s.add(s.post(t + 4, "X-Object-Meta-R", "1"), "POST object 3");
        s.obj = first;
        String base = "/" + s.dev + "/" + s.part;
        s.add(s.withPolicy(RawRequest.of("REPLICATE", base)), "REPLICATE partition");
        s.add(s.withPolicy(RawRequest.of("REPLICATE", base)), "REPLICATE partition again");
        s.add(s.withPolicy(RawRequest.of("REPLICATE", base + "/abc-def")), "REPLICATE suffixes abc-def");
        s.add(s.withPolicy(RawRequest.of("REPLICATE", base + "/zzz-12-ABC-1234")), "REPLICATE invalid suffixes");
        s.add(s.withPolicy(RawRequest.of("REPLICATE", base)), "REPLICATE after invalidation");
        s.add(s.withPolicy(RawRequest.of("REPLICATE", base + "/abc/def")), "REPLICATE suffix with a slash");
        s.add(s.withPolicy(RawRequest.of("REPLICATE", "/" + s.dev + "/99999" + s.part)), "REPLICATE empty partition");
        s.add(s.withPolicy(RawRequest.of("REPLICATE", "/" + s.dev)), "REPLICATE without partition -> 400");
        s.add(s.withPolicy(RawRequest.of("REPLICATE", "/sdz9/" + s.part)), "REPLICATE unknown device -> 507");
        s.add(RawRequest.of("REPLICATE", base).h("X-Backend-Storage-Policy-Index", "5"), "REPLICATE bad policy -> 503");
        s.add(s.withPolicy(RawRequest.of("REPLICATE", base)).body(new byte[0]), "REPLICATE with Content-Length: 0");
    }

    /** OPTIONS, unknown and lower-case methods, SSYNC admission, HTTP/1.0 requests. */
    void methods(S s) {
        double t = s.t;
        s.add(s.put(t, bytes(12), "text/plain", "X-Object-Meta-M", "m"), "PUT");
        s.add(RawRequest.of("OPTIONS", "*"), "OPTIONS *");
        s.add(RawRequest.of("OPTIONS", s.path()), "OPTIONS object path");
        s.add(RawRequest.of("OPTIONS", "/sdz9/x"), "OPTIONS unknown device");
        s.add(RawRequest.of("OPTIONS", "/"), "OPTIONS /");
        for (String m : new String[] {"FOO", "PATCH", "PROPFIND", "COPY", "get"}) {
            s.add(s.r(m).h("X-Timestamp", ts(t + 1)), "method " + m + " -> 405");
        }
        s.add(RawRequest.of("SSYNC", "/sdz9/" + s.part), "SSYNC unknown device -> 507");
        s.add(RawRequest.of("SSYNC", "/" + s.dev + "/" + s.part + "/extra"), "SSYNC extra segment -> 400");
        s.add(RawRequest.of("SSYNC", "/" + s.dev + "/" + s.part).h("X-Backend-Storage-Policy-Index", "3"),
                "SSYNC bad policy -> 503");
        s.add(s.get().version("HTTP/1.0"), "GET HTTP/1.0");
        s.add(s.head().version("HTTP/1.0"), "HEAD HTTP/1.0");
        s.add(s.r("POST").version("HTTP/1.0").h("X-Timestamp", ts(t + 2)).h("X-Object-Meta-M", "n"), "POST HTTP/1.0");
        s.add(s.get("Range", "bytes=0-3").version("HTTP/1.0"), "GET range HTTP/1.0");
        s.add(s.get().noHost(), "GET without Host");
        s.add(s.get("Connection", "close"), "GET Connection: close");
        s.add(s.get("Accept-Encoding", "gzip", "TE", "trailers"), "GET Accept-Encoding gzip");
        s.add(s.delete(t + 3), "DELETE");
        s.add(s.get().version("HTTP/1.0"), "GET deleted HTTP/1.0");
    }

    /** Header-name normalisation, repeated headers, octets >= 0x80 and whitespace in values. */
    void headerForms(S s) {
        double t = s.t;
        s.add(s.put(t, bytes(10), "text/plain", "X-Object-Meta-a_b", "under", "x-object-meta-MiXeD", "mixed",
                "X-OBJECT-META-foo1bar", "caps", "X-Object-Meta-Rep", "a", "X-Object-Meta-Rep", "b",
                "X-Object-Meta-Spaces", "  padded  ", "X-Object-Meta-Tab", "a\tb", "X-Object-Meta-Empty", "",
                "X-Object-Transient-Sysmeta-Crypto", "c", "x-object-sysmeta-lower", "s", "Content-Language", "de",
                "Expires", "Wed, 01 Jan 2031 00:00:00 GMT", "X-Robots-Tag", "noindex", "X-Object-Manifest", "c/p",
                "X-Unknown-Header", "dropped", "X-Object-Meta-Dash-", "d", "X-Object-Meta-9x", "n"),
                "PUT with assorted header forms");
        s.add(s.get(), "GET");
        s.add(s.head(), "HEAD");
        s.add(s.put(t + 1, bytes(3), "text/plain", "X-Backend-Replication-Headers",
                "x-object-meta-extra content-language x-custom", "X-Object-Meta-Extra", "e", "X-Custom", "kept?",
                "Content-Language", "fr"), "PUT with X-Backend-Replication-Headers");
        s.add(s.head(), "HEAD");
        s.add(s.post(t + 2, "x-object-meta-POSTED", "p", "Content-Type", "text/X"), "POST");
        s.add(s.get(), "GET");
        s.add(s.r("GET").h("x-backend-etag-is-at", "x-object-meta-mixed").h("if-match", "\"mixed\""),
                "lower-case request header names");
        s.add(s.r("GET").h("Range", "bytes=0-0").h("Range", "bytes=1-1"), "repeated Range headers");
        s.add(s.r("GET").h("If-None-Match", "\"x\"").h("If-None-Match", "*"), "repeated If-None-Match");
        String main = s.obj;
        s.obj = main + "-octets";
        s.addContainerParsing(s.put(t + 3, bytes(4), "text/plain", "X-Object-Meta-Utf8", "caf\u00c3\u00a9",
                "X-Object-Meta-Latin1", "caf\u00e9"), "PUT meta values with octets >= 0x80");
        s.addContainerParsing(s.get(), "GET");
        s.addContainerParsing(s.post(t + 4, "X-Object-Meta-\u00e9", "latin1 name", "Content-Type",
                "text/x\u00c3\u00a9"), "POST non-ASCII meta name and content type");
        s.addContainerParsing(s.head(), "HEAD");
        s.obj = main + "-trailing-space";
        s.addContainerParsing(s.put(t + 5, bytes(5), "text/plain; x=y  ", "X-Object-Meta-Pad", "v  "),
                "PUT Content-Type and meta value with trailing spaces");
        s.addContainerParsing(s.get("Range", "bytes=0-0,2-2"), "GET multi-range: part headers show the type");
        s.obj = main;
    }

    /** An object larger than the 64 KiB buffers: whole, ranges across buffer edges, many ranges. */
    void largeObject(S s) {
        double t = s.t;
        int len = 150_000 + rnd.nextInt(60_000);
        byte[] body = bytes(len);
        s.add(s.put(t, body, "application/octet-stream"), "PUT " + len + " bytes");
        s.add(s.get(), "GET whole");
        s.add(s.get("Range", "bytes=65530-65545"), "GET range across 64 KiB");
        s.add(s.get("Range", "bytes=0-0,65536-65536,131071-131072,-10"), "GET multi-range large");
        s.add(s.get("Range", "bytes=100000-"), "GET open range large");
        s.add(s.head(), "HEAD");
        s.add(s.r("PUT").h("X-Timestamp", ts(t + 1)).h("Content-Type", "application/octet-stream").chunked(body, 8192,
                65536, 1), "PUT large chunked");
        s.add(s.get("Range", "bytes=" + (len - 5) + "-" + (len + 5)), "GET range past the end");
    }

    // ------------------------------------------------------------------ values

    private void addRandomMeta(RawRequest.Builder b) {
        String[] names = {"Flavor", "x_under", "MiXeD", "a1b2", "Long-Name-With-Dashes", "Num"};
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.h("X-Object-Meta-" + pick(names), randomValue());
        }
        if (rnd.nextBoolean()) {
            b.h("X-Object-Sysmeta-Slo-Etag", md5(bytes(4)));
        }
        if (rnd.nextInt(3) == 0) {
            b.h("Content-Encoding", pick(new String[] {"gzip", "identity", "br"}));
        }
    }

    private String randomValue() {
        // no octets >= 0x80 here: the container refuses them (see the CONTAINER_PARSING requests)
        String[] values = {"plain", "with space", "caf%C3%A9", "", "a,b", "\"quoted\"", "x".repeat(40),
            Integer.toString(rnd.nextInt(100_000))};
        return pick(values);
    }

    /** A Range header value for an object of {@code len} bytes: valid, unsatisfiable or invalid. */
    String rangeCase(int len) {
        int kind = rnd.nextInt(20);
        int a = len == 0 ? 0 : rnd.nextInt(len);
        int b = len == 0 ? 0 : a + rnd.nextInt(len - a);
        return switch (kind) {
            case 0, 1 -> "bytes=" + a + "-" + b;
            case 2 -> "bytes=" + a + "-";
            case 3 -> "bytes=-" + (1 + rnd.nextInt(len + 10));
            case 4 -> "bytes=-0";
            case 5, 6 -> {
                StringBuilder sb = new StringBuilder("bytes=");
                int n = 2 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    int x = len == 0 ? 0 : rnd.nextInt(len);
                    int y = len == 0 ? 0 : x + rnd.nextInt(Math.max(1, Math.min(20, len - x)));
                    sb.append(i == 0 ? "" : ",").append(rnd.nextInt(5) == 0 ? "-" + (1 + rnd.nextInt(9)) : x + "-" + y);
                }
                yield sb.toString();
            }
            case 7 -> "bytes=" + (b + 1) + "-" + a;
            case 8 -> "bytes=" + len + "-";
            case 9 -> "bytes=" + (len + 10) + "-" + (len + 20);
            case 10 -> pick(new String[] {"bytes=abc", "items=0-1", "bytes=", "bytes=-", "bytes=0-1,",
                "bytes=1-2,,3-4"});
            case 11 -> pick(new String[] {"BYTES=0-0", "bytes = 0-1, 2-3", "Bytes=0-", "bytes=\t0-0"});
            case 12 -> "bytes=0-0,0-0,0-0,0-0";
            case 13 -> {
                StringBuilder sb = new StringBuilder("bytes=");
                for (int i = 8; i >= 0; i--) {
                    sb.append(i).append('-').append(i).append(i == 0 ? "" : ",");
                }
                yield sb.toString();
            }
            case 14 -> {
                StringBuilder sb = new StringBuilder("bytes=");
                for (int i = 0; i < 51; i++) {
                    sb.append(i == 0 ? "" : ",").append(2 * i).append('-').append(2 * i);
                }
                yield sb.toString();
            }
            case 15 -> "bytes=1-2,1-2";
            case 16 -> "bytes=0-1,-1";
            case 17 -> "bytes=" + a + "-" + b + "," + (len + 5) + "-";
            case 18 -> "bytes=0-" + (long) Integer.MAX_VALUE * 4;
            default -> "bytes=-" + len;
        };
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private <T> T pick(T[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private int pick(int[] a) {
        return a[rnd.nextInt(a.length)];
    }

    static String ts(double t) {
        return String.format(Locale.ROOT, "%.5f", t);
    }

    static String httpDate(long epochSeconds) {
        return RFC1123.format(Instant.ofEpochSecond(epochSeconds));
    }

    static String md5(byte[] b) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Percent-encodes a name's UTF-8 bytes, leaving unreserved characters and {@code /}. */
    static String enc(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }
}
