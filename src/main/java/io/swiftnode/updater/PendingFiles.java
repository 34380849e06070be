package io.swiftnode.updater;

import io.swiftnode.disk.Durable;
import io.swiftnode.disk.PolicyDirs;
import io.swiftnode.disk.pickle.AsyncPendingPickle;
import io.swiftnode.disk.pickle.AsyncPendingPickle.AsyncUpdate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What the updater does to async pending files besides reading them: remove one (and its prefix
 * directory when that is left empty), quarantine an unreadable one to
 * {@code <device>/quarantined/objects/<name>} (object-disk-format.md §12.2), and rewrite one in
 * place with the progress made (§11: pickle protocol 0, written in {@code <device>/tmp[-N]},
 * fsynced, renamed over the original).
 *
 * <p>Stateless and thread-safe.
 */
final class PendingFiles {
    private PendingFiles() {
    }

    /** Deletes {@code file} (gone already is fine) and tries to remove its prefix directory. */
    static void unlink(Path file) throws IOException {
        Files.deleteIfExists(file);
        pruneParent(file);
    }

    /** Removes the file's directory if it is empty now; otherwise leaves it. */
    static void pruneParent(Path file) {
        try {
            Files.delete(file.getParent());
        } catch (IOException e) {
            // not empty (the usual case), or already gone
        }
    }

    /**
     * Moves an unreadable async pending to {@code <device>/quarantined/objects/<name>} (replacing
     * a file of the same name there, as {@code rename(2)} does; no fsync), then tries to remove its
     * prefix directory.
     *
     * @return the quarantined file
     */
    static Path quarantine(Path device, Path file) throws IOException {
        Path target = device.resolve(PolicyDirs.QUARANTINED).resolve(PolicyDirs.OBJECTS)
                .resolve(file.getFileName().toString());
        Durable.rename(file, target, false);
        pruneParent(file);
        return target;
    }

    /** Rewrites {@code file} with {@code update}, through the policy's tmp dir on {@code device}. */
    static void rewrite(Path device, int policy, Path file, AsyncUpdate update) throws IOException {
        Path tmpDir = device.resolve(PolicyDirs.tmp(policy));
        Files.createDirectories(tmpDir);
        Path tmp = Files.createTempFile(tmpDir, "tmp", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer data = ByteBuffer.wrap(AsyncPendingPickle.encode(update));
                while (data.hasRemaining()) {
                    ch.write(data);
                }
                ch.force(true);
            }
            Durable.rename(tmp, file, true);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
