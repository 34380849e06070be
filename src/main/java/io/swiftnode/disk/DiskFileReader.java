package io.swiftnode.disk;

import io.swiftnode.python.PyInt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An opened object: the merged metadata of its {@code .data} and {@code .meta} files and the open
 * {@code .data}, from which any byte range can be streamed with a bounded buffer. A stream that
 * reads the whole body from offset 0 verifies size and md5 at its end and quarantines the object
 * on a mismatch (the bytes already sent cannot be taken back, as in Swift).
 *
 * <p>Not thread-safe: one reader belongs to one request. Close it.
 */
public final class DiskFileReader implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DiskFileReader.class.getName());
    private static final Set<String> DATAFILE_KEYS = Set.of("content-length", "deleted", "etag",
            "x-static-large-object");
    private static final int CHUNK = 65536;
    /** Swift's {@code DROP_CACHE_WINDOW}: a reader that does not keep the cache drops every MiB read. */
    private static final long DROP_CACHE_WINDOW = 1024 * 1024;

    private final DiskFile diskFile;
    private final FileChannel channel;
    private final Path dataPath;
    private final Map<String, String> metadata;
    private final Map<String, String> dataMetadata;
    private final Map<String, String> metaMetadata;
    /** For streams that drop what they read; made at the first such stream. */
    private PageCache pageCache;
    private final Timestamp dataTimestamp;
    private final long contentLength;
    private volatile boolean quarantined;
    private volatile String quarantineReason;

    private DiskFileReader(DiskFile diskFile, FileChannel channel, Path dataPath, Map<String, String> metadata,
            Map<String, String> dataMetadata, Map<String, String> metaMetadata, Timestamp dataTimestamp,
            long contentLength) {
        this.diskFile = diskFile;
        this.channel = channel;
        this.dataPath = dataPath;
        this.metadata = metadata;
        this.dataMetadata = dataMetadata;
        this.metaMetadata = metaMetadata;
        this.dataTimestamp = dataTimestamp;
        this.contentLength = contentLength;
    }

    static DiskFileReader open(DiskFile df, OnDiskFiles.Selection sel, boolean openExpired, double now,
            boolean modernize, HashDirCache.Entry remembered) throws IOException {
        Path dataPath = df.hashDir().resolve(sel.data().name());
        FileChannel ch;
        try {
            ch = FileChannel.open(dataPath, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new DiskFileNotExist(dataPath.toString(), e);
        }
        try {
            Map<String, String> dataMd = df.readMetadata(remembered, dataPath, modernize);
            Timestamp dataTs = sel.data().timestamp();
            Map<String, String> merged = new LinkedHashMap<>();
            Map<String, String> metaMd = null;
            if (sel.meta() != null) {
                metaMd = new LinkedHashMap<>(
                        df.readMetadata(remembered, df.hashDir().resolve(sel.meta().name()), modernize));
                if (sel.ctype() != null && sel.ctype() != sel.meta()) {
                    Map<String, String> ct =
                            df.readMetadata(remembered, df.hashDir().resolve(sel.ctype().name()), modernize);
                    String ctTs = ct.getOrDefault("Content-Type-Timestamp", "");
                    if (ct.containsKey("Content-Type")
                            && ctTs.compareTo(metaMd.getOrDefault("Content-Type-Timestamp", "")) > 0
                            && ctTs.compareTo(dataTs.internal()) > 0) {
                        metaMd.put("Content-Type", ct.get("Content-Type"));
                        metaMd.put("Content-Type-Timestamp", ctTs);
                    }
                }
                merged.putAll(metaMd);
                for (Map.Entry<String, String> e : dataMd.entrySet()) {
                    String k = e.getKey().toLowerCase(Locale.ROOT);
                    if (DATAFILE_KEYS.contains(k) || k.startsWith("x-object-sysmeta-")) {
                        merged.put(e.getKey(), e.getValue());
                    }
                }
                metaMd.remove("name");
                String metaCtTs = metaMd.get("Content-Type-Timestamp");
                if (dataMd.containsKey("Content-Type") && (metaCtTs == null || dataNewer(dataTs, metaCtTs))) {
                    merged.put("Content-Type", dataMd.get("Content-Type"));
                    merged.remove("Content-Type-Timestamp");
                }
            } else {
                merged.putAll(dataMd);
            }
            long size = verify(df, merged, ch, openExpired, now);
            return new DiskFileReader(df, ch, dataPath, Collections.unmodifiableMap(merged),
                    Collections.unmodifiableMap(dataMd), metaMd == null ? null : Collections.unmodifiableMap(metaMd),
                    dataTs, size);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static boolean dataNewer(Timestamp dataTs, String ctypeTs) {
        Timestamp t = Timestamp.tryParse(ctypeTs);
        return t == null ? dataTs.internal().compareTo(ctypeTs) > 0 : dataTs.isAfter(t);
    }

    private static long verify(DiskFile df, Map<String, String> md, FileChannel ch, boolean openExpired, double now)
            throws IOException {
        String mname = md.get("name");
        if (mname == null) {
            throw df.quarantineAndThrow("missing name metadata");
        }
        if (df.name() != null && !mname.equals(df.name())) {
            LOG.severe("Client path " + df.name() + " does not match path stored in object metadata " + mname);
            throw new DiskFileCollision("Client path does not match path stored in object metadata");
        }
        if (df.name() == null && !df.manager().hashOfName(mname).equals(df.hash())) {
            throw df.quarantineAndThrow("Hash of name in metadata does not match directory name");
        }
        String xda = md.get("X-Delete-At");
        if (xda != null) {
            Long v = PyInt.parse(xda);
            if (v == null) {
                throw df.quarantineAndThrow("bad metadata x-delete-at value " + xda);
            }
            if (v <= now && !openExpired) {
                throw new DiskFileExpired(md);
            }
        }
        String cl = md.get("Content-Length");
        if (cl == null) {
            throw df.quarantineAndThrow("missing content-length in metadata");
        }
        Long len = PyInt.parse(cl);
        if (len == null) {
            throw df.quarantineAndThrow("bad metadata content-length value " + cl);
        }
        long size = ch.size();
        if (size != len) {
            throw df.quarantineAndThrow("metadata content-length " + len + " does not match actual object size " + size);
        }
        return size;
    }

    /** The merged metadata a GET/HEAD serves. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The {@code .data} file's own metadata. */
    public Map<String, String> dataFileMetadata() {
        return dataMetadata;
    }

    /** The {@code .meta} file's metadata without {@code name}, or null when there is none. */
    public Map<String, String> metaFileMetadata() {
        return metaMetadata;
    }

    public Timestamp dataTimestamp() {
        return dataTimestamp;
    }

    /** The merged {@code X-Timestamp}: the newest of data and metadata. */
    public Timestamp timestamp() {
        return Timestamp.parse(metadata.get("X-Timestamp"));
    }

    public long contentLength() {
        return contentLength;
    }

    /**
     * When the current content type was set: the merged {@code Content-Type-Timestamp}, else the
     * data timestamp (Swift's {@code content_type_timestamp}).
     */
    public Timestamp contentTypeTimestamp() {
        String v = metadata.get("Content-Type-Timestamp");
        Timestamp t = v == null ? null : Timestamp.tryParse(v);
        return t == null ? dataTimestamp : t;
    }

    public DiskFile diskFile() {
        return diskFile;
    }

    /** Whether a full read found corruption and quarantined the object. */
    public boolean quarantined() {
        return quarantined;
    }

    /** Why a full read quarantined the object ({@code Bytes read: …} or {@code ETag … do not match}), or null. */
    public String quarantineReason() {
        return quarantineReason;
    }

    /**
     * A stream of bytes {@code [start, end)} of the body, read in 64 KiB chunks. Reading the
     * whole body from 0 verifies it at EOF.
     */
    public InputStream stream(long start, long end) {
        return stream(start, end, false);
    }

    /**
     * {@link #stream(long, long)}; with {@code keepCache} false (Swift's default reader) the pages
     * read are dropped from the page cache every MiB and at the end, so one large read does not
     * evict everything else.
     */
    public InputStream stream(long start, long end, boolean keepCache) {
        if (start < 0 || end > contentLength || start > end) {
            throw new IllegalArgumentException("bad range " + start + "-" + end + " of " + contentLength);
        }
        boolean verifyAll = start == 0 && end == contentLength;
        return new RangeStream(start, end, verifyAll, keepCache ? null : pageCache());
    }

    private PageCache pageCache() {
        if (pageCache == null) {
            pageCache = new PageCache(dataPath);
        }
        return pageCache;
    }

    private final class RangeStream extends InputStream {
        private final ByteBuffer buf;
        private final MessageDigest md5;
        private long pos;
        private final long end;
        private long counted;
        private boolean checked;
        /** Null when the cache is kept; else where the next range to drop starts. */
        private final PageCache dropper;
        private long dropFrom;

        RangeStream(long start, long end, boolean verify, PageCache dropper) {
            this.pos = start;
            this.end = end;
            this.dropper = dropper;
            this.dropFrom = start;
            this.buf = ByteBuffer.allocate((int) Math.max(1, Math.min(CHUNK, end - start))).flip();
            this.md5 = verify ? HashPath.md5() : null;
        }

        private boolean fill() throws IOException {
            if (buf.hasRemaining()) {
                return true;
            }
            if (pos >= end) {
                finish();
                return false;
            }
            buf.clear();
            buf.limit((int) Math.min(CHUNK, end - pos));
            int n = channel.read(buf, pos);
            buf.flip();
            if (n <= 0) {
                finish(); // the file shrank under us: the size check below catches it
                return false;
            }
            pos += n;
            if (md5 != null) {
                md5.update(buf.duplicate());
                counted += n;
            }
            if (dropper != null && pos - dropFrom > DROP_CACHE_WINDOW) {
                dropper.drop(dropFrom, pos - dropFrom);
                dropFrom = pos;
            }
            return true;
        }

        private void finish() {
            if (dropper != null && pos > dropFrom) {
                dropper.drop(dropFrom, pos - dropFrom);
                dropFrom = pos;
            }
            if (md5 == null || checked) {
                return;
            }
            checked = true;
            String etag = HexFormat.of().formatHex(md5.digest());
            String expected = metadata.get("ETag");
            String problem = null;
            if (counted != contentLength) {
                problem = "Bytes read: " + counted + ", does not match metadata: " + contentLength;
            } else if (expected != null && !etag.equals(expected.strip().replace("\"", "").toLowerCase(Locale.ROOT))) {
                problem = "ETag " + expected + " and file's md5 " + etag + " do not match";
            }
            if (problem != null) {
                try {
                    diskFile.quarantineAndThrow(problem);
                    quarantineReason = problem;
                    quarantined = true;
                } catch (IOException e) {
                    LOG.log(Level.SEVERE, "cannot quarantine " + dataPath + ": " + problem, e);
                }
            }
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return buf.get() & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, buf.remaining());
            buf.get(b, off, n);
            if (!buf.hasRemaining() && pos >= end) {
                finish();
            }
            return n;
        }
    }

    @Override
    public void close() throws IOException {
        if (pageCache != null) {
            pageCache.close();
        }
        channel.close();
    }
}
