package io.swiftnode.http;

import io.swiftnode.disk.DiskFile;
import io.swiftnode.disk.DiskFileDeleted;
import io.swiftnode.disk.DiskFileDeviceUnavailable;
import io.swiftnode.disk.DiskFileExpired;
import io.swiftnode.disk.DiskFileNotExist;
import io.swiftnode.disk.DiskFileReader;
import io.swiftnode.disk.DiskFileXattrNotSupported;
import io.swiftnode.disk.Timestamp;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * GET and HEAD: the object's headers (metadata served, quoted Etag, Last-Modified, the backend
 * timestamps), conditional requests, single and multiple ranges, and the body streamed from disk
 * with a bounded buffer (a whole-object read verifies the md5 and quarantines on mismatch).
 *
 * <p>Thread-safe (stateless apart from the shared context).
 */
final class GetHandler {
    private static final int BUFFER = 65536;
    private final ObjectContext ctx;

    GetHandler(ObjectContext ctx) {
        this.ctx = ctx;
    }

    void handle(SwiftRequest req, HttpServletResponse resp, Placement p, boolean head) throws HttpError, IOException {
        Timestamp now = req.timestampOrNow();
        DiskFile df;
        try {
            df = ctx.disk().diskFile(p.device(), p.partition(), p.account(), p.container(), p.obj(), p.policy());
        } catch (DiskFileDeviceUnavailable e) {
            throw Responses.insufficientStorage(p.device());
        }
        try (DiskFileReader r = df.open(req.isReplication(), now.seconds())) {
            serve(req, resp, r, head);
        } catch (DiskFileXattrNotSupported e) {
            throw Responses.insufficientStorage(p.device());
        } catch (DiskFileNotExist e) {
            HttpError nf = HttpError.of(404);
            if (e instanceof DiskFileDeleted d) {
                nf.header("X-Backend-Timestamp", d.timestamp().internal());
            } else if (e instanceof DiskFileExpired x) {
                nf.header("X-Backend-Timestamp", x.timestamp().internal());
            }
            int cond = Conditionals.evaluate(req.header("If-Match"), req.header("If-None-Match"), null, null, null,
                    null, true);
            if (cond != Conditionals.PROCEED) {
                HttpError c = HttpError.html(cond, "");
                nf.headers().forEach(c::header);
                throw c;
            }
            throw nf;
        }
    }

    private void serve(SwiftRequest req, HttpServletResponse resp, DiskFileReader r, boolean head)
            throws IOException {
        Map<String, String> md = r.metadata();
        long size = r.contentLength();
        Timestamp fileTs = Timestamp.parse(md.get("X-Timestamp"));
        String contentType = md.getOrDefault("Content-Type", "application/octet-stream");
        for (Map.Entry<String, String> e : md.entrySet()) {
            if (ctx.rules().isServed(e.getKey())) {
                resp.setHeader(e.getKey(), e.getValue());
            }
        }
        String etag = md.get("ETag");
        resp.setHeader("Etag", "\"" + etag + "\"");
        long lastModified = fileTs.ceil();
        resp.setHeader("Last-Modified", HttpDates.format(lastModified));
        if (md.containsKey("Content-Encoding")) {
            resp.setHeader("Content-Encoding", md.get("Content-Encoding"));
        }
        resp.setHeader("X-Timestamp", fileTs.normal());
        resp.setHeader("X-Backend-Timestamp", fileTs.internal());
        resp.setHeader("X-Backend-Data-Timestamp", r.dataTimestamp().internal());
        resp.setHeader("X-Backend-Durable-Timestamp", r.dataTimestamp().internal());

        String conditionalEtag = Conditionals.resolveEtag(req.header("X-Backend-Etag-Is-At"), md, etag);
        int cond = Conditionals.evaluate(req.header("If-Match"), req.header("If-None-Match"),
                req.header("If-Modified-Since"), req.header("If-Unmodified-Since"), conditionalEtag, lastModified,
                false);
        Ranges.Resolution res = Ranges.Full.INSTANCE;
        if (cond == Conditionals.PROCEED && !head) {
            String range = req.header("Range");
            if (range != null && Ranges.ignoreRange(req.header("X-Backend-Ignore-Range-If-Metadata-Present"),
                    md.keySet())) {
                range = null;
            }
            Ranges.Spec spec = range == null ? null : Ranges.parse(range);
            res = spec == null ? Ranges.Full.INSTANCE : spec.resolve(size);
        }
        // the Content-Type is set once: the container keeps the charset of an earlier one, which
        // would turn up as ";charset=..." after a multipart/byteranges type
        String boundary = res instanceof Ranges.Partial p && p.isMultipart() ? MultipartByteranges.newBoundary() : null;
        resp.setHeader("Content-Type", boundary == null ? contentType : MultipartByteranges.contentType(boundary));
        if (cond != Conditionals.PROCEED) {
            resp.setStatus(cond);
            resp.setContentLengthLong(0);
            return;
        }
        if (head) {
            resp.setStatus(200);
            resp.setContentLengthLong(size);
            return;
        }
        if (res instanceof Ranges.Unsatisfiable u) {
            byte[] body = Responses.defaultBody(416).getBytes(StandardCharsets.UTF_8);
            Responses.status(resp, 416);
            resp.setHeader("Content-Range", u.contentRange());
            resp.setContentLengthLong(body.length);
            resp.getOutputStream().write(body);
            return;
        }
        if (res instanceof Ranges.Partial part) {
            resp.setStatus(206);
            if (!part.isMultipart()) {
                resp.setHeader("Content-Range", part.contentRange(0));
                resp.setContentLengthLong(part.last(0) - part.first(0) + 1);
                copy(r, part.first(0), part.last(0) + 1, keepCache(req, size), resp.getOutputStream());
            } else {
                resp.setContentLengthLong(MultipartByteranges.contentLength(boundary, contentType, part.ranges(), size));
                boolean keep = keepCache(req, size);
                MultipartByteranges.write(resp.getOutputStream(), boundary, contentType, part.ranges(), size,
                        (from, to) -> r.stream(from, to, keep));
            }
            return;
        }
        resp.setStatus(200);
        resp.setContentLengthLong(size);
        copy(r, 0, size, keepCache(req, size), resp.getOutputStream());
    }

    /**
     * Swift's page-cache choice for a GET: keep what is read when the object is smaller than
     * {@code keep_cache_size} and the request is not a user's own (no auth token), unless
     * {@code keep_cache_private}.
     */
    private boolean keepCache(SwiftRequest req, long size) {
        boolean wanted = ctx.conf().keepCachePrivate()
                || (!req.has("X-Auth-Token") && !req.has("X-Storage-Token"));
        return wanted && size < ctx.conf().keepCacheSize();
    }

    private static void copy(DiskFileReader r, long start, long end, boolean keepCache, OutputStream out)
            throws IOException {
        byte[] buf = new byte[(int) Math.max(1, Math.min(BUFFER, end - start))]; // a 4 KiB GET needs no 64 KiB
        try (InputStream in = r.stream(start, end, keepCache)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        }
    }
}
