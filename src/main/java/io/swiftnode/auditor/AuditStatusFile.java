package io.swiftnode.auditor;

import io.swiftnode.daemon.ReconJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Swift's auditor resume file, {@code <device>/objects[-N]/auditor_status_<TYPE>.json}: the
 * partitions of that device a pass has not finished yet, as {@code {"partitions": ["12", "7"]}}
 * (Python's {@code json.dumps}: {@code ", "} and {@code ": "} separators, ASCII, UTF-8, no newline).
 * A pass rewrites it before each partition, but not more often than once per {@link #MIN_UPDATE_SECONDS}
 * (judged by the file's mtime), sets it to an empty list when the device is done, and deletes it
 * when the whole pass is done; a pass that finds it resumes from the listed partitions. A Python
 * auditor reads and writes the same file, so either resumes the other's pass.
 *
 * <p>Stateless and thread-safe (the ALL and ZBF passes use different files).
 */
public final class AuditStatusFile {
    /** Swift's {@code MIN_TIME_UPDATE_AUDITOR_STATUS}. */
    public static final int MIN_UPDATE_SECONDS = 60;
    private static final Logger LOG = Logger.getLogger(AuditStatusFile.class.getName());

    private AuditStatusFile() {
    }

    /** The file of {@code type} in a policy's data dir ({@code <device>/objects[-N]}). */
    public static Path path(Path dataDir, AuditorType type) {
        return dataDir.resolve("auditor_status_" + type.name() + ".json");
    }

    /**
     * The partitions to audit on this device: those of the status file when it exists and parses,
     * else every entry of the data dir (in listing order; entries that are not directories are
     * skipped later, as in Swift).
     */
    public static List<String> partitions(Path dataDir, AuditorType type) throws IOException {
        Path file = path(dataDir, type);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Listing.list(dataDir);
        } catch (IOException e) {
            LOG.warning("Cannot read " + file + " (" + e + ")");
            return Listing.list(dataDir);
        }
        try {
            Map<String, Object> status = ReconJson.readObject(text);
            if (status.get("partitions") instanceof List<?> parts) {
                List<String> out = new ArrayList<>(parts.size());
                for (Object p : parts) {
                    out.add(String.valueOf(p));
                }
                return out;
            }
            LOG.warning("Loading JSON from " + file + " failed (no partitions list)");
        } catch (RuntimeException e) {
            LOG.warning("Loading JSON from " + file + " failed (" + e.getMessage() + ")");
        }
        return Listing.list(dataDir);
    }

    /**
     * Records the partitions still to do; skipped when the list is not empty and the file was
     * written less than {@link #MIN_UPDATE_SECONDS} before {@code nowSeconds}. Failures are logged.
     */
    public static void update(Path dataDir, AuditorType type, List<String> remaining, double nowSeconds) {
        Path file = path(dataDir, type);
        if (!remaining.isEmpty()) {
            try {
                double mtime = Files.getLastModifiedTime(file).toMillis() / 1000.0;
                if (mtime + MIN_UPDATE_SECONDS > nowSeconds) {
                    LOG.fine(() -> "Skipping the update of recently changed " + file);
                    return;
                }
            } catch (IOException e) {
                // missing: write it
            }
        }
        try {
            Files.writeString(file, ReconJson.write(Map.of("partitions", remaining)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot write " + file + " (" + e + ")");
        }
    }

    /** Deletes the file of {@code type} and policy dir {@code dataDirName} on every device under {@code devices}. */
    public static void clear(Path devices, String dataDirName, AuditorType type) {
        List<String> names;
        try {
            names = Listing.list(devices);
        } catch (IOException e) {
            LOG.warning("Cannot list " + devices + " (" + e + ")");
            return;
        }
        for (String device : names) {
            try {
                Files.deleteIfExists(path(devices.resolve(device).resolve(dataDirName), type));
            } catch (IOException e) {
                // Swift's remove_file ignores every OSError
            }
        }
    }
}
