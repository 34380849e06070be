package io.swiftnode.http;

import io.swiftnode.config.ServerConfig;
import io.swiftnode.config.SwiftConf;
import io.swiftnode.disk.DiskFileCollision;
import io.swiftnode.disk.DiskFileManager;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The object server's URL space, {@code /<device>/<partition>/<account>/<container>/<object>} and
 * {@code /<device>/<partition>[/<suffixes>]}: Swift's {@code ObjectController.__call__} — path
 * UTF-8 check (412), allowed methods (405), dispatch to one handler per verb, collisions as 403,
 * anything unexpected as 500 — plus the access log and per-device permits.
 *
 * <p>Thread-safe: handlers are stateless and shared.
 */
@WebServlet(name = "object-server", urlPatterns = "/", loadOnStartup = 1)
public class ObjectServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ObjectServlet.class.getName());
    static final String SERVER = "object-server/2.30.1";

    @Inject
    private transient DiskFileManager disk;
    @Inject
    private transient ServerConfig config;
    @Inject
    private transient SwiftConf swift;
    @Inject
    private transient ContainerUpdates updates;

    private transient ObjectContext ctx;
    private transient PutHandler put;
    private transient GetHandler get;
    private transient PostHandler post;
    private transient DeleteHandler delete;
    private transient ReplicateHandler replicate;

    @Override
    public void init() {
        int perDevice = Integer.parseInt(config.objectServer().others().getOrDefault("max_requests_per_device", "64"));
        long waitMs = Long.parseLong(config.objectServer().others().getOrDefault("device_wait_ms", "1000"));
        MetadataRules rules = new MetadataRules(config.objectServer().allowedHeaders(), swift.constraints());
        ctx = new ObjectContext(disk, swift, config.objectServer(), rules, updates, new DevicePermits(perDevice, waitMs));
        put = new PutHandler(ctx);
        get = new GetHandler(ctx);
        post = new PostHandler(ctx);
        delete = new DeleteHandler(ctx);
        replicate = new ReplicateHandler(ctx);
    }

    /**
     * SSYNC: the request is checked as Swift's receiver checks it (policy 503, path 400, device
     * 507). The receiver itself (MISSING_CHECK/UPDATES) belongs to the replication work; until then
     * a valid request gets the in-band error line a failing receiver sends, which a sender treats as
     * a failed sync with this node.
     */
    private int ssync(SwiftRequest req, HttpServletResponse resp) throws HttpError, IOException {
        Placement.policyOf(req, swift);
        String[] s = req.split(2, 2, false);
        try {
            disk.devicePath(s[0]);
        } catch (io.swiftnode.disk.DiskFileDeviceUnavailable e) {
            throw Responses.insufficientStorage(s[0]);
        }
        LOG.warning("SSYNC " + req.rawPath() + " refused: this node has no SSYNC receiver yet (use sync_method = rsync)");
        resp.setStatus(200);
        resp.setHeader("X-Backend-Accept-No-Commit", "True");
        resp.setHeader("Content-Type", Responses.DEFAULT_CONTENT_TYPE);
        var out = resp.getOutputStream();
        out.write("\r\n:ERROR: 0 'SSYNC receiver not available on this node'\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
        return 200;
    }

    /** The verbs answered; REPLICATE and SSYNC only with {@code replication_server = true}. */
    String allowHeader() {
        return ctx.conf().replicationServer() ? "DELETE, GET, HEAD, OPTIONS, POST, PUT, REPLICATE, SSYNC"
                : "DELETE, GET, HEAD, OPTIONS, POST, PUT";
    }

    @Override
    protected void service(HttpServletRequest raw, HttpServletResponse resp) throws IOException {
        long start = System.nanoTime();
        SwiftRequest req = new SwiftRequest(raw);
        String method = req.method();
        boolean head = "HEAD".equals(method);
        int status = 500;
        String date = HttpDates.format(System.currentTimeMillis() / 1000);
        resp.setHeader("Date", date); // Swift's front end always sends one
        try {
            if (req.path() == null) {
                throw HttpError.html(412, "Invalid UTF8 or contains NULL");
            }
            status = dispatch(req, resp, method);
        } catch (HttpError e) {
            status = e.status();
            if (!resp.isCommitted()) {
                resp.reset();
                resp.setHeader("Date", date);
                Responses.send(resp, e, head);
            }
        } catch (DiskFileCollision e) {
            status = 403;
            if (!resp.isCommitted()) {
                resp.reset();
                resp.setHeader("Date", date);
                Responses.send(resp, HttpError.of(403), head);
            }
        } catch (Exception e) {
            if (e instanceof IOException && resp.isCommitted()) {
                // the client went away while the body was being sent: Swift logs no error for that
                status = resp.getStatus(); // Swift logs the status it had started to send
                LOG.fine(() -> "client disconnected during " + method + " " + req.rawPath() + ": " + e);
                return;
            }
            status = 500;
            LOG.log(Level.SEVERE, "ERROR __call__ error with " + method + " " + req.rawPath(), e);
            if (!resp.isCommitted()) {
                resp.reset();
                resp.setHeader("Date", date);
                StringWriter sw = new StringWriter();
                e.printStackTrace(new PrintWriter(sw));
                Responses.send(resp, HttpError.html(500, sw.toString()), head);
            }
        } finally {
            if (ctx.conf().logRequests()) {
                String cl = resp.getHeader("Content-Length");
                AccessLog.log(req, status, cl == null ? null : Long.valueOf(cl), (System.nanoTime() - start) / 1e9,
                        req.header("X-Backend-Storage-Policy-Index"));
            }
        }
    }

    private int dispatch(SwiftRequest req, HttpServletResponse resp, String method) throws Exception {
        switch (method) {
            case "OPTIONS" -> {
                Responses.empty(resp, 200);
                resp.setHeader("Allow", allowHeader());
                resp.setHeader("Server", SERVER);
                return 200;
            }
            case "PUT", "GET", "HEAD", "POST", "DELETE" -> {
                Placement p = Placement.ofObject(req, swift);
                try (DevicePermits.Held permit = ctx.permits().acquire(p.device())) {
                    switch (method) {
                        case "PUT" -> put.handle(req, resp, p);
                        case "POST" -> post.handle(req, resp, p);
                        case "DELETE" -> delete.handle(req, resp, p);
                        default -> get.handle(req, resp, p, "HEAD".equals(method));
                    }
                }
                return resp.getStatus();
            }
            case "REPLICATE" -> {
                if (!ctx.conf().replicationServer()) {
                    throw HttpError.of(405);
                }
                replicate.handle(req, resp);
                return resp.getStatus();
            }
            case "SSYNC" -> {
                if (!ctx.conf().replicationServer()) {
                    throw HttpError.of(405);
                }
                return ssync(req, resp);
            }
            default -> throw HttpError.of(405);
        }
    }
}
