package io.swiftnode.http;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drops a request's connection at once, for an SSYNC that ended in an error (object-server-http.md
 * §12.5): Swift's receiver shuts the socket down so that the sender does not go on streaming a body
 * nobody reads, while a servlet container would read ("swallow") the rest of the request body to
 * keep the connection. The Servlet API has no such call; on Payara this goes through the same
 * response objects as {@link Responses}' reason phrases, by reflection
 * ({@code ResponseFacade.response.getCoyoteResponse().getRequest().getConnection().closeSilently()}).
 * On any other container, or if that fails, nothing happens and the container drains the body
 * (logged once at INFO).
 *
 * <p>Thread-safe.
 */
final class ConnectionAbort {
    private static final Logger LOG = Logger.getLogger(ConnectionAbort.class.getName());
    private static volatile boolean unavailable;

    private ConnectionAbort() {
    }

    /** Closes the connection under {@code resp}; true when it was closed. */
    static boolean close(ServletResponse resp) {
        if (unavailable) {
            return false;
        }
        ServletResponse r = resp;
        while (r instanceof ServletResponseWrapper w) {
            r = w.getResponse();
        }
        try {
            Field f = null;
            for (Class<?> k = r.getClass(); k != null && f == null; k = k.getSuperclass()) {
                try {
                    f = k.getDeclaredField("response");
                } catch (NoSuchFieldException e) {
                    // further up
                }
            }
            if (f == null) {
                throw new NoSuchFieldException(r.getClass().getName() + ".response");
            }
            f.setAccessible(true);
            Object catalina = f.get(r);
            Object grizzlyResponse = catalina.getClass().getMethod("getCoyoteResponse").invoke(catalina);
            Object grizzlyRequest = grizzlyResponse.getClass().getMethod("getRequest").invoke(grizzlyResponse);
            Object connection = grizzlyRequest.getClass().getMethod("getConnection").invoke(grizzlyRequest);
            Class<?> iface = Class.forName("org.glassfish.grizzly.Connection", false,
                    connection.getClass().getClassLoader());
            iface.getMethod("closeSilently").invoke(connection);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable = true;
            LOG.log(Level.INFO, "cannot drop connections on this container (" + r.getClass().getName()
                    + "); failed SSYNC requests are drained instead: " + e);
            return false;
        }
    }
}
