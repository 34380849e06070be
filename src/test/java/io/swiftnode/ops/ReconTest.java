package io.swiftnode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code /recon/*} answer of {@link Recon} against files in a temporary directory and a fake
 * {@code /proc}: JSON bytes as Swift 2.30.1's middleware writes them (key order as built, file order for
 * cache contents, Python number formats), statuses and Content-Types.
 */
class ReconTest {
    @TempDir
    Path dir;
    private ReconFixture f;
    private Recon recon;

    @BeforeEach
    void setUp() throws Exception {
        f = new ReconFixture(dir).good();
        recon = f.recon();
    }

    private String body(String path) throws Exception {
        Recon.Answer a = recon.answer(path);
        assertEquals(200, a.status(), path);
        assertEquals("application/json", a.contentType(), path);
        return new String(a.body(), StandardCharsets.US_ASCII);
    }

    private void invalid(String path) throws Exception {
        Recon.Answer a = recon.answer(path);
        assertEquals(404, a.status(), path);
        assertEquals("text/plain", a.contentType());
        assertEquals("Invalid path: " + path, new String(a.body(), StandardCharsets.UTF_8));
    }

    @Test
    void objectCacheEndpoints() throws Exception {
        assertEquals("{\"async_pending\": 3, \"async_pending_last\": 1700000000.5}", body("/recon/async"));
        String replication = "{\"replication_time\": 0.001, \"replication_stats\": {\"attempted\": 4, "
                + "\"failure_nodes\": {}, \"zzz\": \"\\u00e9\"}, \"replication_last\": 1700000001.0, "
                + "\"object_replication_time\": 0.001, \"object_replication_last\": 1700000001.0}";
        assertEquals(replication, body("/recon/replication"));
        assertEquals(replication, body("/recon/replication/object"));
        assertEquals("{\"object_updater_sweep\": 1e-05}", body("/recon/updater/object"));
        assertEquals("{\"object_auditor_stats_ALL\": {\"audit_time\": 0.0053, \"bytes_processed\": 0, \"errors\": 0, "
                + "\"passes\": 2, \"quarantined\": 1, \"start_time\": 1795796254.018}, "
                + "\"object_auditor_stats_ZBF\": null}", body("/recon/auditor/object"));
        assertEquals("{\"object_expiration_pass\": 0.25, \"expired_last_pass\": 0}", body("/recon/expirer/object"));
        assertEquals("{\"object_reconstruction_last\": null, \"object_reconstruction_time\": null}",
                body("/recon/reconstruction/object"));
    }

    @Test
    void otherCacheFiles() throws Exception {
        assertEquals("{\"replication_time\": 3, \"replication_stats\": null, \"replication_last\": null}",
                body("/recon/replication/container"));
        assertEquals("{\"replication_time\": null, \"replication_stats\": [1, 2.5, true, null], "
                + "\"replication_last\": null}", body("/recon/replication/account"));
        assertEquals("{\"container_updater_sweep\": 2.5}", body("/recon/updater/container"));
        assertEquals("{\"account_audits_passed\": 123456789012345678901234567890, "
                + "\"account_auditor_pass_completed\": null, \"account_audits_since\": null, "
                + "\"account_audits_failed\": 0}", body("/recon/auditor/account"));
        assertEquals("{\"container_audits_passed\": null, \"container_auditor_pass_completed\": null, "
                + "\"container_audits_since\": null, \"container_audits_failed\": null}",
                body("/recon/auditor/container"));
        assertEquals("{\"sharding_stats\": null, \"sharding_time\": null, \"sharding_last\": 12}",
                body("/recon/sharding"));
        assertEquals("{\"drive_audit_errors\": 5}", body("/recon/driveaudit"), "a repeated key: the last value");
        assertEquals("{\"devices\": null, \"workers\": null}", body("/recon/relinker"), "no relinker.recon");
    }

    @Test
    void unusableCacheFilesGiveNulls() throws Exception {
        f.broken();
        assertEquals("{\"async_pending\": null, \"async_pending_last\": null}", body("/recon/async"));
        assertEquals("{\"sharding_stats\": null, \"sharding_time\": null, \"sharding_last\": null}",
                body("/recon/sharding"), "a list, not an object");
        assertEquals("{\"replication_time\": null, \"replication_stats\": null, \"replication_last\": null}",
                body("/recon/replication/account"), "two JSON lines");
        assertEquals("{\"drive_audit_errors\": null}", body("/recon/driveaudit"), "not UTF-8");
        assertEquals("{\"devices\": null, \"workers\": null}", body("/recon/relinker"), "leading zero");
    }

    private List<String> listing() throws Exception {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(f.devices)) {
            ds.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    @Test
    void devicesAndMounts() throws Exception {
        List<String> names = listing();
        assertEquals("{\"" + f.devices + "\": [" + names.stream().map(n -> "\"" + n + "\"")
                .collect(Collectors.joining(", ")) + "]}", body("/recon/devices"));
        String unmounted = names.stream().filter(n -> n.equals("sda1") || n.equals("bad name"))
                .map(n -> "{\"device\": \"" + n + "\", \"mounted\": false}").collect(Collectors.joining(", "));
        assertEquals("[" + unmounted + "]", body("/recon/unmounted"), "sdb1 has .ismount; notadir is a file");
        String usage = body("/recon/diskusage");
        for (String n : List.of("sda1", "bad name")) {
            assertTrue(usage.contains("{\"device\": \"" + n + "\", \"mounted\": false, \"size\": \"\", \"used\": \"\", "
                    + "\"avail\": \"\"}"), usage);
        }
        assertTrue(usage.matches(".*\\{\"device\": \"sdb1\", \"mounted\": true, \"size\": \\d+, \"used\": \\d+, "
                + "\"avail\": \\d+}.*"), usage);
        assertEquals(3, usage.split("\"device\"").length - 1);
        assertEquals("[{\"device\": \"sysfs\", \"path\": \"/sys\"}, {\"device\": \"/dev/sda1\", \"path\": \"/\"}]",
                body("/recon/mounted"));
    }

    @Test
    void quarantined() throws Exception {
        String q = body("/recon/quarantined");
        // policies in the order the devices and their quarantined/ entries are listed
        assertTrue(q.startsWith("{\"objects\": 3, \"containers\": 2, \"accounts\": 0, \"policies\": {"), q);
        assertTrue(q.contains("\"0\": {\"objects\": 2}") && q.contains("\"1\": {\"objects\": 1}"), q);
        assertTrue(!q.contains("\"2\""), "an empty objects-2 has two links: not counted");
        Files.createDirectories(f.devices.resolve("sda1/quarantined/weird/x"));
        assertThrows(IllegalStateException.class, () -> recon.answer("/recon/quarantined"), "Swift's KeyError");
    }

    @Test
    void swiftDirFiles() throws Exception {
        assertEquals("{\"" + f.etc + "/account.ring.gz\": \"eb9f01bebffbf093e9d36d5caf29a470\", \"" + f.etc
                + "/object-1.ring.gz\": \"" + md5(f.etc.resolve("object-1.ring.gz")) + "\"}", body("/recon/ringmd5"));
        assertEquals("{\"" + f.etc + "/swift.conf\": \"" + md5(f.etc.resolve("swift.conf")) + "\"}",
                body("/recon/swiftconfmd5"));
        Files.delete(f.etc.resolve("swift.conf"));
        assertEquals("{\"" + f.etc + "/swift.conf\": null}", body("/recon/swiftconfmd5"));
    }

    private static String md5(Path p) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(Files.readAllBytes(p)));
    }

    @Test
    void systemEndpoints() throws Exception {
        assertEquals("{\"1m\": 0.52, \"5m\": 0.58, \"15m\": 1.0, \"tasks\": \"2/345\", \"processes\": 12345}",
                body("/recon/load"));
        assertEquals("{\"MemTotal\": \"16318412 kB\", \"MemFree\": \"1234 kB\", \"HugePages_Total\": \"0\"}",
                body("/recon/mem"));
        assertEquals("{\"tcp_in_use\": 5, \"orphan\": 1, \"time_wait\": 2, \"tcp_mem_allocated_bytes\": 12288}",
                body("/recon/sockstat"), "no sockstat6: skipped");
        Files.writeString(f.proc.resolve("net/sockstat6"), "TCP6: inuse 4\nUDP6: inuse 0\n");
        assertTrue(body("/recon/sockstat").endsWith(", \"tcp6_in_use\": 4}"));
        assertEquals("{\"version\": \"2.30.1\"}", body("/recon/version"));
        assertEquals("1700000000.25", body("/recon/time"));
    }

    @Test
    void invalidPaths() throws Exception {
        for (String p : List.of("/recon/", "/recon/foo", "/recon/replication/", "/recon/replication/object/",
                "/recon/updater", "/recon/updater/account", "/recon/auditor", "/recon/auditor/x", "/recon/expirer",
                "/recon/expirer/container", "/recon/reconstruction", "/recon/reconstruction/account",
                "/recon/a%20b")) {
            invalid(p);
        }
        assertEquals("{\"version\": \"2.30.1\"}", body("/recon/version/anything/else"));
    }

    @Test
    void pathsAsSwiftSeesThem() {
        assertEquals("/recon/x%2By%20%FF%E2%82%AC~_.-", Recon.quote(Recon.unquote("/recon/x+y%20%ff%e2%82%ac%7e_.-")));
        assertEquals("/recon/%25zz%25", Recon.quote(Recon.unquote("/recon/%zz%")));
        assertTrue(Recon.isReconPath(Recon.unquote("/reco%6E/async")));
        assertTrue(!Recon.isReconPath(Recon.unquote("/recon")));
        assertEquals("a/b", Recon.join("a", "b"));
        assertEquals("a/b", Recon.join("a/", "b"));
    }
}
