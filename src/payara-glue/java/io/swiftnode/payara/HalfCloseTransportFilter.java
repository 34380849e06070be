package io.swiftnode.payara;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.ExecutionException;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.GrizzlyFuture;
import org.glassfish.grizzly.ReadResult;
import org.glassfish.grizzly.Transport;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.grizzly.nio.tmpselectors.TemporarySelectorReader;
import org.glassfish.grizzly.nio.transport.TCPNIOConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOUtils;

/**
 * Takes the place of Grizzly's {@link TransportFilter} at the bottom of a listener's filter chain so that a client
 * that half-closes its socket in the middle of a request body still gets the final response, as from Swift's
 * eventlet server: a PUT whose body ends before its {@code Content-Length} is answered
 * {@code 499 Client Disconnect}.
 *
 * <p>The application's blocking body reads go down the chain as blocking reads ({@code InputBuffer.blockingRead},
 * {@code FilterChainContext.read}) and end in {@code TCPNIOTransport.read} through the transport's
 * {@code TemporarySelectorReader}. There, end of stream ({@code read} returning -1, the client's FIN) makes Grizzly
 * terminate the connection at once ({@code terminate0}, the socket closed) before it throws the
 * {@code EOFException}, so the response the application then writes has nowhere to go. Here those blocking reads
 * use {@link HalfCloseReader}, the same temporary-selector read (same timeout, {@code Connection.getReadTimeout})
 * but which, on end of stream, only throws the {@code EOFException} and leaves the socket open: the application
 * sees the short body, its response is written, and the connection is closed afterwards in the ordinary way
 * (Grizzly closes it after the response when the body is unfinished, or its next non-blocking read meets the same
 * end of stream and closes it). Read errors (reset…) still terminate the connection as Grizzly does.
 * Non-blocking reads (request heads, between requests) and everything else are Grizzly's own.
 *
 * <p>The bytes read this way are not reported to Grizzly's connection probes ({@code TCPNIOConnection.onRead} is
 * not accessible): only Grizzly's monitoring counters miss them.
 *
 * <p>Installed into a listener's chain as Grizzly-config builds it, or into a running one (a reference swap in the
 * chain's list: a read in progress uses either filter).
 *
 * <p>Thread-safety: stateless apart from the (stateless, thread-safe) reader, which is cached in a volatile
 * field; Grizzly calls it concurrently.
 */
final class HalfCloseTransportFilter extends TransportFilter {
    private final TransportFilter original;
    /** The reader for the transport last seen (one transport per listener chain). */
    private volatile HalfCloseReader reader;

    private HalfCloseTransportFilter(TransportFilter original) {
        this.original = original;
    }

    /**
     * Replaces the {@link TransportFilter} of a listener's chain while Grizzly-config builds it; returns the
     * installed filter (the one already there if any), or null when the builder has no plain
     * {@code TransportFilter}.
     */
    static HalfCloseTransportFilter install(FilterChainBuilder builder) {
        int i = builder.indexOfType(TransportFilter.class);
        if (i < 0) {
            return null;
        }
        if (builder.get(i) instanceof HalfCloseTransportFilter installed) {
            return installed;
        }
        if (builder.get(i).getClass() != TransportFilter.class) {
            return null;
        }
        HalfCloseTransportFilter filter = new HalfCloseTransportFilter((TransportFilter) builder.get(i));
        builder.set(i, filter);
        return filter;
    }

    /**
     * Replaces the {@link TransportFilter} of a running listener's chain (its transport's processor); returns the
     * installed filter (the one already there if any), or null when the chain has no plain
     * {@code TransportFilter}.
     */
    static HalfCloseTransportFilter install(Transport transport) {
        if (!(transport.getProcessor() instanceof FilterChain chain)) {
            return null;
        }
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i) instanceof HalfCloseTransportFilter installed) {
                return installed;                      // reached through another config bean
            }
            if (chain.get(i).getClass() == TransportFilter.class) {
                HalfCloseTransportFilter filter = new HalfCloseTransportFilter((TransportFilter) chain.get(i));
                chain.set(i, filter);                  // a reference swap: a concurrent read uses either filter
                return filter;
            }
        }
        return null;
    }

    /** Puts Grizzly's filter back where this one is in the transport's chain (if it is there). */
    void uninstall(Transport transport) {
        if (transport.getProcessor() instanceof FilterChain chain) {
            int i = chain.indexOf(this);
            if (i >= 0) {
                chain.set(i, original);
            }
        }
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (!ctx.getTransportContext().isBlocking() || !(ctx.getConnection() instanceof TCPNIOConnection connection)
                || !(connection.getTransport() instanceof TCPNIOTransport transport)) {
            return super.handleRead(ctx);
        }
        HalfCloseReader r = reader;
        if (r == null || r.getTransport() != transport) {
            r = new HalfCloseReader(transport);
            reader = r;
        }
        // as TCPNIOTransportFilter.handleRead for a blocking read, with HalfCloseReader
        GrizzlyFuture<ReadResult<Buffer, SocketAddress>> future = r.read(connection, ctx.<Buffer>getMessage());
        Buffer buffer;
        try {
            ReadResult<Buffer, SocketAddress> result = future.get();
            buffer = result.getMessage();
            future.recycle(true);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (buffer == null || buffer.position() == 0) {
            return ctx.getStopAction();
        }
        buffer.trim();
        ctx.setMessage(buffer);
        ctx.setAddress(connection.getPeerAddress());
        return ctx.getInvokeAction();
    }

    /**
     * {@code TCPNIOTemporarySelectorReader} with {@code TCPNIOTransport.read} inlined, except that end of stream
     * returns -1 (which {@link TemporarySelectorReader} turns into an {@code EOFException}) without terminating
     * the connection.
     */
    static final class HalfCloseReader extends TemporarySelectorReader {
        HalfCloseReader(TCPNIOTransport transport) {
            super(transport);
        }

        @Override
        protected int readNow0(NIOConnection nioConnection, Buffer buffer,
                ReadResult<Buffer, SocketAddress> currentResult) throws IOException {
            TCPNIOConnection connection = (TCPNIOConnection) nioConnection;
            int oldPosition = buffer != null ? buffer.position() : 0;
            Buffer read;
            try {
                if (buffer == null) {
                    read = TCPNIOUtils.allocateAndReadBuffer(connection);   // EOFException at end of stream
                    if (read.position() == 0) {
                        return 0;                                           // Buffers.EMPTY_BUFFER: nothing yet
                    }
                } else {
                    read = buffer;
                    if (buffer.hasRemaining() && TCPNIOUtils.readBuffer(connection, buffer) < 0) {
                        return -1;
                    }
                }
            } catch (EOFException e) {
                return -1;                                                  // the peer's FIN: keep the socket
            } catch (IOException | RuntimeException e) {
                connection.terminateWithReason(e instanceof IOException io ? io : new IOException(e));
                throw e;
            }
            int n = read.position() - oldPosition;
            currentResult.setMessage(read);
            currentResult.setReadSize(currentResult.getReadSize() + n);
            return n;
        }
    }

    @Override
    public String toString() {
        return "HalfCloseTransportFilter[" + original + "]";
    }
}
