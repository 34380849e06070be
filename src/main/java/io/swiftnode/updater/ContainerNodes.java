package io.swiftnode.updater;

import java.io.IOException;

/**
 * Finds the container servers of a container: the updater's only view of the container ring, so
 * that the ring (or, in tests, a fixed list of nodes) plugs in through one class.
 *
 * <p>Implementations must be thread-safe: updates of several devices and of one device look up
 * nodes concurrently.
 */
@FunctionalInterface
public interface ContainerNodes {

    /**
     * The partition and primary nodes of {@code account/container}.
     *
     * @throws IOException if the container ring cannot be read
     */
    ContainerPlacement locate(String account, String container) throws IOException;
}
