package io.swiftnode.http;

import io.swiftnode.config.ObjectServerConfig;
import io.swiftnode.config.SwiftConf;
import io.swiftnode.disk.DiskFileManager;

/**
 * What the object handlers share: the disk manager, configuration, metadata rules, the outgoing
 * update sender and the per-device permits. Built once by the servlet.
 *
 * @param disk     the disk manager
 * @param swift    swift.conf (policies, constraints)
 * @param conf     the {@code [app:object-server]} options
 * @param rules    metadata rules from {@code allowed_headers} and the constraints
 * @param updates  container and expirer-queue updates (failures become async pendings)
 * @param permits  per-device concurrency limits
 */
public record ObjectContext(DiskFileManager disk, SwiftConf swift, ObjectServerConfig conf, MetadataRules rules,
        ContainerUpdates updates, DevicePermits permits) {
}
