package io.swiftnode.it;

import io.swiftnode.http.ExpectContinue;
import io.swiftnode.http.LazyContinueListener;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-only servlet for {@link ExpectContinueIT}: each path uses {@link ExpectContinue} the way a Swift object
 * handler would. Every answer reports the request's mode in {@code X-Expect-Mode}.
 * <ul>
 * <li>{@code /expect-probe/reject}: 409 with {@code X-Backend-Timestamp}, without touching the body.</li>
 * <li>{@code /expect-probe/read}: reads the body (the filter sends the 100), 201 "got N bytes: …".</li>
 * <li>{@code /expect-probe/headers}: 100 with {@code X-Obj-Metadata-Footer} and {@code X-Obj-Multiphase-Commit},
 *     then reads; {@code X-First-Continue} says what {@code sendContinue} returned.</li>
 * <li>{@code /expect-probe/multiphase}: as {@code headers}, then a second, plain 100 after the body
 *     ({@code X-Second-Continue}).</li>
 * <li>{@code /expect-probe/async}: reads the body with a {@link ReadListener}, then 201.</li>
 * <li>{@code /expect-probe/committed}: commits a 409 without reading, then tries {@code sendContinue}; the body
 *     says whether it was refused.</li>
 * <li>{@code /expect-probe/status}: {@code active=<whether the Payara glue is installed>}.</li>
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
@WebServlet(urlPatterns = "/expect-probe/*", asyncSupported = true)
public class ExpectProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        ExpectContinue ec = ExpectContinue.of(req);
        res.setHeader("X-Expect-Mode", ec.mode().name());
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        switch (path) {
            case "/reject" -> {
                res.setStatus(409);
                res.setHeader("X-Backend-Timestamp", "1700000000.00000");
                res.setContentLength(0);
            }
            case "/read" -> created(res, req.getInputStream().readAllBytes(), ec);
            case "/headers", "/multiphase" -> {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("X-Obj-Metadata-Footer", "yes");
                headers.put("X-Obj-Multiphase-Commit", "yes");
                res.setHeader("X-First-Continue", String.valueOf(ec.sendContinue(headers)));
                byte[] body = req.getInputStream().readAllBytes();
                if (path.equals("/multiphase")) {
                    res.setHeader("X-Second-Continue", String.valueOf(ec.sendContinue(Map.of())));
                }
                created(res, body, ec);
            }
            case "/async" -> readAsync(req, res, ec);
            case "/committed" -> {
                res.setStatus(409);
                res.setContentLength("late-send=refused".length());
                res.flushBuffer();
                String outcome;
                try {
                    ec.sendContinue(Map.of());
                    outcome = "late-send=written";
                } catch (IllegalStateException e) {
                    outcome = "late-send=refused";
                }
                res.getOutputStream().write(outcome.getBytes(StandardCharsets.US_ASCII));
            }
            case "/status" -> {
                byte[] out = ("active=" + req.getServletContext().getAttribute(LazyContinueListener.ACTIVE_ATTRIBUTE))
                        .getBytes(StandardCharsets.US_ASCII);
                res.setContentLength(out.length);
                res.getOutputStream().write(out);
            }
            default -> res.sendError(404);
        }
    }

    private static void created(HttpServletResponse res, byte[] body, ExpectContinue ec) throws IOException {
        res.setStatus(201);
        res.setHeader("X-Continue-Sent", String.valueOf(ec.isContinueSent()));
        byte[] out = ("got " + body.length + " bytes: " + new String(body, 0, Math.min(16, body.length),
                StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        res.setContentLength(out.length);
        res.getOutputStream().write(out);
    }

    private static void readAsync(HttpServletRequest req, HttpServletResponse res, ExpectContinue ec)
            throws IOException {
        AsyncContext async = req.startAsync();
        ServletInputStream in = req.getInputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        in.setReadListener(new ReadListener() {
            private final byte[] buf = new byte[8192];

            @Override
            public void onDataAvailable() throws IOException {
                while (in.isReady()) {
                    int n = in.read(buf);
                    if (n < 0) {
                        return;
                    }
                    body.write(buf, 0, n);
                }
            }

            @Override
            public void onAllDataRead() throws IOException {
                created((HttpServletResponse) async.getResponse(), body.toByteArray(), ec);
                async.complete();
            }

            @Override
            public void onError(Throwable t) {
                async.complete();
            }
        });
    }
}
