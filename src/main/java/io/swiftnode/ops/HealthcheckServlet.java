package io.swiftnode.ops;

import io.swiftnode.config.ServerConfig;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Swift's {@code healthcheck} middleware: {@code /healthcheck} answers {@code 200 OK} to any method,
 * or {@code 503 DISABLED BY FILE} while the configured {@code disable_path} exists, so that load
 * balancers and {@code swift-recon}-style probes treat this node like a Python one and an operator can
 * drain it by touching a file. Body {@code text/plain}, no body for HEAD.
 *
 * <p>Thread-safe: stateless apart from the immutable injected config; the file is checked on every
 * request, as Swift does.
 */
@WebServlet(name = "healthcheck", urlPatterns = "/healthcheck")
public class HealthcheckServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DISABLED = "DISABLED BY FILE".getBytes(StandardCharsets.US_ASCII);

    @Inject
    private transient ServerConfig config;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<Path> disablePath = config.healthcheck().disablePath();
        boolean disabled = disablePath.isPresent() && Files.exists(disablePath.get());
        byte[] body = disabled ? DISABLED : OK;
        resp.setStatus(disabled ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_OK);
        resp.setContentType("text/plain");
        resp.setContentLength(body.length);
        if (!"HEAD".equals(req.getMethod())) {
            resp.getOutputStream().write(body);
        }
    }
}
