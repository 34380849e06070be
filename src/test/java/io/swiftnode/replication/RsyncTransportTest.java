package io.swiftnode.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.config.ReplicatorConfig;
import io.swiftnode.config.ServerConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

class RsyncTransportTest {

    @TempDir
    Path dir;

    private ReplicatorConfig conf(String extra) throws IOException {
        Path f = dir.resolve("object-server.conf");
        Files.writeString(f, "[DEFAULT]\nbind_port = 6200\n[app:object-server]\nuse = egg:swift#object\n"
                + "[object-replicator]\n" + extra);
        return ServerConfig.load(f).replicator();
    }

    private SyncJob job(Path partition, boolean handoff) {
        return new SyncJob("sda", partition.getParent().getParent(), 0, partition.getFileName().toString(),
                partition, 1, handoff);
    }

    @Test
    void commandLineIsSwifts() throws Exception {
        Path part = Files.createDirectories(dir.resolve("dev/objects/17"));
        Files.createDirectories(part.resolve("abc"));
        RsyncTransport t = new RsyncTransport(conf("rsync_io_timeout = 7\nrsync_bwlimit = 9\nrsync_compress = yes\n"
                + "rsync_module = {replication_ip}::object_{device}/\n"), new ReplicateClient(1));
        SyncTarget target = new SyncTarget("fe80::1", 6300, "sdb", 2, 5);
        List<String> cmd = t.command(job(part, false), target, List.of("abc", "fff"));
        assertEquals(List.of("rsync", "--recursive", "--whole-file", "--human-readable", "--xattrs",
                "--itemize-changes", "--ignore-existing", "--timeout=7", "--contimeout=7", "--bwlimit=9",
                "--exclude=.*.[0-9a-zA-Z][0-9a-zA-Z][0-9a-zA-Z][0-9a-zA-Z][0-9a-zA-Z][0-9a-zA-Z]", "--compress",
                part.resolve("abc").toString(), "[fe80::1]::object_sdb/sdb/objects/17"), cmd);
        assertNull(t.command(job(part, false), target, List.of("fff")), "no local suffix dir: no rsync");
    }

    @Test
    void copiesSuffixesWithXattrsAndSkipsRsyncTempFiles() throws Exception {
        Path part = Files.createDirectories(dir.resolve("src/sda/objects/5"));
        Path hashDir = Files.createDirectories(part.resolve("a83/0f1e2d3c4b5a69788796a5b4c3d2ea83"));
        Path data = Files.write(hashDir.resolve("1700000000.00000.data"), "hello".getBytes());
        Files.getFileAttributeView(data, UserDefinedFileAttributeView.class)
                .write("swift.metadata", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        Files.writeString(hashDir.resolve(".1700000000.00000.data.Ab12Cd"), "partial rsync temp");
        Path remoteRoot = Files.createDirectories(dir.resolve("remote"));
        Files.createDirectories(remoteRoot.resolve("sdb/objects")); // a peer's device; rsync makes the partition
        RsyncDaemon rsyncd = RsyncDaemon.start(dir.resolve("rsyncd"), remoteRoot);
        RsyncTransport t = new RsyncTransport(conf("rsync_module = rsync://{replication_ip}:"
                + rsyncd.port() + "/object\n"), new ReplicateClient(1));
        try (ServerSocket peer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread answer = acceptAndAnswer(peer, 1);
            SyncTransport.Result r = t.sync(job(part, false), new SyncTarget("127.0.0.1", peer.getLocalPort(),
                    "sdb", 1, 1), List.of("a83"), null);
            answer.join(5000);
            assertTrue(r.success());
        } finally {
            rsyncd.destroy();
        }
        Path copied = remoteRoot.resolve("sdb/objects/5/a83/0f1e2d3c4b5a69788796a5b4c3d2ea83/1700000000.00000.data");
        assertEquals("hello", Files.readString(copied));
        ByteBuffer b = ByteBuffer.allocate(16);
        Files.getFileAttributeView(copied, UserDefinedFileAttributeView.class).read("swift.metadata", b);
        b.flip();
        byte[] x = new byte[b.remaining()];
        b.get(x);
        assertArrayEquals(new byte[] {1, 2, 3}, x);
        assertFalse(Files.exists(copied.resolveSibling(".1700000000.00000.data.Ab12Cd")));
    }

    @Test
    void hungRsyncIsKilledAfterRsyncTimeout() throws Exception {
        Path part = Files.createDirectories(dir.resolve("dev/objects/3"));
        Files.createDirectories(part.resolve("abc"));
        Path fake = dir.resolve("fake-rsync");
        Files.writeString(fake, "#!/bin/sh\necho $$ > " + dir.resolve("pid") + "\nexec sleep 600\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        RsyncTransport t = new RsyncTransport(conf("rsync_timeout = 1\n"), new ReplicateClient(1), fake.toString());
        long t0 = System.nanoTime();
        try (ServerSocket peer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread answer = acceptAndAnswer(peer, 1);
            SyncTransport.Result r = t.sync(job(part, false), new SyncTarget("127.0.0.1", peer.getLocalPort(),
                    "sdb", 1, 1), List.of("abc"), null);
            answer.join(5000);
            assertFalse(r.success());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        assertTrue(secs < 5, "took " + secs + " s");
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).strip());
        Thread.sleep(200);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "rsync still running");
    }

    @Test
    void handoffFailureDoesNotAskThePeerToRehash() throws Exception {
        Path part = Files.createDirectories(dir.resolve("dev/objects/3"));
        Files.createDirectories(part.resolve("abc"));
        Path fake = dir.resolve("failing-rsync");
        Files.writeString(fake, "#!/bin/sh\nexit 23\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        RsyncTransport t = new RsyncTransport(conf(""), new ReplicateClient(1), fake.toString());
        try (ServerSocket peer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(500);
            SyncTransport.Result r = t.sync(job(part, true), new SyncTarget("127.0.0.1", peer.getLocalPort(),
                    "sdb", 1, 1), List.of("abc"), null);
            assertFalse(r.success());
            assertThrowsTimeout(peer);
            // a primary's failed rsync still asks for the rehash, as Swift does
            List<String> seen = new ArrayList<>();
            Thread answer = acceptAndAnswer(peer, 1, seen);
            t.sync(job(part, false), new SyncTarget("127.0.0.1", peer.getLocalPort(), "sdb", 1, 1),
                    List.of("abc"), null);
            answer.join(5000);
            assertEquals(List.of("REPLICATE /sdb/3/abc HTTP/1.1"), seen);
        }
    }

    private static void assertThrowsTimeout(ServerSocket peer) {
        try (Socket s = peer.accept()) {
            throw new AssertionError("unexpected connection from " + s);
        } catch (java.net.SocketTimeoutException expected) {
            // no REPLICATE
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Thread acceptAndAnswer(ServerSocket server, int n) {
        return acceptAndAnswer(server, n, new ArrayList<>());
    }

    /** Answers {@code n} requests with a pickled None, recording their request lines. */
    static Thread acceptAndAnswer(ServerSocket server, int n, List<String> requestLines) {
        Thread t = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                try (Socket s = server.accept()) {
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                            java.nio.charset.StandardCharsets.ISO_8859_1));
                    String line = in.readLine();
                    synchronized (requestLines) {
                        requestLines.add(line);
                    }
                    while (!(line = in.readLine()).isEmpty()) {
                        // headers
                    }
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n").getBytes());
                    s.getOutputStream().write(new byte[] {(byte) 0x80, 2, 'N', '.'});
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
