package io.swiftnode.auditor;

import io.swiftnode.disk.DiskFileDeviceUnavailable;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.PolicyDirs;
import io.swiftnode.util.LookAheadIterator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.logging.Logger;

/**
 * The hash directories of one storage policy, in Swift's audit order ({@code object_audit_location_generator}):
 * the devices in the devices root, shuffled; a device failing {@link DiskFileManager#devicePath}
 * (bad name, not a directory, not mounted under {@code mount_check}) is skipped with a warning;
 * per device the partitions of its {@link AuditStatusFile} (resume) or its data-dir listing; per
 * partition its suffixes and per suffix its hash directories, in listing order. Entries that are
 * files where a directory is expected ({@code hashes.pkl}, {@code .lock}, the status files) are
 * skipped. Before each partition the status file is updated (at most once a minute), and when the
 * device is done it is emptied. Lazy: the next directory is listed only when needed.
 *
 * <p>Not thread-safe: one walk belongs to one pass.
 */
final class AuditWalk extends LookAheadIterator<AuditLocation> {
    private static final Logger LOG = Logger.getLogger(AuditWalk.class.getName());

    private final DiskFileManager disk;
    private final int policy;
    private final AuditorType type;
    private final DoubleSupplier clock;
    private final Deque<String> devices;

    private String device;
    private Path dataDir;
    private List<String> partitions; // of the current device, null between devices
    private int partPos;
    private String partition;
    private Path partDir;
    private Iterator<String> suffixes = Collections.emptyIterator();
    private Path suffixDir;
    private Iterator<String> hashes = Collections.emptyIterator();

    /**
     * @param only  device names to walk (others are ignored), or null for all
     * @param clock epoch seconds, for the status file's once-a-minute rule
     */
    AuditWalk(DiskFileManager disk, int policy, AuditorType type, Collection<String> only, Random random,
            DoubleSupplier clock) throws IOException {
        this.disk = disk;
        this.policy = policy;
        this.type = type;
        this.clock = clock;
        List<String> names = new ArrayList<>(Listing.list(disk.config().devices()));
        if (only != null) {
            names.retainAll(only);
        }
        Collections.shuffle(names, random);
        this.devices = new ArrayDeque<>(names);
    }

    @Override
    protected AuditLocation computeNext() throws IOException {
        while (true) {
            if (hashes.hasNext()) {
                return new AuditLocation(suffixDir.resolve(hashes.next()), device, partition, policy);
            }
            if (suffixes.hasNext()) {
                suffixDir = partDir.resolve(suffixes.next());
                hashes = iterate(suffixDir);
                continue;
            }
            if (partitions != null && partPos < partitions.size()) {
                AuditStatusFile.update(dataDir, type, partitions.subList(partPos, partitions.size()),
                        clock.getAsDouble());
                partition = partitions.get(partPos++);
                partDir = dataDir.resolve(partition);
                suffixes = iterate(partDir);
                continue;
            }
            if (partitions != null) {
                AuditStatusFile.update(dataDir, type, List.of(), clock.getAsDouble());
                partitions = null;
            }
            if (devices.isEmpty()) {
                return null;
            }
            startDevice(devices.poll());
        }
    }

    private void startDevice(String name) throws IOException {
        Path devicePath;
        try {
            devicePath = disk.devicePath(name);
        } catch (DiskFileDeviceUnavailable e) {
            LOG.warning("Skipping: " + name + " is not mounted or not a valid device");
            return;
        }
        Path dir = devicePath.resolve(PolicyDirs.objects(policy));
        if (!Files.isDirectory(dir)) {
            return;
        }
        device = name;
        dataDir = dir;
        partitions = AuditStatusFile.partitions(dir, type);
        partPos = 0;
    }

    /** The entries of a partition or suffix dir; nothing when it is a file or cannot be listed. */
    private static Iterator<String> iterate(Path dir) {
        try {
            List<String> names = Listing.listIfDirectory(dir);
            return names == null ? Collections.emptyIterator() : names.iterator();
        } catch (IOException e) {
            LOG.warning("Cannot list " + dir + " (" + e + "); skipping it");
            return Collections.emptyIterator();
        }
    }

    /**
     * Swift's {@code round_robin_iter}: one location from each walk in turn until all are exhausted.
     */
    static Iterator<AuditLocation> roundRobin(List<? extends Iterator<AuditLocation>> walks) {
        List<Iterator<AuditLocation>> live = new ArrayList<>(walks);
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                while (!live.isEmpty()) {
                    if (i >= live.size()) {
                        i = 0;
                    }
                    if (live.get(i).hasNext()) {
                        return true;
                    }
                    live.remove(i);
                }
                return false;
            }

            @Override
            public AuditLocation next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return live.get(i++).next();
            }
        };
    }
}
