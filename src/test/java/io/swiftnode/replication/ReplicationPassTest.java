package io.swiftnode.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.config.ReplicatorConfig;
import io.swiftnode.config.ServerConfig;
import io.swiftnode.daemon.ReconCache;
import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFile;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.DiskFileWriter;
import io.swiftnode.disk.FallocateReserve;
import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.Timestamp;
import io.swiftnode.disk.pickle.HashesPickle;
import io.swiftnode.it.FreePorts;
import io.swiftnode.ring.RingBytes;
import io.swiftnode.ring.Rings;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whole replicator passes without a container: the local device's peers are a REPLICATE stand-in
 * and a real rsync daemon, and some of them misbehave.
 */
class ReplicationPassTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    /** Request lines the empty peer received. */
    private final List<String> peerRequests = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Answers every REPLICATE with an empty hashes pickle (the peer has nothing). */
    private int emptyPeer() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        cleanup.add(server);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    StringBuilder head = new StringBuilder();
                    int c;
                    while ((c = in.read()) >= 0) {
                        head.append((char) c);
                        if (head.toString().endsWith("\r\n\r\n")) {
                            break;
                        }
                    }
                    peerRequests.add(head.substring(0, head.indexOf("\r\n")));
                    byte[] body = head.toString().startsWith("REPLICATE /peer/") && head.indexOf(" HTTP") > 0
                            && head.substring(0, head.indexOf(" HTTP")).chars().filter(x -> x == '/').count() == 3
                            ? new byte[] {(byte) 0x80, 2, 'N', '.'} : HashesPickle.encodeSuffixHashes(Map.of());
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().write(body);
                } catch (IOException e) {
                    // closed
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    /** Accepts connections and never answers. */
    private int stuckPeer() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        cleanup.add(server);
        List<Socket> held = new ArrayList<>();
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        cleanup.add(() -> held.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }));
        return server.getLocalPort();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 32})
    void stuckPeerAndHungRsyncAreCutOffAndThePassCompletes(int batch) throws Exception {
        int localPort = FreePorts.pick(1)[0];
        int stuck = stuckPeer();
        int good = emptyPeer();
        Path devices = Files.createDirectories(dir.resolve("devices"));
        Path peerRoot = Files.createDirectories(dir.resolve("peer-root"));
        Files.createDirectories(peerRoot.resolve("peer/objects"));
        RsyncDaemon rsyncd = RsyncDaemon.start(dir.resolve("rsyncd"), peerRoot);
        cleanup.add(rsyncd::destroy);

        // part power 2, 2 replicas: local "sda" holds every partition; the other replica is the
        // stuck peer for partitions 0 and 2 and the good peer for 1 and 3
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.write(etc.resolve("object.ring.gz"), RingBytes.v1(List.of(
                RingBytes.dev(0, 1, 1, "127.0.0.1", localPort, "sda"),
                RingBytes.dev(1, 1, 2, "127.0.0.1", stuck, "stuckdev"),
                RingBytes.dev(2, 1, 3, "127.0.0.1", good, "peer")),
                30, new int[][] {{0, 0, 0, 0}, {1, 2, 1, 2}}, "little"));

        // rsync hangs for partition 1 only; everything else goes to the real rsync
        Path fake = dir.resolve("rsync-hangs-on-part-1");
        Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in */objects/1|*/./1/*) exec sleep 600;; esac;"
                + " done\nexec rsync \"$@\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path conf = dir.resolve("object-server.conf");
        Files.writeString(conf, "[DEFAULT]\nbind_ip = 127.0.0.1\nbind_port = " + localPort + "\ndevices = " + devices
                + "\nmount_check = false\nswift_dir = " + etc + "\n[app:object-server]\nuse = egg:swift#object\n"
                + "[object-replicator]\nhttp_timeout = 1\nrsync_timeout = 2\nconcurrency = 2\nrsync_batch_partitions = " + batch + "\n"
                + "recon_cache_path = " + dir.resolve("cache") + "\n"
                + "rsync_module = rsync://{replication_ip}:" + rsyncd.port() + "/object\n");
        ReplicatorConfig rc = ServerConfig.load(conf).replicator();
        DiskFileManager disk = new DiskFileManager(new DiskConfig(devices, false, new HashPath("pre", "suf"),
                Set.of(0), 604800, 512, FallocateReserve.parse("1%"), true));
        Files.createDirectories(devices.resolve("sda"));
        Map<Integer, Path> files = new HashMap<>();
        for (int part = 0; part < 4; part++) {
            DiskFile df = disk.diskFile("sda", Integer.toString(part), "a", "c", "o" + part, 0);
            DiskFileWriter w = df.create(3);
            w.write(new byte[] {'a', 'b', 'c'}, 0, 3);
            Timestamp ts = Timestamp.parse("1700000000.00000");
            Map<String, String> meta = new HashMap<>();
            meta.put("name", "/a/c/o" + part);
            meta.put("X-Timestamp", ts.internal());
            meta.put("Content-Length", "3");
            meta.put("ETag", "900150983cd24fb0d6963f7d28e17f72");
            meta.put("Content-Type", "text/plain");
            files.put(part, w.put(meta));
            w.commit();
            w.close();
        }

        ObjectReplicator replicator = new ObjectReplicator(rc, List.of(0), disk, new Rings(etc),
                new RsyncTransport(rc, new ReplicateClient(rc.httpTimeout()), fake.toString()));
        long t0 = System.nanoTime();
        Map<String, Object> result = replicator.runPass();
        double secs = (System.nanoTime() - t0) / 1e9;

        // 2 stuck REPLICATEs (1 s each) and 1 hung rsync (2 s), two at a time: well under 10 s
        assertTrue(secs < 10, "pass took " + secs + " s");
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) result.get("replication_stats");
        assertEquals(4L, stats.get("attempted"), stats.toString());
        if (batch > 1) {
            // partitions 1 and 3 went in one batch, which hung and was killed: both failed
            assertEquals(0L, stats.get("success"), stats.toString());
            assertEquals(Map.of("127.0.0.1", Map.of("stuckdev", 2L, "peer", 2L)), stats.get("failure_nodes"));
            return;
        }
        assertEquals(1L, stats.get("success"), stats.toString());
        assertEquals(3L, stats.get("failure"), stats.toString());
        assertEquals(Map.of("127.0.0.1", Map.of("stuckdev", 2L, "peer", 1L)), stats.get("failure_nodes"));
        // partition 3 reached the good peer with its file name; partition 1 did not
        Path part3 = files.get(3);
        Path copied = peerRoot.resolve("peer/objects/3").resolve(devices.resolve("sda/objects/3").relativize(part3));
        assertEquals("abc", Files.readString(copied));
        assertTrue(!Files.exists(peerRoot.resolve("peer/objects/1")) || isEmptyTree(peerRoot.resolve("peer/objects/1")));
        // recon as Swift writes it
        Map<String, Object> recon = new ReconCache(dir.resolve("cache")).read();
        assertEquals(stats.get("attempted"), ((Map<?, ?>) recon.get("replication_stats")).get("attempted"));
        assertTrue(recon.containsKey("object_replication_last") && recon.containsKey("replication_time"));
    }

    @Test
    void primaryPartitionsArePushedInBatchesAndEachIsAskedToRehash() throws Exception {
        int localPort = FreePorts.pick(1)[0];
        int good = emptyPeer();
        Path devices = Files.createDirectories(dir.resolve("devices"));
        Path peerRoot = Files.createDirectories(dir.resolve("peer-root"));
        Files.createDirectories(peerRoot.resolve("peer/objects"));
        RsyncDaemon rsyncd = RsyncDaemon.start(dir.resolve("rsyncd"), peerRoot);
        cleanup.add(rsyncd::destroy);
        // part power 4, 2 replicas: every partition on the local sda and on the peer
        int parts = 16;
        int[] local = new int[parts];
        int[] peer = new int[parts];
        java.util.Arrays.fill(peer, 1);
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.write(etc.resolve("object.ring.gz"), RingBytes.v1(List.of(
                RingBytes.dev(0, 1, 1, "127.0.0.1", localPort, "sda"),
                RingBytes.dev(1, 1, 2, "127.0.0.1", good, "peer")), 28, new int[][] {local, peer}, "little"));
        // a counting wrapper around the real rsync
        Path calls = dir.resolve("rsync-calls");
        Path wrapper = dir.resolve("counting-rsync");
        Files.writeString(wrapper, "#!/bin/sh\necho x >> " + calls + "\nexec rsync \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = dir.resolve("object-server.conf");
        Files.writeString(conf, "[DEFAULT]\nbind_ip = 127.0.0.1\nbind_port = " + localPort + "\ndevices = " + devices
                + "\nmount_check = false\nswift_dir = " + etc + "\n[app:object-server]\nuse = egg:swift#object\n"
                + "[object-replicator]\nrsync_batch_partitions = 5\nconcurrency = 2\nreplicator_workers = 2\n"
                + "recon_cache_path = " + dir.resolve("cache") + "\n"
                + "rsync_module = rsync://{replication_ip}:" + rsyncd.port() + "/object\n");
        ReplicatorConfig rc = ServerConfig.load(conf).replicator();
        DiskFileManager disk = new DiskFileManager(new DiskConfig(devices, false, new HashPath("pre", "suf"),
                Set.of(0), 604800, 512, FallocateReserve.parse("1%"), true));
        Files.createDirectories(devices.resolve("sda"));
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String part = Integer.toString(i % parts);
            DiskFile df = disk.diskFile("sda", part, "a", "c", "obj" + i, 0);
            DiskFileWriter w = df.create(1);
            w.write(new byte[] {'z'}, 0, 1);
            Map<String, String> meta = new HashMap<>();
            meta.put("name", "/a/c/obj" + i);
            meta.put("X-Timestamp", "1700000000.00000");
            meta.put("Content-Length", "1");
            meta.put("ETag", "fbade9e36a3f36d3d676c1b808451dd7");
            meta.put("Content-Type", "text/plain");
            written.add(w.put(meta));
            w.commit();
            w.close();
        }
        ObjectReplicator replicator = new ObjectReplicator(rc, List.of(0), disk, new Rings(etc),
                new RsyncTransport(rc, new ReplicateClient(rc.httpTimeout()), wrapper.toString()));
        // a device that was local before: replicator workers' per-disk recon forgets it
        new ReconCache(dir.resolve("cache")).update(Map.of("object_replication_per_disk",
                Map.of("gone", Map.of("replication_time", 1.0))));
        Map<String, Object> result = replicator.runPass();
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) result.get("replication_stats");
        assertEquals(16L, stats.get("attempted"), stats.toString());
        assertEquals(16L, stats.get("success"), stats.toString());
        assertEquals(0L, stats.get("failure"), stats.toString());
        for (Path f : written) {
            Path rel = devices.resolve("sda").relativize(f);
            assertTrue(Files.isRegularFile(peerRoot.resolve("peer").resolve(rel)), "missing on the peer: " + rel);
        }
        long rsyncs = Files.readAllLines(calls).size();
        assertTrue(rsyncs >= 4 && rsyncs <= 5, "16 partitions in batches of 5: 4 rsyncs (5 if split), ran " + rsyncs);
        long rehash = peerRequests.stream().filter(l -> l.split(" ")[1].chars().filter(c -> c == '/').count() == 3)
                .count();
        assertEquals(16, rehash, "one suffix REPLICATE per partition: " + peerRequests);
        @SuppressWarnings("unchecked")
        Map<String, Object> perDisk = (Map<String, Object>) new ReconCache(dir.resolve("cache")).read()
                .get("object_replication_per_disk");
        assertEquals(Set.of("sda"), perDisk.keySet(), String.valueOf(perDisk));
        @SuppressWarnings("unchecked")
        Map<String, Object> sda = (Map<String, Object>) perDisk.get("sda");
        assertEquals(16L, ((Map<?, ?>) sda.get("replication_stats")).get("attempted"));
        assertTrue(sda.containsKey("object_replication_last"), sda.toString());
    }

    private static boolean isEmptyTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            return s.noneMatch(Files::isRegularFile);
        }
    }
}
