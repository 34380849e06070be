package io.swiftnode.http;

import io.swiftnode.disk.DiskFile;
import io.swiftnode.disk.DiskFileDeviceUnavailable;
import io.swiftnode.disk.DiskFileNoSpace;
import io.swiftnode.disk.DiskFileNotExist;
import io.swiftnode.disk.DiskFileReader;
import io.swiftnode.disk.DiskFileXattrNotSupported;
import io.swiftnode.disk.Timestamp;
import io.swiftnode.python.PyInt;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * POST ("fast-POST"): a {@code .meta} replacing user metadata and allowed headers as a set,
 * optionally a newer content type, expirer updates for a changed {@code X-Delete-At}, and a
 * container update carrying the new metadata and content-type timestamps.
 *
 * <p>Thread-safe (stateless apart from the shared context).
 */
final class PostHandler {
    private static final Pattern SWIFT_BYTES = Pattern.compile(";\\s*swift_bytes=([^;]*)");
    private final ObjectContext ctx;

    PostHandler(ObjectContext ctx) {
        this.ctx = ctx;
    }

    void handle(SwiftRequest req, HttpServletResponse resp, Placement p) throws HttpError, IOException {
        Timestamp ts = req.timestamp();
        String nda = req.header("X-Delete-At");
        long newDeleteAt = 0;
        if (nda != null && !nda.isEmpty()) {
            Long v = PyInt.parse(nda);
            if (v == null) {
                // 2.30.1 lets int() raise here: an internal error
                throw HttpError.html(500, "ValueError: invalid literal for int() with base 10: '" + nda + "'");
            }
            newDeleteAt = v;
        }
        if (newDeleteAt != 0 && newDeleteAt < ts.seconds()) {
            throw HttpError.text(400, "X-Delete-At in past");
        }
        DiskFile df;
        try {
            df = ctx.disk().diskFile(p.device(), p.partition(), p.account(), p.container(), p.obj(), p.policy());
        } catch (DiskFileDeviceUnavailable e) {
            throw Responses.insufficientStorage(p.device());
        }
        df = df.withNextPartPower(req.header("X-Backend-Next-Part-Power"));
        Map<String, String> orig;
        Map<String, String> origMetaFile;
        Map<String, String> origDataFile;
        Timestamp dataTs;
        Timestamp origCtypeTs;
        try (DiskFileReader r = df.open(req.isReplication(), ts.seconds())) {
            orig = r.metadata();
            origMetaFile = r.metaFileMetadata();
            origDataFile = r.dataFileMetadata();
            dataTs = r.dataTimestamp();
            origCtypeTs = r.contentTypeTimestamp();
        } catch (DiskFileXattrNotSupported e) {
            throw Responses.insufficientStorage(p.device());
        } catch (DiskFileNotExist e) {
            throw HttpError.of(404);
        }
        Timestamp origTs = Timestamp.parse(orig.get("X-Timestamp"));
        String reqCtype = req.header("Content-Type");
        Timestamp reqCtypeTs = null; // "0"
        if (reqCtype != null && !reqCtype.isEmpty()) {
            String v = req.header("Content-Type-Timestamp");
            reqCtypeTs = v == null ? ts : Timestamp.tryParse(v);
            if (reqCtypeTs == null) {
                throw HttpError.html(500, "ValueError: invalid Content-Type-Timestamp " + v);
            }
        }
        boolean ctypeNewer = reqCtypeTs != null && reqCtypeTs.isAfter(origCtypeTs);
        if (origTs.compareTo(ts) >= 0 && !ctypeNewer) {
            throw HttpError.of(409).header("X-Backend-Timestamp", origTs.internal());
        }
        Map<String, String> metadata;
        if (ts.isAfter(origTs)) {
            metadata = new LinkedHashMap<>();
            metadata.put("X-Timestamp", ts.internal());
            metadata.putAll(ctx.rules().fromHeaders(req, false));
            long origDeleteAt = DeleteAt.intOrZero(orig.get("X-Delete-At"));
            ctx.updates().expirerQueue().deleteAtChanged(origDeleteAt, newDeleteAt, p.account(), p.container(),
                    p.obj(), req::header, ts, req.referer(), p.device(), p.policy());
        } else {
            metadata = new LinkedHashMap<>(origMetaFile == null ? Map.of() : origMetaFile);
        }
        String ctype;
        Timestamp ctypeTs;
        if (ctypeNewer) {
            ctype = reqCtype;
            ctypeTs = reqCtypeTs;
            metadata.put("Content-Type", ctype);
            metadata.put("Content-Type-Timestamp", ctypeTs.internal());
        } else {
            ctype = orig.get("Content-Type");
            ctypeTs = origCtypeTs;
            if (!origCtypeTs.equals(dataTs)) {
                metadata.put("Content-Type", ctype);
                metadata.put("Content-Type-Timestamp", ctypeTs.internal());
            }
        }
        try {
            df.writeMetadata(metadata);
        } catch (DiskFileXattrNotSupported | DiskFileNoSpace e) {
            throw Responses.insufficientStorage(p.device());
        }
        String updateCtype = ctype;
        if (!ctypeTs.equals(dataTs)) {
            String dataCtype = origDataFile.get("Content-Type");
            if (dataCtype != null) {
                Matcher m = SWIFT_BYTES.matcher(dataCtype);
                if (m.find() && !m.group(1).isEmpty()) {
                    updateCtype = updateCtype + ";swift_bytes=" + m.group(1);
                }
            }
        }
        Map<String, String> update = new LinkedHashMap<>();
        update.put("X-Size", orig.get("Content-Length"));
        update.put("X-Content-Type", updateCtype);
        update.put("X-Timestamp", dataTs.internal());
        update.put("X-Content-Type-Timestamp", ctypeTs.internal());
        update.put("X-Meta-Timestamp", metadata.get("X-Timestamp"));
        update.put("X-Etag", orig.get("ETag"));
        if (orig.containsKey("X-Object-Sysmeta-Ec-Etag")) {
            update.put("X-Etag", orig.get("X-Object-Sysmeta-Ec-Etag"));
        }
        if (orig.containsKey("X-Object-Sysmeta-Ec-Content-Length")) {
            update.put("X-Size", orig.get("X-Object-Sysmeta-Ec-Content-Length"));
        }
        ctx.updates().containerUpdate("PUT", p.account(), p.container(), p.obj(), req::header, req.referer(),
                ContainerUpdates.withOverrides(update, orig, null), p.device(), p.policy());
        resp.setHeader("X-Backend-Content-Type", updateCtype == null ? "" : updateCtype);
        for (Map.Entry<String, String> e : orig.entrySet()) {
            if (MetadataRules.isSysMeta(e.getKey())) {
                resp.setHeader(e.getKey(), e.getValue());
            }
        }
        Responses.send(resp, HttpError.of(202), false);
    }
}
