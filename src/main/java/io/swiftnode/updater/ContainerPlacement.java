package io.swiftnode.updater;

import java.util.List;

/**
 * Where a container lives: its partition in the container ring and the primary nodes holding it
 * (Swift's {@code container_ring.get_nodes(account, container)}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param partition the container's partition
 * @param nodes     its primary nodes, in ring order
 */
public record ContainerPlacement(int partition, List<ContainerNode> nodes) {
    public ContainerPlacement {
        nodes = List.copyOf(nodes);
    }
}
