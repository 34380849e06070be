package io.swiftnode.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The response of an SSYNC subrequest ({@link SubRequest}), kept in memory: status, headers and the
 * first {@value #MAX_BODY} bytes of the body (subrequests answer small bodies; the receiver only
 * logs them). Never committed, so the handlers' error paths can always reset and answer.
 *
 * <p>Not thread-safe: one per subrequest.
 */
final class SubResponse implements HttpServletResponse {
    static final int MAX_BODY = 4096;
    private int status = 200;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private String characterEncoding = "ISO-8859-1";
    private Locale locale = Locale.getDefault();
    private final ServletOutputStream out = new ServletOutputStream() {
        @Override
        public void write(int b) {
            if (body.size() < MAX_BODY) {
                body.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int n = Math.min(len, MAX_BODY - body.size());
            if (n > 0) {
                body.write(b, off, n);
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new IllegalStateException("subrequest responses are blocking");
        }
    };

    /** The body bytes kept. */
    byte[] body() {
        return body.toByteArray();
    }

    private String key(String name) {
        for (String k : headers.keySet()) {
            if (k.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return name;
    }

    @Override
    public void addCookie(Cookie cookie) {
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.containsKey(key(name));
    }

    @Override
    public String encodeURL(String url) {
        return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }

    @Override
    public void sendError(int sc, String msg) {
        reset();
        status = sc;
        if (msg != null) {
            byte[] b = msg.getBytes(StandardCharsets.UTF_8);
            body.write(b, 0, Math.min(b.length, MAX_BODY));
        }
    }

    @Override
    public void sendError(int sc) {
        sendError(sc, null);
    }

    @Override
    public void sendRedirect(String location) {
        status = 302;
        setHeader("Location", location);
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, HttpDates.format(date / 1000));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, HttpDates.format(date / 1000));
    }

    @Override
    public void setHeader(String name, String value) {
        headers.remove(key(name));
        if (value != null) {
            headers.put(name, new ArrayList<>(List.of(value)));
        }
    }

    @Override
    public void addHeader(String name, String value) {
        headers.computeIfAbsent(key(name), k -> new ArrayList<>()).add(value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public String getHeader(String name) {
        List<String> v = headers.get(key(name));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        List<String> v = headers.get(key(name));
        return v == null ? List.of() : List.copyOf(v);
    }

    @Override
    public Collection<String> getHeaderNames() {
        return List.copyOf(headers.keySet());
    }

    @Override
    public String getCharacterEncoding() {
        return characterEncoding;
    }

    @Override
    public String getContentType() {
        return getHeader("Content-Type");
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return out;
    }

    @Override
    public PrintWriter getWriter() {
        return new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    }

    @Override
    public void setCharacterEncoding(String charset) {
        characterEncoding = charset;
    }

    @Override
    public void setContentLength(int len) {
        setHeader("Content-Length", Integer.toString(len));
    }

    @Override
    public void setContentLengthLong(long len) {
        setHeader("Content-Length", Long.toString(len));
    }

    @Override
    public void setContentType(String type) {
        setHeader("Content-Type", type);
    }

    @Override
    public void setBufferSize(int size) {
    }

    @Override
    public int getBufferSize() {
        return MAX_BODY;
    }

    @Override
    public void flushBuffer() {
    }

    @Override
    public void resetBuffer() {
        body.reset();
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public void reset() {
        status = 200;
        headers.clear();
        body.reset();
    }

    @Override
    public void setLocale(Locale loc) {
        locale = loc;
    }

    @Override
    public Locale getLocale() {
        return locale;
    }
}
