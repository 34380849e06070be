package io.swiftnode.it.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The syslog receiver of the test cluster's Swift programs. Swift 2.30.1 logs only through syslog
 * ({@code /dev/log}, which nothing serves here), so every Swift config points {@code log_udp_host}/
 * {@code log_udp_port} at this UDP socket; each datagram ({@code <PRI>name: message}) becomes one
 * line, prefixed with the receive time, of {@code swift.log}, and is kept in memory for assertions.
 *
 * <p>Thread-safe: one receiver thread appends; readers take snapshots.
 */
public final class SyslogSink implements AutoCloseable {
    private static final Pattern PRI = Pattern.compile("^<(\\d+)>");

    private final DatagramSocket socket;
    private final OutputStream file;
    private final List<String> lines = new ArrayList<>();
    private final Thread thread;

    /** Binds a free UDP port on the loopback address and starts receiving into {@code logFile}. */
    public SyslogSink(Path logFile) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            file = Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::receive, "cluster-syslog");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void receive() {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                socket.receive(p);
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                continue;
            }
            int len = p.getLength();
            while (len > 0 && (buf[len - 1] == 0 || buf[len - 1] == '\n')) {
                len--;
            }
            // Swift's SysLogHandler sends "<PRI>ident: message"; #012 stands for newlines in tracebacks
            String line = PRI.matcher(new String(buf, 0, len, StandardCharsets.UTF_8)).replaceFirst("");
            synchronized (this) {
                lines.add(line);
                try {
                    file.write((Instant.now() + " " + line + "\n").getBytes(StandardCharsets.UTF_8));
                    file.flush();
                } catch (IOException e) {
                    // keep receiving; the in-memory copy still has the line
                }
            }
        }
    }

    /** How many lines have arrived so far (a mark for {@link #since}). */
    public synchronized int mark() {
        return lines.size();
    }

    /** The lines received after {@code mark}. */
    public synchronized List<String> since(int mark) {
        return new ArrayList<>(lines.subList(Math.min(mark, lines.size()), lines.size()));
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                file.close();
            } catch (IOException e) {
                // nothing more to log
            }
        }
    }
}
