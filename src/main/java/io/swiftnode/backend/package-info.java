/**
 * HTTP between Swift nodes, independent of the servlet layer: the backend request client that
 * sends container updates exactly as Swift's {@code bufferedhttp} does
 * ({@link io.swiftnode.backend.UpdateSender}), the redirect data of a container server's
 * {@code 301} ({@link io.swiftnode.backend.RedirectData}), path quoting
 * ({@link io.swiftnode.backend.Quoting}) and header-name case ({@link io.swiftnode.backend.HeaderNames}).
 *
 * <p>Used by the object server ({@code http}) for its own container updates and by the object
 * updater ({@code updater}) for async pendings; depends only on {@code config} and {@code disk}
 * (timestamps), never on either user.
 */
package io.swiftnode.backend;
