package io.swiftnode.it.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the {@code swift} command-line client of Debian's python3-swiftclient against the test
 * cluster's proxy: {@code /usr/bin/python3 /usr/bin/swift -R 0 -A <auth URL> -U test:tester -K
 * testing ARGS…}, no retries (a retry would hide a failed request).
 *
 * <p>The arguments reach the client through a NUL-separated UTF-8 file read by a three-line launcher
 * that then runs {@code /usr/bin/swift} unchanged (with {@code runpy}): Java encodes command-line
 * arguments in the platform's {@code sun.jnu.encoding}, which is ASCII under the POSIX locale of a
 * bare CI machine, and would turn non-ASCII object names into {@code ?}. The client runs with
 * UTF-8 I/O; output is decoded as UTF-8.
 *
 * <p>Thread-safe: each call is an independent process with its own arguments file.
 */
public final class SwiftCli {
    /** The launcher: argv[1] is the arguments file. */
    static final String LAUNCHER = """
            import runpy, sys
            with open(sys.argv[1], 'rb') as f:
                args = f.read().decode('utf-8').split('\\0')
            sys.argv = ['/usr/bin/swift'] + args
            runpy.run_path('/usr/bin/swift', run_name='__main__')
            """;
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SWIFT = Path.of("/usr/bin/swift");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final Path launcher;
    private final Path argsDir;
    private final Path workDir;
    private final List<String> globalArgs;
    private final Supplier<String> diagnostics;
    private final AtomicInteger counter = new AtomicInteger();

    /**
     * @param dir         where the launcher and the arguments files go
     * @param workDir     the client's working directory (relative upload paths start there)
     * @param diagnostics context appended to failure messages (e.g. the proxy's recent errors)
     */
    public SwiftCli(Path dir, Path workDir, String authUrl, String user, String key, Supplier<String> diagnostics) {
        try {
            Files.createDirectories(dir);
            this.launcher = dir.resolve("swift_cli.py");
            Files.writeString(launcher, LAUNCHER, StandardCharsets.UTF_8);
            this.argsDir = dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.workDir = workDir;
        this.globalArgs = List.of("-R", "0", "-A", authUrl, "-U", user, "-K", key);
        this.diagnostics = diagnostics;
    }

    public Path workDir() {
        return workDir;
    }

    /** Runs {@code swift ARGS} and returns the outcome (any exit code). */
    public Result run(String... args) {
        return run(DEFAULT_TIMEOUT, null, null, args);
    }

    /** Runs {@code swift ARGS} and fails with the client's output and the diagnostics unless it exits 0. */
    public Result ok(String... args) {
        return run(args).ok();
    }

    /**
     * Runs {@code swift ARGS}.
     *
     * @param stdin  written to the client's stdin, then closed ({@code null}: empty stdin)
     * @param stdout receives the client's stdout as it comes ({@code null}: kept in the result)
     */
    public Result run(Duration timeout, InputStream stdin, OutputStream stdout, String... args) {
        List<String> all = new ArrayList<>(globalArgs);
        all.addAll(Arrays.asList(args));
        Path argsFile = argsDir.resolve("args-" + counter.incrementAndGet());
        try {
            Files.write(argsFile, String.join("\0", all).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), launcher.toString(), argsFile.toString())
                .directory(workDir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("OS_") || k.startsWith("ST_") || k.startsWith("SWIFTCLIENT_"));
        env.put("PYTHONIOENCODING", "utf-8");
        env.put("PYTHONUTF8", "1");
        env.put("LC_ALL", "C.UTF-8");
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread tOut = pump(p.getInputStream(), stdout != null ? stdout : out, "swift-stdout");
        Thread tErr = pump(p.getErrorStream(), err, "swift-stderr");
        Thread tIn = new Thread(() -> {
            try (OutputStream o = p.getOutputStream()) {
                if (stdin != null) {
                    stdin.transferTo(o);
                }
            } catch (IOException e) {
                // the client exited early; its exit code tells
            }
        }, "swift-stdin");
        tIn.setDaemon(true);
        tIn.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                tOut.join(5000);
                tErr.join(5000);
                throw new AssertionError("swift " + String.join(" ", args) + " did not finish within " + timeout
                        + "\nstderr:\n" + err.toString(StandardCharsets.UTF_8) + "\n" + diagnostics.get());
            }
            tOut.join();
            tErr.join();
            tIn.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError("interrupted", e);
        }
        return new Result(List.of(args), p.exitValue(), out.toByteArray(), err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - start) / 1e9, diagnostics);
    }

    private static Thread pump(InputStream in, OutputStream to, String name) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(to);
            } catch (IOException e) {
                // process gone
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** One finished client run. */
    public record Result(List<String> args, int exitCode, byte[] stdout, String stderr, double seconds,
            Supplier<String> diagnostics) {
        /** Stdout as UTF-8 text. */
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** Stdout lines. */
        public List<String> lines() {
            return out().lines().toList();
        }

        /** This result, if the client exited 0; otherwise an {@link AssertionError} saying what happened. */
        public Result ok() {
            if (exitCode != 0) {
                throw new AssertionError(describe("exited " + exitCode));
            }
            return this;
        }

        /** What ran, how it ended, its output and the cluster's diagnostics. */
        public String describe(String what) {
            String o = stdout.length > 4096 ? "(" + stdout.length + " bytes)" : out();
            return "swift " + String.join(" ", args) + " " + what + " after " + String.format("%.1f", seconds)
                    + " s\nstdout:\n" + o + "\nstderr:\n" + stderr + "\n" + diagnostics.get();
        }
    }
}
