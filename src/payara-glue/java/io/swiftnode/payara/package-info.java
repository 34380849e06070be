/**
 * The project's only code that uses Payara and Grizzly internals: lazy {@code 100 Continue} for
 * {@link io.swiftnode.http.ExpectContinue}, and request paths as sent for {@link io.swiftnode.http.SwiftRequest}.
 * Swift's proxy needs the object server to answer an
 * {@code Expect: 100-continue} PUT with its final status (409, 412, 507…) instead of the 100 when it refuses
 * the request without reading the body, and to put headers on the 100 and send it twice (multiphase PUT).
 * Grizzly, under Payara's web container, writes the 100 before the servlet runs, and the Servlet API cannot
 * change that, so this package reaches into the running server:
 * <ul>
 * <li>{@link io.swiftnode.payara.LazyContinueInstaller} adds the probes and the chunked-encoding wrapper below
 *     to Payara's Grizzly listeners (and removes them on undeploy): to a listener's filter chain while Grizzly
 *     builds it, through the add-on HK2 supplies under the name "comet", and to listeners already running; it
 *     then opens the HTTP listener that {@code payara/preboot.asadmin} keeps closed during start-up, once the
 *     application has started, or leaves it closed (SEVERE) when the glue could not be installed;</li>
 * <li>{@link io.swiftnode.payara.RawPathProbe} publishes each request's path as sent (request attribute
 *     {@link io.swiftnode.http.SwiftRequest#RAW_PATH_ATTRIBUTE}) and gives the container a harmless path for it,
 *     because Grizzly and the web container reject ({@code %00}, {@code %5C}, invalid UTF-8), normalise
 *     ({@code ..}, {@code //}, {@code ;…}) or divert ({@code *.jsp}) object paths that Swift takes as they are;</li>
 * <li>{@link io.swiftnode.payara.LazyContinueProbe} clears Grizzly's "acknowledgement required" flag of each
 *     {@code Expect: 100-continue} request before the handler would send the 100, and attaches a
 *     {@link io.swiftnode.payara.LazyContinue} as request attribute;</li>
 * <li>{@link io.swiftnode.payara.LazyContinue} writes the raw interim response when the application asks
 *     (through {@link io.swiftnode.http.LazyContinueFilter} on the first body read) and makes the connection
 *     close when the final response goes out while the body was never asked for;</li>
 * <li>{@link io.swiftnode.payara.ExpectAwareChunkedEncoding} makes Grizzly dispatch a chunked request with
 *     {@code Expect} before its first chunk arrives (otherwise client and server wait for each other; Grizzly
 *     issue #2222);</li>
 * <li>{@link io.swiftnode.payara.HeaderLimitsProbe} refuses a header line of 8192 bytes or more, or more than
 *     64 KiB of header lines, with a 400 before the application, as eventlet does (Grizzly only limits the
 *     head as a whole);</li>
 * <li>{@link io.swiftnode.payara.ResponseOctetsProbe} makes response header values go out as the octets the
 *     application set (Grizzly writes every char >= 0x7F of a {@code String} value as a space) and keeps a 304's
 *     {@code Content-Type} and {@code Content-Length}, which Grizzly drops;</li>
 * <li>{@link io.swiftnode.payara.ClientTimeoutProbe} sets each connection's read timeout, the timeout of the
 *     application's blocking body reads, to Swift's {@code client_timeout};</li>
 * <li>{@link io.swiftnode.payara.HalfCloseTransportFilter} takes the place of Grizzly's transport filter so that
 *     a client that half-closes during a body read keeps its socket until the final response (499) is written
 *     (Grizzly closed it at the read EOF).</li>
 * </ul>
 *
 * <p>These sources are compiled in a second compiler pass ({@code compile-payara-glue} in {@code pom.xml})
 * against jars unpacked from {@code payara-micro.jar}, which are not on Maven Central, and land in the WAR's
 * {@code WEB-INF/classes} like the rest. Nothing in {@code src/main} refers to them by type:
 * {@link io.swiftnode.http.LazyContinueListener} loads the installer by name, so the WAR deploys on other
 * containers, where these classes are never linked. None of them carries a bean-defining or web annotation, so
 * no container scanner instantiates them. Written against Payara 6.2025.10 (Grizzly 4.0.2); re-run
 * {@code ExpectContinueIT} and {@code RawPathIT} when upgrading Payara.
 */
package io.swiftnode.payara;
