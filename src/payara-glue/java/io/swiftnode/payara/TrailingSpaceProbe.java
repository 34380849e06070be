package io.swiftnode.payara;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.HttpServerProbe;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.util.BufferChunk;
import org.glassfish.grizzly.http.util.ByteChunk;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.MimeHeaders;

/**
 * Grizzly probe that gives request header values back the trailing spaces Grizzly's parser cut off, as eventlet
 * keeps them (Python's header parser strips only leading blanks and the line end): {@code Content-Type: text/plain;
 * x=y  } reaches Swift with the two spaces, which then show in stored metadata and multipart part headers.
 * Grizzly's {@code HttpCodecFilter.parseHeaderValue} ends a value at its last byte other than a space, but leaves
 * the line in the head buffer, which the parsed value still points into; so when the bytes right after the value
 * are spaces and then the line end (CRLF or LF), the value is widened over those spaces. Tabs were never cut.
 * A value folded over several lines (obsolete; Swift never sends one) has been moved within the buffer by Grizzly
 * and may then gain spaces it did not end with; no other value is changed.
 *
 * <p>It runs with the other probes at {@code onRequestReceiveEvent}, before the container reads any header (the
 * request's content type is parsed from its header only when first asked for). Only requests under this
 * deployment's context path are touched.
 *
 * <p>Thread-safety: immutable; Grizzly calls it concurrently from its worker threads.
 */
final class TrailingSpaceProbe extends HttpServerProbe.Adapter {
    private final String contextPath;

    /** @param contextPath the deployment's context path ("" for the root context) */
    TrailingSpaceProbe(String contextPath) {
        this.contextPath = contextPath;
    }

    @Override
    public void onRequestReceiveEvent(HttpServerFilter filter, Connection connection, Request request) {
        if (ResponseOctetsProbe.inContext(request, contextPath)) {
            restore(request.getRequest().getHeaders());
        }
    }

    static void restore(MimeHeaders headers) {
        for (int i = 0; i < headers.size(); i++) {
            DataChunk value = headers.getValue(i);
            if (value.getType() == DataChunk.Type.Buffer) {
                BufferChunk chunk = value.getBufferChunk();
                Buffer buffer = chunk.getBuffer();
                int end = chunk.getEnd();
                int spaces = end;
                while (spaces < buffer.limit() && buffer.get(spaces) == ' ') {
                    spaces++;
                }
                if (spaces > end && spaces < buffer.limit() && isLineEnd(buffer.get(spaces))) {
                    value.setBuffer(buffer, chunk.getStart(), spaces);
                }
            } else if (value.getType() == DataChunk.Type.Bytes) {
                ByteChunk chunk = value.getByteChunk();
                byte[] bytes = chunk.getBuffer();
                int end = chunk.getEnd();
                int spaces = end;
                while (spaces < bytes.length && bytes[spaces] == ' ') {
                    spaces++;
                }
                if (spaces > end && spaces < bytes.length && isLineEnd(bytes[spaces])) {
                    value.setBytes(bytes, chunk.getStart(), spaces);
                }
            }
        }
    }

    private static boolean isLineEnd(byte b) {
        return b == '\r' || b == '\n';
    }
}
