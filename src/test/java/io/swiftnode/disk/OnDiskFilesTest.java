package io.swiftnode.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnDiskFilesTest {
    private static String n(int t, String ext) {
        return Timestamp.of(t).internal() + ext;
    }

    private static Set<String> names(List<OnDiskFiles.FileInfo> l) {
        return l.stream().map(OnDiskFiles.FileInfo::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static OnDiskFiles.Selection sel(String... files) {
        return OnDiskFiles.select(Arrays.asList(files));
    }

    @Test
    void scenarioTableOfTheContract() {
        OnDiskFiles.Selection s = sel(n(7, ".data"));
        assertEquals(n(7, ".data"), s.data().name());
        assertTrue(s.obsolete().isEmpty());

        s = sel(n(7, ".ts"), n(6, ".ts"));
        assertEquals(n(7, ".ts"), s.tombstone().name());
        assertEquals(Set.of(n(6, ".ts")), names(s.obsolete()));

        s = sel(n(7, ".data"), n(6, ".data"), n(4, ".ts"));
        assertEquals(n(7, ".data"), s.data().name());
        assertEquals(Set.of(n(6, ".data"), n(4, ".ts")), names(s.obsolete()));

        s = sel(n(9, ".meta"), n(8, ".meta"), n(7, ".data"), n(4, ".ts"));
        assertEquals(n(7, ".data"), s.data().name());
        assertEquals(n(9, ".meta"), s.meta().name());
        assertEquals(Set.of(n(8, ".meta"), n(4, ".ts")), names(s.obsolete()));

        s = sel(n(7, ".data"), n(6, ".meta"), n(4, ".ts"));
        assertNull(s.meta());
        assertEquals(Set.of(n(6, ".meta"), n(4, ".ts")), names(s.obsolete()));

        s = sel(n(7, ".meta"), n(6, ".ts"), n(4, ".data"));
        assertEquals(n(6, ".ts"), s.tombstone().name());
        assertEquals(Set.of(n(4, ".data")), names(s.obsolete()));
        assertEquals(Set.of(n(7, ".meta")), names(s.possibleReclaim()));

        s = sel(n(6, ".meta"), n(6, ".ts"), n(6, ".data"));
        assertEquals(n(6, ".ts"), s.tombstone().name());
        assertEquals(Set.of(n(6, ".meta"), n(6, ".data")), names(s.obsolete()));
    }

    @Test
    void ctypeMetaNamesParseAndSelect() {
        OnDiskFiles.FileInfo fi = OnDiskFiles.parse("1795796644.00000-186a0.meta");
        assertEquals("1795796644.00000", fi.timestamp().internal());
        assertEquals("1795796643.00000", fi.ctype().internal());
        OnDiskFiles.FileInfo plus0 = OnDiskFiles.parse("1795795995.00000+0.meta");
        assertEquals(plus0.timestamp(), plus0.ctype());
        assertNull(OnDiskFiles.parse("1795795995.00000.meta").ctype());
        // data 10, meta 12 without ctype, meta 11 with ctype 11: both metas kept, ctype from 11
        String m12 = n(12, ".meta");
        String m11 = Timestamp.encodePair(Timestamp.of(11), Timestamp.of(11)) + ".meta";
        OnDiskFiles.Selection s = sel(n(10, ".data"), m12, m11);
        assertEquals(m12, s.meta().name());
        assertEquals(m11, s.ctype().name());
        assertTrue(s.obsolete().isEmpty());
    }

    @Test
    void unexpectedNamesAreNeverObsolete() {
        OnDiskFiles.Selection s = sel(n(7, ".data"), ".1.data.Ab12Cd", "junk", n(3, ".foo"));
        assertEquals(List.of("junk", ".1.data.Ab12Cd"), s.unexpected());
        // a parsable timestamp with an unknown extension takes part in selection, as in Swift
        assertEquals(Set.of(n(3, ".foo")), names(s.obsolete()));
        assertTrue(OnDiskFiles.RSYNC_TEMPFILE.matcher(".1.data.Ab12Cd").matches());
    }

    @Test
    void cleanupReclaimsOldTombstonesAndRemovesTheEmptyDir(@TempDir Path dir) throws IOException {
        Path h = dir.resolve("hash");
        Files.createDirectories(h);
        Files.createFile(h.resolve(n(100, ".ts")));
        Files.createFile(h.resolve(n(50, ".data")));
        OnDiskFiles.Cleanup c = OnDiskFiles.cleanup(h, 1000, 2000);
        assertTrue(c.remaining().isEmpty());
        assertFalse(Files.exists(h));
    }

    /**
     * Model-based: random PUT/POST/DELETE sequences (any timestamp order) written as files, with a
     * cleanup after each write as the writer does, checked against a tiny model of the object's
     * state.
     */
    @Test
    void randomSequencesAgreeWithTheModel(@TempDir Path dir) throws IOException {
        java.util.Random rnd = new java.util.Random(42);
        double reclaimAge = 1000;
        for (int round = 0; round < 400; round++) {
            Path h = dir.resolve("r" + round);
            double now = 100_000;
            Model m = new Model();
            int ops = 1 + rnd.nextInt(12);
            for (int i = 0; i < ops; i++) {
                // timestamps in [now-2000, now]: some older than reclaim_age
                int t = (int) now - rnd.nextInt(2000);
                String name;
                switch (rnd.nextInt(3)) {
                    case 0 -> {
                        name = n(t, ".data");
                        m.puts.add(t);
                    }
                    case 1 -> {
                        name = n(t, ".ts");
                        m.deletes.add(t);
                    }
                    default -> {
                        Integer ct = rnd.nextBoolean() ? null : t - rnd.nextInt(30);
                        name = ct == null ? n(t, ".meta")
                                : Timestamp.encodePair(Timestamp.of(t), Timestamp.of(ct)) + ".meta";
                        m.posts.add(new int[] {t, ct == null ? -1 : ct});
                    }
                }
                Files.createDirectories(h);
                Files.write(h.resolve(name), new byte[0]);
                OnDiskFiles.cleanup(h, reclaimAge, now);
                List<String> files = OnDiskFiles.list(h);
                OnDiskFiles.Selection s = OnDiskFiles.select(files);
                String ctx = "round " + round + " op " + i + " model " + m + " files " + new TreeSet<>(files);
                m.check(s, now, reclaimAge, files, ctx);
                m.reclaim(now, reclaimAge);
            }
        }
    }

    /** The object's logical state from its events, independent of file names. */
    private static final class Model {
        final List<Integer> puts = new ArrayList<>();
        final List<Integer> deletes = new ArrayList<>();
        final List<int[]> posts = new ArrayList<>(); // {meta ts, ctype ts or -1}

        void check(OnDiskFiles.Selection s, double now, double reclaimAge, List<String> files, String ctx) {
            int data = puts.stream().mapToInt(x -> x).max().orElse(-1);
            int ts = deletes.stream().mapToInt(x -> x).max().orElse(-1);
            if (data > ts) {
                assertNotNull(s.data(), ctx);
                assertEquals(Timestamp.of(data), s.data().timestamp(), ctx);
                assertNull(s.tombstone(), ctx);
                int meta = posts.stream().filter(p -> p[0] > data).mapToInt(p -> p[0]).max().orElse(-1);
                if (meta < 0) {
                    assertNull(s.meta(), ctx);
                } else {
                    assertEquals(Timestamp.of(meta), s.meta().timestamp(), ctx);
                }
                int ctype = posts.stream().filter(p -> p[0] > data).mapToInt(p -> p[1]).max().orElse(-1);
                if (ctype > data) {
                    assertNotNull(s.ctype(), ctx);
                    assertEquals(Timestamp.of(ctype), s.ctype().ctype(), ctx);
                } else {
                    assertNull(s.ctype(), ctx);
                }
                // nothing older than the data survives cleanup
                for (String f : files) {
                    assertFalse(OnDiskFiles.parse(f).timestamp().isBefore(Timestamp.of(data)), ctx);
                }
                assertFalse(files.stream().anyMatch(f -> f.endsWith(".ts")), ctx);
            } else if (ts >= 0) {
                assertNull(s.data(), ctx);
                boolean reclaimed = now - ts > reclaimAge;
                if (reclaimed) {
                    assertNull(s.tombstone(), ctx);
                } else {
                    assertEquals(Timestamp.of(ts), s.tombstone().timestamp(), ctx);
                }
                // only metas newer than the tombstone and younger than reclaim_age can remain
                for (String f : files) {
                    OnDiskFiles.FileInfo fi = OnDiskFiles.parse(f);
                    if (fi.ext().equals(".meta")) {
                        assertTrue(fi.timestamp().seconds() > ts && now - fi.timestamp().seconds() <= reclaimAge, ctx);
                    } else {
                        assertEquals(".ts", fi.ext(), ctx);
                    }
                }
            } else {
                assertNull(s.data(), ctx);
                assertNull(s.tombstone(), ctx);
                for (String f : files) {
                    assertTrue(now - OnDiskFiles.parse(f).timestamp().seconds() <= reclaimAge, ctx);
                }
            }
        }

        /** What cleanup deleted is forgotten: a later, older write is then the newest again. */
        void reclaim(double now, double reclaimAge) {
            int data = puts.stream().mapToInt(x -> x).max().orElse(-1);
            int ts = deletes.stream().mapToInt(x -> x).max().orElse(-1);
            if (data > ts) {
                return;
            }
            if (ts >= 0 && now - ts > reclaimAge) {
                puts.removeIf(x -> x <= ts);
                deletes.removeIf(x -> x <= ts);
                posts.removeIf(p -> p[0] <= ts);
            }
            posts.removeIf(p -> now - p[0] > reclaimAge || p[0] <= ts);
        }

        @Override
        public String toString() {
            return "puts=" + puts + " deletes=" + deletes + " posts="
                    + posts.stream().map(Arrays::toString).collect(Collectors.joining(","));
        }
    }
}
