package io.swiftnode.ops;

import io.swiftnode.config.ServerConfig;
import io.swiftnode.config.StoragePolicy;
import io.swiftnode.config.SwiftConf;
import io.swiftnode.daemon.DaemonScheduler;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The one thread pool of the background daemons (replicator, updater, auditor): a container-managed
 * {@link ManagedScheduledExecutorService}, so that tasks run with the application's context (CDI,
 * JNDI, class loader) and are cancelled by the container on undeploy instead of leaking threads.
 * Inject this bean and call {@link #executor()}, or look the executor up directly with
 * {@code @Resource(lookup = DaemonExecutor.JNDI_NAME)}.
 *
 * <p>Observing application start-up makes this bean, and through it the configuration, load when
 * the WAR deploys: a bad config fails the deployment at once, and the start-up line names what this
 * node serves.
 *
 * <p>Thread-safe: the container injects the fields before any use and the executor is thread-safe.
 */
@ManagedScheduledExecutorDefinition(name = DaemonExecutor.JNDI_NAME, maxAsync = DaemonExecutor.MAX_ASYNC)
@ApplicationScoped
public class DaemonExecutor {
    /** JNDI name of the daemons' executor. */
    public static final String JNDI_NAME = DaemonScheduler.JNDI_NAME;
    /** Upper bound of concurrently running daemon tasks. */
    public static final int MAX_ASYNC = 8;

    private static final Logger LOG = Logger.getLogger(DaemonExecutor.class.getName());

    @Resource(lookup = JNDI_NAME)
    private ManagedScheduledExecutorService executor;

    @Inject
    private ServerConfig server;

    @Inject
    private SwiftConf swift;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.info(() -> startupLine(server, swift));
    }

    /** The daemons' executor. */
    public ManagedScheduledExecutorService executor() {
        return executor;
    }

    static String startupLine(ServerConfig server, SwiftConf swift) {
        return "Swift object node: config " + server.file()
                + ", swift.conf " + swift.file()
                + ", bind " + server.node().bindIp() + ":" + server.node().bindPort()
                + ", devices " + server.node().devices() + " (mount_check " + server.node().mountCheck() + ")"
                + ", policies [" + swift.policies().stream().map(StoragePolicy::toString)
                        .collect(Collectors.joining(", ")) + "]"
                + ", daemon executor " + JNDI_NAME;
    }
}
