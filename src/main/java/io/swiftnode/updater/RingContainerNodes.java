package io.swiftnode.updater;

import io.swiftnode.disk.HashPath;
import io.swiftnode.ring.Ring;
import io.swiftnode.ring.RingDevice;
import io.swiftnode.ring.Rings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ContainerNodes} from the container ring ({@code <swift_dir>/container.ring.gz}), as
 * Swift's {@code container_ring.get_nodes(account, container)}: the partition of the container's
 * hash path and that partition's primary devices. The ring is loaded on first use and reloaded
 * when its file changes ({@link Rings}).
 *
 * <p>Thread-safe: {@link Rings} and {@link Ring} are.
 */
public final class RingContainerNodes implements ContainerNodes {
    private final Rings rings;
    private final HashPath hashPath;

    public RingContainerNodes(Rings rings, HashPath hashPath) {
        this.rings = rings;
        this.hashPath = hashPath;
    }

    @Override
    public ContainerPlacement locate(String account, String container) throws IOException {
        Ring ring = rings.containerRing();
        int part = ring.partition(hashPath, account, container, null);
        List<ContainerNode> nodes = new ArrayList<>();
        for (RingDevice d : ring.partNodes(part)) {
            nodes.add(new ContainerNode(d.id(), d.replicationIp(), d.replicationPort(), d.device()));
        }
        return new ContainerPlacement(part, nodes);
    }
}
