/**
 * Swift's rings: which devices hold a partition, compatible with Swift 2.30.1.
 *
 * <ul>
 * <li>{@link io.swiftnode.ring.RingData}: the content of a ring file ({@code *.ring.gz}, format
 *     versions 1 and 2, parsed by {@code RingFile}, which documents the format);
 *     {@link io.swiftnode.ring.RingDevice}: one device.</li>
 * <li>{@link io.swiftnode.ring.Ring}: a ring file with Swift's lookups (partition of a name,
 *     {@code get_part_nodes}, {@code get_more_nodes} in Swift's exact handoff order), reloaded when
 *     the file's mtime changes.</li>
 * <li>{@link io.swiftnode.ring.Rings}: the CDI bean holding the object rings per policy and the
 *     container ring of {@code swift_dir}.</li>
 * <li>{@link io.swiftnode.ring.LocalDevices}: the devices of a ring on this node, as the
 *     replicator decides.</li>
 * </ul>
 *
 * <p>Depends on {@code io.swiftnode.disk} ({@code HashPath}) and {@code io.swiftnode.config}
 * ({@code ServerConfig} for {@code swift_dir}); knows nothing of HTTP or daemons. Rings are read,
 * never written, here.
 */
package io.swiftnode.ring;
