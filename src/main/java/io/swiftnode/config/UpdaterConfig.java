package io.swiftnode.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code [object-updater]} as Swift 2.30.1's {@code ObjectUpdater} reads it ({@code readconf}
 * semantics: the section inherits {@code [DEFAULT]} and its own values win). Times are seconds.
 *
 * <p>Immutable and thread-safe.
 *
 * @param present                         whether the file has the section
 * @param devices                         {@code devices} (/srv/node)
 * @param mountCheck                      {@code mount_check} (true)
 * @param swiftDir                        {@code swift_dir} (/etc/swift): where container.ring.gz is
 * @param interval                        {@code interval} (300): minimum duration of a sweep
 * @param concurrency                     {@code concurrency} (8)
 * @param updaterWorkers                  {@code updater_workers} (1)
 * @param objectsPerSecond                {@code objects_per_second} (50; 0 = unlimited), or
 *                                        {@code 1 / (slowdown + 0.01)} when the deprecated {@code slowdown} is set
 * @param maxObjectsPerContainerPerSecond {@code max_objects_per_container_per_second} (0 = off)
 * @param perContainerRatelimitBuckets    {@code per_container_ratelimit_buckets} (1000)
 * @param nodeTimeout                     {@code node_timeout} (10)
 * @param connTimeout                     {@code conn_timeout} (0.5)
 * @param reportInterval                  {@code report_interval} (300)
 * @param reconCachePath                  {@code recon_cache_path} (/var/cache/swift)
 * @param maxDeferredUpdates              {@code max_deferred_updates} (10000)
 * @param log                             the {@code log_*} options (name default {@code object-updater})
 * @param others                          section options not modelled here nor by {@link NodeConfig}
 */
public record UpdaterConfig(boolean present, Path devices, boolean mountCheck, Path swiftDir, double interval,
        int concurrency, int updaterWorkers, double objectsPerSecond, double maxObjectsPerContainerPerSecond,
        int perContainerRatelimitBuckets, double nodeTimeout, double connTimeout, double reportInterval,
        Path reconCachePath, long maxDeferredUpdates, LogConfig log, Map<String, String> others) {

    public static final String SECTION = "object-updater";

    public UpdaterConfig {
        others = Map.copyOf(others);
    }

    static UpdaterConfig from(boolean present, Options o) {
        double defaultRate = 50;
        if (o.has("slowdown")) {
            defaultRate = 1 / (o.floatValue("slowdown", 0.01) + 0.01);
        }
        return new UpdaterConfig(present,
                Path.of(o.string("devices", "/srv/node")),
                o.bool("mount_check", true),
                Path.of(o.string("swift_dir", "/etc/swift")),
                o.floatValue("interval", 300),
                o.intValue("concurrency", 8),
                o.intValue("updater_workers", 1),
                o.floatValue("objects_per_second", defaultRate),
                o.parse("max_objects_per_container_per_second", 0.0, ConfigValues::nonNegativeFloat),
                o.parse("per_container_ratelimit_buckets", 1000, ConfigValues::configPositiveIntValue),
                o.floatValue("node_timeout", 10),
                o.floatValue("conn_timeout", 0.5),
                o.floatValue("report_interval", 300),
                Path.of(o.string("recon_cache_path", ReplicatorConfig.DEFAULT_RECON_CACHE_PATH)),
                o.parse("max_deferred_updates", 10000L, ConfigValues::nonNegativeInt),
                LogConfig.from(o, SECTION),
                o.others(ReplicatorConfig.inherited())); // evaluated last: every modelled key has been read
    }
}
