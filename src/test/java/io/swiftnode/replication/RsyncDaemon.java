package io.swiftnode.replication;

import io.swiftnode.it.FreePorts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real {@code rsync --daemon} with one writable module {@code object}, on a free loopback port. */
final class RsyncDaemon {
    private final Process process;
    private final int port;

    private RsyncDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    int port() {
        return port;
    }

    void destroy() {
        process.destroy();
    }

    static RsyncDaemon start(Path dir, Path moduleRoot) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = FreePorts.pick(1)[0];
        Object uid = Files.getAttribute(moduleRoot, "unix:uid");
        Object gid = Files.getAttribute(moduleRoot, "unix:gid");
        Path conf = dir.resolve("rsyncd.conf");
        Files.writeString(conf, "pid file = " + dir.resolve("rsyncd.pid") + "\n"
                + "address = 127.0.0.1\nuse chroot = no\nuid = " + uid + "\ngid = " + gid + "\n"
                + "[object]\npath = " + moduleRoot + "\nread only = false\nlock file = " + dir.resolve("object.lock")
                + "\n");
        Process p = new ProcessBuilder(List.of("rsync", "--daemon", "--no-detach", "--port=" + port,
                "--config=" + conf)).redirectErrorStream(true).redirectOutput(dir.resolve("rsyncd.out").toFile())
                .start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("rsync daemon did not start: " + Files.readString(dir.resolve("rsyncd.out")));
                }
                Thread.sleep(50);
            }
        }
        return new RsyncDaemon(p, port);
    }
}
