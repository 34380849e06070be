/**
 * The object server's HTTP face, exactly as Swift 2.30.1's {@code ObjectController} answers:
 * {@link io.swiftnode.http.ObjectServlet} routes {@code /<dev>/<part>/<a>/<c>/<o>} and
 * {@code /<dev>/<part>[/<suffixes>]} to one handler per verb (PUT, GET/HEAD, POST, DELETE,
 * REPLICATE, OPTIONS); request parsing and validation ({@link io.swiftnode.http.SwiftRequest},
 * {@link io.swiftnode.http.Placement}, {@link io.swiftnode.http.MetadataRules}), conditionals and
 * ranges ({@link io.swiftnode.http.Conditionals}, {@link io.swiftnode.http.Ranges},
 * {@link io.swiftnode.http.MultipartByteranges}), outgoing container and expirer-queue updates
 * ({@link io.swiftnode.http.ContainerUpdates}, {@link io.swiftnode.http.ExpirerQueue}), lazy
 * {@code 100 Continue} and the access log.
 *
 * <p>Disk work goes through {@link io.swiftnode.disk.DiskFileManager}; disk errors are mapped to
 * Swift's statuses here. Every request that touches a device holds one of that device's permits
 * ({@link io.swiftnode.http.DevicePermits}) so one stalled disk cannot take every request thread.
 * Nothing outside this package imports it.
 */
package io.swiftnode.http;
