package io.swiftnode.config;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Command line check of a node's configuration, used by {@code payara/run.sh} before it boots
 * Payara: validates {@code object-server.conf} and its {@code swift.conf} with exactly the code the
 * server uses, and prints the values the launcher needs as {@code key=value} lines (no value contains
 * a newline: paths and addresses from an ini line cannot).
 *
 * <pre>java -cp target/classes io.swiftnode.config.ConfigCheck /etc/swift/object-server.conf</pre>
 *
 * Exit status 0 when valid, 1 with the reason on standard error otherwise, 2 on wrong usage.
 *
 * <p>Stateless; not meant to be used concurrently (writes to standard output).
 */
public final class ConfigCheck {
    private ConfigCheck() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ConfigCheck OBJECT_SERVER_CONF");
            System.exit(2);
        }
        try {
            print(Path.of(args[0]), System.out);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** Loads both files and prints the launcher's values. */
    static void print(Path conf, PrintStream out) {
        ServerConfig s = ServerConfig.load(conf);
        SwiftConf swift = SwiftConf.load(s.node().swiftDir().resolve("swift.conf"));
        out.println("bind_ip=" + s.node().bindIp());
        out.println("bind_port=" + s.node().bindPort());
        out.println("devices=" + s.node().devices());
        out.println("mount_check=" + s.node().mountCheck());
        out.println("swift_dir=" + s.node().swiftDir());
        out.println("swift_conf=" + swift.file());
        out.println("policies=" + swift.policies().stream().map(p -> p.index() + ":" + p.name())
                .collect(Collectors.joining(",")));
    }
}
