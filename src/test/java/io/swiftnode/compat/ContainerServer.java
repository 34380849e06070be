package io.swiftnode.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Swift 2.30.1 container server (Debian's, through {@code swift_run.py}) on a free loopback
 * port with a one-device container ring, plus an object-server.conf for running Python's
 * {@code swift-object-updater} over our object devices. Under {@code target/<prefix>*}; stop it
 * with {@link #close}.
 */
final class ContainerServer implements AutoCloseable {
    final SwiftFixture swift;
    final Path root;
    final Path objDevices;
    final int port;
    private final Process process;

    private ContainerServer(SwiftFixture swift, Path root, Path objDevices, int port, Process process) {
        this.swift = swift;
        this.root = root;
        this.objDevices = objDevices;
        this.port = port;
        this.process = process;
    }

    static ContainerServer start(String prefix) throws Exception {
        Path root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), prefix);
        SwiftFixture swift = new SwiftFixture(root);
        Path objDevices = root.resolve("odev");
        Files.createDirectories(objDevices.resolve("sda"));
        Files.createDirectories(root.resolve("cdev/sdc"));
        Files.createDirectories(root.resolve("cache"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path builder = swift.swiftDir.resolve("container.builder");
        run(List.of("/usr/bin/swift-ring-builder", builder.toString(), "create", "4", "1", "1"));
        run(List.of("/usr/bin/swift-ring-builder", builder.toString(), "add", "r1z1-127.0.0.1:" + port + "/sdc",
                "100"));
        run(List.of("/usr/bin/swift-ring-builder", builder.toString(), "rebalance"));
        Path conf = root.resolve("container-server.conf");
        Files.writeString(conf, "[DEFAULT]\ndevices = " + root.resolve("cdev") + "\nmount_check = false\n"
                + "bind_ip = 127.0.0.1\nbind_port = " + port + "\nworkers = 0\nuser = root\n"
                + "swift_dir = " + swift.swiftDir + "\n\n[pipeline:main]\npipeline = container-server\n\n"
                + "[app:container-server]\nuse = egg:swift#container\n");
        Files.copy(ContainerServer.class.getResourceAsStream("/python/swift_run.py"), root.resolve("swift_run.py"));
        Process process = new ProcessBuilder(SwiftFixture.PYTHON, root.resolve("swift_run.py").toString(),
                swift.swiftDir.toString(), "/usr/bin/swift-container-server", conf.toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("container-server.log").toFile()).start();
        ContainerServer cs = new ContainerServer(swift, root, objDevices, port, process);
        cs.waitUntilListening();
        Files.writeString(root.resolve("object-server.conf"), "[DEFAULT]\ndevices = " + objDevices
                + "\nmount_check = false\nuser = root\nswift_dir = " + swift.swiftDir + "\nrecon_cache_path = "
                + root.resolve("cache") + "\n\n[pipeline:main]\npipeline = object-server\n\n"
                + "[app:object-server]\nuse = egg:swift#object\n\n[object-updater]\ninterval = 1\n");
        return cs;
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() > 1) { // ring-builder answers 1 for warnings
            fail(cmd + " failed: " + out);
        }
    }

    private void waitUntilListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    fail("container server died: " + Files.readString(root.resolve("container-server.log")));
                }
                Thread.sleep(200);
            }
        }
        fail("container server did not listen on " + port);
    }

    /** One pass of Debian's {@code swift-object-updater} over {@link #objDevices}. */
    void runUpdaterOnce() throws Exception {
        Process p = new ProcessBuilder(SwiftFixture.PYTHON, root.resolve("swift_run.py").toString(),
                swift.swiftDir.toString(), "/usr/bin/swift-object-updater", root.resolve("object-server.conf").toString(),
                "once").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
