package io.swiftnode.payara;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.ParsingResult;
import org.glassfish.grizzly.http.TransferEncoding;

/**
 * Wraps Grizzly's {@code ChunkedTransferEncoding} so that a chunked request with {@code Expect} reaches the
 * application before its first chunk. Grizzly 4.0.2 hands a chunked request to the HTTP handler only once the
 * first chunk-size line has arrived ({@code parsePacket} returns "do not send the header upstream"), but a client
 * that sent {@code Expect: 100-continue} sends no chunk before it gets the 100 or a final answer, so both sides
 * wait (Grizzly issue #2222). Swift's proxy sends zero-length object PUTs exactly like that. For such requests the
 * header now goes upstream without content, as a {@code Content-Length} request does; the chunks are decoded by
 * the wrapped encoding when they come. Every other request is parsed unchanged.
 *
 * <p>Thread-safety: stateless apart from the (thread-safe, shared) delegate, like the encoding it wraps.
 */
final class ExpectAwareChunkedEncoding implements TransferEncoding {
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
        ParsingResult result = delegate.parsePacket(ctx, header, buffer);
        if (!result.isSendHeaderUpstream() && result.getHttpContent() == null
                && header instanceof HttpRequestPacket request && request.requiresAcknowledgement()) {
            Buffer remainder = result.getRemainderBuffer();
            result.recycle();
            return ParsingResult.create(null, remainder, true);
        }
        return result;
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
