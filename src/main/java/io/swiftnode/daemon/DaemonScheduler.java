package io.swiftnode.daemon;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * Starts every enabled {@link Daemon} in run-forever mode when the application starts, stops them
 * when it stops, and runs single passes on request. Passes run on the container's daemon executor
 * ({@link #JNDI_NAME}), so they have the application's context and are cancelled on undeploy.
 *
 * <p>Thread-safe: the runner map is built once at start-up and only read afterwards.
 */
@ApplicationScoped
public class DaemonScheduler {
    /** JNDI name of the daemons' executor, defined by {@code ops.DaemonExecutor}. */
    public static final String JNDI_NAME = "java:app/concurrent/swiftnode-daemons";

    private static final Logger LOG = Logger.getLogger(DaemonScheduler.class.getName());

    @Resource(lookup = JNDI_NAME)
    private ManagedScheduledExecutorService executor;

    @Inject
    @Any
    private Instance<Daemon> daemons;

    private volatile Map<String, DaemonRunner> runners = Map.of();

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        Map<String, DaemonRunner> map = new TreeMap<>();
        for (Daemon d : daemons) {
            DaemonRunner r = new DaemonRunner(d);
            map.put(d.name(), r);
            if (d.enabled()) {
                LOG.info(() -> "Starting " + d.name() + " in run-forever mode, interval " + d.interval() + "s");
                r.startForever(executor);
            }
        }
        runners = Collections.unmodifiableMap(map);
    }

    @PreDestroy
    void stop() {
        for (DaemonRunner r : runners.values()) {
            r.stop();
        }
    }

    /** The state of every daemon, by name. */
    public List<DaemonStatus> statuses() {
        List<DaemonStatus> out = new ArrayList<>();
        for (DaemonRunner r : runners.values()) {
            out.add(r.status());
        }
        return out;
    }

    /** The runner of the daemon called {@code name}. */
    public Optional<DaemonRunner> runner(String name) {
        return Optional.ofNullable(runners.get(name));
    }

    /**
     * Runs one pass of {@code name} on the daemon executor and waits for it.
     *
     * @return the pass's statistics
     * @throws ExecutionException if the pass failed
     */
    public Map<String, Object> runOnce(String name) throws InterruptedException, ExecutionException {
        DaemonRunner r = runners.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no daemon " + name);
        }
        Future<Map<String, Object>> f = executor.submit(r::runOnce);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        }
    }
}
