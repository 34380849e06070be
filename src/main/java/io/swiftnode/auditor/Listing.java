package io.swiftnode.auditor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Directory listings as the walk needs them: Swift's {@code listdir} (a missing directory is
 * empty; names in the file system's order) and a variant that tells "not a directory" apart.
 *
 * <p>Stateless and thread-safe.
 */
final class Listing {
    private Listing() {
    }

    /** The entry names of {@code dir}; empty when it does not exist. */
    static List<String> list(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return out;
    }

    /** As {@link #list}, but null when {@code path} is not a directory (a file, as Swift's ENOTDIR). */
    static List<String> listIfDirectory(Path path) throws IOException {
        try {
            return list(path);
        } catch (NotDirectoryException e) {
            return null;
        }
    }
}
