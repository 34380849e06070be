package io.swiftnode.disk;

import io.swiftnode.python.PyInt;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a write does while a partition power increase is under way (the proxy sends
 * {@code X-Backend-Next-Part-Power} from the ring's {@code next_part_power}), as Swift 2.30.1's
 * {@code _finalize_put}: the new file, once renamed into its hash dir, is hard-linked into the hash
 * dir of the partition the object has under the next power (same suffix and hash), and after the
 * write's own cleanup that dir is cleaned up too. When the object's partition is the same under
 * the next power (the power has been raised and the request names the new partition), the hash
 * dir under the previous power is cleaned up instead, so that files the relinker left there do not
 * outlive this write. Layout: {@code <device>/objects[-N]/<part>/<suffix>/<hash>/<file>} with
 * {@code <part> = first 4 bytes of the hash, big-endian, >> (32 - power)}.
 *
 * <p>A power Python's {@code int()} refuses, or above 32, fails the request after the file is in
 * place (Swift raises at that point too); link and cleanup failures are only logged, the relinker
 * finishes the job. Stateless and thread-safe.
 */
final class PartPowerRelink {
    private static final Logger LOG = Logger.getLogger(PartPowerRelink.class.getName());

    private PartPowerRelink() {
    }

    /**
     * The power a write relinks for: null for no header or an empty one.
     *
     * @throws IllegalArgumentException for a value that is not a Python int or is above 32
     */
    static Integer power(String header) {
        if (header == null || header.isEmpty()) {
            return null;
        }
        Long v = PyInt.parse(header);
        if (v == null || v > 32) {
            throw new IllegalArgumentException("bad X-Backend-Next-Part-Power '" + header
                    + "': not an int, or a negative shift count");
        }
        return (int) Math.max(v, -1); // any power below 1 puts every object in partition 0
    }

    /** Links {@code written} (just renamed into {@code df}'s hash dir) for the next power, if its partition differs. */
    static void link(DiskFile df, Path written, int nextPartPower) {
        String newPart = partition(df.hash(), nextPartPower);
        if (newPart.equals(df.partition())) {
            return;
        }
        Path link = hashDirIn(df, newPart).resolve(written.getFileName());
        try {
            LOG.log(Level.FINE, "Relinking {0} to {1} due to next_part_power set", new Object[] {written, link});
            link(written, link);
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "Relinking " + written + " to " + link + " failed: " + e, e);
        }
    }

    /** After the write's own cleanup: the other location's hash dir (next power's, or previous power's). */
    static void cleanupOtherLocation(DiskFile df, int nextPartPower, long reclaimAge, double now) {
        String newPart = partition(df.hash(), nextPartPower);
        String other = newPart.equals(df.partition()) ? partition(df.hash(), nextPartPower - 1) : newPart;
        Path dir = hashDirIn(df, other);
        try {
            OnDiskFiles.cleanup(dir, reclaimAge, now);
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "Problem cleaning up " + dir, e);
        }
    }

    /** Swift's {@code get_partition_for_hash} for a power of at most 32 (below 1: partition 0). */
    static String partition(String hexHash, int power) {
        long top = Long.parseLong(hexHash.substring(0, 8), 16);
        return power <= 0 ? "0" : Long.toString(top >>> (32 - power));
    }

    private static Path hashDirIn(DiskFile df, String partition) {
        return df.devicePath().resolve(PolicyDirs.objects(df.policy())).resolve(partition)
                .resolve(df.suffix()).resolve(df.hash());
    }

    /**
     * Swift's {@code relink_paths}: creates the directories, links; a link that exists already
     * to the same inode, or a source that has gone meanwhile, is fine.
     */
    static void link(Path target, Path link) throws IOException {
        Files.createDirectories(link.getParent());
        try {
            Files.createLink(link, target);
        } catch (FileAlreadyExistsException e) {
            Object have;
            try {
                have = Files.getAttribute(target, "unix:ino");
            } catch (NoSuchFileException gone) {
                return;
            }
            if (!have.equals(Files.getAttribute(link, "unix:ino"))) {
                throw e;
            }
        } catch (NoSuchFileException e) {
            if (Files.exists(target)) {
                throw e;
            }
        }
    }
}
