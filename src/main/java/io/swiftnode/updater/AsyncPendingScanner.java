package io.swiftnode.updater;

import io.swiftnode.disk.PolicyDirs;
import io.swiftnode.disk.pickle.AsyncPendingPickle;
import io.swiftnode.disk.pickle.AsyncPendingPickle.AsyncUpdate;
import io.swiftnode.util.LookAheadIterator;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Walks the async pendings of one device lazily, as Swift's {@code _iter_async_pendings}
 * (object-daemons.md §3.2 step 4): every directory named {@code async_pending[-N]} whose policy is
 * configured (others are skipped with a warning), its prefix directories in random order, in each
 * the file names sorted descending; a name must be {@code <hash>-<timestamp>} (else an error is
 * counted and the file left alone); of several files of one hash only the first (newest) is read,
 * the older ones are unlinked unread; a file that cannot be unpickled is quarantined; a file that
 * vanished meanwhile is skipped. An unlistable directory counts as an error and is skipped.
 *
 * <p>Not thread-safe: one sweep thread iterates it.
 */
final class AsyncPendingScanner extends LookAheadIterator<PendingUpdate> {
    private static final Logger LOG = Logger.getLogger(AsyncPendingScanner.class.getName());

    private final Path device;
    private final Set<Integer> policies;
    private final SweepStats stats;
    private final Random random;
    private final Deque<Path> asyncDirs = new ArrayDeque<>();
    private final Deque<Path> prefixDirs = new ArrayDeque<>();
    private final Deque<Path> files = new ArrayDeque<>();
    private int policy;
    private String lastHash;
    private boolean started;

    AsyncPendingScanner(Path device, Set<Integer> policies, SweepStats stats, Random random) {
        this.device = device;
        this.policies = Set.copyOf(policies);
        this.stats = stats;
        this.random = random;
    }

    @Override
    protected PendingUpdate computeNext() {
        if (!started) {
            started = true;
            for (Path p : list(device)) {
                String name = p.getFileName().toString();
                if (name.startsWith(PolicyDirs.ASYNC_PENDING) && Files.isDirectory(p)) {
                    asyncDirs.add(p);
                }
            }
        }
        while (true) {
            Path file = files.poll();
            if (file != null) {
                PendingUpdate u = consider(file);
                if (u != null) {
                    return u;
                }
                continue;
            }
            Path prefix = prefixDirs.poll();
            if (prefix != null) {
                if (Files.isDirectory(prefix)) {
                    List<Path> names = list(prefix);
                    names.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
                    files.addAll(names);
                    lastHash = null;
                }
                continue;
            }
            Path asyncDir = asyncDirs.poll();
            if (asyncDir == null) {
                return null;
            }
            String name = asyncDir.getFileName().toString();
            int p = PolicyDirs.policyOf(name, PolicyDirs.ASYNC_PENDING);
            if (p < 0 || !policies.contains(p)) {
                LOG.warning(() -> "Directory '" + name + "' does not map to a valid policy ("
                        + (p < 0 ? "Invalid policy name " + name : "No policy with index " + p) + ")");
                continue;
            }
            policy = p;
            List<Path> prefixes = list(asyncDir);
            Collections.shuffle(prefixes, random);
            prefixDirs.addAll(prefixes);
        }
    }

    /** The update in {@code file}, or null when it is not one to send (handled here). */
    private PendingUpdate consider(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String name = file.getFileName().toString();
        String[] parts = name.split("-", -1);
        if (parts.length != 2) {
            stats.errors.incrementAndGet();
            LOG.severe(() -> "ERROR async pending file with unexpected name " + file);
            return null;
        }
        if (parts[0].equals(lastHash)) {
            stats.unlinks.incrementAndGet();
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                stats.errors.incrementAndGet();
                LOG.log(Level.SEVERE, "ERROR unlinking obsolete async pending " + file, e);
            }
            return null;
        }
        lastHash = parts[0];
        AsyncUpdate update = load(file);
        return update == null ? null : new PendingUpdate(device, policy, file, parts[0], parts[1], update);
    }

    /** Swift's {@code _load_update}: the content, or null when gone or quarantined. */
    private AsyncUpdate load(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            quarantine(file, e);
            return null;
        }
        try {
            return AsyncPendingPickle.decode(data);
        } catch (IOException | RuntimeException e) {
            quarantine(file, e);
            return null;
        }
    }

    private void quarantine(Path file, Exception why) {
        LOG.log(Level.SEVERE, "ERROR Pickle problem, quarantining " + file, why);
        stats.quarantines.incrementAndGet();
        try {
            PendingFiles.quarantine(device, file);
        } catch (IOException e) {
            stats.errors.incrementAndGet();
            LOG.log(Level.SEVERE, "ERROR quarantining " + file, e);
        }
    }

    /** The entries of a directory; an unlistable one counts as an error and lists as empty. */
    private List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p);
            }
        } catch (IOException e) {
            stats.errors.incrementAndGet();
            LOG.severe(() -> "ERROR: Unable to access " + dir + ": " + e);
            out.clear();
        }
        return out;
    }
}
