/**
 * What every background daemon of the node shares: the {@link io.swiftnode.daemon.Daemon}
 * interface (one pass, its stats), the scheduler that runs each daemon forever on the container's
 * {@code ManagedScheduledExecutorService} or once on request, the recon cache file
 * ({@code object.recon}) the daemons publish their stats in, and the token bucket their rate limits
 * use.
 *
 * <p>Daemons (replicator, updater, auditor) live in their own packages and depend on this one, on
 * {@code disk} and on {@code ring}; this package depends on none of them. {@code ops} serves the
 * daemons' state over HTTP.
 */
package io.swiftnode.daemon;
