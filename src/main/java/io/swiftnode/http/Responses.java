package io.swiftnode.http;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Swift's response conventions (swob): default content type, reason phrases and the HTML bodies of
 * error responses, {@code 507} naming the drive.
 *
 * <p>Stateless and thread-safe.
 */
public final class Responses {
    public static final String DEFAULT_CONTENT_TYPE = "text/html; charset=UTF-8";

    private Responses() {
    }

    /** swob's {@code RESPONSE_REASONS}: title and explanation. */
    static String[] reason(int status) {
        return switch (status) {
            case 200 -> new String[] {"OK", ""};
            case 201 -> new String[] {"Created", ""};
            case 202 -> new String[] {"Accepted", "The request is accepted for processing."};
            case 204 -> new String[] {"No Content", ""};
            case 206 -> new String[] {"Partial Content", ""};
            case 304 -> new String[] {"Not Modified", ""};
            case 400 -> new String[] {"Bad Request", "The server could not comply with the request since it is either "
                    + "malformed or otherwise incorrect."};
            case 403 -> new String[] {"Forbidden", "Access was denied to this resource."};
            case 404 -> new String[] {"Not Found", "The resource could not be found."};
            case 405 -> new String[] {"Method Not Allowed", "The method is not allowed for this resource."};
            case 408 -> new String[] {"Request Timeout", "The server has waited too long for the request to be sent "
                    + "by the client."};
            case 409 -> new String[] {"Conflict", "There was a conflict when trying to complete your request."};
            case 411 -> new String[] {"Length Required", "Length Required"};
            case 412 -> new String[] {"Precondition Failed", "A precondition for this request was not met."};
            case 413 -> new String[] {"Request Entity Too Large", "The body of your request was too large for this "
                    + "server."};
            case 416 -> new String[] {"Requested Range Not Satisfiable", "The Range requested is not available."};
            case 422 -> new String[] {"Unprocessable Entity", "Unable to process the contained instructions"};
            case 499 -> new String[] {"Client Disconnect", "The client was disconnected during request."};
            case 500 -> new String[] {"Internal Error", "The server has either erred or is incapable of performing "
                    + "the requested operation."};
            case 501 -> new String[] {"Not Implemented", "The requested method is not implemented by this server."};
            case 503 -> new String[] {"Service Unavailable", "The server is currently unavailable. Please try again "
                    + "at a later time."};
            case 507 -> new String[] {"Insufficient Storage", "There was not enough space to save the resource. "
                    + "Drive: %(drive)s"};
            default -> new String[] {"Unknown", ""};
        };
    }

    /** The default HTML body of a status, or "" for statuses without an explanation. */
    static String defaultBody(int status) {
        String[] r = reason(status);
        if (r[1].isEmpty()) {
            return "";
        }
        return "<html><h1>" + r[0] + "</h1><p>" + r[1] + "</p></html>";
    }

    private static final String INSUFFICIENT_STORAGE = "<html><h1>Insufficient Storage</h1><p>There was not enough "
            + "space to save the resource. Drive: ";

    /** The 507 for a device. */
    public static HttpError insufficientStorage(String drive) {
        return HttpError.html(507, INSUFFICIENT_STORAGE + drive + "</p></html>");
    }

    /**
     * Writes an error (or any bodied status) response; a HEAD request gets the headers only. As
     * swob, a HEAD keeps the {@code Content-Length} of an explicit body (a validation message, a
     * traceback) and has 0 where the body would be the status's default text (including the 507,
     * which swob fills in from its template).
     */
    public static void send(HttpServletResponse resp, HttpError e, boolean head) throws IOException {
        status(resp, e.status());
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            resp.setHeader(h.getKey(), h.getValue());
        }
        boolean explicit = e.body() != null && !(e.status() == 507 && e.body().startsWith(INSUFFICIENT_STORAGE));
        String body = e.body() != null ? e.body() : defaultBody(e.status());
        resp.setHeader("Content-Type", e.contentType() != null ? e.contentType() : DEFAULT_CONTENT_TYPE);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setContentLengthLong(head ? (explicit ? bytes.length : 0) : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = resp.getOutputStream()) {
                out.write(bytes);
            }
        }
    }

    /** An empty-bodied success with the default content type. */
    public static void empty(HttpServletResponse resp, int status) {
        status(resp, status);
        resp.setHeader("Content-Type", DEFAULT_CONTENT_TYPE);
        resp.setContentLengthLong(0);
    }

    /**
     * Sets the status with swob's reason phrase where the container's own differs (Grizzly has
     * "Request Range Not Satisfiable", "Internal Server Error" and "CUSTOM" for 422, 499 and 507).
     * The Servlet API cannot set a reason phrase, so this goes through Payara's response objects
     * ({@code ResponseFacade.response.getCoyoteResponse().setStatus(int, String)}) by reflection;
     * on any other container, or if that ever fails, the container's phrase stays. Call it after
     * any other {@code setStatus}: a later one resets the phrase.
     */
    static void status(HttpServletResponse resp, int status) {
        resp.setStatus(status);
        if (resp instanceof SubResponse) {
            return; // an SSYNC subrequest's answer: no container response underneath
        }
        if (status == 416 || status == 422 || status == 499 || status == 500 || status == 507) {
            ReasonPhrase.set(resp, status, reason(status)[0]);
        }
    }

    /** Reaches Grizzly's {@code Response.setStatus(int, String)} under Payara's servlet response. */
    private static final class ReasonPhrase {
        private static final Logger LOG = Logger.getLogger(Responses.class.getName());
        private static volatile boolean unavailable;
        private static volatile Access access;

        /** The reflective path for one response facade class. */
        private record Access(Class<?> facade, Field response, Method coyoteResponse, Method setStatus) {
        }

        static void set(ServletResponse resp, int status, String phrase) {
            if (unavailable) {
                return;
            }
            ServletResponse r = resp;
            while (r instanceof ServletResponseWrapper w) {
                r = w.getResponse();
            }
            try {
                Access a = access;
                if (a == null || a.facade() != r.getClass()) {
                    Field f = findField(r.getClass(), "response");
                    f.setAccessible(true);
                    Method coyote = f.get(r).getClass().getMethod("getCoyoteResponse");
                    Method set = coyote.invoke(f.get(r)).getClass().getMethod("setStatus", int.class, String.class);
                    a = new Access(r.getClass(), f, coyote, set);
                    access = a;
                }
                a.setStatus().invoke(a.coyoteResponse().invoke(a.response().get(r)), status, phrase);
            } catch (ReflectiveOperationException | RuntimeException e) {
                unavailable = true;
                LOG.log(Level.INFO, "Swift's reason phrases unavailable on this container (" + r.getClass().getName()
                        + "): " + e);
            }
        }

        private static Field findField(Class<?> c, String name) throws NoSuchFieldException {
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                try {
                    return k.getDeclaredField(name);
                } catch (NoSuchFieldException e) {
                    // look further up
                }
            }
            throw new NoSuchFieldException(c.getName() + "." + name);
        }
    }
}
