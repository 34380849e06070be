package io.swiftnode.payara;

import io.swiftnode.http.ExpectContinue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.impl.FutureImpl;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.utils.Futures;

/**
 * The {@link ExpectContinue.Mode#LAZY} implementation: one per {@code Expect: 100-continue} request, created by
 * {@link LazyContinueProbe} once Grizzly has parsed the headers, and published as Grizzly request attribute
 * {@link ExpectContinue#REQUEST_ATTRIBUTE} (Payara's servlet request falls back to the Grizzly request's
 * attributes). It writes {@code HTTP/1.1 100 Continue} itself, as raw bytes through the connection's filter
 * chain below Grizzly's HTTP codec (which passes buffers through unchanged; SSL, if any, still applies), on the
 * same ordered write queue as the final response.
 *
 * <p>When the final response is committed while no 100 went out and the request has a body, the client has not
 * sent (and may never send) that body, so the connection cannot be reused: the response carries
 * {@code Connection: close} and Grizzly closes the connection after it, instead of trying to skip a body that is
 * not coming (and possibly eating the next request as body bytes). That is also what Swift's eventlet server does.
 *
 * <p>Thread-safety: sending and the Grizzly hooks are synchronized on this object; the flags are volatile so
 * that {@link #isContinueSent()} and the no-op path of {@link #ensureContinue()} (every body read) need no lock.
 * {@link #sendContinue} after the request completed fails with {@link IllegalStateException} instead of touching
 * a recycled Grizzly request.
 */
public final class LazyContinue extends ExpectContinue {
    /** How long one interim response may take to leave (it is small; this only bounds a stuck connection). */
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    private final Request request;
    private volatile boolean continueSent;
    private volatile boolean finalCommitted;
    private boolean completed;

    LazyContinue(Request request) {
        this.request = request;
    }

    @Override
    public Mode mode() {
        return Mode.LAZY;
    }

    @Override
    public boolean isContinueSent() {
        return continueSent;
    }

    @Override
    public void ensureContinue() throws IOException {
        if (continueSent || finalCommitted) {
            return;     // the common case on every body read: no lock
        }
        synchronized (this) {
            if (!continueSent && !finalCommitted && !completed && !request.getResponse().isCommitted()) {
                write(Map.of());
            }
        }
    }

    @Override
    public synchronized boolean sendContinue(Map<String, String> headers) throws IOException {
        headers.forEach(ExpectContinue::checkHeader);
        if (completed) {
            throw new IllegalStateException("request already completed");
        }
        if (finalCommitted || request.getResponse().isCommitted()) {
            throw new IllegalStateException("final response already committed");
        }
        write(headers);
        return true;
    }

    private void write(Map<String, String> headers) throws IOException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 100 Continue\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("\r\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        FilterChainContext ctx = request.getContext();
        FutureImpl<WriteResult> written = Futures.createSafeFuture();
        continueSent = true;
        ctx.write(Buffers.wrap(ctx.getMemoryManager(), bytes), Futures.toCompletionHandler(written));
        try {
            written.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("writing 100 Continue failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing 100 Continue", e);
        }
    }

    /** Grizzly's OutputBuffer calls this just before it encodes the final response headers. */
    synchronized void onFinalCommit() {
        finalCommitted = true;
        HttpRequestPacket packet = request.getRequest();
        if (!continueSent && packet.isExpectContent()) {
            packet.getProcessingState().setKeepAlive(false);   // "Connection: close" on the final response
            packet.setContentBroken(true);                      // Grizzly closes the connection after it
        }
    }

    /** Grizzly calls this when the request is done, before it recycles the request objects. */
    synchronized void onCompleted() {
        completed = true;
    }
}
