/**
 * The object server's HTTP face, exactly as Swift 2.30.1's {@code ObjectController} answers:
 * {@link io.swiftnode.http.ObjectServlet} routes {@code /<dev>/<part>/<a>/<c>/<o>} and
 * {@code /<dev>/<part>[/<suffixes>]} to one handler per verb (PUT, GET/HEAD, POST, DELETE,
 * REPLICATE, SSYNC, OPTIONS); request parsing and validation ({@link io.swiftnode.http.SwiftRequest},
 * {@link io.swiftnode.http.Placement}, {@link io.swiftnode.http.MetadataRules}), conditionals and
 * ranges ({@link io.swiftnode.http.Conditionals}, {@link io.swiftnode.http.Ranges},
 * {@link io.swiftnode.http.MultipartByteranges}), outgoing container and expirer-queue updates
 * ({@link io.swiftnode.http.ContainerUpdates}, {@link io.swiftnode.http.ExpirerQueue}), lazy
 * {@code 100 Continue} and the access log.
 *
 * <h2>SSYNC: full duplex on Payara</h2>
 * {@code SSYNC} (object-server-http.md §1.3, §12) answers while the chunked request body is still
 * arriving; {@link io.swiftnode.replication.SsyncReceiver} holds the protocol, the servlet starts
 * the response and writes every message followed by {@code ServletOutputStream.flush()}. Measured
 * on Payara 6.2025.10 with a raw socket (and in {@code SsyncIT}): each {@code flush()} of a response
 * without {@code Content-Length} goes out at once as one chunk (the first also commits the head:
 * status 200, {@code X-Backend-Accept-No-Commit: True}, {@code Transfer-Encoding: chunked}); no
 * buffer setting is needed. The request side needed a fix: Grizzly hands a chunked request to the
 * application only after the first chunk-size line has arrived, but Swift's sender sends no body
 * before it has read the response head, so both sides waited. The Payara glue
 * ({@code io.swiftnode.payara.ExpectAwareChunkedEncoding}) dispatches every chunked {@code SSYNC}
 * (as it already did for chunked requests with {@code Expect}) before its first chunk. Subrequests
 * of UPDATES run through {@link io.swiftnode.http.ObjectServlet}'s own request handling with an
 * in-memory request/response pair ({@link io.swiftnode.http.SubRequest},
 * {@link io.swiftnode.http.SubResponse}). After an in-band {@code :ERROR:} line the connection is
 * dropped ({@link io.swiftnode.http.ConnectionAbort}) rather than drained, as Swift does; on other
 * containers it is drained.
 *
 * <p>Disk work goes through {@link io.swiftnode.disk.DiskFileManager}; disk errors are mapped to
 * Swift's statuses here. Every request that touches a device holds one of that device's permits
 * ({@link io.swiftnode.http.DevicePermits}) so one stalled disk cannot take every request thread.
 * Nothing outside this package imports it.
 */
package io.swiftnode.http;
