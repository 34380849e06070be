package io.swiftnode.daemon;

import io.swiftnode.disk.FileLocks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The recon cache file shared by all object daemons of a node, {@code <recon_cache_path>/object.recon},
 * read by the {@code /recon} endpoints and {@code swift-recon}; Python daemons on the same node
 * write the same file.
 *
 * <p>Format: one line of JSON (an object; keys sorted, ASCII-escaped, see {@link ReconJson}) and a
 * newline. Update protocol, as Swift's {@code dump_recon_cache}: take {@code flock(LOCK_EX)} on the
 * cache file itself (created if missing), polled for up to 2 s; read the first line (invalid or
 * missing → empty object); merge the new entries — a map value is merged one level deep, key by
 * key, an empty map as a sub-value deletes that sub-key and a map left empty is removed; any other
 * value replaces the key; write a temporary file in the same directory and rename it over the
 * cache file (no fsync: the data is advisory). Failures are logged, never thrown.
 *
 * <p>Thread-safe: writers in this JVM and in other processes exclude each other through the flock.
 */
public final class ReconCache {
    /** Swift's file name for object daemons. */
    public static final String OBJECT_RECON = "object.recon";
    private static final Logger LOG = Logger.getLogger(ReconCache.class.getName());
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);

    private final Path file;

    public ReconCache(Path reconCachePath) {
        this.file = reconCachePath.resolve(OBJECT_RECON);
    }

    public Path file() {
        return file;
    }

    /** Merges {@code entries} into the cache; logs and returns false on failure. */
    public boolean update(Map<String, ?> entries) {
        try {
            Files.createDirectories(file.getParent());
            try (FileLocks.Held lock = FileLocks.lockFile(file, LOCK_TIMEOUT)) {
                Map<String, Object> cache = read();
                entries.forEach((k, v) -> merge(cache, k, v));
                Path tmp = Files.createTempFile(file.getParent(), ".object.recon", ".tmp");
                try {
                    Files.writeString(tmp, ReconJson.write(cache) + "\n", StandardCharsets.US_ASCII);
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Exception dumping recon cache: " + file, e);
            return false;
        }
    }

    /** The cache's content; an empty map when it is missing or not a JSON object. */
    public Map<String, Object> read() {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return ReconJson.readObject(nl < 0 ? text : text.substring(0, nl));
        } catch (IOException | RuntimeException e) {
            return new LinkedHashMap<>();
        }
    }

    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> cache, String key, Object item) {
        if (item instanceof Map<?, ?> m) {
            Object cur = cache.get(key);
            Map<String, Object> target;
            if (cur instanceof Map<?, ?>) {
                target = (Map<String, Object>) cur;
            } else {
                target = new LinkedHashMap<>();
                cache.put(key, target);
            }
            m.forEach((k, v) -> {
                if (v instanceof Map<?, ?> mv && mv.isEmpty()) {
                    target.remove(String.valueOf(k));
                } else {
                    target.put(String.valueOf(k), v);
                }
            });
            if (target.isEmpty()) {
                cache.remove(key);
            }
        } else {
            cache.put(key, item);
        }
    }
}
