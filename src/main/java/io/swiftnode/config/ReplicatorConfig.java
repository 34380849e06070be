package io.swiftnode.config;

import io.swiftnode.disk.DiskConfig;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code [object-replicator]} as Swift 2.30.1's {@code ObjectReplicator} reads it ({@code readconf}
 * semantics: the section inherits {@code [DEFAULT]} and its own values win). Times are seconds.
 *
 * <p>Immutable and thread-safe.
 *
 * @param present                  whether the file has the section (Swift's daemon refuses to start without it)
 * @param devices                  {@code devices} (/srv/node)
 * @param mountCheck               {@code mount_check} (true)
 * @param swiftDir                 {@code swift_dir} (/etc/swift)
 * @param ringIp                   {@code ring_ip}, else {@code bind_ip}, else 0.0.0.0: how local devices are found
 * @param bindPort                 {@code bind_port} (6200)
 * @param serversPerPort           {@code servers_per_port} (0): when &gt; 0 the port is ignored for matching
 * @param concurrency              {@code concurrency} (1)
 * @param replicatorWorkers        {@code replicator_workers} (0)
 * @param statsInterval            {@code stats_interval} (300)
 * @param ringCheckInterval        {@code ring_check_interval} (15)
 * @param interval                 {@code interval}, else the deprecated {@code run_pause}, else 30
 * @param rsyncTimeout             {@code rsync_timeout} (900)
 * @param rsyncIoTimeout           {@code rsync_io_timeout} ("30"), passed to rsync verbatim
 * @param rsyncBwlimit             {@code rsync_bwlimit} ("0"), passed to rsync verbatim
 * @param rsyncCompress            {@code rsync_compress} (false)
 * @param rsyncModule              {@code rsync_module} without trailing {@code /}, default
 *                                 {@code {replication_ip}::object}
 * @param httpTimeout              {@code http_timeout} (60)
 * @param reconCachePath           {@code recon_cache_path} (/var/cache/swift)
 * @param connTimeout              {@code conn_timeout} (0.5)
 * @param nodeTimeout              {@code node_timeout} (10)
 * @param syncMethod               {@code sync_method}: {@code rsync} (default) or {@code ssync}
 * @param networkChunkSize         {@code network_chunk_size} (65536)
 * @param logRsyncTransfers        {@code log_rsync_transfers} (true)
 * @param rsyncErrorLogLineLength  {@code rsync_error_log_line_length} (0)
 * @param handoffsFirst            {@code handoffs_first} (false)
 * @param handoffDelete            {@code handoff_delete}; {@code auto} (default) is 0
 * @param reclaimAge               {@code reclaim_age} (604800)
 * @param log                      the {@code log_*} options (name default {@code object-replicator})
 * @param others                   section options not modelled here nor by {@link NodeConfig}
 */
public record ReplicatorConfig(boolean present, Path devices, boolean mountCheck, Path swiftDir, String ringIp,
        int bindPort, int serversPerPort, int concurrency, int replicatorWorkers, double statsInterval,
        double ringCheckInterval, double interval, int rsyncTimeout, String rsyncIoTimeout, String rsyncBwlimit,
        boolean rsyncCompress, String rsyncModule, int httpTimeout, Path reconCachePath, double connTimeout,
        double nodeTimeout, String syncMethod, int networkChunkSize, boolean logRsyncTransfers,
        int rsyncErrorLogLineLength, boolean handoffsFirst, int handoffDelete, long reclaimAge, LogConfig log,
        Map<String, String> others) {

    public static final String SECTION = "object-replicator";
    /** {@code replicator.DEFAULT_RSYNC_TIMEOUT}. */
    public static final int DEFAULT_RSYNC_TIMEOUT = 900;
    public static final String DEFAULT_RECON_CACHE_PATH = "/var/cache/swift";

    public ReplicatorConfig {
        others = Map.copyOf(others);
    }

    static ReplicatorConfig from(boolean present, Options o) {
        String bindIp = o.string("bind_ip", "0.0.0.0");
        String module = o.string("rsync_module", "").replaceAll("/+$", "");
        String syncMethod = o.stringOr("sync_method", "rsync");
        if (!syncMethod.equals("rsync") && !syncMethod.equals("ssync")) {
            throw new ConfigException(o.context() + ": sync_method must be rsync or ssync, not " + syncMethod);
        }
        int serversPerPort = o.intOr("servers_per_port", 0);
        return new ReplicatorConfig(present,
                Path.of(o.string("devices", "/srv/node")),
                o.bool("mount_check", true),
                Path.of(o.string("swift_dir", "/etc/swift")),
                o.string("ring_ip", bindIp),
                o.parse("bind_port", NodeConfig.DEFAULT_BIND_PORT, ConfigValues::port),
                serversPerPort,
                o.intValue("concurrency", 1),
                o.intValue("replicator_workers", 0),
                o.floatValue("stats_interval", 300),
                o.floatValue("ring_check_interval", 15),
                o.convert("interval", firstNonEmpty(o.raw("interval"), o.raw("run_pause"), "30"),
                        ConfigValues::pyFloat),
                o.intValue("rsync_timeout", DEFAULT_RSYNC_TIMEOUT),
                o.string("rsync_io_timeout", "30"),
                o.string("rsync_bwlimit", "0"),
                o.bool("rsync_compress", false),
                module.isEmpty() ? "{replication_ip}::object" : module,
                o.intValue("http_timeout", 60),
                Path.of(o.string("recon_cache_path", DEFAULT_RECON_CACHE_PATH)),
                o.floatValue("conn_timeout", 0.5),
                o.floatValue("node_timeout", 10),
                syncMethod,
                o.intValue("network_chunk_size", 65536),
                o.bool("log_rsync_transfers", true),
                o.intValue("rsync_error_log_line_length", 0),
                o.bool("handoffs_first", false),
                o.convert("handoff_delete", o.string("handoff_delete", "auto"),
                        v -> ConfigValues.configAutoIntValue(v, 0)),
                o.longValue("reclaim_age", DiskConfig.DEFAULT_RECLAIM_AGE),
                LogConfig.from(o, SECTION),
                o.others(inherited())); // evaluated last: every modelled key has been read
    }

    /** Keys a daemon section inherits from {@code [DEFAULT]} that other records model. */
    static Set<String> inherited() {
        Set<String> s = new HashSet<>(NodeConfig.KEYS);
        s.addAll(LogConfig.KEYS);
        s.addAll(ObjectServerConfig.KEYS);
        return s;
    }

    static String firstNonEmpty(String a, String b, String def) {
        if (a != null && !a.isEmpty()) {
            return a;
        }
        return b != null && !b.isEmpty() ? b : def;
    }
}
