package io.swiftnode.payara;

import io.swiftnode.http.ObjectServlet;
import io.swiftnode.http.SwiftRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.HttpServerProbe;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.util.RequestURIRef;

/**
 * Grizzly probe that keeps the request path away from the container. Swift takes the path octets as sent and
 * only percent-decodes them ({@code %2F} is a {@code /} inside the object name, {@code %00} the reserved
 * namespace, {@code .}, {@code ..}, empty segments and {@code ;} are ordinary name characters, invalid UTF-8 is
 * the application's 412). Grizzly and Payara's web container instead
 * <ul>
 * <li>reject some paths with an empty 400 before any servlet runs ({@code %00}, {@code %5C} and {@code \},
 *     invalid UTF-8, a malformed {@code %}, {@code ..} above the root);</li>
 * <li>map the request by a decoded, normalised path ({@code ..}, {@code .}, {@code //} and {@code ;} parameters
 *     removed): {@code /sda1/0/a/c/../../../../healthcheck} reaches the healthcheck servlet;</li>
 * <li>strip a {@code ;jsessionid=…} parameter from the request URI, so that another object is stored;</li>
 * <li>send plain paths elsewhere too: {@code *.jsp} and {@code *.jspx} to Payara's JSP servlet (405 for a PUT),
 *     {@code …/j_security_check} to the form authenticator (401), {@code /WEB-INF/…} to a 404.</li>
 * </ul>
 *
 * <p>Grizzly's {@code HttpServerFilter.handleRead} fires {@code onRequestReceiveEvent} with the parsed but not yet
 * decoded request, before the HTTP handler ({@code HttpHandler.doHandle}, Payara's {@code ContainerMapper})
 * decodes, checks and maps it. For every request under this deployment's context path the probe
 * <ul>
 * <li>publishes the original request-URI path (without the query string) as request attribute
 *     {@link SwiftRequest#RAW_PATH_ATTRIBUTE}: a {@code String} with one char per octet as sent (ISO-8859-1),
 *     still percent-encoded, including the context path, as {@code HttpServletRequest.getRequestURI()} would be
 *     without the container's changes; {@code SwiftRequest} prefers it to {@code getRequestURI()};</li>
 * <li>leaves the request URI alone only when the path is plain (see {@link #isPlain}) and matches an exact or
 *     path-prefix mapping of one of the application's servlets other than the default one ({@code /healthcheck},
 *     or a test servlet): the container maps such a path exactly as Swift's middleware would;</li>
 * <li>otherwise replaces the request URI the container sees with the context path plus {@code /healthcheck} (or
 *     another exact mapping) when the path percent-decodes to exactly it (Swift's healthcheck middleware compares
 *     the decoded path: {@code /health%63heck} is the healthcheck), else with {@value #REWRITTEN}, which the
 *     object servlet (also the default servlet, {@code /}) maps exactly. So every object-server request reaches the object
 *     servlet whatever its path. The query string is a separate field in Grizzly and is left alone.</li>
 * </ul>
 *
 * <p>Without the attribute (the glue missing) a rewritten request would be answered {@code 400 Invalid path} by
 * the object servlet, never applied to another object.
 *
 * <p>Thread-safety: immutable; Grizzly calls it concurrently from its worker threads.
 */
final class RawPathProbe extends HttpServerProbe.Adapter {
    /** The path a request for the object servlet is given for the container, under the context path. */
    static final String REWRITTEN = ObjectServlet.CONTAINER_PATH;
    /** Octets that Grizzly and the web container leave alone in a path, besides letters and digits. */
    private static final String PLAIN = "-._~!$&'()*+,=:@/";

    private final String contextPath;
    /** The application's exact servlet mappings ({@code /healthcheck}). */
    private final List<String> exact;
    /** The application's path-prefix servlet mappings without {@code /*} ({@code /expect-probe}). */
    private final List<String> prefixes;

    /**
     * @param contextPath the deployment's context path ("" for the root context)
     * @param exact       exact servlet mappings, each starting with {@code /}
     * @param prefixes    path-prefix servlet mappings without the trailing {@code /*}, each starting with
     *                    {@code /}
     */
    RawPathProbe(String contextPath, List<String> exact, List<String> prefixes) {
        this.contextPath = contextPath;
        this.exact = List.copyOf(exact);
        this.prefixes = List.copyOf(prefixes);
    }

    /**
     * For the application of {@code context}: its servlets' exact and path-prefix mappings; the default
     * servlet's {@code /}, a catch-all {@code /*} and extension mappings ({@code *.jsp}) are not taken.
     */
    static RawPathProbe of(ServletContext context) {
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (ServletRegistration servlet : context.getServletRegistrations().values()) {
            for (String mapping : servlet.getMappings()) {
                if (mapping.isEmpty()) {
                    exact.add("/");                                 // the context root
                } else if (mapping.equals("/") || mapping.equals("/*") || !mapping.startsWith("/")) {
                    continue;
                } else if (mapping.endsWith("/*")) {
                    prefixes.add(mapping.substring(0, mapping.length() - 2));
                } else {
                    exact.add(mapping);
                }
            }
        }
        return new RawPathProbe(context.getContextPath(), exact, prefixes);
    }

    @Override
    public void onRequestReceiveEvent(HttpServerFilter filter, Connection connection, Request request) {
        RequestURIRef uriRef = request.getRequest().getRequestURIRef();
        String raw = uriRef.getOriginalRequestURIBC().toString(StandardCharsets.ISO_8859_1);
        String relative = relative(raw);
        if (relative == null) {
            return;                     // another application's request
        }
        request.setAttribute(SwiftRequest.RAW_PATH_ATTRIBUTE, raw);
        if (isPlain(relative) && isMapped(relative)) {
            return;
        }
        uriRef.init(contextPath + exactMappingOf(relative));
    }

    /** The path below the context path, or null if the request is not for this deployment. */
    private String relative(String raw) {
        if (contextPath.isEmpty()) {
            return raw;                 // everything, even "*" or an absolute URI, is ours
        }
        return raw.startsWith(contextPath) && raw.length() > contextPath.length()
                && raw.charAt(contextPath.length()) == '/' ? raw.substring(contextPath.length()) : null;
    }

    /** Whether the application maps this plain path to a servlet of its own other than the default one. */
    private boolean isMapped(String path) {
        if (exact.contains(path)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    /** The exact mapping the path percent-decodes to, else {@value #REWRITTEN}. */
    private String exactMappingOf(String path) {
        for (String mapping : exact) {
            if (decodesTo(path, mapping)) {
                return mapping;
            }
        }
        return REWRITTEN;
    }

    /**
     * Whether the container would use this context-relative path as it is: it starts with {@code /}, has only
     * letters, digits and {@value #PLAIN} (no {@code %}, {@code ;}, {@code \}, controls, non-ASCII octets…), no
     * empty segment and no {@code .} or {@code ..} segment.
     */
    static boolean isPlain(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            char c = i < path.length() ? path.charAt(i) : '/';
            if (c == '/') {
                int len = i - segmentStart;
                boolean dots = (len == 1 || len == 2) && path.startsWith("..".substring(0, len), segmentStart);
                if ((len == 0 && i < path.length()) || dots) {
                    return false;       // "//", "/./", "/../" (a trailing "/" is fine)
                }
                segmentStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
                    && PLAIN.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the raw path percent-decodes to exactly {@code target} (ASCII). */
    static boolean decodesTo(String path, String target) {
        int j = 0;
        for (int i = 0; i < path.length(); i++, j++) {
            int c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()) {
                int hi = hex(path.charAt(i + 1));
                int lo = hex(path.charAt(i + 2));
                if (hi >= 0 && lo >= 0) {
                    c = hi * 16 + lo;
                    i += 2;
                }
            }
            if (j >= target.length() || c != target.charAt(j)) {
                return false;
            }
        }
        return j == target.length();
    }

    private static int hex(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }
}
