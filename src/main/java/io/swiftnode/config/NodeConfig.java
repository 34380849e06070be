package io.swiftnode.config;

import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.FallocateReserve;

import java.nio.file.Path;
import java.util.Set;

/**
 * The process-level options of the object server ({@code [DEFAULT]} ones in Swift's sample config),
 * as the object server's app conf resolves them: {@code [DEFAULT]}, overridden only by
 * {@code set key = value} in {@code [app:object-server]} (see {@link PasteDeploy}).
 *
 * <p>{@code bind_port} defaults to 6200 here; Swift 2.30.1 refuses to start without an explicit
 * {@code bind_port}. {@code workers}, {@code servers_per_port} and {@code max_clients} shape
 * eventlet's process model, which has no counterpart in one JVM: they are kept for reporting.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bindIp           {@code bind_ip} (default {@code 0.0.0.0})
 * @param bindPort         {@code bind_port} (default 6200)
 * @param user             {@code user} (default {@code swift})
 * @param swiftDir         {@code swift_dir} (default {@code /etc/swift}): rings and, here, swift.conf
 * @param devices          {@code devices} (default {@code /srv/node})
 * @param mountCheck       {@code mount_check} (default true)
 * @param workers          {@code workers}; {@code auto} (default) is the CPU count
 * @param serversPerPort   {@code servers_per_port} (default 0)
 * @param maxClients       {@code max_clients} (default 1024)
 * @param disableFallocate {@code disable_fallocate} (default false)
 * @param fallocateReserve {@code fallocate_reserve} (default {@code 1%})
 * @param reclaimAge       {@code reclaim_age} in seconds (default 604800)
 * @param log              the {@code log_*} options (log name default {@code object-server})
 */
public record NodeConfig(String bindIp, int bindPort, String user, Path swiftDir, Path devices, boolean mountCheck,
        int workers, int serversPerPort, int maxClients, boolean disableFallocate, FallocateReserve fallocateReserve,
        long reclaimAge, LogConfig log) {

    public static final int DEFAULT_BIND_PORT = 6200;

    /** The keys this record models (with {@link LogConfig#KEYS}); daemon sections inherit them. */
    public static final Set<String> KEYS = Set.of("bind_ip", "bind_port", "user", "swift_dir", "devices",
            "mount_check", "workers", "servers_per_port", "max_clients", "disable_fallocate", "fallocate_reserve",
            "reclaim_age", "keep_idle", "bind_timeout", "backlog", "eventlet_debug", "ring_ip");

    static NodeConfig from(Options o) {
        return new NodeConfig(
                o.string("bind_ip", "0.0.0.0"),
                o.parse("bind_port", DEFAULT_BIND_PORT, ConfigValues::port),
                o.string("user", "swift"),
                Path.of(o.string("swift_dir", "/etc/swift")),
                Path.of(o.string("devices", "/srv/node")),
                o.bool("mount_check", true),
                o.convert("workers", o.raw("workers"),
                        v -> ConfigValues.configAutoIntValue(v, Runtime.getRuntime().availableProcessors())),
                o.intOr("servers_per_port", 0),
                o.intValue("max_clients", 1024),
                o.bool("disable_fallocate", false),
                o.convert("fallocate_reserve", o.string("fallocate_reserve", "1%"), ConfigValues::configFallocateValue),
                o.longValue("reclaim_age", DiskConfig.DEFAULT_RECLAIM_AGE),
                LogConfig.from(o, "object-server"));
    }
}
