package io.swiftnode.config;

/**
 * A configuration file that cannot be read, parsed or validated. Swift refuses to start on the same
 * errors, so the message always names the file (and section or line where known) for the operator.
 *
 * <p>Immutable and thread-safe.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
