package io.swiftnode.updater;

import io.swiftnode.disk.Timestamp;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The async pendings left on a node after a sweep: how many (what {@code swift-recon-cron} counts
 * into the recon entry {@code async_pending}: every entry of every prefix directory of every
 * {@code async_pending[-N]} directory of every device) and the timestamp of the oldest one (from
 * its {@code <hash>-<timestamp>} name), so an operator sees both the backlog and how stale it is.
 *
 * <p>Immutable and thread-safe; {@link #count} only reads directories.
 *
 * @param files  pending files found
 * @param oldest the oldest pending's timestamp in epoch seconds, or null when there is none
 */
record Backlog(long files, Double oldest) {

    /** Age of the oldest pending at {@code now}, in seconds (0 without pendings). */
    double oldestAge(double now) {
        return oldest == null ? 0 : Math.max(0, now - oldest);
    }

    static Backlog count(List<Path> devices) {
        long files = 0;
        double oldest = Double.MAX_VALUE;
        for (Path device : devices) {
            try (DirectoryStream<Path> asyncDirs = Files.newDirectoryStream(device, "async_pending*")) {
                for (Path asyncDir : asyncDirs) {
                    String n = asyncDir.getFileName().toString();
                    if (!(n.equals("async_pending") || n.startsWith("async_pending-")) || !Files.isDirectory(asyncDir)) {
                        continue;
                    }
                    try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(asyncDir)) {
                        for (Path prefix : prefixes) {
                            if (!Files.isDirectory(prefix)) {
                                continue;
                            }
                            try (DirectoryStream<Path> entries = Files.newDirectoryStream(prefix)) {
                                for (Path e : entries) {
                                    files++;
                                    oldest = Math.min(oldest, timestampOf(e.getFileName().toString()));
                                }
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // a device that cannot be listed has no countable backlog, as for the cron job
            }
        }
        return new Backlog(files, oldest == Double.MAX_VALUE ? null : oldest);
    }

    private static double timestampOf(String name) {
        int dash = name.lastIndexOf('-');
        Timestamp ts = dash < 0 ? null : Timestamp.tryParse(name.substring(dash + 1));
        return ts == null ? Double.MAX_VALUE : ts.seconds();
    }
}
