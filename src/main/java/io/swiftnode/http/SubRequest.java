package io.swiftnode.http;

import io.swiftnode.replication.SsyncReceiver;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SSYNC UPDATES subrequest as a servlet request, so that it runs through the object server's own
 * request handling ({@link ObjectServlet#serve}) exactly like a request from the network: method,
 * path (the quoted path as sent, below {@code /<device>/<partition>}), headers and body are the
 * subrequest's; connection facts (remote address, scheme, host, context path) are the SSYNC
 * request's. It carries no {@code Expect} handling (no interim response can go out inside SSYNC)
 * and no query string, as Swift's {@code Request.blank}.
 *
 * <p>Not thread-safe: one per subrequest.
 */
final class SubRequest extends HttpServletRequestWrapper {
    private final SsyncReceiver.Subrequest sub;
    private final String rawPathWithContext;
    private final ServletInputStream body;

    SubRequest(HttpServletRequest ssync, SsyncReceiver.Subrequest sub) {
        super(ssync);
        this.sub = sub;
        String ctx = ssync.getContextPath() == null ? "" : ssync.getContextPath();
        this.rawPathWithContext = ctx + sub.rawPath();
        this.body = new Body(sub.body());
    }

    @Override
    public String getMethod() {
        return sub.method();
    }

    @Override
    public String getRequestURI() {
        return rawPathWithContext;
    }

    @Override
    public StringBuffer getRequestURL() {
        return new StringBuffer(getScheme() + "://" + getServerName() + ":" + getServerPort() + rawPathWithContext);
    }

    @Override
    public String getPathInfo() {
        return null;
    }

    @Override
    public String getQueryString() {
        return null;
    }

    @Override
    public Object getAttribute(String name) {
        if (SwiftRequest.RAW_PATH_ATTRIBUTE.equals(name)) {
            return rawPathWithContext;
        }
        if (ExpectContinue.REQUEST_ATTRIBUTE.equals(name)) {
            return null;
        }
        return super.getAttribute(name);
    }

    private String find(String name) {
        for (Map.Entry<String, String> e : sub.headers().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public String getHeader(String name) {
        return find(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        String v = find(name);
        return Collections.enumeration(v == null ? List.of() : List.of(v));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(sub.headers().keySet());
    }

    @Override
    public int getIntHeader(String name) {
        String v = find(name);
        return v == null ? -1 : Integer.parseInt(v.strip());
    }

    @Override
    public long getDateHeader(String name) {
        return -1;
    }

    @Override
    public String getContentType() {
        return find("content-type");
    }

    @Override
    public long getContentLengthLong() {
        String v = find("content-length");
        try {
            return v == null ? -1 : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public int getContentLength() {
        long l = getContentLengthLong();
        return l > Integer.MAX_VALUE ? -1 : (int) l;
    }

    @Override
    public String getProtocol() {
        return "HTTP/1.1";
    }

    @Override
    public ServletInputStream getInputStream() {
        return body;
    }

    @Override
    public java.io.BufferedReader getReader() {
        throw new IllegalStateException("subrequest bodies are read as bytes");
    }

    @Override
    public String getParameter(String name) {
        return null;
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return Map.of();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.emptyEnumeration();
    }

    @Override
    public String[] getParameterValues(String name) {
        return null;
    }

    @Override
    public String toString() {
        return "SSYNC subrequest " + sub.method() + " " + sub.rawPath().toLowerCase(Locale.ROOT);
    }

    /** The subrequest body as a blocking servlet stream. */
    private static final class Body extends ServletInputStream {
        private final InputStream in;
        private boolean finished;

        Body(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            finished |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            finished |= n < 0;
            return n;
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("subrequest bodies are blocking");
        }
    }
}
