package io.swiftnode.config;

import io.swiftnode.disk.DiskConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code [object-auditor]} as Swift 2.30.1's {@code ObjectAuditor} and {@code AuditorWorker} read it
 * ({@code readconf} semantics). Two values depend on {@code [object-replicator]}, as in Swift:
 * {@code rsync_tempfile_timeout = auto} is the replicator's {@code rsync_timeout} + 900 (86400 when
 * that section is missing), and a {@code reclaim_age} set only in the replicator section applies.
 * Times are seconds.
 *
 * <p>Immutable and thread-safe.
 *
 * @param present                whether the file has the section
 * @param devices                {@code devices} (/srv/node)
 * @param mountCheck             {@code mount_check} (true)
 * @param concurrency            {@code concurrency} (1)
 * @param zeroByteFilesPerSecond {@code zero_byte_files_per_second} (50; 0 disables the ZBF pass)
 * @param interval               {@code interval} (30)
 * @param filesPerSecond         {@code files_per_second} (20)
 * @param bytesPerSecond         {@code bytes_per_second} (10000000)
 * @param logTime                {@code log_time} (3600)
 * @param objectSizeStats        {@code object_size_stats}, sorted (empty: none)
 * @param rsyncTempfileTimeout   {@code rsync_tempfile_timeout} (auto, see above)
 * @param reclaimAge             {@code reclaim_age} (see above; 604800)
 * @param watchers               {@code watchers} (empty: none)
 * @param reconCachePath         {@code recon_cache_path} (/var/cache/swift)
 * @param log                    the {@code log_*} options (name default {@code object-auditor})
 * @param others                 section options not modelled here nor by {@link NodeConfig}
 */
public record AuditorConfig(boolean present, Path devices, boolean mountCheck, int concurrency,
        int zeroByteFilesPerSecond, double interval, double filesPerSecond, double bytesPerSecond, int logTime,
        List<Integer> objectSizeStats, int rsyncTempfileTimeout, long reclaimAge, List<String> watchers,
        Path reconCachePath, LogConfig log, Map<String, String> others) {

    public static final String SECTION = "object-auditor";

    public AuditorConfig {
        objectSizeStats = List.copyOf(objectSizeStats);
        watchers = List.copyOf(watchers);
        others = Map.copyOf(others);
    }

    /**
     * @param replicator the {@code [object-replicator]} options, or null if the file has no such section
     */
    static AuditorConfig from(boolean present, Options o, Options replicator) {
        int defaultTempfileTimeout = replicator == null ? 86400
                : replicator.intValue("rsync_timeout", ReplicatorConfig.DEFAULT_RSYNC_TIMEOUT) + 900;
        String reclaim = o.raw("reclaim_age");
        if (reclaim == null && replicator != null) {
            reclaim = replicator.raw("reclaim_age");
        }
        List<Integer> sizes = new ArrayList<>();
        for (String s : ConfigValues.listFromCsv(o.raw("object_size_stats"))) {
            sizes.add(o.convert("object_size_stats", s, ConfigValues::pyIntAsInt));
        }
        Collections.sort(sizes);
        return new AuditorConfig(present,
                Path.of(o.string("devices", "/srv/node")),
                o.bool("mount_check", true),
                o.intValue("concurrency", 1),
                o.intValue("zero_byte_files_per_second", 50),
                o.floatValue("interval", 30),
                o.floatValue("files_per_second", 20),
                o.floatValue("bytes_per_second", 10000000),
                o.intValue("log_time", 3600),
                sizes,
                o.convert("rsync_tempfile_timeout", o.raw("rsync_tempfile_timeout"),
                        v -> ConfigValues.configAutoIntValue(v, defaultTempfileTimeout)),
                reclaim == null ? DiskConfig.DEFAULT_RECLAIM_AGE
                        : o.convert("reclaim_age", reclaim, ConfigValues::pyInt),
                ConfigValues.listFromCsv(o.raw("watchers")),
                Path.of(o.string("recon_cache_path", ReplicatorConfig.DEFAULT_RECON_CACHE_PATH)),
                LogConfig.from(o, SECTION),
                o.others(ReplicatorConfig.inherited())); // evaluated last: every modelled key has been read
    }
}
