package io.swiftnode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.FallocateReserve;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * object-server.conf as the Python processes of a node read it. The values expected from
 * {@code config/object-server.conf} are those Swift 2.30.1's {@code readconf} and {@code appconfig}
 * return for the same file.
 */
class ServerConfigTest {

    static Path resource(String name) {
        try {
            return Path.of(ServerConfigTest.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void minimalConfigHasSwiftDefaults() {
        ServerConfig c = ServerConfig.load(resource("object-server-minimal.conf"));
        NodeConfig n = c.node();
        assertEquals("0.0.0.0", n.bindIp());
        assertEquals(6200, n.bindPort());
        assertEquals("swift", n.user());
        assertEquals(Path.of("/etc/swift"), n.swiftDir());
        assertEquals(Path.of("/srv/node"), n.devices());
        assertTrue(n.mountCheck());
        assertEquals(Runtime.getRuntime().availableProcessors(), n.workers());
        assertEquals(0, n.serversPerPort());
        assertFalse(n.disableFallocate());
        assertEquals(new FallocateReserve(1, true), n.fallocateReserve());
        assertEquals(604800, n.reclaimAge());
        assertEquals(new LogConfig("object-server", "LOG_LOCAL0", "INFO", "/dev/log", "", 514, 0), n.log());

        ObjectServerConfig o = c.objectServer();
        assertEquals(3.0, o.nodeTimeout());
        assertEquals(0.5, o.connTimeout());
        assertEquals(1.0, o.containerUpdateTimeout());
        assertEquals(60.0, o.clientTimeout());
        assertEquals(65536, o.networkChunkSize());
        assertEquals(65536, o.diskChunkSize());
        assertEquals(86400, o.maxUploadTime());
        assertEquals(Set.of("content-disposition", "content-encoding", "x-delete-at", "x-object-manifest",
                "x-static-large-object", "cache-control", "content-language", "expires", "x-robots-tag"),
                o.allowedHeaders());
        assertEquals(512, o.mbPerSync());
        assertEquals(5242880, o.keepCacheSize());
        assertFalse(o.keepCachePrivate());
        assertEquals(60.0, o.commitWindow());
        assertTrue(o.replicationServer());
        assertEquals(4, o.replicationConcurrency());
        assertEquals(1, o.replicationConcurrencyPerDevice());
        assertEquals(15, o.replicationLockTimeout());
        assertEquals(100, o.replicationFailureThreshold());
        assertEquals(1.0, o.replicationFailureRatio());
        assertEquals(".expiring_objects", o.expiringObjectsAccount("."));
        assertEquals(86400, o.expiringObjectsContainerDivisor());
        assertEquals(0, o.slow());
        assertFalse(o.splice());
        assertTrue(o.logRequests());
        assertEquals(Map.of(), o.others());

        assertEquals(List.of(), c.pipeline());
        assertEquals(new HealthcheckConfig(false, Optional.empty()), c.healthcheck());
        assertEquals(new ReconConfig(false, Path.of("/var/cache/swift"), Path.of("/var/lock"), "/srv/node",
                "/etc/swift"), c.recon());

        ReplicatorConfig r = c.replicator();
        assertFalse(r.present());
        assertEquals("0.0.0.0", r.ringIp());
        assertEquals(30.0, r.interval());
        assertEquals(900, r.rsyncTimeout());
        assertEquals("30", r.rsyncIoTimeout());
        assertEquals("{replication_ip}::object", r.rsyncModule());
        assertEquals("rsync", r.syncMethod());
        assertEquals(10.0, r.nodeTimeout());
        assertEquals(0, r.handoffDelete());
        assertEquals("object-replicator", r.log().name());

        UpdaterConfig u = c.updater();
        assertFalse(u.present());
        assertEquals(300.0, u.interval());
        assertEquals(8, u.concurrency());
        assertEquals(50.0, u.objectsPerSecond());
        assertEquals(1000, u.perContainerRatelimitBuckets());
        assertEquals(10000, u.maxDeferredUpdates());

        AuditorConfig a = c.auditor();
        assertFalse(a.present());
        assertEquals(20.0, a.filesPerSecond());
        assertEquals(10000000.0, a.bytesPerSecond());
        assertEquals(50, a.zeroByteFilesPerSecond());
        assertEquals(86400, a.rsyncTempfileTimeout(), "no replicator section: Swift's conservative default");
        assertEquals(List.of(), a.objectSizeStats());
    }

    @Test
    void sampleStyleConfig() {
        Path file = resource("object-server.conf");
        ServerConfig c = ServerConfig.load(file);
        assertEquals(List.of("healthcheck", "recon", "object-server"), c.pipeline());

        NodeConfig n = c.node();
        assertEquals("127.0.0.1", n.bindIp());
        assertEquals(6210, n.bindPort());
        assertEquals(Path.of("/srv/test-node"), n.devices());
        assertFalse(n.mountCheck(), "a plain app-section key does not override [DEFAULT]");
        assertEquals(Path.of("/etc/swift-test"), n.swiftDir());
        assertEquals("swiftuser", n.user());
        assertEquals(3, n.workers());
        assertEquals(86400, n.reclaimAge());
        assertEquals(new FallocateReserve(2, true), n.fallocateReserve());
        assertEquals("object-srv", n.log().name(), "set log_name overrides [DEFAULT]");
        assertEquals("DEBUG", n.log().level());

        ObjectServerConfig o = c.objectServer();
        assertEquals(5.0, o.nodeTimeout());
        assertEquals(0.75, o.connTimeout());
        assertEquals(60.0, o.clientTimeout(), "Client_Timeout keeps its case in PasteDeploy: not client_timeout");
        assertEquals(Set.of("content-disposition", "x-robots-tag", "x-custom-header"), o.allowedHeaders(),
                "continuation line read, reserved etag dropped");
        assertEquals(2, o.mbPerSync());
        assertEquals(4, o.replicationConcurrency(), "empty value means the default ('or 4')");
        assertEquals("exp", o.expiringObjectsAccountName());
        assertEquals(Map.of("unknown_app_option", "kept", "Client_Timeout", "11", "base", "/srv",
                "recon_cache_path", "/srv/cache"), o.others());

        assertEquals(new HealthcheckConfig(true, Optional.of(file.getParent().resolve("healthcheck.disabled"))),
                c.healthcheck());
        assertEquals(new ReconConfig(true, Path.of("/srv/cache"), Path.of("/run/lock"), "/srv/test-node",
                "/etc/swift-test"), c.recon(), "the filter sees [DEFAULT] devices and swift_dir");

        ReplicatorConfig r = c.replicator();
        assertTrue(r.present());
        assertEquals(4, r.concurrency());
        assertEquals(45.0, r.interval(), "deprecated run_pause is used when interval is unset");
        assertEquals("ssync", r.syncMethod());
        assertEquals("{replication_ip}::object_{device}", r.rsyncModule());
        assertEquals(172800, r.reclaimAge());
        assertEquals("127.0.0.1", r.ringIp());
        assertEquals(6210, r.bindPort());
        assertFalse(r.mountCheck());
        assertEquals(Path.of("/srv/cache"), r.reconCachePath(), "interpolated from [DEFAULT]");
        assertEquals("test-node", r.log().name(), "the daemons see [DEFAULT] log_name");
        assertEquals(Map.of("mixed_case_key", "yes", "lockup_timeout", "1800", "base", "/srv"), r.others());

        UpdaterConfig u = c.updater();
        assertEquals(120.0, u.interval());
        assertEquals(10.0, u.objectsPerSecond(), 1e-9, "1 / (slowdown + 0.01)");
        assertEquals("upd", u.log().name());

        AuditorConfig a = c.auditor();
        assertEquals(5.0, a.filesPerSecond());
        assertEquals(List.of(1024, 4096, 65536), a.objectSizeStats());
        assertEquals(1900, a.rsyncTempfileTimeout(), "replicator rsync_timeout + 900");
        assertEquals(86400, a.reclaimAge(), "[DEFAULT] reclaim_age is in the auditor's own conf");
    }

    @Test
    void auditorTakesReclaimAgeFromTheReplicatorSectionIfItHasNone(@TempDir Path dir) throws IOException {
        Path f = write(dir, "[app:object-server]\n[object-replicator]\nreclaim_age = 1234\n[object-auditor]\n");
        assertEquals(1234, ServerConfig.load(f).auditor().reclaimAge());
        assertEquals(1800, ServerConfig.load(f).auditor().rsyncTempfileTimeout());
    }

    @Test
    void deprecatedReplicationOnePerDevice(@TempDir Path dir) throws IOException {
        assertEquals(0, ServerConfig.load(write(dir, "[app:object-server]\nreplication_one_per_device = no\n"))
                .objectServer().replicationConcurrencyPerDevice());
        assertEquals(3, ServerConfig.load(write(dir,
                "[app:object-server]\nreplication_one_per_device = no\nreplication_concurrency_per_device = 3\n"))
                .objectServer().replicationConcurrencyPerDevice());
    }

    @Test
    void workersAuto(@TempDir Path dir) throws IOException {
        assertEquals(Runtime.getRuntime().availableProcessors(),
                ServerConfig.load(write(dir, "[DEFAULT]\nworkers = auto\n[app:object-server]\n")).node().workers());
    }

    @Test
    void invalidValuesNameFileSectionAndKey(@TempDir Path dir) throws IOException {
        Path f = write(dir, "[DEFAULT]\nbind_port = sixty-two\n[app:object-server]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.load(f));
        assertTrue(e.getMessage().contains(f + " [app:object-server]: invalid bind_port = sixty-two"), e.getMessage());

        Path g = write(dir, "[app:object-server]\n[object-replicator]\nconcurrency = 1.5\n");
        ConfigException e2 = assertThrows(ConfigException.class, () -> ServerConfig.load(g));
        assertTrue(e2.getMessage().contains("[object-replicator]: invalid concurrency = 1.5"), e2.getMessage());

        Path h = write(dir, "[app:object-server]\n[object-replicator]\nsync_method = ftp\n");
        assertThrows(ConfigException.class, () -> ServerConfig.load(h));

        Path i = write(dir, "[DEFAULT]\nfallocate_reserve = lots\n[app:object-server]\n");
        ConfigException e3 = assertThrows(ConfigException.class, () -> ServerConfig.load(i));
        assertTrue(e3.getMessage().contains("is an invalid value for fallocate_reserve"), e3.getMessage());
    }

    @Test
    void aFileWithoutTheAppSectionIsRejected(@TempDir Path dir) throws IOException {
        Path f = write(dir, "[DEFAULT]\nbind_port = 6200\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.load(f));
        assertTrue(e.getMessage().startsWith("No section 'object-server'"), e.getMessage());
    }

    @Test
    void confDirectory(@TempDir Path dir) throws IOException {
        Path d = Files.createDirectory(dir.resolve("object-server"));
        Files.writeString(d.resolve("1.conf"), "[DEFAULT]\nbind_port = 6222\n");
        Files.writeString(d.resolve("2.conf"),
                "[app:object-server]\ndevices = %(here)s/devs\n[object-updater]\ninterval = 5\n");
        ServerConfig c = ServerConfig.load(d);
        assertEquals(6222, c.node().bindPort());
        assertEquals(d.resolve("devs"), c.node().devices(), "here is the directory itself");
        assertEquals(5.0, c.updater().interval());
    }

    @Test
    void hereIsUnknownToTheDaemons(@TempDir Path dir) throws IOException {
        // readconf has no 'here': Swift's daemons die on this file although the object server starts
        Path f = write(dir, "[DEFAULT]\ndevices = %(here)s/devs\n[app:object-server]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.load(f));
        assertTrue(e.getMessage().contains("interpolation key 'here'"), e.getMessage());
    }

    @Test
    void diskConfigFromBothFiles() {
        ServerConfig c = ServerConfig.load(resource("object-server.conf"));
        SwiftConf s = SwiftConf.load(resource("swift.conf"));
        DiskConfig d = c.diskConfig(s);
        assertEquals(Path.of("/srv/test-node"), d.devices());
        assertFalse(d.mountCheck());
        assertEquals(Set.of(0, 1), d.policies(), "replication policies, deprecated included, not EC");
        assertEquals(86400, d.reclaimAge());
        assertEquals(2, d.mbPerSync());
        assertEquals(new FallocateReserve(2, true), d.fallocateReserve());
        assertFalse(d.disableFallocate());
        assertEquals("d1c91d91068a170a6bcf220efe77711d", d.hashPath().hash("a", "c", "o"),
                "the prefix/suffix 'changeme' of object-server-http.md test vector 1");
    }

    private static Path write(Path dir, String text) throws IOException {
        Path f = Files.createTempFile(dir, "object-server", ".conf");
        Files.writeString(f, text);
        return f;
    }
}
