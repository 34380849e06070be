/**
 * Operations: what runs the node and lets operators look at it, as opposed to serving objects.
 *
 * <ul>
 * <li>{@link io.swiftnode.ops.HealthcheckServlet}: Swift's {@code /healthcheck} (200 {@code OK}, or 503
 *     {@code DISABLED BY FILE} while {@code disable_path} exists).</li>
 * <li>{@link io.swiftnode.ops.ReconServlet} and {@link io.swiftnode.ops.Recon}: Swift's {@code recon} filter,
 *     {@code /recon/*} (object-daemons.md §5.3) when {@code [pipeline:main]} lists it (registered by
 *     {@link io.swiftnode.ops.ReconRegistration}, reached through the object servlet); otherwise those
 *     paths stay object-server paths.</li>
 * <li>{@link io.swiftnode.ops.DaemonExecutor}: the container-managed scheduled executor every
 *     background daemon runs on ({@code java:app/concurrent/swiftnode-daemons}); it also loads the
 *     configuration at deployment and logs what the node serves.</li>
 * </ul>
 *
 * <p>Depends on {@code io.swiftnode.config} (and may use {@code disk}); nothing depends on it.
 */
package io.swiftnode.ops;
