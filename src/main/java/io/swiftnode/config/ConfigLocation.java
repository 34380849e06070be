package io.swiftnode.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where this node's {@code object-server.conf} is: system property {@value #PROPERTY}, else
 * environment variable {@value #ENV}, else Swift's usual {@code /etc/swift/object-server.conf} if it
 * exists. A WAR has no command line, so this replaces {@code swift-object-server CONF}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigLocation {
    /** System property naming the config file or directory. */
    public static final String PROPERTY = "swiftnode.conf";
    /** Environment variable naming the config file or directory. */
    public static final String ENV = "SWIFTNODE_CONF";
    /** Used when neither is set and it exists. */
    public static final Path DEFAULT = Path.of("/etc/swift/object-server.conf");

    private ConfigLocation() {
    }

    /** Locates the config from this JVM's system properties and environment. */
    public static Path locate() {
        return locate(System::getProperty, System::getenv, DEFAULT);
    }

    /**
     * @throws ConfigException if nothing names a config and the default does not exist, or if the
     *                         named one does not exist
     */
    static Path locate(Function<String, String> properties, Function<String, String> environment, Path fallback) {
        String fromProperty = properties.apply(PROPERTY);
        String fromEnv = environment.apply(ENV);
        Path path;
        String how;
        if (fromProperty != null && !fromProperty.isBlank()) {
            path = Path.of(fromProperty.strip());
            how = "system property " + PROPERTY;
        } else if (fromEnv != null && !fromEnv.isBlank()) {
            path = Path.of(fromEnv.strip());
            how = "environment variable " + ENV;
        } else if (Files.exists(fallback)) {
            return fallback.toAbsolutePath();
        } else {
            throw new ConfigException("No object server config: set the system property " + PROPERTY
                    + " or the environment variable " + ENV + " to an object-server.conf (file or .conf directory), "
                    + "or create " + fallback);
        }
        if (!Files.exists(path)) {
            throw new ConfigException("The object server config " + path + " (from " + how + ") does not exist");
        }
        return path.toAbsolutePath();
    }
}
