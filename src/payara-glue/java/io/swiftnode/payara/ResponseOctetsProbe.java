package io.swiftnode.payara;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.HttpServerProbe;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.http.util.MimeHeaders;

/**
 * Grizzly probe that makes the final response head carry what the application set, as Swift sends it:
 * <ul>
 * <li><b>Header names are octets</b> too: a name with an octet ≥ 0x80 (eventlet passes such request header names,
 *     one char per octet, and Swift sends them back as stored metadata) is written as its octets, like a value
 *     below.</li>
 * <li><b>Header values are octets</b> ({@code object-server-http.md} §2.4): the application sets each value as a
 *     {@code String} with one char per octet (U+0000–U+00FF). Grizzly writes a {@code String} value through
 *     {@code HttpCodecUtils.put}, which turns every char outside printable US-ASCII and tab (every octet ≥ 0x7F,
 *     every control) into a space, but writes a byte-array value ({@code DataChunk.setBytes}) unchanged. Just
 *     before the head is encoded, every {@code String}/char value holding such an octet is re-set as its octets;
 *     only CR and LF still become spaces, as Grizzly makes them (a value can never split the header block; they
 *     cannot arrive in a request header anyway), and a char above U+00FF (never set by the application) becomes
 *     a space too. The same is done for a {@code Content-Type} with such octets (Grizzly keeps it apart from the
 *     other headers).</li>
 * <li><b>A 304 keeps {@code Content-Type} and {@code Content-Length}</b>, as swob's does: Grizzly's
 *     {@code HttpServerFilter.prepareResponse} writes {@code Content-Type} only for responses with an entity body
 *     and removes every {@code Content-Length} header of a 304 ({@code setContentLength(-1)}, after this probe has
 *     run). So the content type goes in as an ordinary header (which that code leaves alone), and since no header
 *     named {@code Content-Length} can survive, the {@code Content-Length} line is carried in the raw bytes of
 *     that header, after a CRLF of our own (only digits are ever put there). Without a content type the line goes
 *     with another header the application set (one Grizzly does not rewrite), or not at all if there is
 *     none.</li>
 * </ul>
 * The hook is an {@code OutputBuffer} life-cycle listener registered when Grizzly has parsed the request
 * ({@code onRequestReceiveEvent}); Grizzly calls it on commit, before {@code prepareResponse} and the encoding,
 * and drops it when the request is recycled. Only requests under this deployment's context path are touched.
 *
 * <p>Thread-safety: immutable; Grizzly calls it concurrently from its worker threads, each commit on the thread
 * that owns the response.
 */
final class ResponseOctetsProbe extends HttpServerProbe.Adapter {
    private static final Logger LOG = Logger.getLogger(ResponseOctetsProbe.class.getName());
    private static final AtomicBoolean FAILURE_LOGGED = new AtomicBoolean();

    private final String contextPath;

    /** @param contextPath the deployment's context path ("" for the root context) */
    ResponseOctetsProbe(String contextPath) {
        this.contextPath = contextPath;
    }

    @Override
    public void onRequestReceiveEvent(HttpServerFilter filter, Connection connection, Request request) {
        if (!inContext(request, contextPath)) {
            return;
        }
        HttpResponsePacket response = request.getResponse().getResponse();
        request.getResponse().getOutputBuffer().registerLifeCycleListener(() -> onCommit(response));
    }

    private static void onCommit(HttpResponsePacket response) {
        try {
            rawHeaderValues(response);
        } catch (RuntimeException e) {
            // never fail the response for this; Grizzly then sends its own rendering of the values
            if (FAILURE_LOGGED.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "response header octets could not be restored", e);
            }
        }
    }

    /** Re-sets the values Grizzly would mangle as raw bytes; restores a 304's entity headers. */
    static void rawHeaderValues(HttpResponsePacket response) {
        MimeHeaders headers = response.getHeaders();
        for (int i = 0; i < headers.size(); i++) {
            rawChunk(headers.getName(i));
            rawChunk(headers.getValue(i));
        }
        String contentType = response.getContentType();
        boolean notModified = HttpStatus.NOT_MODIFIED_304.statusMatches(response.getStatus());
        if (contentType != null && (notModified || needsOctets(contentType))) {
            headers.setValue(Header.ContentType).setBytes(octets(contentType));
        }
        long contentLength = response.getContentLength();
        if (notModified && contentLength >= 0) {
            DataChunk host = contentType != null ? headers.getValue(Header.ContentType) : carrier(headers);
            if (host != null) {
                byte[] value = octets(host.toString(StandardCharsets.ISO_8859_1));
                byte[] line = ("\r\nContent-Length: " + contentLength).getBytes(StandardCharsets.ISO_8859_1);
                byte[] both = new byte[value.length + line.length];
                System.arraycopy(value, 0, both, 0, value.length);
                System.arraycopy(line, 0, both, value.length, line.length);
                host.setBytes(both);
            }
        }
    }

    /** Re-sets a {@code String}/char name or value holding an octet Grizzly would write as a space as its octets. */
    private static void rawChunk(DataChunk chunk) {
        if (chunk.getType() == DataChunk.Type.String || chunk.getType() == DataChunk.Type.Chars) {
            String s = chunk.toString();
            if (needsOctets(s)) {
                chunk.setBytes(octets(s));
            }
        }
    }

    /** A header of the application whose value Grizzly leaves as it is when it prepares a 304, or null. */
    private static DataChunk carrier(MimeHeaders headers) {
        for (int i = 0; i < headers.size(); i++) {
            DataChunk name = headers.getName(i);
            if (!headers.getValue(i).isNull() && !name.equalsIgnoreCase(Header.ContentLength.getBytes())
                    && !name.equalsIgnoreCase(Header.Connection.getBytes())
                    && !name.equalsIgnoreCase(Header.TransferEncoding.getBytes())
                    && !name.equalsIgnoreCase(Header.Date.getBytes())) {
                return headers.getValue(i);
            }
        }
        return null;
    }

    /**
     * Whether the value has an octet (char up to U+00FF) that Grizzly would write as a space and {@link #octets}
     * keeps: ≥ 0x7F, or a control other than tab, CR and LF.
     */
    static boolean needsOctets(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0xFF && (c >= 0x7F || (c < 0x20 && c != '\t' && c != '\r' && c != '\n'))) {
                return true;
            }
        }
        return false;
    }

    /** One byte per char, the char's octet; CR, LF and chars above U+00FF become a space. */
    static byte[] octets(CharSequence s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char c = s.charAt(i);
            b[i] = (byte) (c > 0xFF || c == '\r' || c == '\n' ? ' ' : c);
        }
        return b;
    }

    static boolean inContext(Request request, String contextPath) {
        if (contextPath.isEmpty()) {
            return true;
        }
        String uri = request.getRequestURI();
        return uri != null && uri.startsWith(contextPath)
                && (uri.length() == contextPath.length() || uri.charAt(contextPath.length()) == '/');
    }
}
