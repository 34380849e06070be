package io.swiftnode.replication;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Swift's {@code unlink_older_than}: removes the plain files of a device's {@code tmp[-N]} directory
 * whose mtime is older than a cutoff (left over by writers that crashed). Stateless, thread-safe.
 */
final class TmpReaper {
    private static final Logger LOG = Logger.getLogger(TmpReaper.class.getName());

    private TmpReaper() {
    }

    static int unlinkOlderThan(Path dir, long cutoffMillis) {
        int removed = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                try {
                    if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).toMillis() < cutoffMillis) {
                        Files.deleteIfExists(p);
                        removed++;
                    }
                } catch (IOException e) {
                    // raced with a writer or another reaper: nothing to do
                }
            }
        } catch (IOException e) {
            LOG.warning("Cannot list " + dir + ": " + e);
        }
        return removed;
    }
}
