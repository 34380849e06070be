package io.swiftnode.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's Python 3 with Swift 2.30.1 ({@code /usr/bin/python3}, package
 * {@code python3-swift}) from tests, so that our formats can be checked against the real
 * implementation. The {@code python3} on {@code PATH} may be another interpreter without Swift,
 * hence the fixed path. A missing interpreter or {@code swift} module fails the test (it is
 * never skipped): CI installs {@code python3-swift}.
 *
 * <p>Usage: {@code Python.script("print(1)").args("x").stdin(bytes).withSwiftDir().run()}.
 * Scripts run from a file, so they may be large (e.g. embed 100 KiB literals); the
 * {@code literal} helpers render Java values as Python source.
 *
 * <p>With {@link Invocation#withSwiftDir()} the script first points Swift at a generated swift dir
 * ({@link #swiftDir()}) so that nothing reads {@code /etc/swift}. The script's own imports of
 * Swift modules come after that prologue.
 *
 * <p>Thread-safe: each run is an independent process; the shared swift dir is created once.
 */
public final class Python {
    /** The interpreter that has Swift 2.30.1 installed. */
    public static final Path INTERPRETER = Path.of("/usr/bin/python3");
    private static final long TIMEOUT_SECONDS = 300;
    private static final String SWIFT_CONF = """
            [swift-hash]
            swift_hash_path_prefix = changeme
            swift_hash_path_suffix = changeme

            [storage-policy:0]
            name = gold
            default = yes

            [storage-policy:1]
            name = silver
            """;
    private static final String SWIFT_DIR_PROLOGUE = """
            import os as _swift_test_os
            from swift.common import utils as _swift_test_utils
            _swift_test_utils.set_swift_dir(_swift_test_os.environ['SWIFT_TEST_SWIFT_DIR'])
            from swift.common import storage_policy as _swift_test_storage_policy
            _swift_test_storage_policy.reload_storage_policies()
            """;

    private static Path swiftDir;
    private static boolean checked;

    private Python() {
    }

    /** A script given as source text. */
    public static Invocation script(String source) {
        return new Invocation(source, "<inline>");
    }

    /** A script from the test resources under {@code python/}, e.g. {@code resource("x.py")}. */
    public static Invocation resource(String name) {
        String path = "/python/" + name;
        try (InputStream in = Python.class.getResourceAsStream(path)) {
            if (in == null) {
                fail("test resource " + path + " not found");
            }
            return new Invocation(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A directory with a {@code swift.conf}: hash prefix and suffix {@code changeme}, policies 0
     * ({@code gold}, default) and 1 ({@code silver}). Created once per JVM under the build's
     * temp dir.
     */
    public static synchronized Path swiftDir() {
        if (swiftDir == null) {
            try {
                Path dir = Files.createTempDirectory("swift-dir");
                Files.writeString(dir.resolve("swift.conf"), SWIFT_CONF);
                swiftDir = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return swiftDir;
    }

    /** Python source for a {@code str} with exactly the code points (and lone surrogates) of {@code s}. */
    public static String literal(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0x20 && cp < 0x7f && cp != '\'' && cp != '\\') {
                sb.append((char) cp);
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
        }
        return sb.append('\'').toString();
    }

    /** Python source for a {@code bytes} object. */
    public static String literal(byte[] b) {
        StringBuilder sb = new StringBuilder("b'");
        for (byte x : b) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('\'').toString();
    }

    /**
     * Python source for a value: {@code String}, {@code byte[]}, {@code Boolean}, integral and
     * floating {@code Number}s, {@code null}, {@code Map} (a dict in iteration order) and
     * {@code Collection} (a list).
     */
    public static String literal(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof String s) {
            return literal(s);
        }
        if (o instanceof byte[] b) {
            return literal(b);
        }
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (o instanceof Double d) {
            return "float('" + d + "')";
        }
        if (o instanceof Number n) {
            return n.toString();
        }
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(literal(e.getKey())).append(": ").append(literal(e.getValue())).append(", ");
            }
            return sb.append('}').toString();
        }
        if (o instanceof Collection<?> c) {
            StringBuilder sb = new StringBuilder("[");
            for (Object x : c) {
                sb.append(literal(x)).append(", ");
            }
            return sb.append(']').toString();
        }
        throw new IllegalArgumentException("no Python literal for " + o.getClass());
    }

    private static synchronized void checkInstalled() {
        if (checked) {
            return;
        }
        if (!Files.isExecutable(INTERPRETER)) {
            fail(INTERPRETER + " is missing: these tests compare with Debian's Python Swift 2.30.1;"
                    + " install python3-swift (CI installs python3-swift)");
        }
        Result r = exec(List.of(INTERPRETER.toString(), "-c", "import swift, xattr; print(swift.__version__)"),
                new byte[0], null);
        if (r.exit != 0) {
            fail("the Python 'swift' module is missing for " + INTERPRETER
                    + ": install python3-swift (CI installs python3-swift): " + r.stderrText());
        }
        checked = true;
    }

    private record Result(int exit, byte[] stdout, byte[] stderr) {
        String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    private static Result exec(List<String> command, byte[] stdin, Path swiftDirOrNull) {
        try {
            Path work = Files.createTempDirectory("python-run");
            Path in = work.resolve("stdin");
            Path err = work.resolve("stderr");
            Files.write(in, stdin);
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(in.toFile()).redirectError(err.toFile());
            Map<String, String> env = pb.environment();
            env.remove("PYTHONPATH");
            env.remove("PYTHONHOME");
            env.put("PYTHONDONTWRITEBYTECODE", "1");
            env.put("PYTHONIOENCODING", "utf-8");
            if (swiftDirOrNull != null) {
                env.put("SWIFT_TEST_SWIFT_DIR", swiftDirOrNull.toString());
            }
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("python timed out after " + TIMEOUT_SECONDS + "s: " + command);
            }
            Result r = new Result(p.exitValue(), out, Files.readAllBytes(err));
            Files.delete(in);
            Files.delete(err);
            Files.delete(work);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One configured run of a script. */
    public static final class Invocation {
        private final String source;
        private final String origin;
        private final List<String> args = new ArrayList<>();
        private byte[] stdin = new byte[0];
        private boolean withSwiftDir;

        private Invocation(String source, String origin) {
            this.source = source;
            this.origin = origin;
        }

        /** Appends command-line arguments ({@code sys.argv[1:]}). */
        public Invocation args(Object... values) {
            for (Object v : values) {
                args.add(String.valueOf(v));
            }
            return this;
        }

        /** Bytes for the script's standard input. */
        public Invocation stdin(byte[] data) {
            stdin = data.clone();
            return this;
        }

        /** Runs the script with Swift pointed at {@link #swiftDir()} first. */
        public Invocation withSwiftDir() {
            withSwiftDir = true;
            return this;
        }

        /** Runs the script; fails the test with its stderr if it exits non-zero. */
        public byte[] runForBytes() {
            checkInstalled();
            try {
                Path file = Files.createTempFile("script", ".py");
                Files.writeString(file, withSwiftDir ? SWIFT_DIR_PROLOGUE + source : source);
                List<String> cmd = new ArrayList<>();
                cmd.add(INTERPRETER.toString());
                cmd.add(file.toString());
                cmd.addAll(args);
                Result r = exec(cmd, stdin, withSwiftDir ? swiftDir() : null);
                if (r.exit != 0) {
                    fail("python script " + origin + " exited with " + r.exit + ":\n" + r.stderrText()
                            + "\nstdout:\n" + new String(r.stdout, StandardCharsets.UTF_8));
                }
                Files.delete(file);
                return r.stdout;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Runs the script and returns its standard output as UTF-8 text. */
        public String run() {
            return new String(runForBytes(), StandardCharsets.UTF_8);
        }
    }
}
