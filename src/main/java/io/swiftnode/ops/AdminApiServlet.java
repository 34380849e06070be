package io.swiftnode.ops;

import io.swiftnode.config.ServerConfig;
import io.swiftnode.daemon.DaemonScheduler;

import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;

/**
 * The operator's JSON API over the background daemons (JSON-B):
 * <ul>
 * <li>{@code GET /admin/api/daemons}: every daemon's {@link io.swiftnode.daemon.DaemonStatus};</li>
 * <li>{@code GET /admin/api/daemons/<name>}: one daemon's;</li>
 * <li>{@code POST /admin/api/daemons/<name>/run-once}: runs one pass now and answers its stats when
 *     it is done (after a pass already running ends).</li>
 * </ul>
 * Only clients allowed by {@link AdminAccess} get in (403 otherwise). The {@code /admin/} prefix
 * shadows a device named {@code admin} on this node, as Swift's recon filter shadows {@code recon}.
 *
 * <p>Thread-safe: the JSON-B instance is thread-safe and the servlet keeps no request state.
 */
@WebServlet(name = "admin-api", urlPatterns = "/admin/api/*")
public class AdminApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(AdminApiServlet.class.getName());

    @Inject
    private transient DaemonScheduler scheduler;

    @Inject
    private transient ServerConfig config;

    private transient Jsonb jsonb;
    private transient AdminAccess access;

    @Override
    public void init() {
        jsonb = JsonbBuilder.create();
        access = new AdminAccess(config.admin());
    }

    @Override
    public void destroy() {
        try {
            jsonb.close();
        } catch (Exception ignored) {
            // nothing left to release
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String refusal = access.refusal(req.getRemoteAddr(), req.getHeader(AdminAccess.TOKEN_HEADER));
        if (refusal != null) {
            LOG.warning(() -> "Admin API refused " + req.getMethod() + " " + req.getRequestURI() + ": " + refusal);
            text(resp, 403, "Forbidden");
            return;
        }
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        String method = req.getMethod();
        if (parts.length >= 1 && parts[0].equals("daemons")) {
            if (parts.length == 1 && method.equals("GET")) {
                json(resp, 200, scheduler.statuses());
                return;
            }
            if (parts.length == 2 && method.equals("GET")) {
                var runner = scheduler.runner(parts[1]);
                if (runner.isPresent()) {
                    json(resp, 200, runner.get().status());
                } else {
                    text(resp, 404, "No such daemon: " + parts[1]);
                }
                return;
            }
            if (parts.length == 3 && parts[2].equals("run-once")) {
                if (!method.equals("POST")) {
                    resp.setHeader("Allow", "POST");
                    text(resp, 405, "Use POST");
                    return;
                }
                runOnce(parts[1], resp);
                return;
            }
        }
        text(resp, 404, "Not found: " + path);
    }

    private void runOnce(String name, HttpServletResponse resp) throws IOException {
        if (scheduler.runner(name).isEmpty()) {
            text(resp, 404, "No such daemon: " + name);
            return;
        }
        LOG.info(() -> "Admin API: running one " + name + " pass");
        try {
            Map<String, Object> stats = scheduler.runOnce(name);
            json(resp, 200, stats);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            text(resp, 503, "Interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalStateException) {
                text(resp, 503, String.valueOf(cause.getMessage()));
            } else {
                LOG.warning(() -> "Admin API: " + name + " pass failed: " + cause);
                text(resp, 500, name + " pass failed: " + cause);
            }
        }
    }

    private void json(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] b = jsonb.toJson(body).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }

    private static void text(HttpServletResponse resp, int status, String body) throws IOException {
        byte[] b = (body + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=UTF-8");
        resp.setContentLength(b.length);
        resp.getOutputStream().write(b);
    }
}
