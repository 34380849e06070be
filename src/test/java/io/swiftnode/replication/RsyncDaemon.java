package io.swiftnode.replication;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/** A real {@code rsync --daemon} with one writable module {@code object}, on a free loopback port. */
final class RsyncDaemon {
    private static final Map<Process, Integer> PORTS = new WeakHashMap<>();

    private RsyncDaemon() {
    }

    static synchronized int port(Process p) {
        return PORTS.get(p);
    }

    static Process start(Path dir, Path moduleRoot) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
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
        synchronized (RsyncDaemon.class) {
            PORTS.put(p, port);
        }
        return p;
    }
}
