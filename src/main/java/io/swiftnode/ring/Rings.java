package io.swiftnode.ring;

import io.swiftnode.config.ServerConfig;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rings of this node's {@code swift_dir}: {@code object.ring.gz} for policy 0,
 * {@code object-N.ring.gz} for policy N, and {@code container.ring.gz}. Each ring is loaded on
 * first use and then kept for the life of this object (one per JVM as a CDI bean); the {@link Ring}
 * itself reloads when its file changes. A ring that fails to load is not cached, so the next call
 * tries again.
 *
 * <p>Usable without CDI through {@link #Rings(Path)} (daemons, tests).
 *
 * <p>Thread-safe: loaded rings live in a concurrent map; loading is serialized on this object so
 * that each file is read once.
 */
@ApplicationScoped
public class Rings {
    private Path swiftDir;
    private Duration reloadTime;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();

    /** For CDI's client proxy only. */
    protected Rings() {
    }

    @Inject
    public Rings(ServerConfig config) {
        this(config.node().swiftDir());
    }

    /** Rings of {@code swiftDir} with Swift's default reload time (15 s). */
    public Rings(Path swiftDir) {
        this(swiftDir, Ring.DEFAULT_RELOAD_TIME);
    }

    public Rings(Path swiftDir, Duration reloadTime) {
        this.swiftDir = swiftDir;
        this.reloadTime = reloadTime;
    }

    public Path swiftDir() {
        return swiftDir;
    }

    /** The file name of the object ring of a policy: {@code object.ring.gz} or {@code object-N.ring.gz}. */
    public static String objectRingName(int policyIndex) {
        if (policyIndex < 0) {
            throw new IllegalArgumentException("negative policy index " + policyIndex);
        }
        return policyIndex == 0 ? "object.ring.gz" : "object-" + policyIndex + ".ring.gz";
    }

    /**
     * The object ring of a storage policy.
     *
     * @throws java.nio.file.NoSuchFileException if the ring file does not exist (the message names it)
     * @throws IOException                       if it cannot be read or is invalid
     */
    public Ring objectRing(int policyIndex) throws IOException {
        return ring(objectRingName(policyIndex));
    }

    /** The container ring ({@code container.ring.gz}), used for container updates. */
    public Ring containerRing() throws IOException {
        return ring("container.ring.gz");
    }

    private Ring ring(String name) throws IOException {
        Ring ring = rings.get(name);
        if (ring != null) {
            return ring;
        }
        synchronized (this) {
            ring = rings.get(name);
            if (ring == null) {
                ring = new Ring(swiftDir.resolve(name), reloadTime);
                rings.put(name, ring);
            }
            return ring;
        }
    }
}
