package io.swiftnode.it.diff;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A syslog-over-UDP receiver on a loopback port that appends every datagram as one line to a file:
 * Swift logs only to syslog, so the Python server gets {@code log_udp_host}/{@code log_udp_port}
 * pointing here (its tracebacks are otherwise lost).
 *
 * <p>Thread-safe: one daemon thread writes; {@link #close()} stops it.
 */
public final class UdpLogSink implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;

    public UdpLogSink(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        thread = new Thread(() -> {
            byte[] buf = new byte[65536];
            try (out) {
                while (!socket.isClosed()) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    int n = p.getLength();
                    while (n > 0 && (buf[n - 1] == 0 || buf[n - 1] == '\n')) {
                        n--;
                    }
                    out.write(buf, 0, n);
                    out.write('\n');
                    out.flush();
                }
            } catch (SocketException e) {
                // closed
            } catch (IOException e) {
                // nothing more to log
            }
        }, "udp-log-sink");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
    }
}
