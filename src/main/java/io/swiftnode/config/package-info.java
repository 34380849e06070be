/**
 * Configuration: Swift's ini files read with Swift's own semantics, as typed immutable records
 * produced by CDI.
 *
 * <ul>
 * <li>{@link io.swiftnode.config.IniFile}: Python {@code ConfigParser} (sections, {@code [DEFAULT]},
 *     continuation lines, comments, {@code %(name)s} interpolation);
 *     {@link io.swiftnode.config.PasteDeploy}: how {@code [app:…]}/{@code [filter:…]} sections
 *     resolve against {@code [DEFAULT]} ({@code set}/{@code get} lines);
 *     {@link io.swiftnode.config.ConfigValues}: {@code config_true_value} and friends.</li>
 * <li>{@link io.swiftnode.config.ServerConfig}: {@code object-server.conf} (node, object server,
 *     healthcheck/recon filters, replicator, updater, auditor sections);
 *     {@link io.swiftnode.config.SwiftConf}: {@code swift.conf} (hash path, storage policies,
 *     constraints).</li>
 * <li>{@link io.swiftnode.config.ConfigProducer}: finds the file ({@link io.swiftnode.config.ConfigLocation}:
 *     {@code -Dswiftnode.conf}, {@code SWIFTNODE_CONF}, {@code /etc/swift/object-server.conf}) and
 *     produces {@code ServerConfig}, {@code SwiftConf} and {@link io.swiftnode.disk.DiskConfig}.</li>
 * </ul>
 *
 * <p>Depends only on {@code io.swiftnode.disk} value types; nothing here knows HTTP or daemons.
 * Configuration is read once at start-up, like Swift (which re-reads only on restart or reload).
 */
package io.swiftnode.config;
