package io.swiftnode.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What the request path remembers of hash directories that have not changed lately, so that
 * reading an object lists no directory and reads no xattrs: the directory's file names, the
 * choice of files among them, and the metadata read from those files.
 *
 * <p><b>Validity.</b> An entry holds the directory's inode and ctime as they were before it was
 * listed, and is used only while a stat of the directory shows the same pair. Every change of
 * the directory's entries (a file renamed in by a writer, rsync or ssync, a file unlinked by a
 * cleanup, the whole directory moved by a quarantine) changes its ctime, which no program can set
 * back (utime changes ctime too). Files in a hash dir are never rewritten in place (every writer
 * renames a new file in), so a name in an unchanged directory is the same file with the same
 * metadata. Timestamps have a granularity (a clock tick; a second on some filesystems): a change
 * within the tick of the listing would leave the ctime equal. So a listing is remembered only when
 * the directory's ctime is older than {@code stableAfter} (2 s by default, above any Linux
 * filesystem's granularity); a recently changed directory is listed on every request, as before.
 *
 * <p>Not used where files must be read as they are now: the auditor ({@code modernize}) reads
 * xattrs itself. A bit flip in an xattr of a remembered file is therefore found by the auditor,
 * not by a GET (the body is still verified by every whole-object GET).
 *
 * <p>Bounded: beyond {@code maxEntries} directories an arbitrary eighth is dropped.
 *
 * <p>Thread-safe: entries are immutable apart from their concurrent metadata memo.
 */
final class HashDirCache {
    static final long DEFAULT_STABLE_AFTER_MILLIS = 2000;
    static final int DEFAULT_MAX_ENTRIES = 20_000;

    private final int maxEntries;
    private final long stableAfterNanos;
    private final LongSupplier wallClockMillis;
    private final ConcurrentHashMap<Path, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    HashDirCache() {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_STABLE_AFTER_MILLIS, System::currentTimeMillis);
    }

    HashDirCache(int maxEntries, long stableAfterMillis, LongSupplier wallClockMillis) {
        this.maxEntries = maxEntries;
        this.stableAfterNanos = TimeUnit.MILLISECONDS.toNanos(stableAfterMillis);
        this.wallClockMillis = wallClockMillis;
    }

    /** A directory's names and, when it is remembered, the entry that memoizes its metadata. */
    record Listing(List<String> names, Entry entry) {
    }

    /** One remembered directory. */
    static final class Entry {
        private final Object inode;
        private final long ctimeNanos;
        private final List<String> names;
        private volatile OnDiskFiles.Selection selection;
        private final Map<String, Map<String, String>> metadata = new ConcurrentHashMap<>();

        private Entry(Object inode, long ctimeNanos, List<String> names) {
            this.inode = inode;
            this.ctimeNanos = ctimeNanos;
            this.names = names;
        }

        /** The files {@link OnDiskFiles#select} chooses among the names, computed once. */
        OnDiskFiles.Selection selection() {
            OnDiskFiles.Selection s = selection;
            if (s == null) {
                s = OnDiskFiles.select(names);
                selection = s;
            }
            return s;
        }

        /** Metadata remembered for a file of this directory, or null. */
        Map<String, String> metadata(String fileName) {
            return metadata.get(fileName);
        }

        /** Remembers a file's metadata (read and verified by the caller); answers the unmodifiable copy kept. */
        Map<String, String> remember(String fileName, Map<String, String> md) {
            Map<String, String> kept = Collections.unmodifiableMap(md);
            metadata.put(fileName, kept);
            return kept;
        }
    }

    /**
     * The file names of {@code dir} (empty when it does not exist).
     *
     * @throws java.nio.file.NotDirectoryException when a file stands where the directory should
     */
    Listing list(Path dir) throws IOException {
        // java.io's stat answers 0 for a missing dir instead of throwing (404s and new objects'
        // PUTs are common); a real mtime of 0 only means this dir is not remembered
        if (dir.toFile().lastModified() == 0) {
            entries.remove(dir);
            return new Listing(OnDiskFiles.list(dir), null);
        }
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(dir, "unix:ino,ctime");
        } catch (NoSuchFileException e) {
            entries.remove(dir);
            return new Listing(OnDiskFiles.list(dir), null);
        }
        Object inode = attrs.get("ino");
        long ctime = ((FileTime) attrs.get("ctime")).to(TimeUnit.NANOSECONDS);
        Entry e = entries.get(dir);
        if (e != null && e.ctimeNanos == ctime && e.inode.equals(inode)) {
            hits.incrementAndGet();
            return new Listing(e.names, e);
        }
        misses.incrementAndGet();
        List<String> names = OnDiskFiles.list(dir);
        long now = TimeUnit.MILLISECONDS.toNanos(wallClockMillis.getAsLong());
        if (ctime >= now - stableAfterNanos) {
            entries.remove(dir);
            return new Listing(names, null);
        }
        e = new Entry(inode, ctime, List.copyOf(names));
        entries.put(dir, e);
        if (entries.size() > maxEntries) {
            shrink();
        }
        return new Listing(e.names, e);
    }

    private void shrink() {
        int drop = Math.max(1, entries.size() / 8);
        Iterator<Path> it = entries.keySet().iterator();
        while (drop-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** Listings answered from memory. */
    long hits() {
        return hits.get();
    }

    /** Listings read from disk. */
    long misses() {
        return misses.get();
    }

    int size() {
        return entries.size();
    }
}
