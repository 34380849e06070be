package io.swiftnode.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.http.HttpServletRequest;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@link ExpectContinue} where the Payara glue is not active (as on WildFly, or here without Payara's classes),
 * and {@link LazyContinueListener} keeping the deployment alive there. The Payara behaviour is covered by
 * {@code io.swiftnode.it.ExpectContinueIT}.
 */
class ExpectContinueTest {

    @Test
    void withoutExpectNothingIsOwed() throws Exception {
        ExpectContinue ec = ExpectContinue.of(request("HTTP/1.1", Map.of(), List.of()));
        assertEquals(ExpectContinue.Mode.NOT_EXPECTED, ec.mode());
        assertFalse(ec.sendContinue(Map.of("X-Obj-Metadata-Footer", "yes")));
        assertFalse(ec.isContinueSent());
        assertDoesNotThrow(ec::ensureContinue);
    }

    @Test
    void expectWithoutGlueIsLeftToTheContainerAndHeadersAreNotClaimed() throws Exception {
        ExpectContinue ec = ExpectContinue.of(request("HTTP/1.1", Map.of(), List.of("100-Continue")));
        assertEquals(ExpectContinue.Mode.CONTAINER, ec.mode());
        assertFalse(ec.sendContinue(Map.of("X-Obj-Metadata-Footer", "yes")), "headers cannot be attached");
        assertFalse(ec.sendContinue(Map.of()));
        assertFalse(ec.isContinueSent());
    }

    @Test
    void expectValuesAreTokens() {
        assertEquals(ExpectContinue.Mode.CONTAINER,
                ExpectContinue.of(request("HTTP/1.1", Map.of(), List.of("foo, 100-continue"))).mode());
        assertEquals(ExpectContinue.Mode.NOT_EXPECTED,
                ExpectContinue.of(request("HTTP/1.1", Map.of(), List.of("200-ok"))).mode());
        assertEquals(ExpectContinue.Mode.NOT_EXPECTED,
                ExpectContinue.of(request("HTTP/1.0", Map.of(), List.of("100-continue"))).mode(),
                "HTTP/1.0 clients get no 100");
    }

    @Test
    void theGluesInstanceComesFromTheRequestAttribute() {
        ExpectContinue lazy = new ExpectContinue() {
            @Override
            public Mode mode() {
                return Mode.LAZY;
            }

            @Override
            public boolean isContinueSent() {
                return false;
            }

            @Override
            public void ensureContinue() {
            }

            @Override
            public boolean sendContinue(Map<String, String> headers) {
                return true;
            }
        };
        HttpServletRequest req = request("HTTP/1.1", Map.of(ExpectContinue.REQUEST_ATTRIBUTE, lazy),
                List.of("100-continue"));
        assertSame(lazy, ExpectContinue.of(req));
    }

    @Test
    void headersThatCannotGoOnTheWireAreRejected() {
        ExpectContinue ec = ExpectContinue.of(request("HTTP/1.1", Map.of(), List.of("100-continue")));
        assertThrows(IllegalArgumentException.class, () -> ec.sendContinue(Map.of("X-A", "yes\r\nX-B: no")));
        assertThrows(IllegalArgumentException.class, () -> ec.sendContinue(Map.of("X A", "yes")));
        assertThrows(IllegalArgumentException.class, () -> ec.sendContinue(Map.of("", "yes")));
    }

    /** On this classpath the glue classes exist but Payara's do not: like deploying on another container. */
    @Test
    void listenerLeavesTheDeploymentAliveWithoutPayara() {
        Map<String, Object> attributes = new HashMap<>();
        ServletContext context = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "getContextPath" -> "";
                    default -> null;
                });
        LazyContinueListener listener = new LazyContinueListener();
        ServletContextEvent event = new ServletContextEvent(context);
        assertDoesNotThrow(() -> listener.contextInitialized(event));
        assertEquals(Boolean.FALSE, attributes.get(LazyContinueListener.ACTIVE_ATTRIBUTE));
        assertDoesNotThrow(() -> listener.contextDestroyed(event));
    }

    private static HttpServletRequest request(String protocol, Map<String, Object> attributes, List<String> expect) {
        return (HttpServletRequest) Proxy.newProxyInstance(ExpectContinueTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProtocol" -> protocol;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "getHeaders" -> "expect".equalsIgnoreCase((String) args[0])
                            ? Collections.enumeration(expect) : Collections.emptyEnumeration();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
