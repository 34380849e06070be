package io.swiftnode.ops;

import io.swiftnode.config.IniFile;
import io.swiftnode.config.ReconConfig;
import io.swiftnode.config.ServerConfig;
import io.swiftnode.config.StoragePolicy;
import io.swiftnode.config.SwiftConf;

import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Swift's {@code recon} middleware in front of the object server: when {@code [pipeline:main]} lists the
 * filter, every request whose percent-decoded path starts with {@code /recon/} is answered by {@link Recon},
 * whatever its method (Swift's filter never looks at it; HEAD gets the headers only), and never reaches the
 * object server's handlers. When the filter is not in the pipeline {@code /recon/...} is an ordinary
 * object-server path, as on a Python node without the filter.
 *
 * <p>The {@code /recon/*} paths reach it through the object servlet, which sees every path raw (plain or
 * rewritten by the Payara glue, e.g. {@code /reco%6E/async}) and forwards those that decode to
 * {@code /recon/...} here by name; {@link ReconRegistration} registers it, without a mapping, only when the
 * filter is in the pipeline. A request for another path (none in practice) is passed back to the object
 * servlet. The answer is the middleware's: {@code application/json} bodies in {@code json.dumps} format, {@code 404 text/plain}
 * {@code Invalid path: <path>} with Swift's re-quoted path, and for what Swift lets escape (a missing devices
 * directory…) eventlet's {@code 500 text/plain} with the traceback, here the Java stack trace.
 *
 * <p>Thread-safe: {@link Recon} is immutable and no request state is kept.
 */
public class ReconServlet extends HttpServlet {
    /** The servlet name the object servlet forwards recon paths to. */
    public static final String NAME = "recon";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ReconServlet.class.getName());
    /** {@code io.swiftnode.http.SwiftRequest.RAW_PATH_ATTRIBUTE} (set by the Payara glue); not imported. */
    static final String RAW_PATH_ATTRIBUTE = "io.swiftnode.http.SwiftRequest.rawPath";
    /** The object servlet's name. */
    static final String OBJECT_SERVLET = "object-server";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US);

    @Inject
    private transient ServerConfig config;
    @Inject
    private transient SwiftConf swift;

    /** Null when the filter is not in the pipeline. */
    private transient Recon recon;

    @Override
    public void init() {
        ReconConfig rc = config.recon();
        if (rc.inPipeline()) {
            recon = new Recon(rc.devices(), rc.swiftDir(), rc.reconCachePath(), swift.file().toString(),
                    objectRings(swift));
        }
    }

    /**
     * The object ring names ({@code object}, {@code object-N}) in Swift's policy order: the order of the
     * {@code [storage-policy:N]} sections in swift.conf (an implicit policy 0 last).
     */
    static List<String> objectRings(SwiftConf swift) {
        Set<Integer> order = new LinkedHashSet<>();
        try {
            IniFile ini = IniFile.read(swift.file(), IniFile.Dialect.SWIFT_CONF, Map.of());
            for (String section : ini.sections()) {
                if (section.startsWith("storage-policy:")) {
                    try {
                        order.add(Integer.parseInt(section.substring("storage-policy:".length()).strip()));
                    } catch (NumberFormatException e) {
                        // SwiftConf has refused such a section already
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "swift.conf re-read for the policy order failed; using index order", e);
        }
        List<Integer> known = swift.policies().stream().map(StoragePolicy::index).toList();
        order.retainAll(known);
        order.addAll(known);
        List<String> names = new ArrayList<>();
        for (int index : order) {
            names.add(index == 0 ? "object" : "object-" + index);
        }
        return names;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        byte[] decoded = Recon.unquote(rawPath(req));
        if (recon == null || !Recon.isReconPath(decoded)) {
            RequestDispatcher object = getServletContext().getNamedDispatcher(OBJECT_SERVLET);
            object.forward(req, resp);
            return;
        }
        String path = Recon.quote(decoded);
        Recon.Answer a;
        try {
            a = recon.answer(path);
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "recon " + path + " failed", e);
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            a = new Recon.Answer(500, Recon.TEXT, sw.toString().getBytes(StandardCharsets.UTF_8));
        }
        resp.setStatus(a.status());
        resp.setHeader("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        resp.setContentType(a.contentType());
        resp.setContentLength(a.body().length);
        // taken even for HEAD: after a forward the container closes the writer if no stream was taken, and
        // getWriter() would append a charset to the Content-Type
        var out = resp.getOutputStream();
        if (!"HEAD".equals(req.getMethod())) {
            out.write(a.body());
        }
    }

    /** The request path as sent, below the context path (as the object servlet takes it). */
    static String rawPath(HttpServletRequest req) {
        String uri = req.getAttribute(RAW_PATH_ATTRIBUTE) instanceof String sent ? sent : req.getRequestURI();
        String ctx = req.getContextPath();
        return ctx != null && !ctx.isEmpty() && uri.startsWith(ctx) ? uri.substring(ctx.length()) : uri;
    }
}
