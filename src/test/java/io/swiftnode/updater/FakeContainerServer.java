package io.swiftnode.updater;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A tiny container server on an ephemeral loopback port: records every request and answers what
 * {@link #answer} says for its path (201 by default).
 */
final class FakeContainerServer implements AutoCloseable {
    record Request(String method, String rawPath, Map<String, String> headers) {
    }

    record Answer(int status, Map<String, String> headers) {
        static Answer of(int status, String... kv) {
            Map<String, String> h = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                h.put(kv[i], kv[i + 1]);
            }
            return new Answer(status, h);
        }
    }

    final int id;
    final String device;
    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    volatile Function<String, Answer> answer = path -> Answer.of(201);

    FakeContainerServer(int id, String device) throws IOException {
        this.id = id;
        this.device = device;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        String raw = ex.getRequestURI().getRawPath();
        synchronized (requests) {
            requests.add(new Request(ex.getRequestMethod(), raw, h));
        }
        ex.getRequestBody().readAllBytes();
        Answer a = answer.apply(raw);
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(a.status(), -1);
        ex.close();
    }

    ContainerNode node() {
        return new ContainerNode(id, "127.0.0.1", server.getAddress().getPort(), device);
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    void clear() {
        synchronized (requests) {
            requests.clear();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
