package io.swiftnode.payara;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpPacketParsing;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.ParsingResult;
import org.glassfish.grizzly.http.TransferEncoding;

/**
 * Wraps Grizzly's {@code ChunkedTransferEncoding} so that a chunked request with {@code Expect} reaches the
 * application before its first chunk; so does every chunked {@code SSYNC} request, whose sender (Swift's
 * {@code ssync_sender}) sends no body before it has read the response head (status 200 and the first chunk,
 * object-server-http.md §12.1). Grizzly 4.0.2 hands a chunked request to the HTTP handler only once the
 * first chunk-size line has arrived ({@code parsePacket} returns "do not send the header upstream"), but a client
 * that sent {@code Expect: 100-continue} sends no chunk before it gets the 100 or a final answer, so both sides
 * wait (Grizzly issue #2222). Swift's proxy sends zero-length object PUTs exactly like that. For such requests the
 * header now goes upstream without content, as a {@code Content-Length} request does; the chunks are decoded by
 * the wrapped encoding when they come.
 *
 * <p>It also makes chunk extensions ({@code 3;ext=1}, {@code 3;ext="a b"}) acceptable, as eventlet ignores them
 * (it reads the chunk-size line to its LF and takes the hex number before the first {@code ;}). Grizzly's parser
 * answers 400 to any byte after the {@code ;} and reads at most 16 bytes of the line. So before Grizzly reads a
 * chunk-size line that has a {@code ;}, the wrapper waits until the whole line (up to
 * {@value #MAX_CHUNK_LINE} bytes; a longer one is left to Grizzly, which refuses it) is in the buffer, writes the
 * size digits and CR right before the line's LF (over the extension) and lets Grizzly start reading there; the
 * CRLF that ends the previous chunk's data is skipped first, as Grizzly does. Lines without a {@code ;} and
 * size parts that are not 1–14 hex digits (between optional spaces/tabs) are left to Grizzly unchanged.
 *
 * <p>Thread-safety: stateless apart from the (thread-safe, shared) delegate, like the encoding it wraps.
 */
final class ExpectAwareChunkedEncoding implements TransferEncoding {
    /** The longest chunk-size line (LF included) made acceptable; Grizzly refuses longer ones. */
    static final int MAX_CHUNK_LINE = 8192;
    /** Longest size part rewritten: Grizzly reads 16 bytes from where the line starts, digits + CR + LF. */
    private static final int MAX_SIZE_DIGITS = 14;
    /** {@code HeaderParsingState.state} after a chunk's size line was read (its data's CRLF still to skip). */
    private static final int CHUNK_LENGTH_PARSED_STATE = 3;

    private final TransferEncoding delegate;

    ExpectAwareChunkedEncoding(TransferEncoding delegate) {
        this.delegate = delegate;
    }

    /** The wrapped encoding, to put back on undeploy. */
    TransferEncoding delegate() {
        return delegate;
    }

    @Override
    public ParsingResult parsePacket(FilterChainContext ctx, HttpHeader header, Buffer buffer) {
        ParsingResult result = withoutExtension(header, buffer)
                ? delegate.parsePacket(ctx, header, buffer)
                : ParsingResult.create(null, buffer, false);   // the codec keeps it and appends the next read
        if (!result.isSendHeaderUpstream() && result.getHttpContent() == null
                && header instanceof HttpRequestPacket request
                && (request.requiresAcknowledgement() || "SSYNC".equals(request.getMethod().getMethodString()))) {
            Buffer remainder = result.getRemainderBuffer();
            result.recycle();
            return ParsingResult.create(null, remainder, true);
        }
        return result;
    }

    /**
     * Prepares a chunk-size line with an extension for Grizzly's parser (see the class comment). Returns false
     * when the parser must not run yet: a line with a {@code ;} is not complete in the buffer.
     */
    static boolean withoutExtension(HttpHeader header, Buffer buffer) {
        if (!(header instanceof HttpPacketParsing parsing)) {
            return true;
        }
        HttpCodecFilter.ContentParsingState content = parsing.getContentParsingState();
        HttpCodecFilter.HeaderParsingState state = parsing.getHeaderParsingState();
        boolean afterData = state.state == CHUNK_LENGTH_PARSED_STATE;
        if (content.isLastChunk || content.chunkRemainder > 0 || (state.state != 0 && !afterData)) {
            return true;                    // chunk data, trailer, or a line Grizzly has begun: not ours
        }
        int limit = buffer.limit();
        int lineStart = buffer.position();
        if (afterData) {
            int lf = indexOf(buffer, (byte) '\n', lineStart, limit);
            if (lf < 0) {
                return true;                // Grizzly skips what it has of the CRLF
            }
            lineStart = lf + 1;
        }
        int searchEnd = Math.min(limit, lineStart + MAX_CHUNK_LINE);
        int lf = indexOf(buffer, (byte) '\n', lineStart, searchEnd);
        if (lf < 0) {
            if (searchEnd == limit && indexOf(buffer, (byte) ';', lineStart, limit) >= 0) {
                return false;               // an extension, and the rest of the line still to come
            }
            return true;                    // no extension so far, or too long: Grizzly's answer
        }
        int semicolon = indexOf(buffer, (byte) ';', lineStart, lf);
        if (semicolon < 0) {
            return true;
        }
        int from = lineStart;
        int to = semicolon;
        while (from < to && isSpaceOrTab(buffer.get(from))) {
            from++;
        }
        while (to > from && isSpaceOrTab(buffer.get(to - 1))) {
            to--;
        }
        int digits = to - from;
        if (digits == 0 || digits > MAX_SIZE_DIGITS) {
            return true;
        }
        byte[] size = new byte[digits];
        for (int i = 0; i < digits; i++) {
            size[i] = buffer.get(from + i);
            if (Character.digit(size[i], 16) < 0) {
                return true;
            }
        }
        // digits CR LF, ending at the line's LF; everything before them in the line is dropped
        int start = lf - 1 - digits;
        for (int i = 0; i < digits; i++) {
            buffer.put(start + i, size[i]);
        }
        buffer.put(lf - 1, (byte) '\r');
        if (afterData) {
            state.recycle();                // what Grizzly does once it has skipped the CRLF
        }
        buffer.position(start);
        return true;
    }

    private static int indexOf(Buffer buffer, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isSpaceOrTab(byte b) {
        return b == ' ' || b == '\t';
    }

    @Override
    public boolean wantDecode(HttpHeader header) {
        return delegate.wantDecode(header);
    }

    @Override
    public boolean wantEncode(HttpHeader header) {
        return delegate.wantEncode(header);
    }

    @Override
    public void prepareSerialize(FilterChainContext ctx, HttpHeader header, HttpContent content) {
        delegate.prepareSerialize(ctx, header, content);
    }

    @Override
    public Buffer serializePacket(FilterChainContext ctx, HttpContent content) {
        return delegate.serializePacket(ctx, content);
    }
}
