package io.swiftnode.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Durable file-system steps shared by every writer: fsync of a directory, and Swift's
 * {@code renamer}: create the target's missing parents, rename, then fsync the target's directory
 * and one more parent level for each directory that was created.
 *
 * <p>Stateless and thread-safe.
 */
public final class Durable {
    private Durable() {
    }

    /** fsync a directory so that entries created or renamed in it survive a crash. */
    public static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Creates {@code dir} and its missing parents, answering how many were created. */
    static int makedirsCount(Path dir) throws IOException {
        int count = 0;
        Path p = dir;
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
        while (p != null && !Files.isDirectory(p)) {
            missing.push(p);
            p = p.getParent();
        }
        for (Path m : missing) {
            try {
                Files.createDirectory(m);
                count++;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(m)) {
                    throw e;
                }
            }
        }
        return count;
    }

    /**
     * Atomically renames {@code from} to {@code to} (replacing it), creating parents; with
     * {@code fsync}, makes the new entry and every created directory durable.
     */
    public static void rename(Path from, Path to, boolean fsync) throws IOException {
        Path dir = to.getParent();
        int count;
        try {
            count = makedirsCount(dir);
            move(from, to);
        } catch (java.nio.file.NoSuchFileException e) {
            // a cleanup removed the empty directory between our mkdir and rename: once more
            if (!Files.exists(from)) {
                throw e;
            }
            count = makedirsCount(dir);
            move(from, to);
        }
        if (fsync) {
            Path d = dir;
            for (int i = 0; i <= count && d != null; i++) {
                fsyncDir(d);
                d = d.getParent();
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("tmp dir and target are on different filesystems: " + from + " -> " + to, e);
        }
    }
}
