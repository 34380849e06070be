package io.swiftnode.config;

import io.swiftnode.disk.DiskConfig;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Makes this node's configuration injectable: reads the {@code object-server.conf} found by
 * {@link ConfigLocation} and the {@code swift.conf} in its {@code swift_dir} once, when the
 * application first needs them, and produces {@link ServerConfig}, {@link SwiftConf} and the disk
 * layer's {@link DiskConfig}. A bad or missing config fails the deployment with Swift's message
 * rather than letting a half-configured node serve data.
 *
 * <p>The produced values are immutable records; the producer methods are {@code @Dependent} because
 * records cannot be proxied, and every injection point receives the same instances.
 *
 * <p>Thread-safe: the fields are written once in {@code @PostConstruct}, which CDI runs before any
 * producer method is called, and never change.
 */
@ApplicationScoped
public class ConfigProducer {
    private static final Logger LOG = Logger.getLogger(ConfigProducer.class.getName());

    private volatile ServerConfig server;
    private volatile SwiftConf swift;
    private volatile DiskConfig disk;

    @PostConstruct
    void load() {
        Path conf = ConfigLocation.locate();
        ServerConfig s = ServerConfig.load(conf);
        SwiftConf sw = SwiftConf.load(s.node().swiftDir().resolve("swift.conf"));
        this.disk = s.diskConfig(sw);
        this.swift = sw;
        this.server = s;
        LOG.fine(() -> "Loaded " + conf + " and " + sw.file());
    }

    @Produces
    public ServerConfig serverConfig() {
        return server;
    }

    @Produces
    public SwiftConf swiftConf() {
        return swift;
    }

    @Produces
    public DiskConfig diskConfig() {
        return disk;
    }
}
