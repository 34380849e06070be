package io.swiftnode.payara;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.HttpServerProbe;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.MimeHeaders;

/**
 * Grizzly probe that refuses, before the application, the request heads that Swift's eventlet front end refuses
 * with {@code 400}: a header line of {@value #MAX_HEADER_LINE} bytes or more, CRLF included
 * ({@code eventlet.wsgi.MAX_HEADER_LINE}, which Swift sets to {@code max_header_size}, 8192: "Header Line Too
 * Long"), or header lines of more than {@value #MAX_TOTAL_HEADER_SIZE} bytes together
 * ({@code MAX_TOTAL_HEADER_SIZE}: "Headers Too Large"). Grizzly limits only the whole head
 * ({@code header-buffer-length-bytes}, raised in {@code preboot.asadmin} so that heads of many short lines, which
 * Swift accepts, get through), so without this probe a long line would reach the application.
 *
 * <p>It runs after {@link RawPathProbe} ({@code onRequestReceiveEvent}, before the container decodes and maps the
 * request) and gives such a request the path {@value #REFUSED}, whose {@code %00} the container refuses with an
 * empty {@code 400} and {@code Connection: close} before any servlet runs (as Grizzly refuses a head over its
 * buffer); the response gets eventlet's reason phrase when it is committed. The line length is measured on the
 * bytes as received (from the start of the name to the end of the value, plus CRLF) when Grizzly kept both in its
 * input buffer, else as {@code name: value} CRLF; the total includes the blank line that ends the head, as
 * eventlet counts it.
 *
 * <p>Thread-safety: immutable; Grizzly calls it concurrently from its worker threads.
 */
final class HeaderLimitsProbe extends HttpServerProbe.Adapter {
    /** eventlet's {@code MAX_HEADER_LINE} as Swift sets it (constraints' {@code max_header_size}). */
    static final int MAX_HEADER_LINE = 8192;
    /** eventlet's {@code MAX_TOTAL_HEADER_SIZE}. */
    static final int MAX_TOTAL_HEADER_SIZE = 65536;
    /** A request path the container refuses with 400 before any servlet. */
    static final String REFUSED = "/%00";

    private final String contextPath;

    /** @param contextPath the deployment's context path ("" for the root context) */
    HeaderLimitsProbe(String contextPath) {
        this.contextPath = contextPath;
    }

    @Override
    public void onRequestReceiveEvent(HttpServerFilter filter, Connection connection, Request request) {
        if (!ResponseOctetsProbe.inContext(request, contextPath)) {
            return;
        }
        String refusal = refusal(request.getRequest().getHeaders());
        if (refusal != null) {
            request.getRequest().getRequestURIRef().init(contextPath + REFUSED);
            HttpResponsePacket response = request.getResponse().getResponse();
            request.getResponse().getOutputBuffer().registerLifeCycleListener(
                    () -> response.setReasonPhrase(refusal));
        }
    }

    /**
     * eventlet's reason phrase when a header line has 8192 bytes or more ({@code Header Line Too Long}) or all of
     * them more than 65536 ({@code Headers Too Large}), else null.
     */
    static String refusal(MimeHeaders headers) {
        long total = 2;                                     // the blank line
        for (int i = 0; i < headers.size(); i++) {
            int line = lineLength(headers.getName(i), headers.getValue(i));
            if (line >= MAX_HEADER_LINE) {
                return "Header Line Too Long";
            }
            total += line;
        }
        return total > MAX_TOTAL_HEADER_SIZE ? "Headers Too Large" : null;
    }

    private static int lineLength(DataChunk name, DataChunk value) {
        if (name.getType() == DataChunk.Type.Buffer && value.getType() == DataChunk.Type.Buffer
                && name.getBufferChunk().getBuffer() == value.getBufferChunk().getBuffer()
                && value.getBufferChunk().getEnd() >= name.getBufferChunk().getStart()) {
            return value.getBufferChunk().getEnd() - name.getBufferChunk().getStart() + 2;
        }
        return name.getLength() + 2 + value.getLength() + 2;
    }
}
