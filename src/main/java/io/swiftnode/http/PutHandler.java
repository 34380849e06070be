package io.swiftnode.http;

import io.swiftnode.disk.DiskFile;
import io.swiftnode.disk.DiskFileDeleted;
import io.swiftnode.disk.DiskFileDeviceUnavailable;
import io.swiftnode.disk.DiskFileExpired;
import io.swiftnode.disk.DiskFileNoSpace;
import io.swiftnode.disk.DiskFileNotExist;
import io.swiftnode.disk.DiskFileReader;
import io.swiftnode.disk.DiskFileWriter;
import io.swiftnode.disk.DiskFileXattrNotSupported;
import io.swiftnode.disk.Timestamp;
import io.swiftnode.python.PyInt;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * PUT: every check Swift makes before reading the body (so that a refusal is the answer to
 * {@code Expect: 100-continue}), then the body streamed to disk with its md5, the ETag check, the
 * durable write, and the expirer and container updates.
 *
 * <p>Thread-safe (stateless apart from the shared context).
 */
final class PutHandler {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PutHandler.class.getName());
    private final ObjectContext ctx;

    PutHandler(ObjectContext ctx) {
        this.ctx = ctx;
    }

    /** The body size a PUT announces: Content-Length, or null when chunked. */
    static Long messageLength(SwiftRequest req) throws HttpError {
        String te = req.header("Transfer-Encoding");
        if (te != null) {
            String[] enc = te.split(",", -1);
            if (enc.length > 1) {
                throw HttpError.text(501, "Unsupported Transfer-Coding header value specified in Transfer-Encoding "
                        + "header");
            }
            if (!enc[enc.length - 1].toLowerCase(Locale.ROOT).equals("chunked")) {
                throw HttpError.text(400, "Invalid Transfer-Encoding header value");
            }
            return null;
        }
        String cl = req.header("Content-Length");
        if (cl == null) {
            return null;
        }
        Long v = PyInt.parse(cl);
        if (v == null) {
            throw HttpError.text(400, "Invalid Content-Length header value");
        }
        return v;
    }

    /** {@code check_object_creation} and {@code check_delete_headers}; may rewrite X-Delete-At. */
    private String checkCreation(SwiftRequest req, Placement p, Timestamp ts) throws HttpError {
        Long ml = messageLength(req);
        if (ml != null && ml > ctx.swift().constraints().maxFileSize()) {
            throw HttpError.text(413, "Your request is too large.");
        }
        if (req.header("Content-Length") == null && !"chunked".equals(req.header("Transfer-Encoding"))) {
            throw HttpError.text(411, "Missing Content-Length header.");
        }
        int nameLen = p.obj().codePointCount(0, p.obj().length());
        if (nameLen > ctx.swift().constraints().maxObjectNameLength()) {
            throw HttpError.text(400, "Object name length of " + nameLen + " longer than "
                    + ctx.swift().constraints().maxObjectNameLength());
        }
        if (!req.has("Content-Type")) {
            throw HttpError.text(400, "No content type");
        }
        String deleteAt = DeleteAt.check(req, ts);
        if (!MetadataRules.checkUtf8(req.header("Content-Type"), false)) {
            throw HttpError.text(400, "Invalid Content-Type");
        }
        ctx.rules().check(req);
        return deleteAt;
    }

    void handle(SwiftRequest req, HttpServletResponse resp, Placement p) throws HttpError, IOException {
        Timestamp ts = req.timestamp();
        String deleteAt = checkCreation(req, p, ts);
        Long fsize = messageLength(req);
        if (fsize == null) {
            String declared = req.header("X-Backend-Obj-Content-Length");
            if (declared != null) {
                fsize = PyInt.parse(declared);
                if (fsize == null) {
                    throw HttpError.text(400, "invalid literal for int() with base 10: '" + declared + "'");
                }
            }
        }
        DiskFile df;
        try {
            df = ctx.disk().diskFile(p.device(), p.partition(), p.account(), p.container(), p.obj(), p.policy());
        } catch (DiskFileDeviceUnavailable e) {
            throw Responses.insufficientStorage(p.device());
        }
        df = df.withNextPartPower(req.header("X-Backend-Next-Part-Power"));
        Map<String, String> orig = Map.of();
        Timestamp origTs = null;
        try (DiskFileReader r = df.open(false, ts.seconds())) {
            orig = r.metadata();
            origTs = r.dataTimestamp();
        } catch (DiskFileXattrNotSupported e) {
            throw Responses.insufficientStorage(p.device());
        } catch (DiskFileExpired e) {
            origTs = e.timestamp(); // Swift's DiskFileExpired is a DiskFileDeleted
        } catch (DiskFileDeleted e) {
            origTs = e.timestamp();
        } catch (DiskFileNotExist e) {
            origTs = null;
        }
        String inm = req.header("If-None-Match");
        if (inm != null && !orig.isEmpty()) {
            if (Conditionals.matchesAny(inm, "*") || Conditionals.matchesAny(inm, orig.get("ETag"))) {
                throw HttpError.of(412);
            }
        }
        if (origTs != null && origTs.compareTo(ts) >= 0) {
            throw HttpError.of(409).header("X-Backend-Timestamp", origTs.internal());
        }
        boolean wantsFooter = req.isTrue("X-Backend-Obj-Metadata-Footer");
        boolean multiphase = req.isTrue("X-Backend-Obj-Multiphase-Commit");
        String etag;
        long size;
        Map<String, String> md = new LinkedHashMap<>();
        Map<String, String> footers = Map.of();
        try (DiskFileWriter w = df.create(fsize == null ? -1 : fsize)) {
            MimeDocuments mime = null;
            InputStream body;
            if (wantsFooter || multiphase) {
                mime = openMime(req, wantsFooter, multiphase);
                MimeDocuments.Document first = mime.next();
                if (first == null) {
                    throw HttpError.html(500, "StopIteration: no object body MIME doc");
                }
                body = first.body();
            } else {
                body = new ClientInput(req.raw().getInputStream());
            }
            size = copyBody(body, w, fsize);
            etag = w.etag();
            md.put("X-Timestamp", ts.internal());
            md.put("Content-Type", req.header("Content-Type"));
            md.put("Content-Length", Long.toString(size));
            md.put("ETag", etag);
            md.putAll(ctx.rules().fromHeaders(req, true));
            if (deleteAt != null) {
                md.put("X-Delete-At", deleteAt);
            }
            String received = normalizeEtag(req.header("ETag"));
            if (wantsFooter) {
                footers = footerMetadata(mime.readMetadataFooter());
                for (Map.Entry<String, String> e : footers.entrySet()) {
                    String k = e.getKey();
                    if (MetadataRules.isUserMeta(k) || MetadataRules.isSysMeta(k) || MetadataRules.isTransientSysmeta(k)) {
                        md.put(k, e.getValue());
                    }
                }
                if (footers.containsKey("ETag")) {
                    received = normalizeEtag(footers.get("ETag"));
                }
            }
            if (received != null && !received.isEmpty() && !received.equals(etag)) {
                throw HttpError.of(422);
            }
            w.keepCacheAfterPut(size < ctx.conf().keepCacheSize());
            w.put(md);
            if (multiphase) {
                // the data is durable: tell the proxy, then wait for its commit confirmation
                ExpectContinue.of(req.raw()).sendContinue(Map.of());
                mime.readPutCommit();
            }
            if (!req.isTrue("X-Backend-No-Commit")) {
                w.commit();
            }
            if (mime != null) {
                mime.drainRemaining();
            }
        } catch (DiskFileXattrNotSupported | DiskFileNoSpace e) {
            throw Responses.insufficientStorage(p.device());
        } catch (MimeDocuments.Failure f) {
            throw f.toHttpError();
        } catch (MimeDocuments.MimeInvalid e) {
            throw HttpError.html(500, "swift.common.exceptions.MimeInvalid: " + e.getMessage());
        } catch (ClientInput.ReadFailed e) {
            throw e.timedOut() ? HttpError.of(408) : HttpError.of(499);
        }
        long origDeleteAt = DeleteAt.intOrZero(orig.get("X-Delete-At"));
        long newDeleteAt = DeleteAt.intOrZero(deleteAt);
        String referer = req.referer();
        ctx.updates().expirerQueue().deleteAtChanged(origDeleteAt, newDeleteAt, p.account(), p.container(), p.obj(),
                req::header, ts, referer, p.device(), p.policy());
        Map<String, String> update = new LinkedHashMap<>();
        update.put("X-Size", md.get("Content-Length"));
        update.put("X-Content-Type", md.get("Content-Type"));
        update.put("X-Timestamp", md.get("X-Timestamp"));
        update.put("X-Etag", md.get("ETag"));
        ctx.updates().containerUpdate("PUT", p.account(), p.container(), p.obj(), req::header, referer,
                ContainerUpdates.withOverrides(update, req.headers(), footers), p.device(), p.policy());
        Responses.empty(resp, 201);
        resp.setHeader("Etag", "\"" + etag + "\"");
    }

    /** Swift's {@code normalize_etag}: one pair of surrounding quotes stripped. */
    static String normalizeEtag(String v) {
        if (v == null) {
            return null;
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    /**
     * The multi-stage MIME body of a PUT (footers, two-phase commit): announces what we accept on
     * the {@code 100 Continue} and opens the MIME documents.
     */
    private MimeDocuments openMime(SwiftRequest req, boolean footer, boolean multiphase) throws HttpError, IOException {
        Map<String, String> continueHeaders = new LinkedHashMap<>();
        if (multiphase) {
            continueHeaders.put("X-Obj-Multiphase-Commit", "yes");
        }
        if (footer) {
            continueHeaders.put("X-Obj-Metadata-Footer", "yes");
        }
        String boundary = req.header("X-Backend-Obj-Multipart-Mime-Boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw HttpError.html(400, "no MIME boundary");
        }
        ExpectContinue expect = ExpectContinue.of(req.raw());
        if (!expect.sendContinue(continueHeaders) && expect.mode() == ExpectContinue.Mode.CONTAINER) {
            // the container answered Expect itself, without our headers: the proxy will not send footers
            LOG.warning("cannot attach " + continueHeaders.keySet() + " to 100 Continue on this container");
        }
        return new MimeDocuments(new ClientInput(req.raw().getInputStream()), boundary, ctx.conf().networkChunkSize());
    }

    /** Footer metadata as Swift keeps it: {@code etag} lower-cased under {@code ETag}. */
    private static Map<String, String> footerMetadata(Map<String, String> footer) {
        Map<String, String> out = new LinkedHashMap<>();
        String footerEtag = null;
        for (Map.Entry<String, String> e : footer.entrySet()) {
            if (e.getKey().equalsIgnoreCase("etag")) {
                footerEtag = e.getValue();
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        if (footerEtag != null && !footerEtag.isEmpty()) {
            out.put("ETag", footerEtag.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** Streams the body to the writer; 408 on a read timeout, 499 on a disconnect or short body. */
    private long copyBody(InputStream in, DiskFileWriter w, Long fsize) throws HttpError, IOException {
        int chunk = ctx.conf().networkChunkSize();
        byte[] buf = new byte[chunk];
        long total = 0;
        long deadline = System.nanoTime() + (long) (ctx.conf().maxUploadTime() * 1e9);
        while (true) {
            int n = in.read(buf); // client failures surface as ClientInput.ReadFailed
            if (n < 0) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw HttpError.of(408);
            }
            w.write(buf, 0, n);
            total += n;
        }
        if (fsize != null && fsize != total) {
            throw HttpError.of(499);
        }
        return total;
    }

    /**
     * The request body, with read failures marked as the client's (408 on a timeout, 499 on a
     * disconnect) so that they are not mistaken for disk errors (500).
     */
    static final class ClientInput extends java.io.FilterInputStream {
        /** A failure reading the client's body. */
        static final class ReadFailed extends IOException {
            private static final long serialVersionUID = 1L;
            private final boolean timedOut;

            ReadFailed(IOException cause) {
                super(cause);
                this.timedOut = isTimeout(cause);
            }

            boolean timedOut() {
                return timedOut;
            }
        }

        ClientInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new ReadFailed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new ReadFailed(e);
            }
        }
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("timeout"))) {
                return true;
            }
        }
        return false;
    }
}
