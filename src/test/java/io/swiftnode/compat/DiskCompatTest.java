package io.swiftnode.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFile;
import io.swiftnode.disk.DiskFileDeleted;
import io.swiftnode.disk.DiskFileExpired;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.DiskFileNotExist;
import io.swiftnode.disk.DiskFileReader;
import io.swiftnode.disk.DiskFileWriter;
import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.OnDiskFiles;
import io.swiftnode.disk.Timestamp;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our disk engine against Python Swift 2.30.1's own diskfile code on the same files:
 * (a) Python writes, we read; (b) we write, Python (and swift-object-info) reads;
 * (c) hash paths, partitions, suffix hashes and hashes.pkl agree.
 *
 * <p>Devices live on tmpfs ({@code /dev/shm}), which like XFS takes 64 KiB xattr values, so
 * metadata large enough for a second xattr chunk is exercised; ext4 here stops at 4 KiB.
 */
class DiskCompatTest {
    static final int PART_POWER = 8;
    static SwiftFixture swift;
    static Path root;
    static Path pyDevices;
    static Path javaDevices;
    static DiskFileManager javaMgr;
    static DiskFileManager pyMgr;
    static final double NOW = System.currentTimeMillis() / 1000.0;
    static final HashPath HASH = new HashPath("changeme", "changeme");

    record Op(String op, int policy, String account, String container, String obj, Timestamp ts, byte[] body,
            Map<String, String> metadata) {
        String partition() {
            return Integer.toString(HashPath.partition(HASH.digest(account, container, obj), PART_POWER));
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", op);
            m.put("policy", policy);
            m.put("device", "sda");
            m.put("partition", partition());
            m.put("account", account);
            m.put("container", container);
            m.put("obj", obj);
            m.put("ts", ts.internal());
            m.put("body", Base64.getEncoder().encodeToString(body == null ? new byte[0] : body));
            m.put("metadata", metadata);
            return m;
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        root = Files.createTempDirectory(Path.of("/dev/shm"), "swiftnode-compat-");
        swift = new SwiftFixture(root);
        pyDevices = root.resolve("py");
        javaDevices = root.resolve("java");
        Files.createDirectories(pyDevices.resolve("sda"));
        Files.createDirectories(javaDevices.resolve("sda"));
        javaMgr = new DiskFileManager(DiskConfig.defaults(javaDevices, HASH).withPolicies(Set.of(0, 1)));
        pyMgr = new DiskFileManager(DiskConfig.defaults(pyDevices, HASH).withPolicies(Set.of(0, 1)));
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (root != null) {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A header value as the object server stores it: each octet of its UTF-8 form as one char. */
    static String wsgi(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    static final String[] NAMES = {"plain", "dir/sub/obj", "é/x y", "\u0000zero", "日本語/ファイル", "emoji-\ud83d\ude00",
        "tab\tand\nnewline", "percent%20sign", "trailing/", "x".repeat(300)};

    static List<Op> generate(long seed, int objects) {
        Random rnd = new Random(seed);
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            String obj = NAMES[i % NAMES.length] + (i >= NAMES.length ? "-" + i : "");
            int policy = rnd.nextInt(3) == 0 ? 1 : 0;
            String container = rnd.nextBoolean() ? "c" : "cönt";
            double t = NOW - 100_000 + i * 50;
            int n = 1 + rnd.nextInt(5);
            boolean reclaimCase = rnd.nextInt(15) == 0;
            for (int k = 0; k < n; k++) {
                t += 1 + rnd.nextInt(5);
                // now and then an operation older than the previous one, to exercise selection
                double ts = rnd.nextInt(6) == 0 ? t - 3 - rnd.nextInt(5) : t;
                int kind = k == 0 ? 0 : rnd.nextInt(3);
                Map<String, String> md = new LinkedHashMap<>();
                switch (kind) {
                    case 0 -> {
                        byte[] body = new byte[rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(70_000)];
                        rnd.nextBytes(body);
                        md.put("Content-Type", rnd.nextBoolean() ? "text/plain" : "application/x-ü;swift_bytes=3");
                        md.put("X-Object-Meta-Color", wsgi("bl\u00fce " + i));
                        md.put("X-Object-Sysmeta-Owner", "o" + k);
                        if (rnd.nextInt(5) == 0) {
                            md.put("X-Delete-At", Long.toString((long) NOW + (rnd.nextBoolean() ? 100_000 : -10)));
                        }
                        if (rnd.nextInt(8) == 0) {
                            md.put("X-Object-Meta-Empty", "");
                        }
                        ops.add(new Op("put", policy, "AUTH_t", container, obj, Timestamp.of(ts), body, md));
                    }
                    case 1 -> {
                        md.put("X-Object-Meta-Posted", wsgi("ñ" + k));
                        if (rnd.nextBoolean()) {
                            md.put("Content-Type", "image/png");
                            double cts = rnd.nextBoolean() ? ts : ts - 1 - rnd.nextInt(3);
                            md.put("Content-Type-Timestamp", Timestamp.of(cts).internal());
                        }
                        ops.add(new Op("post", policy, "AUTH_t", container, obj, Timestamp.of(ts), null, md));
                    }
                    default -> {
                        double dts = reclaimCase ? NOW - 700_000 : ts;
                        ops.add(new Op("delete", policy, "AUTH_t", container, obj, Timestamp.of(dts), null, md));
                    }
                }
            }
        }
        return ops;
    }

    static void applyJava(DiskFileManager mgr, List<Op> ops) throws IOException {
        for (Op op : ops) {
            DiskFile df = mgr.diskFile("sda", op.partition(), op.account(), op.container(), op.obj(), op.policy());
            Map<String, String> md = new LinkedHashMap<>(op.metadata());
            switch (op.op()) {
                case "put" -> {
                    try (DiskFileWriter w = df.create(op.body().length)) {
                        w.write(op.body(), 0, op.body().length);
                        md.put("X-Timestamp", op.ts().internal());
                        md.put("Content-Length", Integer.toString(op.body().length));
                        md.put("ETag", w.etag());
                        w.put(md);
                        w.commit();
                    }
                }
                case "post" -> {
                    md.put("X-Timestamp", op.ts().internal());
                    df.writeMetadata(md);
                }
                default -> df.delete(op.ts());
            }
        }
    }

    /** Objects named by the ops, once each, in order. */
    static List<Op> objects(List<Op> ops) {
        Map<String, Op> m = new LinkedHashMap<>();
        for (Op op : ops) {
            m.putIfAbsent(op.policy() + "/" + op.container() + "/" + op.obj(), op);
        }
        return new ArrayList<>(m.values());
    }

    /** Our reader's view, in the shape diskfile_compat.py answers. */
    static Map<String, Object> javaRead(DiskFileManager mgr, Op o) throws IOException {
        DiskFile df = mgr.diskFile("sda", o.partition(), o.account(), o.container(), o.obj(), o.policy());
        Map<String, Object> r = new TreeMap<>();
        try (DiskFileReader rd = df.open()) {
            r.put("state", "data");
            r.put("metadata", new TreeMap<>(rd.metadata()));
            try (InputStream in = rd.stream(0, rd.contentLength())) {
                r.put("body", Base64.getEncoder().encodeToString(in.readAllBytes()));
            }
        } catch (DiskFileDeleted e) {
            r.put("state", "deleted");
            r.put("timestamp", e.timestamp().internal());
        } catch (DiskFileExpired e) {
            r.put("state", "expired");
        } catch (DiskFileNotExist e) {
            r.put("state", "notfound");
        }
        List<String> files = new ArrayList<>();
        if (Files.isDirectory(df.hashDir())) {
            try (Stream<Path> s = Files.list(df.hashDir())) {
                s.forEach(p -> files.add(p.getFileName().toString()));
            }
        }
        files.sort(null);
        r.put("files", files);
        return r;
    }

    static Map<String, Object> fromPython(JsonObject o) {
        Map<String, Object> r = new TreeMap<>();
        String state = o.getString("state");
        r.put("state", state);
        if (state.equals("data")) {
            r.put("metadata", SwiftFixture.stringMap(o.get("metadata")));
            r.put("body", o.getString("body"));
        } else if (state.equals("deleted")) {
            r.put("timestamp", o.getString("timestamp"));
        }
        List<String> files = new ArrayList<>();
        o.getJsonArray("files").forEach(v -> files.add(((jakarta.json.JsonString) v).getString()));
        r.put("files", files);
        return r;
    }

    List<Map<String, Object>> pythonRead(Path devices, List<Op> objs) throws Exception {
        List<Map<String, Object>> req = new ArrayList<>();
        for (Op o : objs) {
            Map<String, Object> m = o.toJson();
            m.remove("body");
            req.add(m);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonValue v : SwiftFixture.list(swift.run("read", devices, SwiftFixture.json(req)))) {
            out.add(fromPython(v.asJsonObject()));
        }
        return out;
    }

    @Test
    void bothWritersAndBothReadersAgree() throws Exception {
        List<Op> ops = generate(2301, 120);
        // large metadata: a second xattr chunk (pickle > 64 KiB)
        Map<String, String> big = new LinkedHashMap<>();
        big.put("Content-Type", "text/plain");
        big.put("X-Object-Meta-Big", "b".repeat(70_000));
        big.put("X-Object-Meta-Big2", wsgi("é".repeat(20_000)));
        ops.add(new Op("put", 0, "AUTH_t", "c", "big-metadata", Timestamp.of(NOW - 10), "big".getBytes(), big));
        Map<String, String> bigPost = new LinkedHashMap<>();
        bigPost.put("X-Object-Meta-Posted", "p".repeat(80_000));
        ops.add(new Op("post", 1, "AUTH_t", "c", "big-post", Timestamp.of(NOW - 9), null, bigPost));
        ops.add(0, new Op("put", 1, "AUTH_t", "c", "big-post", Timestamp.of(NOW - 11), "x".getBytes(), Map.of()));
        // a DELETE older than reclaim_age leaves nothing behind at all
        ops.add(new Op("put", 0, "AUTH_t", "c", "long-gone", Timestamp.of(NOW - 700_010), "x".getBytes(), Map.of()));
        ops.add(new Op("delete", 0, "AUTH_t", "c", "long-gone", Timestamp.of(NOW - 700_000), null, Map.of()));

        List<Map<String, Object>> req = new ArrayList<>();
        ops.forEach(o -> req.add(o.toJson()));
        swift.run("apply", pyDevices, SwiftFixture.json(req));
        applyJava(javaMgr, ops);

        List<Op> objs = objects(ops);
        List<Map<String, Object>> pyOnPy = pythonRead(pyDevices, objs);
        List<Map<String, Object>> pyOnJava = pythonRead(javaDevices, objs);
        Set<String> states = new TreeSet<>();
        for (int i = 0; i < objs.size(); i++) {
            Op o = objs.get(i);
            String what = o.policy() + "/" + o.container() + "/" + o.obj();
            Map<String, Object> javaOnPy = javaRead(pyMgr, o);
            Map<String, Object> javaOnJava = javaRead(javaMgr, o);
            // (a) Python wrote: our reader sees what Python's reader sees
            assertEquals(pyOnPy.get(i), javaOnPy, "(a) " + what);
            // (b) we wrote: Python's reader sees what ours sees, and the same files Python would write
            assertEquals(javaOnJava, pyOnJava.get(i), "(b) " + what);
            assertEquals(pyOnPy.get(i), pyOnJava.get(i), "(b) same state and file names as Python's writes: " + what);
            states.add((String) pyOnPy.get(i).get("state"));
        }
        assertEquals(Set.of("data", "deleted", "expired", "notfound"), states, "the generator covers every outcome");
        Map<String, Object> bigRead = javaRead(pyMgr, objs.stream().filter(o -> o.obj().equals("big-metadata"))
                .findFirst().orElseThrow());
        assertEquals("b".repeat(70_000), ((Map<?, ?>) bigRead.get("metadata")).get("X-Object-Meta-Big"));
    }

    @Test
    void swiftObjectInfoReadsOurDataFiles() throws Exception {
        Map<String, String> md = new LinkedHashMap<>();
        md.put("Content-Type", "text/plain");
        md.put("X-Object-Meta-Color", wsgi("grün"));
        Op op = new Op("put", 0, "AUTH_t", "c", "info-é", Timestamp.of(NOW - 5), "hello".getBytes(), md);
        applyJava(javaMgr, List.of(op));
        DiskFile df = javaMgr.diskFile("sda", op.partition(), "AUTH_t", "c", "info-é", 0);
        Path data = df.hashDir().resolve(op.ts().internal() + OnDiskFiles.DATA);
        JsonValue v = swift.run("info", javaDevices, SwiftFixture.json(List.of(data.toString())));
        JsonObject r = v.asJsonArray().get(0).asJsonObject();
        assertEquals(0, r.getInt("rc"), r.getString("stderr"));
        String out = r.getString("stdout");
        assertTrue(out.contains("Path: /AUTH_t/c/info-é"), out);
        assertTrue(out.contains("Content-Type: text/plain"), out);
        assertTrue(out.contains("ETag: 5d41402abc4b2a76b9719d911017c592 (valid)"), out);
        assertTrue(out.contains("Content-Length: 5 (valid)"), out);
        assertTrue(out.contains("Timestamp: " + op.ts().normal()) || out.contains(op.ts().internal()), out);
        Map<String, String> pyMd = SwiftFixture.stringMap(r.get("metadata"));
        assertEquals(wsgi("grün"), pyMd.get("X-Object-Meta-Color"));
        assertEquals("/AUTH_t/c/info-é", pyMd.get("name"));
    }

    @Test
    void hashPathsAndPartitionsAgreeForRandomNames() throws Exception {
        Random rnd = new Random(99);
        List<Map<String, Object>> names = new ArrayList<>();
        List<String[]> triples = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String[] t = {randomName(rnd), randomName(rnd), randomName(rnd)};
            triples.add(t);
            names.add(Map.of("account", t[0], "container", t[1], "obj", t[2]));
        }
        Map<String, Object> req = Map.of("names", names, "part_power", 18);
        List<JsonValue> answers = SwiftFixture.list(swift.run("names", pyDevices, SwiftFixture.json(req)));
        for (int i = 0; i < triples.size(); i++) {
            String[] t = triples.get(i);
            JsonObject a = answers.get(i).asJsonObject();
            assertEquals(a.getString("hash"), HASH.hash(t[0], t[1], t[2]), String.join("/", t));
            assertEquals(a.getInt("partition"), HashPath.partition(HASH.digest(t[0], t[1], t[2]), 18));
        }
    }

    static String randomName(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int len = 1 + rnd.nextInt(12);
        for (int i = 0; i < len; i++) {
            int kind = rnd.nextInt(10);
            int cp = switch (kind) {
                case 0 -> 0x80 + rnd.nextInt(0x780);
                case 1 -> 0x3040 + rnd.nextInt(0x100);
                case 2 -> 0x1F600 + rnd.nextInt(0x40);
                case 3 -> rnd.nextInt(0x20);
                default -> 0x20 + rnd.nextInt(0x5f);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /**
     * During a partition power increase (X-Backend-Next-Part-Power) every write is also linked into
     * the object's partition under the next power, and the other location's hash dir is cleaned
     * up: the same files, with the same link counts, as Swift's own writer leaves.
     */
    @Test
    void partitionPowerIncreaseRelinksAsSwift() throws Exception {
        Path pyDev = deviceRoot("relink-py");
        Path javaDev = deviceRoot("relink-java");
        DiskFileManager onJava = new DiskFileManager(DiskConfig.defaults(javaDev, HASH).withPolicies(Set.of(0, 1)));
        List<Map<String, Object>> ops = new ArrayList<>();
        double t = NOW - 100;
        for (int i = 0; i < 12; i++) {
            String obj = "relink-" + i;
            // before the increase: partitions under PART_POWER, links for PART_POWER + 1
            ops.add(relinkOp("put", obj, PART_POWER, PART_POWER + 1, t++));
            if (i % 3 == 1) {
                ops.add(relinkOp("post", obj, PART_POWER, PART_POWER + 1, t++));
            }
            if (i % 3 == 2) {
                ops.add(relinkOp("delete", obj, PART_POWER, PART_POWER + 1, t++));
            }
        }
        for (int i = 0; i < 6; i++) {
            String obj = "raised-" + i;
            // files left under the old power (an old .data behind a newer tombstone), then a write
            // under the raised power: the old location is cleaned up, nothing is linked
            ops.add(relinkOp("put", obj, PART_POWER, null, t++));
            ops.add(relinkOp("delete", obj, PART_POWER, null, t++));
            ops.add(relinkOp("put", obj, PART_POWER + 1, PART_POWER + 1, t++));
        }
        swift.run("apply", pyDev, SwiftFixture.json(ops));
        for (Map<String, Object> op : ops) {
            DiskFile df = onJava.diskFile("sda", (String) op.get("partition"), "AUTH_t", "c", (String) op.get("obj"), 0)
                    .withNextPartPower(op.containsKey("next_part_power") ? op.get("next_part_power").toString() : null);
            Timestamp ts = Timestamp.parse((String) op.get("ts"));
            Map<String, String> md = new LinkedHashMap<>();
            md.put("X-Timestamp", ts.internal());
            switch ((String) op.get("op")) {
                case "put" -> {
                    try (DiskFileWriter w = df.create(3)) {
                        w.write("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
                        md.put("Content-Type", "text/plain");
                        md.put("Content-Length", "3");
                        md.put("ETag", w.etag());
                        w.put(md);
                        w.commit();
                    }
                }
                case "post" -> df.writeMetadata(md);
                default -> df.delete(ts);
            }
        }
        Map<String, Long> py = objectFiles(pyDev);
        Map<String, Long> java = objectFiles(javaDev);
        assertEquals(py, java, "files and link counts under objects/");
        assertTrue(py.values().stream().anyMatch(n -> n == 2), "some files are linked twice: " + py);
    }

    /** A devices root of its own under the test's root, with device {@code sda}. */
    private static Path deviceRoot(String name) throws IOException {
        Path devices = root.resolve(name);
        Files.createDirectories(devices.resolve("sda"));
        return devices;
    }

    private static Map<String, Object> relinkOp(String op, String obj, int partPower, Integer next, double ts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("policy", 0);
        m.put("device", "sda");
        m.put("partition", Integer.toString(HashPath.partition(HASH.digest("AUTH_t", "c", obj), partPower)));
        m.put("account", "AUTH_t");
        m.put("container", "c");
        m.put("obj", obj);
        m.put("ts", Timestamp.of(ts).internal());
        m.put("body", Base64.getEncoder().encodeToString("abc".getBytes(StandardCharsets.US_ASCII)));
        m.put("metadata", Map.of("Content-Type", "text/plain"));
        if (next != null) {
            m.put("next_part_power", next);
        }
        return m;
    }

    /** Object files (not hashes.*, locks or temp files) by path under the devices dir, with their link counts. */
    private static Map<String, Long> objectFiles(Path devices) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(devices.resolve("sda").resolve("objects"))) {
            for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith("hashes.") || name.equals(".lock")) {
                    continue;
                }
                out.put(devices.relativize(f).toString(), ((Number) Files.getAttribute(f, "unix:nlink")).longValue());
            }
        }
        return out;
    }

    /**
     * (c) Suffix hashes over the same operation sequences: ours on Python's tree and on ours,
     * Python's on ours and on its own; and each side reads the hashes.pkl the other wrote.
     */
    @Test
    void suffixHashesAndHashesPklAgree() throws Exception {
        Path pyDev = deviceRoot("hpy");
        Path javaDev = deviceRoot("hjava");
        DiskFileManager onPy = new DiskFileManager(DiskConfig.defaults(pyDev, HASH).withPolicies(Set.of(0, 1)));
        DiskFileManager onJava = new DiskFileManager(DiskConfig.defaults(javaDev, HASH).withPolicies(Set.of(0, 1)));
        for (long round = 0; round < 4; round++) {
            List<Op> ops = generate(500 + round, 150);
            List<Map<String, Object>> req = new ArrayList<>();
            ops.forEach(o -> req.add(o.toJson()));
            swift.run("apply", pyDev, SwiftFixture.json(req));
            applyJava(onJava, ops);
            Set<String> parts = new LinkedHashSet<>();
            ops.forEach(o -> parts.add(o.policy() + ":" + o.partition()));
            List<Map<String, Object>> preq = new ArrayList<>();
            for (String p : parts) {
                String[] pp = p.split(":");
                preq.add(Map.of("device", "sda", "partition", pp[1], "policy", Integer.parseInt(pp[0])));
            }
            // ours first on our own tree (writes hashes.pkl), then Python reads and recomputes
            List<Map<String, String>> ourOnJava = new ArrayList<>();
            List<Map<String, String>> ourOnPy = new ArrayList<>();
            for (Map<String, Object> p : preq) {
                ourOnJava.add(onJava.getHashes("sda", (String) p.get("partition"), List.of(), round == 0,
                        (Integer) p.get("policy")).hashes());
            }
            List<JsonValue> pyOnJava = SwiftFixture.list(swift.run("hashes", javaDev, SwiftFixture.json(preq)));
            List<JsonValue> pyOnPy = SwiftFixture.list(swift.run("hashes", pyDev, SwiftFixture.json(preq)));
            for (Map<String, Object> p : preq) {
                ourOnPy.add(onPy.getHashes("sda", (String) p.get("partition"), List.of(), false,
                        (Integer) p.get("policy")).hashes());
            }
            for (int i = 0; i < preq.size(); i++) {
                String what = "round " + round + " " + preq.get(i);
                Map<String, String> py = SwiftFixture.stringMap(pyOnPy.get(i).asJsonObject().get("hashes"));
                assertEquals(py, new TreeMap<>(ourOnPy.get(i)), "ours on Python's tree: " + what);
                assertEquals(py, new TreeMap<>(ourOnJava.get(i)), "ours on our tree: " + what);
                assertEquals(py, SwiftFixture.stringMap(pyOnJava.get(i).asJsonObject().get("hashes")),
                        "Python on our tree: " + what);
                // Python's read_hashes accepted the hashes.pkl we wrote (valid, same suffixes)
                JsonObject pkl = pyOnJava.get(i).asJsonObject().getJsonObject("pkl");
                assertEquals(JsonValue.TRUE, pkl.get("valid"), what);
            }
            // and we read the hashes.pkl Python wrote, as valid, with the same hashes
            for (Map<String, Object> p : preq) {
                Path partDir = pyDev.resolve("sda").resolve(((Integer) p.get("policy")) == 0 ? "objects" : "objects-1")
                        .resolve((String) p.get("partition"));
                if (Files.exists(partDir)) {
                    Map<String, Object> pkl = io.swiftnode.disk.SuffixHashes.read(partDir);
                    assertEquals(Boolean.TRUE, pkl.get("valid"));
                }
            }
        }
    }
}
