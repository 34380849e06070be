package io.swiftnode.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The node an Arquillian test deploys into: picks a free port, writes an {@code object-server.conf}
 * and {@code swift.conf} with devices under {@code target/it-node/<port>/} and a preboot file
 * (payara/preboot.asadmin, listening on 127.0.0.1 only, listener enabled at boot), and publishes them as
 * system properties that {@code arquillian.xml} substitutes ({@code ${swiftnode.it.port}},
 * {@code ${swiftnode.it.conf}}, {@code ${swiftnode.it.tmpdir}}, {@code ${swiftnode.it.preboot}}).
 *
 * <p>Register it before {@link ArquillianExtension} ({@code @ExtendWith({ItNode.class,
 * ArquillianExtension.class})}): Arquillian reads arquillian.xml when its extension starts. It runs
 * once per JVM (arquillian.xml is read once per JVM too), and does nothing inside the container.
 * Inside the container the same values are the system properties {@code swiftnode.conf} and
 * {@code swiftnode.it.port} of the Payara JVM.
 *
 * <p>Thread-safe: set-up is synchronized and idempotent.
 */
public class ItNode implements BeforeAllCallback {
    /**
     * The WAR as {@code mvn package} built it ({@code target/object-node.war}), imported under
     * {@code name} for a deployment; fails clearly when it is missing or lacks the Payara glue.
     */
    public static WebArchive builtWar(String name) {
        File war = new File("target/object-node.war");
        if (!war.isFile()) {
            throw new IllegalStateException(war.getAbsolutePath() + " is missing: run the package phase first "
                    + "(mvn verify does)");
        }
        WebArchive archive = ShrinkWrap
                .create(ZipImporter.class, name).importFrom(war)
                .as(WebArchive.class);
        String glue = "/WEB-INF/classes/io/swiftnode/payara/LazyContinueInstaller.class";
        if (!archive.contains(glue)) {
            throw new IllegalStateException("the WAR lacks the Payara glue: " + glue);
        }
        return archive;
    }

    public static final String PORT = "swiftnode.it.port";
    public static final String CONF = "swiftnode.it.conf";
    public static final String TMPDIR = "swiftnode.it.tmpdir";
    public static final String PREBOOT = "swiftnode.it.preboot";

    /** Values written into the generated config that differ from Swift's defaults, to see them arrive. */
    public static final long RECLAIM_AGE = 86400;
    public static final long MB_PER_SYNC = 2;
    public static final int WORKERS = 3;
    public static final String HASH_PREFIX = "it-prefix";
    public static final String HASH_SUFFIX = "it-suffix";
    /** The device created under the devices root. */
    public static final String DEVICE = "sda1";

    private static volatile Path confPath;

    @Override
    public void beforeAll(ExtensionContext context) {
        boolean inContainer = Boolean.parseBoolean(
                context.getConfigurationParameter(ArquillianExtension.RUNNING_INSIDE_ARQUILLIAN).orElse("false"));
        if (!inContainer) {
            setUp(Path.of("").toAbsolutePath());
        }
    }

    /** Creates the node under {@code <project>/target} unless this JVM already has one. */
    static synchronized void setUp(Path projectDir) {
        if (System.getProperty(PORT) != null) {
            return;
        }
        try {
            Path target = projectDir.resolve("target");
            int port = freePort();
            Path base = target.resolve("it-node").resolve(String.valueOf(port));
            Path etc = Files.createDirectories(base.resolve("etc"));
            Path devices = base.resolve("devices");
            Files.createDirectories(devices.resolve(DEVICE));
            Path tmp = Files.createDirectories(base.resolve("tmp"));
            Files.writeString(etc.resolve("swift.conf"), """
                    [swift-hash]
                    swift_hash_path_prefix = %s
                    swift_hash_path_suffix = %s

                    [storage-policy:0]
                    name = gold
                    default = yes

                    [storage-policy:1]
                    name = silver

                    [storage-policy:2]
                    name = ec42
                    policy_type = erasure_coding
                    ec_type = liberasurecode_rs_vand
                    ec_num_data_fragments = 4
                    ec_num_parity_fragments = 2
                    """.formatted(HASH_PREFIX, HASH_SUFFIX));
            Path conf = etc.resolve("object-server.conf");
            Files.writeString(conf, """
                    [DEFAULT]
                    bind_ip = 127.0.0.1
                    bind_port = %d
                    devices = %s
                    mount_check = false
                    swift_dir = %s
                    workers = %d
                    reclaim_age = %d
                    disable_fallocate = true
                    recon_cache_path = %s

                    [pipeline:main]
                    pipeline = healthcheck object-server

                    [app:object-server]
                    use = egg:swift#object
                    mb_per_sync = %d

                    [filter:healthcheck]
                    use = egg:swift#healthcheck
                    disable_path = %%(here)s/../healthcheck.disabled

                    [object-replicator]
                    run_daemon = false
                    [object-updater]
                    run_daemon = false
                    [object-auditor]
                    run_daemon = false
                    """.formatted(port, devices, etc, WORKERS, RECLAIM_AGE, base.resolve("cache"), MB_PER_SYNC));
            System.setProperty(CONF, escape(conf));
            System.setProperty(TMPDIR, escape(tmp));
            // run.sh's preboot commands, plus the bind address as run.sh adds it for bind_ip 127.0.0.1,
            // but with the listener enabled from the start: the Arquillian container reads the HTTP
            // port from Payara's start-up report, which lists no port for a disabled listener
            // (run.sh enables it post-deploy)
            Path preboot = base.resolve("preboot.asadmin");
            String commands = Files.readAllLines(projectDir.resolve("payara/preboot.asadmin")).stream()
                    .filter(line -> !line.endsWith(".http-listener.enabled=false"))
                    .collect(Collectors.joining("\n"));
            Files.writeString(preboot, commands
                    + "\nset configs.config.server-config.network-config.network-listeners.network-listener"
                    + ".http-listener.address=127.0.0.1\n");
            System.setProperty(PREBOOT, escape(preboot));
            System.setProperty(PORT, String.valueOf(port));
            confPath = conf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The generated config on the client side (inside the container: system property
     * {@code swiftnode.conf}).
     */
    public static Path conf() {
        Path c = confPath;
        if (c == null) {
            throw new IllegalStateException("ItNode has not set up a node in this JVM");
        }
        return c;
    }

    /**
     * The Arquillian container splits {@code cmdOptions}/{@code extraMicroOptions} at spaces not
     * preceded by a backslash and then drops the backslashes.
     */
    private static String escape(Path p) {
        return p.toString().replace(" ", "\\ ");
    }

    /** The node's base directory, from its config path ({@code <base>/etc/object-server.conf}). */
    public static Path baseOf(Path conf) {
        return conf.toAbsolutePath().getParent().getParent();
    }

    /** The node's devices root on the client side ({@code <base>/devices}, holding {@link #DEVICE}). */
    public static Path devices() {
        return baseOf(conf()).resolve("devices");
    }

    /** The file whose presence disables /healthcheck. */
    public static Path disableFile(Path conf) {
        return baseOf(conf).resolve("healthcheck.disabled");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
