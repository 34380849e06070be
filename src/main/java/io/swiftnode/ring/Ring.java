package io.swiftnode.ring;

import io.swiftnode.disk.HashPath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.logging.Logger;

/**
 * A ring file and Swift 2.30.1's lookups on it ({@code swift.common.ring.Ring}): partition of a
 * name, primary nodes of a partition and the handoff order.
 *
 * <p>Reload: on access, at most once every {@code reloadTime} (default 15 s), the file's mtime is
 * compared with that of the loaded data and the file is read again when it differs, as Swift does.
 * Unlike Swift, a failed reload (file missing, unreadable or invalid) keeps serving the previous
 * data, logs a warning and retries at the next check; the first load must succeed.
 *
 * <p>Each call works on one consistent snapshot; to make several lookups against the same data use
 * {@link #data()} once, or note that {@link #moreNodes} keeps the snapshot it started with.
 *
 * <p>Thread-safe: the loaded data is immutable and published through a volatile field; reloads are
 * serialized on a lock and never block readers of the current data.
 */
public final class Ring {
    /** Swift's {@code DEFAULT_RELOAD_TIME}. */
    public static final Duration DEFAULT_RELOAD_TIME = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(Ring.class.getName());

    private record Loaded(Placement placement, FileTime mtime) {
    }

    private final Path file;
    private final long reloadNanos;
    private final Object reloadLock = new Object();
    private volatile Loaded loaded;
    private volatile long nextCheck;

    /**
     * Loads {@code file} now.
     *
     * @throws NoSuchFileException if the file does not exist (the message names it)
     * @throws IOException         if it cannot be read or is not a valid ring
     */
    public Ring(Path file, Duration reloadTime) throws IOException {
        if (reloadTime.isNegative()) {
            throw new IllegalArgumentException("negative reload time " + reloadTime);
        }
        this.file = file;
        this.reloadNanos = reloadTime.toNanos();
        this.loaded = read(file);
        this.nextCheck = System.nanoTime() + reloadNanos;
    }

    /** Loads {@code file} with the default reload time of 15 s. */
    public static Ring load(Path file) throws IOException {
        return new Ring(file, DEFAULT_RELOAD_TIME);
    }

    private static Loaded read(Path file) throws IOException {
        FileTime mtime;
        try {
            mtime = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "ring file does not exist");
        }
        return new Loaded(new Placement(RingData.load(file)), mtime);
    }

    private Placement current() {
        long now = System.nanoTime();
        if (now - nextCheck > 0) {
            reloadIfChanged(now);
        }
        return loaded.placement();
    }

    private void reloadIfChanged(long now) {
        synchronized (reloadLock) {
            if (now - nextCheck <= 0) {
                return;
            }
            nextCheck = now + reloadNanos;
            try {
                FileTime mtime = Files.getLastModifiedTime(file);
                if (!mtime.equals(loaded.mtime())) {
                    Loaded fresh = read(file);
                    loaded = fresh;
                    LOG.info(() -> "Reloaded ring " + file + " (mtime " + fresh.mtime() + ")");
                }
            } catch (IOException | RuntimeException e) {
                LOG.warning(() -> "Could not reload ring " + file + "; keeping the loaded one: " + e);
            }
        }
    }

    /** The ring file. */
    public Path file() {
        return file;
    }

    /** The current data (checking for a reload first): a consistent snapshot for several lookups. */
    public RingData data() {
        return current().data();
    }

    /** The mtime, in ms since the epoch, of the file the current data was read from. */
    public long fileMtimeMillis() {
        current();
        return loaded.mtime().toMillis();
    }

    /** The partition of a hash-path digest: its first four bytes, big-endian, {@code >> part_shift}. */
    public int partition(byte[] digest) {
        return HashPath.partition(digest, current().data().partPower());
    }

    /** Swift's {@code get_part(account, container, object)}; {@code container}/{@code object} may be null. */
    public int partition(HashPath hashPath, String account, String container, String object) {
        return partition(hashPath.digest(account, container, object));
    }

    /**
     * Swift's {@code get_part_nodes}: the devices of the replica rows for {@code part}, in row order,
     * each device once; a device's position in the list is Swift's {@code index}. Unmodifiable.
     *
     * @throws IllegalArgumentException if {@code part} is not a partition of this ring
     */
    public List<RingDevice> partNodes(int part) {
        return current().partNodes(part);
    }

    /**
     * Swift 2.30.1's {@code get_more_nodes}: the handoff devices for {@code part}, lazily, in Swift's
     * order; the n-th element has Swift's {@code handoff_index} n. The iterator is not thread-safe
     * and uses the data current when it was created.
     *
     * @throws IllegalArgumentException if {@code part} is not a partition of this ring
     */
    public Iterator<RingDevice> moreNodes(int part) {
        return current().moreNodes(part);
    }

    /** Number of partitions ({@code 2^partPower()}). */
    public int partitionCount() {
        return current().data().partitionCount();
    }

    public int partPower() {
        return current().data().partPower();
    }

    /** Replica count, fractional when the last replica row is shorter. */
    public double replicaCount() {
        return current().data().replicaCount();
    }

    /** Devices indexed by id, {@code null} for removed devices. Unmodifiable, never null itself. */
    public List<RingDevice> devices() {
        return current().data().devices();
    }

    /** {@code next_part_power} during a partition power increase, else {@code null}. */
    public Integer nextPartPower() {
        return current().data().nextPartPower();
    }

    /** The builder's {@code version} counter, or {@code null}. */
    public Integer version() {
        return current().data().version();
    }

    @Override
    public String toString() {
        return "Ring[" + file + "]";
    }
}
