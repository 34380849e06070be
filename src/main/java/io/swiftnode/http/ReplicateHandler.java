package io.swiftnode.http;

import io.swiftnode.disk.DiskFileDeviceUnavailable;
import io.swiftnode.disk.DiskFileXattrNotSupported;
import io.swiftnode.disk.SuffixHashes;
import io.swiftnode.disk.pickle.HashesPickle;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * REPLICATE {@code /<dev>/<part>[/<suffix>-<suffix>…]}: without suffixes, the partition's suffix
 * hashes (invalid ones recomputed) pickled with protocol 2; with suffixes, only appends them to
 * {@code hashes.invalid} and answers a pickled None.
 *
 * <p>Thread-safe (stateless apart from the shared context).
 */
final class ReplicateHandler {
    /** {@code pickle.dumps(None, protocol=2)}. */
    static final byte[] PICKLED_NONE = {(byte) 0x80, 0x02, 0x4e, 0x2e};
    private final ObjectContext ctx;

    ReplicateHandler(ObjectContext ctx) {
        this.ctx = ctx;
    }

    void handle(SwiftRequest req, HttpServletResponse resp) throws HttpError, IOException {
        int policy = Placement.policyOf(req, ctx.swift());
        String[] s = req.split(2, 3, true);
        List<String> suffixes = s[2] == null || s[2].isEmpty() ? List.of() : List.of(s[2].split("-", -1));
        byte[] body;
        try (DevicePermits.Held permit = ctx.permits().acquire(s[0])) {
            if (!suffixes.isEmpty()) {
                ctx.disk().invalidateSuffixes(s[0], s[1], suffixes, policy);
                body = PICKLED_NONE;
            } else {
                SuffixHashes.Result r = ctx.disk().getHashes(s[0], s[1], List.of(), false, policy);
                body = HashesPickle.encodeSuffixHashes(r.hashes());
            }
        } catch (DiskFileDeviceUnavailable | DiskFileXattrNotSupported e) {
            throw Responses.insufficientStorage(s[0]);
        }
        resp.setStatus(200);
        resp.setHeader("Content-Type", Responses.DEFAULT_CONTENT_TYPE);
        resp.setContentLength(body.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(body);
        }
    }
}
