/**
 * The object updater (object-daemons.md §3): the daemon that sends container updates the object
 * server could not deliver, saved as async pendings (object-disk-format.md §11), to the container
 * servers of the container ring, as Swift 2.30.1's {@code swift-object-updater}.
 *
 * <p>Owns: the sweep of the {@code async_pending[-N]} dirs of every device
 * ({@link io.swiftnode.updater.AsyncPendingScanner}: newest file per object, older ones unlinked,
 * unreadable ones quarantined), the rate limits ({@code objects_per_second} through the shared
 * token bucket, per-container buckets with the deferral queue,
 * {@link io.swiftnode.updater.ContainerRateLimiter}), the delivery of one update to its container
 * nodes with {@code successes}, shard redirects and partial-success rewrites
 * ({@link io.swiftnode.updater.UpdateProcessor}), the sweep statistics and the daemon bean
 * ({@link io.swiftnode.updater.ObjectUpdater}).
 *
 * <p>Depends on {@code daemon} (the Daemon interface, recon cache, token bucket), {@code disk}
 * (device checks, pickles, durable renames), {@code backend} (the container-update HTTP client)
 * and {@code ring} (only in {@link io.swiftnode.updater.RingContainerNodes}, behind
 * {@link io.swiftnode.updater.ContainerNodes}); never on {@code http}.
 */
package io.swiftnode.updater;
