package io.swiftnode.http;

import io.swiftnode.config.ServerConfig;
import io.swiftnode.config.SwiftConf;
import io.swiftnode.disk.DiskFileCollision;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.python.PyInt;
import io.swiftnode.python.PyRepr;
import io.swiftnode.replication.SsyncReceiver;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Semaphore;
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
@WebServlet(name = "object-server", urlPatterns = {"/", ObjectServlet.CONTAINER_PATH}, loadOnStartup = 1)
public class ObjectServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /**
     * The path a container glue (Payara's {@code RawPathProbe}) gives the container for every
     * object request, the real path being a request attribute. Mapped exactly, so the container
     * does not look for a static folder of that name for each request, as it does before falling
     * back to the default servlet ({@code /}).
     */
    public static final String CONTAINER_PATH = "/swiftnode-raw-path";
    private static final Logger LOG = Logger.getLogger(ObjectServlet.class.getName());
    static final String SERVER = "object-server/2.30.1";
    /** The recon servlet's name ({@code io.swiftnode.ops.ReconServlet}; not imported: nothing here imports ops). */
    static final String RECON_SERVLET = "recon";

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
    private transient SsyncReceiver.Settings ssyncSettings;
    /** {@code replication_concurrency}: SSYNC requests served at once (null: unlimited). */
    private transient Semaphore replicationSemaphore;

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
        var c = config.objectServer();
        ssyncSettings = new SsyncReceiver.Settings(c.replicationConcurrencyPerDevice(), c.replicationLockTimeout(),
                c.replicationFailureThreshold(), c.replicationFailureRatio(), c.clientTimeout(), c.networkChunkSize());
        replicationSemaphore = c.replicationConcurrency() > 0 ? new Semaphore(c.replicationConcurrency()) : null;
    }

    /**
     * SSYNC (object-server-http.md §12): the request is checked as Swift's receiver checks it
     * (policy 503, path 400, frag index 400, device 507), then the response is started (200,
     * {@code X-Backend-Accept-No-Commit: True}, chunked) and {@link SsyncReceiver} runs the exchange
     * on this thread, every message written and flushed as its own chunk while the request body is
     * still arriving. UPDATES subrequests go through {@link #serve} like requests from the network.
     */
    private int ssync(SwiftRequest req, HttpServletResponse resp) throws HttpError, IOException {
        int policy = Placement.policyOf(req, swift);
        String[] s = req.split(2, 2, false);
        String frag = req.header("X-Backend-Ssync-Frag-Index");
        if (frag != null && !frag.isEmpty()) {
            Long f = PyInt.parse(frag);
            if (f == null) {
                throw HttpError.html(400, "Invalid X-Backend-Ssync-Frag-Index " + PyRepr.strRepr(frag));
            }
            frag = Long.toString(f);
        } else {
            frag = null;
        }
        try {
            disk.devicePath(s[0]);
        } catch (io.swiftnode.disk.DiskFileDeviceUnavailable e) {
            throw Responses.insufficientStorage(s[0]);
        }
        resp.setStatus(200);
        resp.setHeader("X-Backend-Accept-No-Commit", "True");
        resp.setHeader("Content-Type", Responses.DEFAULT_CONTENT_TYPE);
        ServletOutputStream out = resp.getOutputStream();
        SsyncReceiver receiver = new SsyncReceiver(disk, ssyncSettings, replicationSemaphore, s[0], s[1], policy, frag,
                req.raw().getRemoteAddr(), req.raw().getInputStream(), msg -> {
                    out.write(msg);
                    out.flush(); // one chunk per message, on the wire now: the sender waits for it
                }, sub -> {
                    SubResponse sresp = new SubResponse();
                    sresp.setHeader("Date", HttpDates.format(System.currentTimeMillis() / 1000));
                    int status = serve(new SwiftRequest(new SubRequest(req.raw(), sub)), sresp);
                    return new SsyncReceiver.Outcome(status, sresp.body());
                });
        if (receiver.run()) {
            // error line sent (or the sender is gone): drop the connection instead of reading the rest
            ConnectionAbort.close(resp);
        }
        return 200;
    }

    /** The verbs answered; REPLICATE and SSYNC only with {@code replication_server = true}. */
    String allowHeader() {
        return ctx.conf().replicationServer() ? "DELETE, GET, HEAD, OPTIONS, POST, PUT, REPLICATE, SSYNC"
                : "DELETE, GET, HEAD, OPTIONS, POST, PUT";
    }

    @Override
    protected void service(HttpServletRequest raw, HttpServletResponse resp) throws IOException, ServletException {
        SwiftRequest req = new SwiftRequest(raw);
        if (config.recon().inPipeline() && isReconPath(req.rawPath())) {
            // Swift's recon filter sits in front of the app: it takes every path that decodes to /recon/...
            // (e.g. /reco%6E/async too); the recon servlet is registered, unmapped, only in that case
            getServletContext().getNamedDispatcher(RECON_SERVLET).forward(raw, resp);
            return;
        }
        serve(req, resp);
    }

    /** Whether the raw path percent-decodes to {@code /recon/...}, the recon filter's paths. */
    static boolean isReconPath(String rawPath) {
        byte[] p = SwiftRequest.unquote(rawPath);
        byte[] prefix = {'/', 'r', 'e', 'c', 'o', 'n', '/'};
        return p.length >= prefix.length && java.util.Arrays.equals(p, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * Swift's {@code ObjectController.__call__} for one request, from the network or an SSYNC
     * subrequest: dispatch, error mapping, access log.
     *
     * @return the status answered (or being answered)
     */
    int serve(SwiftRequest req, HttpServletResponse resp) throws IOException {
        long start = System.nanoTime();
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
                return status;
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
        return status;
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
