package io.swiftnode.it.diff;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An object server running as a child process of the test: started with its output in a log
 * file, considered ready when {@code OPTIONS *} on its port answers {@code 200} with
 * {@code Server: object-server/2.30.1}, stopped by its PID (SIGTERM, then SIGKILL after a grace
 * period). Only the process this class started is ever signalled.
 *
 * <p>Not thread-safe.
 */
public final class ServerProcess {
    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /**
     * Starts {@code command} with extra environment (an empty value removes the variable), output
     * appended to {@code log}.
     */
    public static ServerProcess start(String name, List<String> command, Map<String, String> env, int port, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return new ServerProcess(name, pb.start(), port, log);
    }

    /**
     * Waits until the server answers; false if the process exited first (e.g. its port was taken
     * meanwhile) or the time ran out.
     */
    public boolean awaitReady(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        RawRequest probe = RawRequest.of("OPTIONS", "*").label("readiness probe").build();
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            RawResponse r = RawClient.send(port, probe, 2000);
            if (r.status() == 200 && "object-server/2.30.1".equals(r.header("Server"))) {
                // still ours? a process that died right after would not be
                return process.isAlive();
            }
            Thread.sleep(250);
        }
        return false;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM to the PID, SIGKILL if it has not exited after {@code graceMs}. */
    public void stop(long graceMs) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The last {@code maxChars} of the log, for failure messages. */
    public String logTail(int maxChars) {
        try {
            String s = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            return s.length() <= maxChars ? s : "…" + s.substring(s.length() - maxChars);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A loopback port that was free a moment ago (the caller must cope with losing it). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Whether nothing listens on the loopback port right now. */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
