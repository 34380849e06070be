package io.swiftnode.http;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The interim {@code 100 Continue} of one request, as Swift's object server needs it (object-server-http.md
 * §1.2): sent lazily, the first time the body is read, so that a final answer given without reading (409, 412,
 * 507…) replaces it; able to carry headers ({@code X-Obj-Metadata-Footer: yes}, {@code X-Obj-Multiphase-Commit:
 * yes}); and able to be sent a second time (multiphase commit). The Servlet API has none of this, so on Payara
 * the package {@code io.swiftnode.payara} takes the 100 away from Grizzly and publishes an instance of this type
 * as request attribute {@link #REQUEST_ATTRIBUTE}; {@link LazyContinueFilter} sends it when the body is first
 * read. This type itself uses Jakarta types only, so handlers compile and run on any container.
 *
 * <p>{@link #of} never returns null; {@link #mode()} tells what the returned object can do:
 * <ul>
 * <li>{@link Mode#LAZY}: the request expects {@code 100-continue} and the application owns the interim
 *     response: {@link #sendContinue} writes one (with headers, as often as needed) and returns true.</li>
 * <li>{@link Mode#NOT_EXPECTED}: the request has no {@code Expect: 100-continue} (or is HTTP/1.0): there is
 *     nothing to send; {@link #sendContinue} writes nothing and returns false, as Swift's eventlet front end
 *     writes nothing then.</li>
 * <li>{@link Mode#CONTAINER}: the request expects {@code 100-continue} but the container handles it, because
 *     the Payara glue is absent or not installed (another container such as WildFly/Undertow, which sends the
 *     100 lazily on the first read by itself, or a failed installation, which was logged at deployment). The
 *     application cannot attach headers or send a second 100: {@link #sendContinue} writes nothing and returns
 *     false, and {@link #isContinueSent()} is always false because the container's interim response cannot be
 *     observed. A handler that needs headers on the 100 must check the return value (or the mode) and answer
 *     accordingly; nothing pretends the headers went out.</li>
 * </ul>
 *
 * <p>Thread-safety: instances belong to one request. The {@link Mode#LAZY} implementation is thread-safe (a
 * {@link jakarta.servlet.ReadListener} may trigger it on a container thread); the others are immutable. An
 * instance must not be used after its request has completed.
 */
public abstract class ExpectContinue {

    /** Request attribute holding this request's {@link Mode#LAZY} instance, set by the Payara glue. */
    public static final String REQUEST_ATTRIBUTE = "io.swiftnode.http.ExpectContinue";

    /** What an {@link ExpectContinue} can do for its request; see the class comment. */
    public enum Mode {
        /** The application sends the 100 (lazily, with headers, more than once). */
        LAZY,
        /** The request expects no 100; nothing is sent. */
        NOT_EXPECTED,
        /** The container sends the 100 by itself; no headers, no second 100. */
        CONTAINER
    }

    private static final ExpectContinue NOT_EXPECTED = new Unmanaged(Mode.NOT_EXPECTED);
    private static final ExpectContinue CONTAINER = new Unmanaged(Mode.CONTAINER);

    /** For the Payara glue ({@code io.swiftnode.payara}), the only subclass besides the unmanaged modes. */
    protected ExpectContinue() {
    }

    /**
     * The interim-response handle of a request (never null). Cheap: an attribute lookup and, when there is no
     * such attribute, a look at the {@code Expect} header.
     *
     * @param request the request as the servlet sees it (wrappers are fine: attributes are delegated)
     */
    public static ExpectContinue of(HttpServletRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.getAttribute(REQUEST_ATTRIBUTE) instanceof ExpectContinue lazy) {
            return lazy;
        }
        return expects100Continue(request) ? CONTAINER : NOT_EXPECTED;
    }

    /** Whether an HTTP/1.1 request carries {@code Expect: 100-continue} (case-insensitive, any of its values). */
    static boolean expects100Continue(HttpServletRequest request) {
        if (!"HTTP/1.1".equals(request.getProtocol())) {
            return false;
        }
        Enumeration<String> values = request.getHeaders("Expect");
        while (values != null && values.hasMoreElements()) {
            for (String token : values.nextElement().split(",")) {
                if (token.trim().equalsIgnoreCase("100-continue")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What this object can do; see {@link Mode}. */
    public abstract Mode mode();

    /**
     * Whether this object has written a {@code 100 Continue} for the request. Always false unless
     * {@link Mode#LAZY}.
     */
    public abstract boolean isContinueSent();

    /**
     * Sends the first {@code 100 Continue} (without headers) unless one was sent already or the final response
     * has been committed (then the client is not waiting for it any more). {@link LazyContinueFilter} calls it on
     * the first body access, so handlers rarely need it. Does nothing unless {@link Mode#LAZY}.
     *
     * @throws IOException if writing the interim response failed (the connection is then unusable)
     */
    public abstract void ensureContinue() throws IOException;

    /**
     * Writes {@code HTTP/1.1 100 Continue} with the given headers now, in the map's iteration order (use a
     * {@link java.util.LinkedHashMap} when order matters). In {@link Mode#LAZY} this may be called again after the
     * body has been read (Swift's second 100 of a multiphase PUT); the first call also counts as the lazy 100, so
     * a later body read sends nothing more.
     *
     * @param headers header names and values (names must be HTTP tokens; values must not contain CR or LF)
     * @return true if the 100 with exactly these headers was written; false if nothing was written because the
     *         mode is {@link Mode#NOT_EXPECTED} or {@link Mode#CONTAINER} (headers cannot be attached there)
     * @throws IllegalStateException in {@link Mode#LAZY} if the final response is already committed
     * @throws IllegalArgumentException if a header name or value is not valid on the wire
     * @throws IOException if writing failed
     */
    public abstract boolean sendContinue(Map<String, String> headers) throws IOException;

    /**
     * Checks a header for {@link #sendContinue}: the name must be an RFC 9110 token, the value must not contain
     * CR, LF or NUL and must be ISO-8859-1. For implementations.
     *
     * @throws IllegalArgumentException if it is not
     */
    protected static void checkHeader(String name, String value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
            if (!token) {
                throw new IllegalArgumentException("invalid header name: " + name);
            }
        }
        if (value == null) {
            throw new IllegalArgumentException("null value for header " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
                throw new IllegalArgumentException("invalid character in value of header " + name);
            }
        }
    }

    @Override
    public String toString() {
        return "ExpectContinue[" + mode() + (isContinueSent() ? ", sent" : "") + "]";
    }

    /** The modes in which the application does not write the interim response. Immutable. */
    private static final class Unmanaged extends ExpectContinue {
        private final Mode mode;

        Unmanaged(Mode mode) {
            this.mode = mode;
        }

        @Override
        public Mode mode() {
            return mode;
        }

        @Override
        public boolean isContinueSent() {
            return false;
        }

        @Override
        public void ensureContinue() {
            // NOT_EXPECTED: nothing owed; CONTAINER: the container sends it when the body is read.
        }

        @Override
        public boolean sendContinue(Map<String, String> headers) {
            headers.forEach(ExpectContinue::checkHeader);
            return false;
        }
    }
}
