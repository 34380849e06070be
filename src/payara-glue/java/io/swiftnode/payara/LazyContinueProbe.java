package io.swiftnode.payara;

import io.swiftnode.http.ExpectContinue;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.HttpServerProbe;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.util.Header;

/**
 * Grizzly probe that takes the {@code 100 Continue} away from the container. Grizzly's
 * {@code HttpServerFilter.handleRead} fires {@code onRequestReceiveEvent} right after it has created the
 * request, before {@code HttpHandler.doHandle} (Payara's {@code ContainerMapper}) would send the 100: the probe
 * clears the "requires acknowledgement" flag without writing anything ({@code HttpResponsePacket.acknowledged()}),
 * so neither {@code doHandle} nor Catalina's {@code Response.sendAcknowledgement} sends it, and attaches a
 * {@link LazyContinue} that the application uses instead.
 *
 * <p>Only HTTP/1.1 requests with exactly {@code Expect: 100-continue} and a request URI under this deployment's
 * context path are taken; others (HTTP/1.0, other expectations, which Grizzly answers with 417, other
 * applications) keep Grizzly's behaviour. With the context root {@code /} every request is under it.
 *
 * <p>Thread-safety: immutable; Grizzly calls it concurrently from its worker threads.
 */
final class LazyContinueProbe extends HttpServerProbe.Adapter {
    private final String contextPath;

    /** @param contextPath the deployment's context path ("" for the root context) */
    LazyContinueProbe(String contextPath) {
        this.contextPath = contextPath;
    }

    @Override
    public void onRequestReceiveEvent(HttpServerFilter filter, Connection connection, Request request) {
        if (!request.requiresAcknowledgement() || request.getRequest().getProtocol() != Protocol.HTTP_1_1) {
            return;
        }
        if (!"100-continue".equalsIgnoreCase(request.getHeader(Header.Expect)) || !inContext(request)) {
            return;
        }
        LazyContinue lazy = new LazyContinue(request);
        request.getResponse().getResponse().acknowledged();   // clears the flag and resets the status; no write
        request.setAttribute(ExpectContinue.REQUEST_ATTRIBUTE, lazy);
        request.getResponse().getOutputBuffer().registerLifeCycleListener(lazy::onFinalCommit);
        request.addAfterServiceListener(r -> lazy.onCompleted());
    }

    private boolean inContext(Request request) {
        if (contextPath.isEmpty()) {
            return true;
        }
        String uri = request.getRequestURI();
        return uri != null && uri.startsWith(contextPath)
                && (uri.length() == contextPath.length() || uri.charAt(contextPath.length()) == '/');
    }
}
