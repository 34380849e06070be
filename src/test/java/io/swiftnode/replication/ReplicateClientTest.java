package io.swiftnode.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.disk.pickle.HashesPickle;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class ReplicateClientTest {

    @Test
    void stuckPeerIsCutOffAtHttpTimeout() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    held.add(peer.accept()); // accepts, never answers
                } catch (IOException ignored) {
                    // closed
                }
            });
            acceptor.start();
            long t0 = System.nanoTime();
            ReplicateClient c = new ReplicateClient(1.0);
            assertThrows(IOException.class,
                    () -> c.hashes(new SyncTarget("127.0.0.1", peer.getLocalPort(), "sdb", 1, 1), "7", 0));
            double secs = (System.nanoTime() - t0) / 1e9;
            assertTrue(secs >= 0.9 && secs < 3, "took " + secs);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void readsPickledHashesAndSendsSwiftsRequest() throws Exception {
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("abc", "0123456789abcdef0123456789abcdef");
        hashes.put("fff", null);
        byte[] body = HashesPickle.encodeSuffixHashes(hashes);
        try (ServerSocket peer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            StringBuilder request = new StringBuilder();
            Thread server = new Thread(() -> {
                try (Socket s = peer.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        request.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                        if (request.toString().endsWith("\r\n\r\n")) {
                            break;
                        }
                    }
                    // chunked, as a Python server may answer
                    String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(body.length) + "\r\n";
                    s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().write(body);
                    s.getOutputStream().write("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException ignored) {
                    // test fails on the client side
                }
            });
            server.start();
            Map<String, String> got = new ReplicateClient(5)
                    .hashes(new SyncTarget("127.0.0.1", peer.getLocalPort(), "sd b", 1, 1), "7", 2);
            server.join();
            assertEquals(hashes, got);
            String r = request.toString();
            assertTrue(r.startsWith("REPLICATE /sd%20b/7 HTTP/1.1\r\nHost: 127.0.0.1:" + peer.getLocalPort()
                    + "\r\n"), r);
            assertTrue(r.contains("\r\nContent-Length: 0\r\n"), r);
            assertTrue(r.contains("\r\nX-Backend-Storage-Policy-Index: 2\r\n"), r);
            assertTrue(r.contains("\r\nUser-Agent: object-replicator " + ProcessHandle.current().pid() + "\r\n"), r);
        }
    }

    @Test
    void unmountedPeerIsA507Failure() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = peer.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write("HTTP/1.1 507 Insufficient Storage\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException ignored) {
                    // test fails on the client side
                }
            });
            server.start();
            ReplicateClient.RemoteFailure f = assertThrows(ReplicateClient.RemoteFailure.class, () ->
                    new ReplicateClient(5).hashes(new SyncTarget("127.0.0.1", peer.getLocalPort(), "sdb", 1, 1),
                            "7", 0));
            assertEquals(507, f.status());
            server.join();
        }
    }

    @Test
    void differingSuffixesAsSwiftComparesThem() {
        Map<String, String> local = new LinkedHashMap<>();
        local.put("aaa", "h1");
        local.put("bbb", null);
        local.put("ccc", "h3");
        local.put("ddd", null);
        Map<String, String> remote = new LinkedHashMap<>();
        remote.put("aaa", "h1");
        remote.put("bbb", null);
        remote.put("ccc", "other");
        // ddd missing remotely: differs even though local is None
        assertEquals(List.of("ccc", "ddd"), PartitionReplicator.differing(local, remote));
    }
}
