package io.swiftnode.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

/**
 * Sends a request's deferred {@code 100 Continue} ({@link ExpectContinue}, {@link ExpectContinue.Mode#LAZY})
 * the first time the application touches the body: a read, {@code skip}, {@code isReady()} or
 * {@code setReadListener()} on {@link #getInputStream() the input stream}, {@code getReader()}, form-parameter
 * parsing of a {@code POST} with {@code application/x-www-form-urlencoded}, or {@code getParts()}. Reading the
 * request line, headers, query-string parameters or attributes sends nothing, so a handler can still answer
 * 409/412/507 instead of the 100. Requests in the other modes pass through unwrapped.
 *
 * <p>Mapped to {@code /*} by annotation. Another filter that reads the body must come after this one (declare
 * the order in {@code web.xml} if such a filter is added): a body read below this filter on a
 * {@code LAZY} request waits for bytes the client sends only after the 100.
 *
 * <p>Thread-safety: the filter is stateless. The wrappers belong to one request and are used as the container's
 * request and stream objects are (one thread at a time); sending the 100 is itself thread-safe.
 */
@WebFilter(filterName = "lazy-100-continue", urlPatterns = "/*", asyncSupported = true)
public class LazyContinueFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        ExpectContinue ec = ExpectContinue.of(req);
        if (ec.mode() == ExpectContinue.Mode.LAZY && !ec.isContinueSent()) {
            chain.doFilter(new BodyTouchRequest(req, ec), res);
        } else {
            chain.doFilter(req, res);
        }
    }

    /** Sends the 100 before anything that reads the body. */
    private static final class BodyTouchRequest extends HttpServletRequestWrapper {
        private final ExpectContinue ec;
        private ServletInputStream in;

        BodyTouchRequest(HttpServletRequest req, ExpectContinue ec) {
            super(req);
            this.ec = ec;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                in = new ContinueOnReadStream(super.getInputStream(), ec);
            }
            return in;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            ec.ensureContinue();
            return super.getReader();
        }

        @Override
        public Collection<Part> getParts() throws IOException, ServletException {
            ec.ensureContinue();
            return super.getParts();
        }

        @Override
        public Part getPart(String name) throws IOException, ServletException {
            ec.ensureContinue();
            return super.getPart(name);
        }

        @Override
        public String getParameter(String name) {
            beforeParameters();
            return super.getParameter(name);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            beforeParameters();
            return super.getParameterMap();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            beforeParameters();
            return super.getParameterNames();
        }

        @Override
        public String[] getParameterValues(String name) {
            beforeParameters();
            return super.getParameterValues(name);
        }

        /** The container reads the body for parameters only for a form POST (Servlet 6.0 §3.1.1). */
        private void beforeParameters() {
            String type = getContentType();
            if ("POST".equals(getMethod()) && type != null
                    && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                ensureUnchecked(ec);
            }
        }
    }

    /** Delegating stream that sends the 100 before the first access that needs body bytes. */
    private static final class ContinueOnReadStream extends ServletInputStream {
        private final ServletInputStream d;
        private final ExpectContinue ec;

        ContinueOnReadStream(ServletInputStream d, ExpectContinue ec) {
            this.d = d;
            this.ec = ec;
        }

        @Override
        public int read() throws IOException {
            ec.ensureContinue();
            return d.read();
        }

        @Override
        public int read(byte[] b) throws IOException {
            ec.ensureContinue();
            return d.read(b);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            ec.ensureContinue();
            return d.read(b, off, len);
        }

        @Override
        public int readLine(byte[] b, int off, int len) throws IOException {
            ec.ensureContinue();
            return d.readLine(b, off, len);
        }

        @Override
        public byte[] readAllBytes() throws IOException {
            ec.ensureContinue();
            return d.readAllBytes();
        }

        @Override
        public byte[] readNBytes(int len) throws IOException {
            ec.ensureContinue();
            return d.readNBytes(len);
        }

        @Override
        public int readNBytes(byte[] b, int off, int len) throws IOException {
            ec.ensureContinue();
            return d.readNBytes(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            ec.ensureContinue();
            return d.skip(n);
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            ec.ensureContinue();
            return d.transferTo(out);
        }

        @Override
        public int available() throws IOException {
            return d.available();
        }

        @Override
        public boolean isFinished() {
            return d.isFinished();
        }

        @Override
        public boolean isReady() {
            ensureUnchecked(ec);
            return d.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            ensureUnchecked(ec);
            d.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            d.close();
        }
    }

    /** For the methods whose signatures allow no IOException. */
    private static void ensureUnchecked(ExpectContinue ec) {
        try {
            ec.ensureContinue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
