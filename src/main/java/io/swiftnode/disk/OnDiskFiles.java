package io.swiftnode.disk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The file-name grammar of an object's hash directory and Swift's rules for choosing the files
 * that make up the object's current state (replicated policies) and for cleaning up the rest.
 *
 * <p>Names: {@code <ts.internal>.data}, {@code <ts.internal>.ts}, {@code <ts.internal>.meta}, or
 * {@code <meta_ts.short><+|-><hex ctype delta>.meta} for a POST that set a content type. A name
 * whose stem does not parse as a timestamp is "unexpected" (e.g. rsync temp files
 * {@code .<name>.XXXXXX}) and is never deleted here. A name with a valid timestamp and any other
 * extension takes part in selection like Swift does (it can become obsolete).
 *
 * <p>Stateless and thread-safe.
 */
public final class OnDiskFiles {
    public static final String DATA = ".data";
    public static final String META = ".meta";
    public static final String TS = ".ts";
    /** Rsync's temporary files in hash dirs ({@code .<name>.XXXXXX}). */
    public static final Pattern RSYNC_TEMPFILE = Pattern.compile("^\\..*\\.([a-zA-Z0-9_]){6}$");

    private OnDiskFiles() {
    }

    /**
     * One parsed file name.
     *
     * @param name      the file name
     * @param ext       the extension with its dot, or "" when none
     * @param timestamp the file's timestamp (for .meta the base, metadata timestamp)
     * @param ctype     for .meta only: the content-type timestamp encoded in the name, else null
     */
    public record FileInfo(String name, String ext, Timestamp timestamp, Timestamp ctype) {
    }

    /**
     * The outcome of selection.
     *
     * @param data            the chosen .data, or null
     * @param meta            the newest kept .meta when a .data was chosen, or null
     * @param ctype           a .meta whose content-type timestamp is newer than the data, or null
     * @param tombstone       the chosen .ts when there is no data, or null
     * @param obsolete        files that cleanup deletes
     * @param possibleReclaim .meta files without .data, deleted once older than reclaim_age
     * @param unexpected      names that do not parse
     */
    public record Selection(FileInfo data, FileInfo meta, FileInfo ctype, FileInfo tombstone,
            List<FileInfo> obsolete, List<FileInfo> possibleReclaim, List<String> unexpected) {
    }

    /** Python's {@code os.path.splitext} on a base name: leading dots do not start an extension. */
    static String[] splitext(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return new String[] {name, ""};
        }
        int i = 0;
        while (i < dot && name.charAt(i) == '.') {
            i++;
        }
        if (i == dot) {
            return new String[] {name, ""};
        }
        return new String[] {name.substring(0, dot), name.substring(dot)};
    }

    /** Parses a file name, or returns null when it is "unexpected". */
    public static FileInfo parse(String name) {
        String[] se = splitext(name);
        String stem = se[0];
        String ext = se[1];
        try {
            if (META.equals(ext)) {
                Timestamp[] ts = decodeMetaStem(stem);
                return new FileInfo(name, ext, ts[0], ts[1]);
            }
            return new FileInfo(name, ext, Timestamp.parse(stem), null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Swift's {@code decode_timestamps(stem, explicit=True)[:2]}. */
    static Timestamp[] decodeMetaStem(String stem) {
        List<String> parts = new ArrayList<>();
        List<Integer> signs = new ArrayList<>();
        for (String pos : stem.split("\\+", -1)) {
            String[] negs = pos.split("-", -1);
            for (int i = 0; i < negs.length; i++) {
                parts.add(negs[i]);
                signs.add(i == 0 ? 1 : -1);
            }
        }
        Timestamp t1 = Timestamp.parse(parts.get(0));
        Timestamp t2 = null;
        if (parts.size() > 1) {
            String hex = parts.get(1).strip();
            if (hex.isEmpty() || !hex.matches("(0[xX])?[0-9a-fA-F]+")) {
                throw new IllegalArgumentException("bad delta " + hex);
            }
            long delta = signs.get(1) * Long.parseLong(hex.replaceFirst("^0[xX]", ""), 16);
            t2 = delta == 0 ? t1 : Timestamp.ofRaw(t1.raw() + delta);
        }
        if (parts.size() > 2) {
            String hex = parts.get(2).strip();
            if (hex.isEmpty() || !hex.matches("(0[xX])?[0-9a-fA-F]+")) {
                throw new IllegalArgumentException("bad delta " + hex);
            }
        }
        return new Timestamp[] {t1, t2};
    }

    /** The on-disk name for a file of the given type. */
    public static String fileName(Timestamp ts, String ext, Timestamp ctype) {
        if (META.equals(ext) && ctype != null) {
            return Timestamp.encodePair(ts, ctype) + ext;
        }
        return ts.internal() + ext;
    }

    private static final Comparator<FileInfo> NEWEST_FIRST = Comparator.comparing(FileInfo::timestamp).reversed();

    private static int compareCtype(FileInfo a, FileInfo b) {
        // Swift sorts by "ctype_timestamp or 0": missing sorts as the oldest
        if (a.ctype() == null) {
            return b.ctype() == null ? 0 : -1;
        }
        return b.ctype() == null ? 1 : a.ctype().compareTo(b.ctype());
    }

    /**
     * Swift's {@code get_ondisk_files} for a replicated policy.
     *
     * @param names the directory's entries, in any order
     */
    public static Selection select(Collection<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(Comparator.reverseOrder()); // as cleanup feeds them; makes ties deterministic
        Map<String, List<FileInfo>> exts = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        for (String n : sorted) {
            FileInfo fi = parse(n);
            if (fi == null) {
                unexpected.add(n);
            } else {
                exts.computeIfAbsent(fi.ext(), k -> new ArrayList<>()).add(fi);
            }
        }
        for (List<FileInfo> l : exts.values()) {
            l.sort(NEWEST_FIRST); // stable, like Python's sorted
        }
        List<FileInfo> obsolete = new ArrayList<>();
        List<FileInfo> possibleReclaim = new ArrayList<>();

        List<FileInfo> tss = exts.getOrDefault(TS, List.of());
        if (!tss.isEmpty()) {
            Timestamp newestTs = tss.get(0).timestamp();
            for (Map.Entry<String, List<FileInfo>> e : exts.entrySet()) {
                if (!e.getKey().equals(TS)) {
                    e.setValue(keepWhile(e.getValue(), f -> f.timestamp().isAfter(newestTs), obsolete));
                }
            }
            obsolete.addAll(tss.subList(1, tss.size()));
            exts.put(TS, new ArrayList<>(tss.subList(0, 1)));
        }

        List<FileInfo> metas = exts.getOrDefault(META, List.of());
        if (!metas.isEmpty()) {
            metas = new ArrayList<>(metas);
            int retain = 1;
            if (metas.size() > 1) {
                List<FileInfo> rest = new ArrayList<>(metas.subList(1, metas.size()));
                rest.sort((a, b) -> compareCtype(b, a)); // newest ctype first, stable
                for (int i = 0; i < rest.size(); i++) {
                    metas.set(i + 1, rest.get(i));
                }
                if (compareCtype(metas.get(1), metas.get(0)) > 0) {
                    if (metas.get(1).timestamp().equals(metas.get(0).timestamp())) {
                        FileInfo first = metas.get(0);
                        metas.set(0, metas.get(1));
                        metas.set(1, first);
                    } else {
                        retain = 2;
                    }
                }
            }
            obsolete.addAll(metas.subList(retain, metas.size()));
            exts.put(META, new ArrayList<>(metas.subList(0, retain)));
        }

        FileInfo data = null;
        List<FileInfo> datas = exts.getOrDefault(DATA, List.of());
        if (!datas.isEmpty()) {
            Timestamp newestData = datas.get(0).timestamp();
            for (Map.Entry<String, List<FileInfo>> e : exts.entrySet()) {
                if (e.getKey().equals(DATA)) {
                    e.setValue(keepWhile(e.getValue(), f -> f.timestamp().compareTo(newestData) >= 0, obsolete));
                } else {
                    e.setValue(keepWhile(e.getValue(), f -> f.timestamp().isAfter(newestData), obsolete));
                }
            }
            data = exts.get(DATA).get(0);
        }
        List<FileInfo> keptMetas = exts.getOrDefault(META, List.of());
        if (!keptMetas.isEmpty() && exts.getOrDefault(DATA, List.of()).isEmpty()) {
            possibleReclaim.addAll(keptMetas);
        }

        FileInfo meta = null;
        FileInfo ctype = null;
        FileInfo tombstone = null;
        if (data != null) {
            if (!keptMetas.isEmpty()) {
                meta = keptMetas.get(0);
                FileInfo last = keptMetas.get(keptMetas.size() - 1);
                if (last.ctype() != null && last.ctype().isAfter(data.timestamp())) {
                    ctype = last;
                }
            }
        } else if (!exts.getOrDefault(TS, List.of()).isEmpty()) {
            tombstone = exts.get(TS).get(0);
        }
        return new Selection(data, meta, ctype, tombstone, List.copyOf(obsolete), List.copyOf(possibleReclaim),
                List.copyOf(unexpected));
    }

    private static List<FileInfo> keepWhile(List<FileInfo> list, java.util.function.Predicate<FileInfo> cond,
            List<FileInfo> rest) {
        int i = 0;
        while (i < list.size() && cond.test(list.get(i))) {
            i++;
        }
        rest.addAll(list.subList(i, list.size()));
        return new ArrayList<>(list.subList(0, i));
    }

    /**
     * The result of {@link #cleanup}.
     *
     * @param selection the selection on the listing before deletion (the reclaimed tombstone, if
     *                  any, removed from it)
     * @param remaining names still in the directory, reverse sorted
     */
    public record Cleanup(Selection selection, List<String> remaining) {
    }

    /**
     * Swift's {@code cleanup_ondisk_files}: deletes obsolete files, a tombstone older than
     * {@code reclaimAge} and orphan {@code .meta} older than it, and removes the directory if
     * empty. A missing directory is an empty result.
     *
     * @param now seconds since the epoch
     * @throws NotDirectoryException when {@code hashDir} is a file
     */
    public static Cleanup cleanup(Path hashDir, double reclaimAge, double now) throws IOException {
        List<String> files = list(hashDir);
        files.sort(Comparator.reverseOrder());
        Selection sel = select(files);
        List<FileInfo> toDelete = new ArrayList<>(sel.obsolete());
        if (sel.tombstone() != null && now - sel.tombstone().timestamp().seconds() > reclaimAge) {
            toDelete.add(sel.tombstone());
            sel = new Selection(sel.data(), sel.meta(), sel.ctype(), null, sel.obsolete(), sel.possibleReclaim(),
                    sel.unexpected());
        }
        for (FileInfo f : sel.possibleReclaim()) {
            if (now - f.timestamp().seconds() > reclaimAge) {
                toDelete.add(f);
            }
        }
        for (FileInfo f : toDelete) {
            Files.deleteIfExists(hashDir.resolve(f.name()));
            files.remove(f.name());
        }
        if (files.isEmpty()) {
            try {
                Files.deleteIfExists(hashDir);
            } catch (IOException e) {
                // ENOTEMPTY: a concurrent writer added a file; no harm
            }
        }
        return new Cleanup(sel, files);
    }

    /**
     * Lists a directory; a missing one is empty. {@code File.list} first: opendir/readdir without
     * the NIO stream's extra descriptor calls, and null instead of an exception for a missing
     * directory (a 404 is an answer, not an error). When it fails on a directory that exists, the
     * NIO listing reports the real error (ENOTDIR, EIO ...).
     */
    static List<String> list(Path dir) throws IOException {
        java.io.File asFile = dir.toFile();
        String[] names = asFile.list();
        if (names != null) {
            return new ArrayList<>(Arrays.asList(names));
        }
        if (!asFile.exists()) {
            return new ArrayList<>();
        }
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }
}
