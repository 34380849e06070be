package io.swiftnode.bench.ceiling;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * The container ceiling of bench/run.sh: an otherwise empty servlet on the same Payara Micro, with
 * the same tuning, answering every GET with 4 KiB from memory (HEAD: the headers only; PUT: the body
 * read and dropped, 201). /healthcheck answers "OK" like the object server's, for the start-up probe.
 */
@WebServlet(name = "ceiling", urlPatterns = "/", loadOnStartup = 1)
public class CeilingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] BODY = new byte[4096];
    private static final byte[] OK = {'O', 'K'};

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        if ("/healthcheck".equals(req.getRequestURI())) {
            resp.setContentType("text/plain");
            resp.setContentLength(OK.length);
            resp.getOutputStream().write(OK);
            return;
        }
        switch (method) {
            case "GET" -> {
                resp.setContentType("application/octet-stream");
                resp.setContentLength(BODY.length);
                resp.getOutputStream().write(BODY);
            }
            case "HEAD" -> {
                resp.setContentType("application/octet-stream");
                resp.setContentLength(BODY.length);
            }
            case "PUT" -> {
                byte[] buf = new byte[65536];
                try (InputStream in = req.getInputStream()) {
                    while (in.read(buf) >= 0) {
                        // dropped
                    }
                }
                resp.setStatus(201);
                resp.setContentLength(0);
            }
            default -> {
                resp.setStatus(204);
            }
        }
    }
}
