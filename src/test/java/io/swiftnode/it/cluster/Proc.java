package io.swiftnode.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One background process of the test cluster (memcached, a Swift server, one of our nodes): started
 * with its output appended to a file, stopped by its PID only — SIGTERM, then SIGKILL after a grace
 * period, then SIGKILL to whatever of its descendants is left (processes this test started).
 *
 * <p>Thread-safe: {@link #stop} may be called from a shutdown hook and from the test at once.
 */
public final class Proc {
    private final String name;
    private final Process process;
    private final Path output;

    private Proc(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code command} in {@code workDir} with {@code env} added to (and {@code null} values
     * removed from) this JVM's environment; stdout and stderr are appended to {@code output}.
     */
    public static Proc start(String name, List<String> command, Map<String, String> env, Path workDir,
            Path output) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        try {
            Files.writeString(output, "### " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new Proc(name, pb.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The file holding the process's stdout and stderr. */
    public Path output() {
        return output;
    }

    /**
     * Waits up to {@code seconds} for the process to exit and returns its exit code; on timeout stops
     * it and throws an {@link AssertionError} with its output.
     */
    public int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            stop(5);
            throw new AssertionError(name + " did not finish within " + seconds + " s; its output (" + output
                    + "):\n" + tail(40));
        }
        return process.exitValue();
    }

    /** The last {@code lines} lines of the output file, for failure messages. */
    public String tail(int lines) {
        return Logs.tail(output, lines);
    }

    /**
     * Stops the process by its PID: SIGTERM, up to {@code graceSeconds} to exit, then SIGKILL;
     * finally SIGKILL to any descendant still running. Returns the exit code (or -1).
     */
    public synchronized int stop(long graceSeconds) {
        List<ProcessHandle> descendants = process.descendants().toList();
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
            for (ProcessHandle d : descendants) {
                if (d.isAlive()) {
                    d.destroyForcibly();
                }
            }
            return process.isAlive() ? -1 : process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", output " + output + ")";
    }
}
