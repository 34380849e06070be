package io.swiftnode.daemon;

import java.util.Map;

/**
 * One background daemon of an object node (replicator, updater, auditor): something that makes
 * passes over the local devices. Implementations are CDI beans; {@link DaemonScheduler} finds them
 * all, runs each forever when its config section enables it, and runs single passes on request.
 *
 * <p>Implementations must be thread-safe for {@link #name()}, {@link #enabled()} and
 * {@link #interval()}; {@link #runPass()} is never called concurrently for one daemon (the
 * scheduler serialises passes) and must end promptly once its thread is interrupted.
 */
public interface Daemon {

    /** The daemon's short name as used in the admin API: {@code replicator}, {@code updater}, {@code auditor}. */
    String name();

    /** Whether the node's config asks for this daemon to run forever (its section is present). */
    boolean enabled();

    /** Seconds to wait after one pass ends before the next starts, in run-forever mode. */
    double interval();

    /**
     * Whether {@link #interval()} is the minimum time from one pass's start to the next (Swift's
     * updater sleeps {@code interval - elapsed}) rather than the pause after a pass ends (replicator,
     * auditor).
     */
    default boolean intervalFromPassStart() {
        return false;
    }

    /**
     * Seconds to wait before the first pass in run-forever mode (Swift's updater waits a random
     * fraction of its interval so that the nodes of a cluster do not sweep in step).
     */
    default double firstDelay() {
        return 0;
    }

    /**
     * Makes one complete pass and returns its statistics (names as Swift's stats and recon keys,
     * values JSON-friendly: numbers, strings, booleans, nested maps). The daemon writes its own
     * recon entries and log lines.
     *
     * @throws InterruptedException if the pass was cut short by an interrupt (shutdown)
     */
    Map<String, Object> runPass() throws InterruptedException;
}
