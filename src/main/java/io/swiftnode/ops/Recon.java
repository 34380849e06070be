package io.swiftnode.ops;

import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.python.PyJson;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * What Swift 2.30.1's {@code recon} middleware answers on an object node, given the request path
 * (object-daemons.md §5.3): the checks, the files they read, the shape and key order of their JSON
 * ({@code json.dumps} without sorting: the order Swift builds its dicts in, file order for what comes from a
 * recon cache file), {@code 404 Invalid path: <path>} for anything else. The HTTP method does not matter.
 *
 * <p>Errors Swift catches become {@code null} values (a recon cache file missing or not a JSON object, a
 * devices directory that cannot be listed, an unreadable ring); errors Swift lets through (no devices
 * directory for {@code unmounted}, {@code diskusage}, {@code quarantined}; an unknown {@code quarantined/}
 * subdirectory; unreadable {@code /proc} files) are thrown, and the caller answers eventlet's 500.
 *
 * <p>Thread-safe: immutable; every request reads the files anew.
 */
public final class Recon {
    /** The version {@code /recon/version} reports; cluster tools compare it across nodes. */
    public static final String SWIFT_VERSION = "2.30.1";
    static final String JSON = "application/json";
    static final String TEXT = "text/plain";
    private static final Logger LOG = Logger.getLogger(Recon.class.getName());
    /** {@code quote_plus(drive) == drive}: only these characters survive quoting unchanged. */
    private static final Pattern VALID_DRIVE = Pattern.compile("[A-Za-z0-9_.~-]+");
    private static final List<String> ALL_TYPES = List.of("account", "container", "object");
    private static final List<String> REPLICATION_KEYS = List.of("replication_time", "replication_stats",
            "replication_last");

    /** An answer: status, Content-Type, body. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    private final String devices;
    private final Path cacheDir;
    private final String swiftConfFile;
    private final List<String> rings;
    private final Path proc;
    private final IntSupplier pageSize;
    private final DoubleSupplier clock;

    /**
     * @param devices        the filter's {@code devices}, as written
     * @param swiftDir       the filter's {@code swift_dir}, as written
     * @param cacheDir       {@code recon_cache_path}
     * @param swiftConfFile  the swift.conf in use (its path is the key of {@code /recon/swiftconfmd5})
     * @param objectRings    the object ring names ({@code object}, {@code object-1}, …) in the order the
     *                       policies are listed in swift.conf
     * @param proc           the {@code /proc} to read
     * @param pageSize       {@code getpagesize()}
     * @param clock          {@code time.time()}
     */
    Recon(String devices, String swiftDir, Path cacheDir, String swiftConfFile, List<String> objectRings, Path proc,
            IntSupplier pageSize, DoubleSupplier clock) {
        this.devices = devices;
        this.cacheDir = cacheDir;
        this.swiftConfFile = swiftConfFile;
        List<String> r = new ArrayList<>();
        r.add(join(swiftDir, "account.ring.gz"));
        r.add(join(swiftDir, "container.ring.gz"));
        for (String name : objectRings) {
            r.add(join(swiftDir, name + ".ring.gz"));
        }
        this.rings = List.copyOf(r);
        this.proc = proc;
        this.pageSize = pageSize;
        this.clock = clock;
    }

    /** The recon endpoints of a node, reading the real {@code /proc}. */
    public Recon(String devices, String swiftDir, Path cacheDir, String swiftConfFile, List<String> objectRings) {
        this(devices, swiftDir, cacheDir, swiftConfFile, objectRings, Path.of("/proc"), ReconNative::pageSize,
                () -> System.currentTimeMillis() / 1000.0);
    }

    /** {@code os.path.join(a, b)} for a relative {@code b}. */
    static String join(String a, String b) {
        return a.isEmpty() || a.endsWith("/") ? a + b : a + "/" + b;
    }

    /**
     * Answers a request for {@code path}, Swift's {@code req.path}: the percent-decoded request path quoted
     * again ({@link #quote}); it starts with {@code /recon/}.
     *
     * @throws Exception what Swift's middleware would let escape (the caller answers 500)
     */
    public Answer answer(String path) throws Exception {
        String[] segs = path.split("/", 4);
        String check = segs.length > 2 ? segs[2] : null;
        String type = segs.length > 3 ? segs[3] : null;
        Object content;
        switch (check == null ? "" : check) {
            case "mem" -> content = mem();
            case "load" -> content = load();
            case "async" -> content = fromCache(List.of("async_pending", "async_pending_last"), "object.recon");
            case "replication" -> {
                if (type == null) {
                    content = replication("object");
                } else if (ALL_TYPES.contains(type)) {
                    content = replication(type);
                } else {
                    return invalid(path);
                }
            }
            case "devices" -> content = devices();
            case "updater" -> {
                if ("container".equals(type)) {
                    content = fromCache(List.of("container_updater_sweep"), "container.recon");
                } else if ("object".equals(type)) {
                    content = fromCache(List.of("object_updater_sweep"), "object.recon");
                } else {
                    return invalid(path);
                }
            }
            case "auditor" -> {
                if (type == null || !ALL_TYPES.contains(type)) {
                    return invalid(path);
                }
                content = auditor(type);
            }
            case "expirer" -> {
                if (!"object".equals(type)) {
                    return invalid(path);
                }
                content = fromCache(List.of("object_expiration_pass", "expired_last_pass"), "object.recon");
            }
            case "mounted" -> content = mounted();
            case "unmounted" -> content = unmounted();
            case "diskusage" -> content = diskUsage();
            case "ringmd5" -> content = ringMd5();
            case "swiftconfmd5" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(swiftConfFile, md5(Path.of(swiftConfFile)));
                content = m;
            }
            case "quarantined" -> content = quarantined();
            case "sockstat" -> content = sockstat();
            case "version" -> content = Map.of("version", SWIFT_VERSION);
            case "driveaudit" -> content = fromCache(List.of("drive_audit_errors"), "drive.recon");
            case "time" -> content = clock.getAsDouble();
            case "sharding" -> content = fromCache(List.of("sharding_stats", "sharding_time", "sharding_last"),
                    "container.recon");
            case "relinker" -> content = fromCache(List.of("devices", "workers"), "relinker.recon");
            case "reconstruction" -> {
                if (!"object".equals(type)) {
                    return invalid(path);
                }
                content = fromCache(List.of("object_reconstruction_last", "object_reconstruction_time"),
                        "object.recon");
            }
            default -> {
                return invalid(path);
            }
        }
        if (content == null) {
            return new Answer(500, TEXT, "Internal server error.".getBytes(StandardCharsets.US_ASCII));
        }
        return new Answer(200, JSON, PyJson.dumps(content).getBytes(StandardCharsets.US_ASCII));
    }

    private static Answer invalid(String path) {
        return new Answer(404, TEXT, ("Invalid path: " + path).getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ recon cache files

    /**
     * {@code _from_recon_cache}: the keys in the given order with their values from the whole file parsed as
     * one JSON object; all null if the file is missing, unreadable, not UTF-8 or not a JSON object.
     */
    Map<String, Object> fromCache(List<String> keys, String fileName) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<?, ?> data = null;
        Path file = cacheDir.resolve(fileName);
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
            Object parsed = PyJson.loads(text);
            if (parsed instanceof Map<?, ?> m) {
                data = m;
            } else {
                LOG.warning(() -> "Error retrieving recon data: " + file + " is not a JSON object");
            }
        } catch (NoSuchFileException e) {
            if (!fileName.equals("relinker.recon")) { // Swift ignores a missing relinker file quietly
                LOG.warning(() -> "Error reading recon cache file " + file + ": " + e);
            }
        } catch (IOException e) {
            LOG.warning(() -> "Error reading recon cache file " + file + ": " + e);
        } catch (PyJson.DecodeError e) {
            LOG.warning(() -> "Error parsing recon cache file " + file + ": " + e.getMessage());
        }
        for (String k : keys) {
            out.put(k, data == null ? null : data.get(k));
        }
        return out;
    }

    private Map<String, Object> replication(String type) {
        if (type.equals("object")) {
            List<String> keys = new ArrayList<>(REPLICATION_KEYS);
            keys.add("object_replication_time");
            keys.add("object_replication_last");
            return fromCache(keys, "object.recon");
        }
        return fromCache(REPLICATION_KEYS, type + ".recon");
    }

    private Map<String, Object> auditor(String type) {
        if (type.equals("object")) {
            return fromCache(List.of("object_auditor_stats_ALL", "object_auditor_stats_ZBF"), "object.recon");
        }
        return fromCache(List.of(type + "_audits_passed", type + "_auditor_pass_completed", type + "_audits_since",
                type + "_audits_failed"), type + ".recon");
    }

    // ------------------------------------------------------------------ devices

    /** {@code os.listdir(devices)}, in directory order. */
    private List<String> listdir(String dir) throws IOException {
        if (dir.isEmpty()) {
            throw new NoSuchFileException(dir); // Python's listdir('') fails; Path.of("") is the cwd
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(dir))) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        }
        return names;
    }

    private Map<String, Object> devices() {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            m.put(devices, listdir(devices));
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "Error listing devices " + devices + ": " + e);
            m.put(devices, null);
        }
        return m;
    }

    /** {@code check_mount(devices, drive)} passes: a valid name and a mount point (whatever mount_check says). */
    private boolean mountedDevice(String drive) {
        return VALID_DRIVE.matcher(drive).matches() && DiskFileManager.isMount(Path.of(devices, drive));
    }

    private List<Object> unmounted() throws IOException {
        List<Object> out = new ArrayList<>();
        for (String entry : listdir(devices)) {
            if (!Files.isDirectory(Path.of(devices, entry)) || mountedDevice(entry)) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("device", entry);
            m.put("mounted", false);
            out.add(m);
        }
        return out;
    }

    private List<Object> diskUsage() throws IOException {
        List<Object> out = new ArrayList<>();
        for (String entry : listdir(devices)) {
            Path p = Path.of(devices, entry);
            if (!Files.isDirectory(p)) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("device", entry);
            if (mountedDevice(entry)) {
                long[] st = ReconNative.statvfs(join(devices, entry));
                BigInteger bsize = unsigned(st[0]);
                BigInteger blocks = unsigned(st[1]);
                BigInteger bavail = unsigned(st[2]);
                m.put("mounted", true);
                m.put("size", bsize.multiply(blocks));
                m.put("used", bsize.multiply(blocks.subtract(bavail)));
                m.put("avail", bsize.multiply(bavail));
            } else {
                m.put("mounted", false);
                m.put("size", "");
                m.put("used", "");
                m.put("avail", "");
            }
            out.add(m);
        }
        return out;
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    /** Link count − 2 of every {@code <device>/quarantined/<type>} directory with more than two links. */
    private Map<String, Object> quarantined() throws IOException {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("objects", 0L);
        q.put("containers", 0L);
        q.put("accounts", 0L);
        Map<String, Object> policies = new LinkedHashMap<>();
        q.put("policies", policies);
        for (String device : listdir(devices)) {
            Path qpath = Path.of(devices, device, "quarantined");
            if (!Files.exists(qpath)) {
                continue;
            }
            for (String qtype : listdir(qpath.toString())) {
                long links = ((Number) Files.getAttribute(qpath.resolve(qtype), "unix:nlink",
                        LinkOption.NOFOLLOW_LINKS)).longValue();
                if (links <= 2) {
                    continue;
                }
                long n = links - 2;
                if (qtype.startsWith("objects")) {
                    int dash = qtype.indexOf('-');
                    String key = dash >= 0 ? qtype.substring(dash + 1) : "0";
                    @SuppressWarnings("unchecked")
                    Map<String, Object> pol = (Map<String, Object>) policies.computeIfAbsent(key,
                            k -> new LinkedHashMap<>(Map.of("objects", 0L)));
                    pol.put("objects", (Long) pol.get("objects") + n);
                    q.put("objects", (Long) q.get("objects") + n);
                } else if (qtype.equals("containers") || qtype.equals("accounts")) {
                    q.put(qtype, (Long) q.get(qtype) + n);
                } else {
                    // Swift: qcounts[qtype] += … raises KeyError (TypeError for "policies")
                    throw new IllegalStateException("KeyError: '" + qtype + "' (" + qpath.resolve(qtype) + ")");
                }
            }
        }
        return q;
    }

    // ------------------------------------------------------------------ swift dir

    private Map<String, Object> ringMd5() {
        Map<String, Object> sums = new LinkedHashMap<>();
        for (String ring : rings) {
            Path p = Path.of(ring);
            if (Files.exists(p)) {
                sums.put(ring, md5(p));
            }
        }
        return sums;
    }

    /** The file's MD5 in hex, or null if it cannot be read. */
    private static String md5(Path p) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            try (var in = Files.newInputStream(p)) {
                byte[] buf = new byte[65536];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warning(() -> "Error reading " + p + ": " + e);
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ /proc

    private List<String> lines(String relative) throws IOException {
        String text = new String(Files.readAllBytes(proc.resolve(relative)), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    /** Python's {@code str.split()}: runs of whitespace, no empty fields. */
    static String[] splitWs(String s) {
        String t = s.strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    private List<Object> mounted() throws IOException {
        List<Object> mounts = new ArrayList<>();
        for (String line : lines("mounts")) {
            String[] f = splitWs(line);
            if (f.length != 6) {
                throw new IllegalStateException("ValueError: /proc/mounts line with " + f.length + " fields: " + line);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("device", f[0]);
            m.put("path", f[1]);
            mounts.add(m);
        }
        return mounts;
    }

    private Map<String, Object> load() throws IOException {
        String[] f = splitWs(Files.readString(proc.resolve("loadavg"), StandardCharsets.UTF_8));
        if (f.length != 5) {
            throw new IllegalStateException("ValueError: /proc/loadavg has " + f.length + " fields");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("1m", Double.parseDouble(f[0]));
        m.put("5m", Double.parseDouble(f[1]));
        m.put("15m", Double.parseDouble(f[2]));
        m.put("tasks", f[3]);
        m.put("processes", new BigInteger(f[4]));
        return m;
    }

    private Map<String, Object> mem() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String line : lines("meminfo")) {
            String[] entry = line.stripTrailing().split(":", -1);
            if (entry.length < 2) {
                throw new IllegalStateException("IndexError: /proc/meminfo line without ':': " + line);
            }
            m.put(entry[0], entry[1].strip());
        }
        return m;
    }

    private Map<String, Object> sockstat() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            for (String line : lines("net/sockstat")) {
                if (line.startsWith("TCP: inuse")) {
                    String[] f = splitWs(line);
                    m.put("tcp_in_use", new BigInteger(f[2]));
                    m.put("orphan", new BigInteger(f[4]));
                    m.put("time_wait", new BigInteger(f[6]));
                    m.put("tcp_mem_allocated_bytes", new BigInteger(f[10]).multiply(
                            BigInteger.valueOf(pageSize.getAsInt())));
                }
            }
        } catch (NoSuchFileException e) {
            // Swift skips a missing file
        }
        try {
            for (String line : lines("net/sockstat6")) {
                if (line.startsWith("TCP6: inuse")) {
                    m.put("tcp6_in_use", new BigInteger(splitWs(line)[2]));
                }
            }
        } catch (NoSuchFileException e) {
            // Swift skips a missing file
        }
        return m;
    }

    // ------------------------------------------------------------------ paths

    /** The octets of a raw request path after percent-decoding (eventlet's {@code PATH_INFO}, latin-1). */
    static byte[] unquote(String raw) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else {
                bytes.write(c & 0xff);
            }
        }
        return bytes.toByteArray();
    }

    private static int hex(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    /** Whether decoded path octets start with {@code /recon/}: the recon filter takes the request. */
    static boolean isReconPath(byte[] decoded) {
        byte[] prefix = "/recon/".getBytes(StandardCharsets.US_ASCII);
        if (decoded.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (decoded[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code urllib.parse.quote(octets, safe='/')}: Swift's {@code req.path}. */
    static String quote(byte[] octets) {
        StringBuilder sb = new StringBuilder(octets.length);
        for (byte b : octets) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_.-~/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
