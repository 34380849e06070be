package io.swiftnode.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The one table of bench/run.sh: every cell, then the ratios against the targets. */
final class Report {
    private Report() {
    }

    /** The target for ours/Python by op and size. */
    static double target(String op, String size) {
        return switch (op + " " + size) {
            case "GET 4KiB", "HEAD 4KiB" -> 10;
            case "PUT 4KiB", "DELETE 4KiB" -> 3;
            case "GET 64MiB" -> 3;
            case "PUT 64MiB" -> 2;
            default -> Double.NaN;
        };
    }

    static String f(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static Bench.Result find(List<Bench.Result> rs, String op, String size, int conc, String server) {
        for (Bench.Result r : rs) {
            if (r.op().equals(op) && r.size().equals(size) && r.conc() == conc && r.server().equals(server)) {
                return r;
            }
        }
        return null;
    }

    static String render(String header, List<Bench.Result> rs, double minutes, Bench.Options o) {
        StringBuilder sb = new StringBuilder();
        sb.append(header);
        if (!header.endsWith("\n")) {
            sb.append('\n');
        }
        sb.append('\n');
        String fmt = "%-7s %-6s %5s  %-9s %9s %9s %9s %9s %10s %5s %8s %6s %6s  %8s %8s  %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "op", "size", "conns", "server", "req/s", "p50 ms", "p99 ms", "MB/s",
                "cpu us/req", "sys%", "bench us", "errors", "load1", "ours/py", "target", "notes"));
        sb.append("-".repeat(145)).append('\n');
        for (Bench.Result r : rs) {
            if (r.server().equals("disk")) {
                continue;
            }
            String ratio = "";
            String target = "";
            if (r.server().equals("ours")) {
                Bench.Result py = find(rs, r.op(), r.size(), r.conc(), "python");
                double t = target(r.op(), r.size());
                if (py != null && py.rps() > 0) {
                    double q = r.rps() / py.rps();
                    ratio = f(q, 2) + "x";
                    target = ">=" + f(t, 0) + (q >= t ? " ok" : " LOW");
                }
            }
            String notes = r.note();
            if (r.server().equals("container")) {
                Bench.Result ours = find(rs, r.op(), r.size(), r.conc(), "ours");
                if (ours != null && r.rps() > 0) {
                    notes = (notes.isEmpty() ? "" : notes + "; ") + "ours = " + f(100 * ours.rps() / r.rps(), 0)
                            + "% of this ceiling";
                }
            }
            if (r.errors() > 0) {
                notes = (notes.isEmpty() ? "" : notes + "; ") + r.problems();
            }
            sb.append(String.format(Locale.ROOT, fmt, r.op(), r.size(), r.conc(), r.server(), f(r.rps(), 1),
                    f(r.p50ms(), 2), f(r.p99ms(), 2), f(r.mbps(), 1), f(r.cpuUsPerReq(), 0), f(r.sysPct(), 0),
                    f(r.clientUsPerReq(), 0), r.errors(), f(r.load1(), 1), ratio, target, notes));
        }
        List<Bench.Result> disk = new ArrayList<>();
        for (Bench.Result r : rs) {
            if (r.server().equals("disk")) {
                disk.add(r);
            }
        }
        if (!disk.isEmpty()) {
            sb.append('\n').append("Disk ceiling (same file system, Java loop, no HTTP):\n");
            sb.append("  raw          = write 4 KiB to a new file + fsync + rename into one of 256 dirs + fsync that dir\n");
            sb.append("  swift-shaped = mkdir new hash dir + write 4 KiB + 200 B xattr + fsync + rename + fsync hash dir"
                    + " + fsync its parent (a new object's PUT)\n");
            String dfmt = "  %-13s %8s %9s %9s %9s %10s %5s %6s  %s%n";
            sb.append(String.format(Locale.ROOT, dfmt, "kind", "threads", "ops/s", "p50 ms", "p99 ms", "cpu us/op",
                    "sys%", "load1", ""));
            for (Bench.Result r : disk) {
                sb.append(String.format(Locale.ROOT, dfmt, r.op(), r.conc(), f(r.rps(), 1), f(r.p50ms(), 2),
                        f(r.p99ms(), 2), f(r.cpuUsPerReq(), 0), f(r.sysPct(), 0), f(r.load1(), 1), r.errors() > 0 ? r.problems() : ""));
            }
        }

        // summary of ratios
        int[] concs = rs.stream().filter(r -> !r.server().equals("disk")).mapToInt(Bench.Result::conc).distinct()
                .sorted().toArray();
        Map<String, String> rows = new LinkedHashMap<>();
        for (String k : List.of("PUT 4KiB", "GET 4KiB", "HEAD 4KiB", "DELETE 4KiB", "PUT 64MiB", "GET 64MiB")) {
            String[] p = k.split(" ");
            StringBuilder line = new StringBuilder();
            boolean any = false;
            for (int c : concs) {
                Bench.Result a = find(rs, p[0], p[1], c, "ours");
                Bench.Result b = find(rs, p[0], p[1], c, "python");
                String cell = "-";
                if (a != null && b != null && b.rps() > 0) {
                    double q = a.rps() / b.rps();
                    cell = f(q, 2) + "x" + (q >= target(p[0], p[1]) ? "" : " LOW");
                    any = true;
                }
                line.append(String.format(Locale.ROOT, " %14s", cell));
            }
            if (any) {
                rows.put(k, line.toString());
            }
        }
        if (!rows.isEmpty()) {
            sb.append('\n').append("ours/Python, requests/s (LOW: under the issue's target)\n");
            StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "  %-12s %6s", "cell", "target"));
            for (int c : concs) {
                h.append(String.format(Locale.ROOT, " %14s", c + " conn"));
            }
            sb.append(h).append('\n');
            rows.forEach((k, v) -> {
                String[] p = k.split(" ");
                sb.append(String.format(Locale.ROOT, "  %-12s %6s", k, ">=" + f(target(p[0], p[1]), 0) + "x"))
                        .append(v).append('\n');
            });
        }
        Bench.Result raw1 = null;
        Bench.Result raw16 = null;
        for (Bench.Result r : disk) {
            if (r.op().equals("raw") && r.conc() == 1) {
                raw1 = r;
            }
            if (r.op().equals("raw") && r.conc() == 16) {
                raw16 = r;
            }
        }
        if (raw1 != null && raw16 != null) {
            sb.append('\n').append("4 KiB PUT/DELETE against the raw disk ceiling (1 conn vs 1 thread, 16/64 conns vs 16 threads)\n");
            for (String op : List.of("PUT", "DELETE")) {
                for (String srv : List.of("ours", "python")) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-7s %-7s", op, srv));
                    for (int c : concs) {
                        Bench.Result r = find(rs, op, "4KiB", c, srv);
                        Bench.Result d = c == 1 ? raw1 : raw16;
                        line.append(String.format(Locale.ROOT, " %14s",
                                r == null || d.rps() == 0 ? "-" : f(100 * r.rps() / d.rps(), 0) + "%"));
                    }
                    sb.append(line).append('\n');
                }
            }
        }
        sb.append('\n').append(String.format(Locale.ROOT, "load generator run time: %.1f min%n", minutes));
        return sb.toString();
    }
}
