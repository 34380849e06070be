package io.swiftnode.disk;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Swift's {@code quarantine_renamer}: moves a whole hash directory (or, for a bad suffix, the
 * suffix directory) to {@code <device>/quarantined/objects[-N]/<basename>}, or to
 * {@code <basename>-<uuid4 hex>} when that exists, after invalidating the suffix so that
 * replication restores a good copy. Like Swift, the move is not fsynced.
 *
 * <p>Stateless and thread-safe.
 */
public final class Quarantine {
    private static final Logger LOG = Logger.getLogger(Quarantine.class.getName());

    private Quarantine() {
    }

    /**
     * Quarantines {@code dir} (a hash dir, or a suffix dir when its name has 3 characters).
     *
     * @return where it went
     */
    public static Path quarantine(Path devicePath, int policy, Path dir, String reason) throws IOException {
        String base = dir.getFileName().toString();
        Path partitionDir = base.length() == 3 ? dir.getParent() : dir.getParent().getParent();
        String suffix = base.length() == 3 ? base : dir.getParent().getFileName().toString();
        SuffixHashes.invalidate(partitionDir, suffix);
        Path qdir = devicePath.resolve(PolicyDirs.QUARANTINED).resolve(PolicyDirs.objects(policy));
        Files.createDirectories(qdir);
        Path to = qdir.resolve(base);
        try {
            Files.move(dir, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            to = unique(dir, qdir, base);
        } catch (FileSystemException e) {
            // rename(2) onto a non-empty directory: ENOTEMPTY, reported without a dedicated type
            if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
            to = unique(dir, qdir, base);
        }
        LOG.warning("Quarantined object " + dir + ": " + reason);
        return to;
    }

    private static Path unique(Path dir, Path qdir, String base) throws IOException {
        Path to = qdir.resolve(base + "-" + UUID.randomUUID().toString().replace("-", ""));
        Files.move(dir, to, StandardCopyOption.ATOMIC_MOVE);
        return to;
    }
}
