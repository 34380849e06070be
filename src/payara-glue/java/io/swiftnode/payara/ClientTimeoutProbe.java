package io.swiftnode.payara;

import io.swiftnode.config.ConfigLocation;
import io.swiftnode.config.ServerConfig;

import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.HttpServerProbe;
import org.glassfish.grizzly.http.server.Request;

/**
 * Grizzly probe that applies Swift's {@code client_timeout} to the reads of a request's body. The servlet's
 * blocking body reads end in Grizzly's {@code TemporarySelectorReader}, which waits at most the connection's read
 * timeout ({@code Connection.getReadTimeout}) for each read and then fails it with a
 * {@code java.util.concurrent.TimeoutException} (the handlers' 408). That timeout is the transport's
 * ({@code transport} {@code read-timeout-millis}, 30 s by default), copied into each connection when it is
 * accepted; this probe sets it, per connection, to {@code client_timeout} when Grizzly has parsed a request for
 * this deployment ({@code onRequestReceiveEvent}, before the application runs). Swift's object server applies
 * {@code client_timeout} the same way, to each read of {@code wsgi.input} (eventlet's {@code ChunkReadTimeout}).
 * Keep-alive idle time between requests is Grizzly's own setting and is not affected.
 *
 * <p>Thread-safety: immutable; Grizzly calls it concurrently from its worker threads.
 */
final class ClientTimeoutProbe extends HttpServerProbe.Adapter {
    private static final Logger LOG = Logger.getLogger(ClientTimeoutProbe.class.getName());
    /** Swift's default {@code client_timeout}, used when the config cannot be read here. */
    private static final double DEFAULT_SECONDS = 60;

    private final String contextPath;
    private final long millis;

    /**
     * @param contextPath the deployment's context path ("" for the root context)
     * @param seconds     {@code client_timeout}; at least a millisecond is used (0 would mean "wait for ever" to
     *                    the selector)
     */
    ClientTimeoutProbe(String contextPath, double seconds) {
        this.contextPath = contextPath;
        this.millis = Math.max(1, Math.round(seconds * 1000));
    }

    /**
     * For this node's config ({@code ConfigLocation}: {@code -Dswiftnode.conf}, as the application reads it); when
     * it cannot be read (the application then fails its deployment with the reason) Swift's default, 60 s.
     */
    static ClientTimeoutProbe forNode(String contextPath) {
        double seconds;
        try {
            seconds = ServerConfig.load(ConfigLocation.locate()).objectServer().clientTimeout();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "client_timeout: config not readable, using " + DEFAULT_SECONDS + " s", e);
            seconds = DEFAULT_SECONDS;
        }
        return new ClientTimeoutProbe(contextPath, seconds);
    }

    /** The read timeout set on each connection, in milliseconds. */
    long millis() {
        return millis;
    }

    @Override
    public void onRequestReceiveEvent(HttpServerFilter filter, Connection connection, Request request) {
        if (ResponseOctetsProbe.inContext(request, contextPath)
                && connection.getReadTimeout(TimeUnit.MILLISECONDS) != millis) {
            connection.setReadTimeout(millis, TimeUnit.MILLISECONDS);
        }
    }
}
