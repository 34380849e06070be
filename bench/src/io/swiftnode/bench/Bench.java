package io.swiftnode.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator and report of bench/run.sh (see the Benchmark section of README.md).
 *
 * <p>Runs every cell — 4 KiB PUT/GET/HEAD/DELETE and 64 MiB PUT/GET at each connection count,
 * against our server (A) and Python Swift (B) alternately (ABBA order), the container ceiling (C)
 * next to each 4 KiB GET, and the raw write+fsync+rename+dir-fsync rate of the same disk — then prints
 * one table. Each connection is one platform thread with one keep-alive socket speaking HTTP/1.1 by
 * hand; latencies of the requests completed inside the measured window (after the warm-up) are kept
 * in arrays and sorted for p50/p99. MB/s counts body bytes moved inside the window; server CPU is the
 * utime+stime of the server's process tree over the window, per request.
 *
 * <p>Arguments are {@code key=value}; see {@link #main}.
 */
public final class Bench {
    static final int SMALL = 4096;
    static final long BIG = 64L << 20;
    static final String DEVICE = "sda1";
    static final byte[] SMALL_BODY = new byte[SMALL];
    static final byte[] BIG_CHUNK = new byte[1 << 20];
    static final AtomicLong LAST_TS = new AtomicLong();
    static final PrintStream LOG = System.err;
    static final List<Long> SELF = List.of(ProcessHandle.current().pid());

    static {
        Random r = new Random(42);
        r.nextBytes(SMALL_BODY);
        r.nextBytes(BIG_CHUNK);
    }

    private Bench() {
    }

    // ---------------------------------------------------------------- configuration

    record Server(String label, String host, int port, long pid, List<String> pool, List<String> bigPool) {
        static Server parse(String label, String spec) {
            String[] p = spec.split(":");
            return new Server(label, p[0], Integer.parseInt(p[1]), Long.parseLong(p[2]),
                    Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()));
        }

        String hostPort() {
            return host + ":" + port;
        }
    }

    static final class Options {
        final Map<String, String> m = new LinkedHashMap<>();

        Options(String[] args) {
            for (String a : args) {
                int eq = a.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("argument is not key=value: " + a);
                }
                m.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }

        String get(String k, String def) {
            return m.getOrDefault(k, def);
        }

        double num(String k, double def) {
            return Double.parseDouble(get(k, Double.toString(def)));
        }
    }

    // ---------------------------------------------------------------- HTTP over a raw socket

    /** One keep-alive HTTP/1.1 connection. */
    static final class Conn implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final byte[] buf = new byte[65536];
        int pos;
        int lim;
        boolean mustClose;

        Conn(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setReceiveBufferSize(1 << 20);
            socket.setSendBufferSize(1 << 20);
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(300_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        private boolean fill() throws IOException {
            pos = 0;
            lim = in.read(buf, 0, buf.length);
            if (lim <= 0) {
                lim = 0;
                return false;
            }
            return true;
        }

        private String line() throws IOException {
            StringBuilder sb = null;
            while (true) {
                if (pos >= lim && !fill()) {
                    throw new IOException("connection closed by server");
                }
                for (int i = pos; i < lim; i++) {
                    if (buf[i] == '\n') {
                        int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                        String s = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                        pos = i + 1;
                        if (sb != null) {
                            sb.append(s);
                            String r = sb.toString();
                            return r.endsWith("\r") ? r.substring(0, r.length() - 1) : r;
                        }
                        return s;
                    }
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(new String(buf, pos, lim - pos, StandardCharsets.ISO_8859_1));
                pos = lim;
            }
        }

        private void skip(long n, Worker w) throws IOException {
            while (n > 0) {
                if (pos >= lim && !fill()) {
                    throw new IOException("connection closed in a body");
                }
                int k = (int) Math.min(n, lim - pos);
                pos += k;
                n -= k;
                w.addBytes(k);
            }
        }

        /** Reads one response (after any 1xx), discarding and counting the body; returns the status. */
        int response(boolean head, Worker w) throws IOException {
            while (true) {
                String status = line();
                if (status.length() < 12 || !status.startsWith("HTTP/1.")) {
                    throw new IOException("bad status line: " + status);
                }
                int code = Integer.parseInt(status.substring(9, 12));
                long length = -1;
                boolean chunked = false;
                boolean close = status.startsWith("HTTP/1.0");
                for (String h = line(); !h.isEmpty(); h = line()) {
                    int colon = h.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = h.substring(0, colon).trim();
                    String value = h.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("Content-Length")) {
                        length = Long.parseLong(value);
                    } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    } else if (name.equalsIgnoreCase("Connection")) {
                        String v = value.toLowerCase(Locale.ROOT);
                        close = v.contains("close") || (close && !v.contains("keep-alive"));
                    }
                }
                if (code / 100 == 1) {
                    continue;
                }
                if (head || code == 204 || code == 304) {
                    // no body
                } else if (chunked) {
                    while (true) {
                        String size = line();
                        int semi = size.indexOf(';');
                        long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                        if (n == 0) {
                            while (!line().isEmpty()) {
                                // trailers
                            }
                            break;
                        }
                        skip(n, w);
                        line();
                    }
                } else if (length >= 0) {
                    skip(length, w);
                } else {
                    while (pos < lim || fill()) {
                        w.addBytes(lim - pos);
                        pos = lim;
                    }
                    close = true;
                }
                mustClose = close;
                return code;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** A new X-Timestamp, unique and increasing across the run (10 µs resolution, like Swift's). */
    static String timestamp() {
        long now = System.currentTimeMillis() * 100;
        long t = LAST_TS.updateAndGet(last -> Math.max(now, last + 1));
        String frac = Long.toString(t % 100_000);
        return (t / 100_000) + "." + "00000".substring(frac.length()) + frac;
    }

    static String path(String name) {
        int part = (name.hashCode() & 0x7fffffff) % 1024;
        return "/" + DEVICE + "/" + part + "/a/c/" + name;
    }

    static byte[] head(String method, Server s, String name, long contentLength) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(path(name)).append(" HTTP/1.1\r\nHost: ").append(s.hostPort())
                .append("\r\nUser-Agent: swiftnode-bench\r\nX-Backend-Storage-Policy-Index: 0\r\n");
        if (method.equals("PUT") || method.equals("DELETE")) {
            sb.append("X-Timestamp: ").append(timestamp()).append("\r\n");
        }
        if (method.equals("PUT")) {
            sb.append("Content-Type: application/octet-stream\r\nContent-Length: ").append(contentLength)
                    .append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- operations

    /** One request shape; {@code run} does one request and answers false when there is no more work. */
    interface Op {
        String name();

        String size();

        int expected();

        boolean graceful(); // let requests in flight finish at the end of the window

        boolean run(Worker w) throws IOException;
    }

    abstract static class BaseOp implements Op {
        final String name;
        final String size;
        final int expected;

        BaseOp(String name, String size, int expected) {
            this.name = name;
            this.size = size;
            this.expected = expected;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String size() {
            return size;
        }

        @Override
        public int expected() {
            return expected;
        }

        @Override
        public boolean graceful() {
            return true;
        }
    }

    static final class PutSmall extends BaseOp {
        final String tag;

        PutSmall(String tag) {
            super("PUT", "4KiB", 201);
            this.tag = tag;
        }

        @Override
        public boolean run(Worker w) throws IOException {
            String name = "o" + tag + "-" + w.id + "-" + w.seq++;
            byte[] h = head("PUT", w.server, name, SMALL);
            byte[] req = Arrays.copyOf(h, h.length + SMALL);
            System.arraycopy(SMALL_BODY, 0, req, h.length, SMALL);
            long t0 = System.nanoTime();
            w.conn.out.write(req);
            w.conn.out.flush();
            w.addBytes(SMALL);
            int status = w.conn.response(false, w);
            w.done(t0, status);
            if (status == 201) {
                w.created.add(name);
            }
            return true;
        }
    }

    static final class ReadSmall extends BaseOp {
        final boolean headOnly;
        final String[] names;

        ReadSmall(boolean headOnly, String[] names) {
            super(headOnly ? "HEAD" : "GET", "4KiB", 200);
            this.headOnly = headOnly;
            this.names = names;
        }

        @Override
        public boolean run(Worker w) throws IOException {
            String name = names[ThreadLocalRandom.current().nextInt(names.length)];
            byte[] req = head(headOnly ? "HEAD" : "GET", w.server, name, 0);
            long t0 = System.nanoTime();
            w.conn.out.write(req);
            w.conn.out.flush();
            int status = w.conn.response(headOnly, w);
            w.done(t0, status);
            return true;
        }
    }

    static final class DeleteSmall extends BaseOp {
        final String[] names;
        final AtomicInteger next = new AtomicInteger();

        DeleteSmall(String[] names) {
            super("DELETE", "4KiB", 204);
            this.names = names;
        }

        @Override
        public boolean run(Worker w) throws IOException {
            int i = next.getAndIncrement();
            if (i >= names.length) {
                return false;
            }
            byte[] req = head("DELETE", w.server, names[i], 0);
            long t0 = System.nanoTime();
            w.conn.out.write(req);
            w.conn.out.flush();
            int status = w.conn.response(false, w);
            w.done(t0, status);
            return true;
        }
    }

    static final class PutBig extends BaseOp {
        final String tag;

        PutBig(String tag) {
            super("PUT", "64MiB", 201);
            this.tag = tag;
        }

        @Override
        public boolean run(Worker w) throws IOException {
            String name = "big" + tag + "-" + w.id; // one name per connection, overwritten: bounded disk use
            byte[] h = head("PUT", w.server, name, BIG);
            long t0 = System.nanoTime();
            w.conn.out.write(h);
            for (long left = BIG; left > 0; ) {
                int n = (int) Math.min(left, BIG_CHUNK.length);
                w.conn.out.write(BIG_CHUNK, 0, n);
                w.addBytes(n);
                left -= n;
            }
            w.conn.out.flush();
            int status = w.conn.response(false, w);
            w.done(t0, status);
            if (status == 201) {
                w.created.add(name);
            }
            return true;
        }
    }

    static final class GetBig extends BaseOp {
        final String[] names;

        GetBig(String[] names) {
            super("GET", "64MiB", 200);
            this.names = names;
        }

        @Override
        public boolean graceful() {
            return false;
        }

        @Override
        public boolean run(Worker w) throws IOException {
            String name = names[w.id % names.length];
            byte[] req = head("GET", w.server, name, 0);
            long t0 = System.nanoTime();
            w.conn.out.write(req);
            w.conn.out.flush();
            int status = w.conn.response(false, w);
            w.done(t0, status);
            return true;
        }
    }

    // ---------------------------------------------------------------- workers and cells

    static final class Worker extends Thread {
        final Server server;
        final Op op;
        final int id;
        final Cell cell;
        Conn conn;
        int opened;
        long seq;
        long[] ends = new long[4096];
        long[] lats = new long[4096];
        int n;
        volatile long bytes;
        int errors;
        final Map<String, Integer> problems = new TreeMap<>();
        final List<String> created = new ArrayList<>();
        volatile boolean finished;

        Worker(Server server, Op op, int id, Cell cell) {
            super("bench-" + server.label + "-" + id);
            setDaemon(true);
            this.server = server;
            this.op = op;
            this.id = id;
            this.cell = cell;
        }

        void addBytes(long k) {
            bytes += k; // one writer: this thread
        }

        void done(long t0, int status) {
            long t1 = System.nanoTime();
            if (n == ends.length) {
                ends = Arrays.copyOf(ends, n * 2);
                lats = Arrays.copyOf(lats, n * 2);
            }
            ends[n] = t1;
            lats[n] = t1 - t0;
            n++;
            if (status != op.expected()) {
                errors++;
                problems.merge("status " + status, 1, Integer::sum);
            }
            if (conn.mustClose) {
                conn.close();
                conn = null;
            }
        }

        @Override
        public void run() {
            try {
                while (!cell.stop) {
                    try {
                        if (conn == null) {
                            conn = new Conn(server.host, server.port);
                            opened++;
                        }
                        if (!op.run(this)) {
                            break;
                        }
                    } catch (IOException | RuntimeException e) {
                        if (cell.stop) {
                            break;
                        }
                        errors++;
                        problems.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                        if (conn != null) {
                            conn.close();
                            conn = null;
                        }
                        if (errors > 1000) {
                            break;
                        }
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException ie) {
                            break;
                        }
                    }
                }
            } finally {
                finished = true;
                if (conn != null) {
                    conn.close();
                }
            }
        }
    }

    record Result(String op, String size, int conc, String server, long requests, double seconds, double p50ms,
            double p99ms, double mbps, double cpuUsPerReq, double sysPct, double clientUsPerReq, int errors, String problems, double load1, String note) {
        double rps() {
            return seconds > 0 ? requests / seconds : 0;
        }
    }

    static final class Cell {
        volatile boolean stop;
    }

    static Result runCell(Server s, Op op, int conc, double warmS, double measureS) throws InterruptedException {
        Cell cell = new Cell();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < conc; i++) {
            workers.add(new Worker(s, op, i, cell));
        }
        List<Long> tree = ProcStat.tree(s.pid);
        workers.forEach(Thread::start);
        long warmEnd = System.nanoTime() + (long) (warmS * 1e9);
        while (System.nanoTime() < warmEnd && !allFinished(workers)) {
            Thread.sleep(20);
        }
        long t0 = System.nanoTime();
        long bytes0 = bytes(workers);
        long cpu0 = ProcStat.ticks(tree);
        long sys0 = ProcStat.sysTicks(tree);
        long me0 = ProcStat.ticks(SELF);
        long end = t0 + (long) (measureS * 1e9);
        while (System.nanoTime() < end && !allFinished(workers)) {
            Thread.sleep(20);
        }
        long t1 = System.nanoTime();
        long bytes1 = bytes(workers);
        long cpu1 = ProcStat.ticks(tree);
        long sys1 = ProcStat.sysTicks(tree);
        long me1 = ProcStat.ticks(SELF);
        cell.stop = true;
        long grace = System.nanoTime() + (op.graceful() ? 180_000_000_000L : 500_000_000L);
        for (Worker w : workers) {
            w.join(Math.max(1, (grace - System.nanoTime()) / 1_000_000));
        }
        for (Worker w : workers) {
            if (w.isAlive() && w.conn != null) {
                w.conn.close(); // abort a transfer in flight (GET only)
            }
        }
        for (Worker w : workers) {
            w.join(10_000);
        }
        // completions inside [t0, t1]
        int count = 0;
        for (Worker w : workers) {
            count += w.n;
        }
        long[] lat = new long[count];
        int k = 0;
        int errors = 0;
        Map<String, Integer> problems = new TreeMap<>();
        for (Worker w : workers) {
            for (int i = 0; i < w.n; i++) {
                if (w.ends[i] >= t0 && w.ends[i] <= t1) {
                    lat[k++] = w.lats[i];
                }
            }
            errors += w.errors;
            w.problems.forEach((p, c) -> problems.merge(p, c, Integer::sum));
            s.pool.addAll(op.size().equals("4KiB") ? w.created : List.of());
            if (op.size().equals("64MiB")) {
                for (String c : w.created) {
                    if (!s.bigPool.contains(c)) {
                        s.bigPool.add(c);
                    }
                }
            }
        }
        lat = Arrays.copyOf(lat, k);
        Arrays.sort(lat);
        double secs = (t1 - t0) / 1e9;
        String note = "";
        if (allFinished(workers) && op instanceof DeleteSmall) {
            note = "objects exhausted";
        }
        int reconnects = 0;
        for (Worker w : workers) {
            reconnects += Math.max(0, w.opened - 1);
        }
        if (reconnects > 0) { // keep-alive broken (e.g. a per-connection request cap) or errors
            note = (note.isEmpty() ? "" : note + "; ") + reconnects + " reconnects";
        }
        double cpuUs = k == 0 ? 0 : (cpu1 - cpu0) * 1e6 / ProcStat.HZ / k;
        if (System.getProperty("bench.window") != null) { // CLOCK_MONOTONIC, for perf record -k CLOCK_MONOTONIC
            LOG.printf(Locale.ROOT, "window %s %s %s c=%d: %.3f %.3f%n", s.label, op.name(), op.size(), conc, t0 / 1e9,
                    t1 / 1e9);
        }
        return new Result(op.name(), op.size(), conc, s.label, k, secs, pct(lat, 0.50), pct(lat, 0.99),
                (bytes1 - bytes0) / 1e6 / secs, cpuUs,
                cpu1 == cpu0 ? Double.NaN : 100.0 * (sys1 - sys0) / (cpu1 - cpu0),
                k == 0 ? Double.NaN : (me1 - me0) * 1e6 / ProcStat.HZ / k, errors, summarize(problems), ProcStat.load1(), note);
    }

    static boolean allFinished(List<Worker> ws) {
        for (Worker w : ws) {
            if (!w.finished) {
                return false;
            }
        }
        return true;
    }

    static long bytes(List<Worker> ws) {
        long b = 0;
        for (Worker w : ws) {
            b += w.bytes;
        }
        return b;
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    static String summarize(Map<String, Integer> problems) {
        StringBuilder sb = new StringBuilder();
        problems.forEach((p, c) -> {
            if (sb.length() < 200) {
                sb.append(sb.length() == 0 ? "" : "; ").append(c).append("x ").append(p);
            }
        });
        return sb.toString();
    }

    // ---------------------------------------------------------------- /proc

    static final class ProcStat {
        static long HZ = 100;

        /** The pid and all its descendants. */
        static List<Long> tree(long root) {
            Map<Long, List<Long>> children = new TreeMap<>();
            try (var dirs = Files.list(Paths.get("/proc"))) {
                dirs.forEach(d -> {
                    String n = d.getFileName().toString();
                    if (n.chars().allMatch(Character::isDigit)) {
                        String[] f = fields(Long.parseLong(n));
                        if (f != null) {
                            children.computeIfAbsent(Long.parseLong(f[1]), x -> new ArrayList<>()).add(Long.parseLong(n));
                        }
                    }
                });
            } catch (IOException e) {
                return List.of(root);
            }
            List<Long> out = new ArrayList<>();
            List<Long> todo = new ArrayList<>(List.of(root));
            while (!todo.isEmpty()) {
                long p = todo.remove(todo.size() - 1);
                out.add(p);
                todo.addAll(children.getOrDefault(p, List.of()));
            }
            return out;
        }

        /** Fields of /proc/PID/stat after the command: [0]=state, [1]=ppid, ... [11]=utime, [12]=stime. */
        static String[] fields(long pid) {
            try {
                String s = Files.readString(Paths.get("/proc/" + pid + "/stat"));
                return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        static long sysTicks(List<Long> pids) {
            long t = 0;
            for (long p : pids) {
                String[] f = fields(p);
                if (f != null) {
                    t += Long.parseLong(f[12]);
                }
            }
            return t;
        }

        static long ticks(List<Long> pids) {
            long t = 0;
            for (long p : pids) {
                String[] f = fields(p);
                if (f != null) {
                    t += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
            return t;
        }

        static double load1() {
            try {
                return Double.parseDouble(Files.readString(Paths.get("/proc/loadavg")).split(" ")[0]);
            } catch (IOException e) {
                return Double.NaN;
            }
        }
    }

    // ---------------------------------------------------------------- disk ceiling

    /**
     * The raw rate of the disk for what a 4 KiB PUT must do durably. {@code swiftShaped} false: write
     * 4 KiB to a new temp file, fsync, rename into one of 256 existing dirs, fsync that dir (the
     * brief's ceiling). true: what a PUT of a new object costs in Swift's layout — mkdir of a new
     * hash dir (under one of 4096 suffix dirs), write 4 KiB, a 200-byte xattr, fsync, rename into the
     * hash dir, fsync the hash dir and its parent.
     */
    static Result diskCeiling(Path root, int threads, boolean swiftShaped, double warmS, double measureS)
            throws Exception {
        Path base = root.resolve((swiftShaped ? "swift-" : "raw-") + threads);
        Path tmp = base.resolve("tmp");
        Path data = base.resolve("objects");
        Files.createDirectories(tmp);
        if (!swiftShaped) {
            for (int i = 0; i < 256; i++) {
                Files.createDirectories(data.resolve(Integer.toHexString(i)));
            }
        } else {
            Files.createDirectories(data);
        }
        Durable.fsyncDir(tmp);
        byte[] xattr = new byte[200];
        Cell cell = new Cell();
        long[][] ends = new long[threads][];
        long[][] lats = new long[threads][];
        int[] counts = new int[threads];
        AtomicLong uniq = new AtomicLong();
        Thread[] ts = new Thread[threads];
        String[] failure = new String[1];
        for (int t = 0; t < threads; t++) {
            final int id = t;
            ts[t] = new Thread(() -> {
                long[] e = new long[4096];
                long[] l = new long[4096];
                int n = 0;
                ByteBuffer body = ByteBuffer.wrap(SMALL_BODY);
                try {
                    while (!cell.stop) {
                        long u = uniq.getAndIncrement();
                        long t0 = System.nanoTime();
                        Path f = tmp.resolve("t" + id + "-" + u);
                        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW,
                                StandardOpenOption.WRITE)) {
                            body.clear();
                            while (body.hasRemaining()) {
                                ch.write(body);
                            }
                            if (swiftShaped) {
                                Files.getFileAttributeView(f, UserDefinedFileAttributeView.class)
                                        .write("swift.metadata", ByteBuffer.wrap(xattr));
                            }
                            ch.force(true);
                        }
                        if (swiftShaped) {
                            Path suffix = data.resolve(String.format("%03x", u % 4096));
                            Path hashDir = suffix.resolve(Long.toHexString(u * 0x9E3779B97F4A7C15L));
                            Files.createDirectories(hashDir);
                            Files.move(f, hashDir.resolve("1764000000.00000.data"), StandardCopyOption.ATOMIC_MOVE);
                            Durable.fsyncDir(hashDir);
                            Durable.fsyncDir(suffix);
                        } else {
                            Path dir = data.resolve(Integer.toHexString((int) (u % 256)));
                            Files.move(f, dir.resolve("o" + u), StandardCopyOption.ATOMIC_MOVE);
                            Durable.fsyncDir(dir);
                        }
                        long t1 = System.nanoTime();
                        if (n == e.length) {
                            e = Arrays.copyOf(e, n * 2);
                            l = Arrays.copyOf(l, n * 2);
                        }
                        e[n] = t1;
                        l[n] = t1 - t0;
                        n++;
                    }
                } catch (IOException ex) {
                    failure[0] = ex.toString();
                } finally {
                    ends[id] = e;
                    lats[id] = l;
                    counts[id] = n;
                }
            }, "disk-" + t);
            ts[t].start();
        }
        List<Long> self = List.of(ProcessHandle.current().pid());
        Thread.sleep((long) (warmS * 1000));
        long t0 = System.nanoTime();
        long cpu0 = ProcStat.ticks(self);
        long sys0 = ProcStat.sysTicks(self);
        Thread.sleep((long) (measureS * 1000));
        long t1 = System.nanoTime();
        long cpu1 = ProcStat.ticks(self);
        long sys1 = ProcStat.sysTicks(self);
        cell.stop = true;
        for (Thread t : ts) {
            t.join();
        }
        List<Long> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < counts[t]; i++) {
                if (ends[t][i] >= t0 && ends[t][i] <= t1) {
                    all.add(lats[t][i]);
                }
            }
        }
        long[] lat = all.stream().mapToLong(Long::longValue).sorted().toArray();
        double secs = (t1 - t0) / 1e9;
        return new Result(swiftShaped ? "swift-shaped" : "raw", "4KiB", threads, "disk", lat.length, secs,
                pct(lat, 0.5), pct(lat, 0.99), lat.length * (double) SMALL / 1e6 / secs,
                lat.length == 0 ? 0 : (cpu1 - cpu0) * 1e6 / ProcStat.HZ / lat.length,
                cpu1 == cpu0 ? Double.NaN : 100.0 * (sys1 - sys0) / (cpu1 - cpu0), Double.NaN,
                failure[0] == null ? 0 : 1, failure[0] == null ? "" : failure[0], ProcStat.load1(), "");
    }

    static final class Durable {
        static void fsyncDir(Path dir) throws IOException {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    }

    // ---------------------------------------------------------------- the run

    /**
     * Arguments (key=value): ours=HOST:PORT:PID python=HOST:PORT:PID ceiling=HOST:PORT:PID
     * diskdir=DIR out=FILE header=FILE (text printed above the table) conc=1,16,64 hz=100
     * small.warm=3 small.measure=7 big.warm=3 big.measure=12 disk.warm=1 disk.measure=5
     * startup.warm=25 (untimed load on our server and the ceiling before the first cell)
     * only=small,big,disk (which groups of cells) small.ops=PUT,GET,HEAD,DELETE (which 4 KiB cells)
     */
    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        Server ours = Server.parse("ours", o.get("ours", null));
        Server py = Server.parse("python", o.get("python", null));
        Server ceil = Server.parse("container", o.get("ceiling", null));
        ProcStat.HZ = Long.parseLong(o.get("hz", "100"));
        int[] concs = Arrays.stream(o.get("conc", "1,16,64").split(",")).mapToInt(Integer::parseInt).toArray();
        double sw = o.num("small.warm", 3);
        double sm = o.num("small.measure", 7);
        double bw = o.num("big.warm", 3);
        double bm = o.num("big.measure", 12);
        double dw = o.num("disk.warm", 1);
        double dm = o.num("disk.measure", 5);
        double startupWarm = o.num("startup.warm", 25);
        Path diskDir = Paths.get(o.get("diskdir", "bench/work/data/disk"));
        String only = o.get("only", "small,big,disk");
        String smallOps = o.get("small.ops", "PUT,GET,HEAD,DELETE");
        List<Result> results = new ArrayList<>();
        long started = System.nanoTime();

        // warm the JITs (ours, the ceiling and this client) and make a first pool of objects
        if (startupWarm > 0) {
            LOG.printf("warm-up: %.0f s of mixed load on ours, ceiling and python (not reported)%n", startupWarm);
            for (Server s : List.of(ours, py)) {
                double f = s == ours ? 1.0 : 0.2;
                runCell(s, new PutSmall("w"), 16, 0, startupWarm * 0.4 * f);
                String[] names = s.pool.toArray(new String[0]);
                runCell(s, new ReadSmall(false, names), 16, 0, startupWarm * 0.2 * f);
                runCell(s, new ReadSmall(true, names), 16, 0, startupWarm * 0.1 * f);
                DeleteSmall d = new DeleteSmall(Arrays.copyOf(names, names.length / 2));
                runCell(s, d, 16, 0, startupWarm * 0.1 * f);
                removeDeleted(s, d);
            }
            runCell(ceil, new ReadSmall(false, new String[] {"x"}), 16, 0, startupWarm * 0.3);
        }

        if (only.contains("disk")) {
            for (boolean swiftShaped : new boolean[] {false, true}) {
                for (int t : new int[] {1, 16}) {
                    Result r = diskCeiling(diskDir, t, swiftShaped, dw, dm);
                    progress(r);
                    results.add(r);
                }
            }
        }

        int cellNo = 0;
        if (only.contains("small")) {
            for (int c : concs) {
                String tag = Integer.toString(c);
                if (smallOps.contains("PUT")) {
                    results.addAll(ab(cellNo++, ours, py, s -> new PutSmall(tag), c, sw, sm, null));
                }
                if (smallOps.contains("GET")) {
                    results.addAll(ab(cellNo++, ours, py, s -> new ReadSmall(false, s.pool.toArray(new String[0])), c,
                            sw, sm, ceil));
                }
                if (smallOps.contains("HEAD")) {
                    results.addAll(ab(cellNo++, ours, py, s -> new ReadSmall(true, s.pool.toArray(new String[0])), c,
                            sw, sm, null));
                }
                if (smallOps.contains("DELETE")) {
                    results.addAll(ab(cellNo++, ours, py, s -> {
                    // the objects of this level's PUT cell first, then older ones
                    List<String> names = new ArrayList<>(s.pool);
                    Collections.reverse(names);
                    return new DeleteSmall(names.toArray(new String[0]));
                    }, c, sw, sm, null));
                }
            }
        }
        if (only.contains("big")) {
            for (int c : concs) {
                String tag = Integer.toString(c);
                results.addAll(ab(cellNo++, ours, py, s -> new PutBig(tag), c, bw, bm, null));
                results.addAll(ab(cellNo++, ours, py, s -> new GetBig(s.bigPool.toArray(new String[0])), c, bw, bm,
                        null));
                for (Server s : List.of(ours, py)) { // free the disk: DELETE them (not measured)
                    DeleteSmall d = new DeleteSmall(s.bigPool.toArray(new String[0]));
                    runCell(s, d, 4, 0, 120);
                    s.bigPool.clear();
                }
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        String header = o.m.containsKey("header") ? Files.readString(Paths.get(o.get("header", ""))) : "";
        String report = Report.render(header, results, minutes, o);
        System.out.print(report);
        if (o.m.containsKey("out")) {
            Files.writeString(Paths.get(o.get("out", "")), report);
        }
    }

    interface OpFactory {
        Op make(Server s);
    }

    static void removeDeleted(Server s, Op op) {
        // the deleted names were collected by the workers of the last cell; recompute from the op
        if (op instanceof DeleteSmall d) {
            int upto = Math.min(d.next.get(), d.names.length);
            List<String> gone = Arrays.asList(d.names).subList(0, upto);
            s.pool.removeAll(new java.util.HashSet<>(gone));
        }
    }

    /** One cell on A and B (and C), order A B / B A alternating with the cell number. */
    static List<Result> ab(int cellNo, Server a, Server b, OpFactory f, int conc, double warm, double measure, Server c)
            throws InterruptedException {
        List<Server> order = cellNo % 2 == 0 ? List.of(a, b) : List.of(b, a);
        Map<String, Result> byServer = new LinkedHashMap<>();
        for (Server s : order) {
            Op op = f.make(s);
            if (op instanceof ReadSmall r && r.names.length == 0 || op instanceof GetBig g && g.names.length == 0) {
                Result none = new Result(op.name(), op.size(), conc, s.label, 0, 0, Double.NaN, Double.NaN, 0, 0,
                        Double.NaN, Double.NaN, 0,
                        "", ProcStat.load1(), "no objects to read");
                byServer.put(s.label, none);
                progress(none);
                continue;
            }
            Result r = runCell(s, op, conc, warm, measure);
            removeDeleted(s, op);
            byServer.put(s.label, r);
            progress(r);
        }
        if (c != null) {
            Result r = runCell(c, new ReadSmall(false, new String[] {"x"}), conc, warm, measure);
            byServer.put(c.label, r);
            progress(r);
        }
        List<Result> out = new ArrayList<>();
        out.add(byServer.get(a.label));
        out.add(byServer.get(b.label));
        if (c != null) {
            out.add(byServer.get(c.label));
        }
        return out;
    }

    static void progress(Result r) {
        LOG.printf(Locale.ROOT, "%tT %-12s %-5s c=%-3d %-9s %9.1f req/s  p50 %8.2f ms  p99 %8.2f ms  %8.1f MB/s  cpu %7.0f us/req (sys %3.0f%%, bench %5.0f)"
                + "  err %d %s %s%n", new java.util.Date(), r.op(), r.size(), r.conc(), r.server(), r.rps(), r.p50ms(), r.p99ms(), r.mbps(),
                r.cpuUsPerReq(), r.sysPct(), r.clientUsPerReq(), r.errors(), r.problems(), r.note());
    }
}
