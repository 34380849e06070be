package io.swiftnode.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A final answer decided before (or instead of) the normal response: thrown by request parsing and
 * handlers, rendered by {@link Responses#send}. Mirrors swob's {@code HTTPException} responses.
 */
public final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String body; // null: the default HTML body of the status
    private final String contentType;
    private final transient Map<String, String> headers;

    private HttpError(int status, String body, String contentType, Map<String, String> headers) {
        super(status + (body == null ? "" : " " + body), null, false, false);
        this.status = status;
        this.body = body;
        this.contentType = contentType;
        this.headers = headers;
    }

    /** The status with its default HTML body. */
    public static HttpError of(int status) {
        return new HttpError(status, null, null, new LinkedHashMap<>());
    }

    /** The status with a {@code text/plain} body, as Swift's validation errors. */
    public static HttpError text(int status, String body) {
        return new HttpError(status, body, "text/plain", new LinkedHashMap<>());
    }

    /** The status with an explicit body in the default content type. */
    public static HttpError html(int status, String body) {
        return new HttpError(status, body, null, new LinkedHashMap<>());
    }

    public HttpError header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    public String contentType() {
        return contentType;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
