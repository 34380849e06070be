package io.swiftnode.http;

import io.swiftnode.disk.DiskFile;
import io.swiftnode.disk.DiskFileDeleted;
import io.swiftnode.disk.DiskFileDeviceUnavailable;
import io.swiftnode.disk.DiskFileExpired;
import io.swiftnode.disk.DiskFileNoSpace;
import io.swiftnode.disk.DiskFileNotExist;
import io.swiftnode.disk.DiskFileReader;
import io.swiftnode.disk.DiskFileXattrNotSupported;
import io.swiftnode.disk.Timestamp;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DELETE: the 204/404/409 matrix of Swift 2.30.1 (a live object compares its data timestamp), the
 * expirer's {@code X-If-Delete-At}, a tombstone when the request is newer than what is there, and
 * the expirer and container updates.
 *
 * <p>Thread-safe (stateless apart from the shared context).
 */
final class DeleteHandler {
    private final ObjectContext ctx;

    DeleteHandler(ObjectContext ctx) {
        this.ctx = ctx;
    }

    void handle(SwiftRequest req, HttpServletResponse resp, Placement p) throws HttpError, IOException {
        Timestamp ts = req.timestamp();
        DiskFile df;
        try {
            df = ctx.disk().diskFile(p.device(), p.partition(), p.account(), p.container(), p.obj(), p.policy());
        } catch (DiskFileDeviceUnavailable e) {
            throw Responses.insufficientStorage(p.device());
        }
        df = df.withNextPartPower(req.header("X-Backend-Next-Part-Power"));
        Timestamp origTs = null; // 0
        Map<String, String> orig = Map.of();
        int status;
        try (DiskFileReader r = df.open(false, ts.seconds())) {
            orig = r.metadata();
            origTs = r.dataTimestamp();
            status = origTs.isBefore(ts) ? 204 : 409;
        } catch (DiskFileXattrNotSupported e) {
            throw Responses.insufficientStorage(p.device());
        } catch (DiskFileExpired e) {
            origTs = e.timestamp();
            orig = e.metadata();
            status = 404;
        } catch (DiskFileDeleted e) {
            origTs = e.timestamp();
            status = 404;
        } catch (DiskFileNotExist e) {
            status = 404;
        }
        Timestamp respTs = origTs == null || origTs.isBefore(ts) ? ts : origTs;
        String odaRaw = orig.get("X-Delete-At");
        Timestamp origDeleteAt = odaRaw == null || odaRaw.isEmpty() ? null : Timestamp.tryParse(odaRaw);
        String ifDeleteAt = req.header("X-If-Delete-At");
        if (ifDeleteAt != null) {
            Timestamp want = Timestamp.tryParse(ifDeleteAt);
            if (want == null && SwiftRequest.overflowsInPython(ifDeleteAt)) {
                throw HttpError.html(500, "OverflowError: cannot convert float infinity to integer");
            }
            if (want == null) {
                throw HttpError.html(400, "Bad X-If-Delete-At header value");
            }
            if (origTs == null) {
                throw HttpError.of(404);
            }
            if (origTs.compareTo(ts) >= 0) {
                throw HttpError.of(409);
            }
            Timestamp have = origDeleteAt == null ? Timestamp.of(0) : origDeleteAt;
            if (!have.equals(want)) {
                throw HttpError.html(412, "X-If-Delete-At and X-Delete-At do not match");
            }
            status = 204;
        }
        if (origDeleteAt != null && origDeleteAt.seconds() != 0) {
            ctx.updates().expirerQueue().update("DELETE", (long) origDeleteAt.seconds(), p.account(), p.container(),
                    p.obj(), req::header, ts, req.referer(), p.device(), p.policy());
        }
        if (origTs == null || origTs.isBefore(ts)) {
            try {
                df.delete(ts);
            } catch (DiskFileNoSpace | DiskFileXattrNotSupported e) {
                throw Responses.insufficientStorage(p.device());
            }
            Map<String, String> update = new LinkedHashMap<>();
            update.put("X-Timestamp", ts.internal());
            ctx.updates().containerUpdate("DELETE", p.account(), p.container(), p.obj(), req::header, req.referer(),
                    update, p.device(), p.policy());
        }
        resp.setHeader("X-Backend-Timestamp", respTs.internal());
        resp.setHeader("X-Backend-Content-Type", orig.getOrDefault("Content-Type", ""));
        Responses.send(resp, HttpError.of(status), false);
    }
}
