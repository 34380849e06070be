package io.swiftnode.it.diff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a server left under its devices root, comparable across servers: every directory
 * ({@code path/}) and file by relative path. File contents are compared only where they are
 * deterministic and cheap: {@code hashes.invalid} (the suffixes appended, in order). Data, meta,
 * tombstone and async-pending files are compared by name (their names carry the timestamps; their
 * xattrs and pickles are covered by the disk compatibility tests). {@code hashes.pkl} is a name
 * only (it holds a wall-clock time), and the per-device temp directories ({@code tmp},
 * {@code tmp-1}, …) are left out (they only hold in-flight temp files).
 *
 * <p>Immutable after {@link #of}.
 */
public final class DiskSnapshot {
    private final SortedMap<String, String> entries;

    private DiskSnapshot(SortedMap<String, String> entries) {
        this.entries = entries;
    }

    public static DiskSnapshot of(Path devicesRoot) {
        SortedMap<String, String> m = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(devicesRoot)) {
            walk.forEach(p -> {
                if (p.equals(devicesRoot)) {
                    return;
                }
                String rel = devicesRoot.relativize(p).toString();
                String[] parts = rel.split("/");
                if (parts.length >= 2 && parts[1].startsWith("tmp")) {
                    return;
                }
                if (Files.isDirectory(p)) {
                    m.put(rel + "/", "");
                } else if (p.getFileName().toString().equals("hashes.invalid")) {
                    try {
                        m.put(rel, Files.readString(p, StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        m.put(rel, "(unreadable: " + e + ")");
                    }
                } else {
                    m.put(rel, "");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            // a file vanished during the walk: take the listing again
            return of(devicesRoot);
        }
        return new DiskSnapshot(m);
    }

    public Map<String, String> entries() {
        return entries;
    }
}
