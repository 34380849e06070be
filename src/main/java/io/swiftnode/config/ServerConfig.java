package io.swiftnode.config;

import io.swiftnode.disk.DiskConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code object-server.conf} (file or {@code .conf} directory), typed: what the object server
 * itself sees (PasteDeploy semantics for {@code [app:object-server]} and its filters) and what each
 * object daemon sees ({@code readconf} semantics for its section). Both views are read from the same
 * file, exactly as the Python processes of a node read it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param file         the config file or directory read
 * @param pipeline     {@code [pipeline:main] pipeline} (empty if absent)
 * @param node         process-level options of the object server
 * @param objectServer HTTP behaviour options of {@code [app:object-server]}
 * @param healthcheck  the healthcheck filter's options
 * @param recon        the recon filter's options
 * @param replicator   {@code [object-replicator]}
 * @param updater      {@code [object-updater]}
 * @param auditor      {@code [object-auditor]}
 * @param admin        who may use the admin API
 */
public record ServerConfig(Path file, List<String> pipeline, NodeConfig node, ObjectServerConfig objectServer,
        HealthcheckConfig healthcheck, ReconConfig recon, ReplicatorConfig replicator, UpdaterConfig updater,
        AuditorConfig auditor, AdminConfig admin) {

    /** The app section the object server is configured by. */
    public static final String APP_NAME = "object-server";

    public ServerConfig {
        pipeline = List.copyOf(pipeline);
    }

    /**
     * Reads and validates a config.
     *
     * @throws ConfigException if the file cannot be read, has syntax errors, lacks
     *                         {@code [app:object-server]} or has a value Swift would reject
     */
    public static ServerConfig load(Path file) {
        PasteDeploy paste = PasteDeploy.read(file);
        Options app = new Options(file + " [app:" + APP_NAME + "]", paste.appConfig(APP_NAME));
        NodeConfig node = NodeConfig.from(app);
        AdminConfig admin = AdminConfig.from(app);
        ObjectServerConfig objectServer = ObjectServerConfig.from(app);
        List<String> pipeline = paste.mainPipeline();

        Optional<String> hcName = filterName(paste, pipeline, HealthcheckConfig.EGG, "healthcheck");
        Map<String, String> hc = hcName.flatMap(paste::filterConfig).orElse(paste.defaults());
        String disable = hc.getOrDefault("disable_path", "");
        HealthcheckConfig healthcheck = new HealthcheckConfig(hcName.map(pipeline::contains).orElse(false),
                disable.isEmpty() ? Optional.empty() : Optional.of(Path.of(disable)));

        Optional<String> reconName = filterName(paste, pipeline, ReconConfig.EGG, "recon");
        Map<String, String> rc = reconName.flatMap(paste::filterConfig).orElse(paste.defaults());
        ReconConfig recon = new ReconConfig(reconName.map(pipeline::contains).orElse(false),
                Path.of(rc.getOrDefault("recon_cache_path", ReplicatorConfig.DEFAULT_RECON_CACHE_PATH)),
                Path.of(rc.getOrDefault("recon_lock_path", "/var/lock")),
                rc.getOrDefault("devices", "/srv/node"), rc.getOrDefault("swift_dir", "/etc/swift"));

        IniFile ini = IniFile.read(file, IniFile.Dialect.READCONF, Map.of());
        Options replicator = daemonOptions(file, ini, ReplicatorConfig.SECTION);
        Options updater = daemonOptions(file, ini, UpdaterConfig.SECTION);
        Options auditor = daemonOptions(file, ini, AuditorConfig.SECTION);
        Options replicatorForAuditor = ini.hasSection(ReplicatorConfig.SECTION)
                ? daemonOptions(file, ini, ReplicatorConfig.SECTION) : null;
        return new ServerConfig(file, pipeline, node, objectServer, healthcheck, recon,
                ReplicatorConfig.from(ini.hasSection(ReplicatorConfig.SECTION), replicator),
                UpdaterConfig.from(ini.hasSection(UpdaterConfig.SECTION), updater),
                AuditorConfig.from(ini.hasSection(AuditorConfig.SECTION), auditor, replicatorForAuditor),
                admin);
    }

    /**
     * What the disk layer needs, from this config and the cluster's swift.conf: every
     * replication-type policy (deprecated ones still hold data) is served.
     */
    public DiskConfig diskConfig(SwiftConf swift) {
        return new DiskConfig(node.devices(), node.mountCheck(), swift.hashPath(), swift.replicationPolicyIndexes(),
                node.reclaimAge(), objectServer.mbPerSync(), node.fallocateReserve(), node.disableFallocate());
    }

    /** {@code readconf(file, section)}; a missing section yields the {@code [DEFAULT]} values alone. */
    private static Options daemonOptions(Path file, IniFile ini, String section) {
        String name = ini.hasSection(section) ? section : IniFile.DEFAULT_SECTION;
        return new Options(file + " [" + section + "]", ini.items(name));
    }

    /** The filter implementing {@code egg}: the pipeline member using it, else {@code [filter:fallback]}. */
    private static Optional<String> filterName(PasteDeploy paste, List<String> pipeline, String egg, String fallback) {
        for (String name : pipeline.subList(0, Math.max(0, pipeline.size() - 1))) {
            if (paste.filterUse(name).map(egg::equals).orElse(false)) {
                return Optional.of(name);
            }
        }
        return paste.hasFilter(fallback) ? Optional.of(fallback) : Optional.empty();
    }
}
