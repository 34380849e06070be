package io.swiftnode.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A node's files as the recon endpoints see them, under one directory: {@code etc/} (swift.conf with policies
 * 0 and 1 listed as 1, 0; an object ring and an account ring), {@code devices/} and {@code cache/} with recon
 * cache files. {@link #good} fills them with what daemons write; {@link #broken} with files Swift refuses.
 */
final class ReconFixture {
    final Path root;
    final Path etc;
    final Path devices;
    final Path cache;
    final Path proc;

    ReconFixture(Path root) throws IOException {
        this.root = root;
        this.etc = Files.createDirectories(root.resolve("etc"));
        this.devices = root.resolve("devices");
        this.cache = Files.createDirectories(root.resolve("cache"));
        this.proc = Files.createDirectories(root.resolve("proc"));
        Files.writeString(etc.resolve("swift.conf"), """
                [swift-hash]
                swift_hash_path_prefix = changeme
                swift_hash_path_suffix = changeme

                [storage-policy:1]
                name = silver

                [storage-policy:0]
                name = gold
                default = yes
                """);
        Files.write(etc.resolve("object-1.ring.gz"), new byte[] {31, -117, 8, 0, 1, 2, 3});
        Files.writeString(etc.resolve("account.ring.gz"), "not really a ring");
    }

    /** A recon with this fixture's files and a fake /proc. */
    Recon recon() {
        return new Recon(devices.toString(), etc.toString(), cache, etc.resolve("swift.conf").toString(),
                List.of("object-1", "object"), proc, () -> 4096, () -> 1700000000.25);
    }

    /** Devices (one mounted by stub, one with a name Swift refuses, a plain file), quarantine, cache files. */
    ReconFixture good() throws IOException {
        Files.createDirectories(devices.resolve("sda1/quarantined/objects/a"));
        Files.createDirectories(devices.resolve("sda1/quarantined/objects/b"));
        Files.createDirectories(devices.resolve("sda1/quarantined/objects-1/c"));
        Files.createDirectories(devices.resolve("sda1/quarantined/objects-2"));
        Files.createDirectories(devices.resolve("sdb1/quarantined/containers/x"));
        Files.createDirectories(devices.resolve("sdb1/quarantined/containers/y"));
        Files.createDirectories(devices.resolve("sdb1/quarantined/accounts"));
        Files.writeString(devices.resolve("sdb1/.ismount"), "");
        Files.createDirectories(devices.resolve("bad name"));
        Files.writeString(devices.resolve("notadir"), "x");
        Files.writeString(cache.resolve("object.recon"), "{\"async_pending\": 3, \"async_pending_last\": "
                + "1700000000.5, \"object_auditor_stats_ALL\": {\"audit_time\": 0.0053, \"bytes_processed\": 0, "
                + "\"errors\": 0, \"passes\": 2, \"quarantined\": 1, \"start_time\": 1795796254.018}, "
                + "\"object_expiration_pass\": 0.25, \"expired_last_pass\": 0, "
                + "\"object_replication_last\": 1700000001.0, \"object_replication_time\": 0.001, "
                + "\"object_updater_sweep\": 1e-05, \"replication_last\": 1700000001.0, \"replication_stats\": "
                + "{\"attempted\": 4, \"failure_nodes\": {}, \"zzz\": \"\\u00e9\"}, "
                + "\"replication_time\": 0.001}\n");
        Files.writeString(cache.resolve("container.recon"), "{\"sharding_last\": 12, \"zzz\": 1, "
                + "\"container_updater_sweep\": 2.5, \"replication_time\": 3}\n");
        Files.writeString(cache.resolve("account.recon"), "  {\"account_audits_passed\": 123456789012345678901234567890"
                + ", \"account_audits_failed\": -0, \"replication_stats\": [1, 2.50, true, null]}  \n");
        Files.writeString(cache.resolve("drive.recon"), "{\"drive_audit_errors\": 2, \"drive_audit_errors\": 5, "
                + "\"b\": NaN}");
        Files.writeString(proc.resolve("loadavg"), "0.52 0.58 1.00 2/345 12345\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       16318412 kB\nMemFree:         1234 kB\n"
                + "HugePages_Total:       0\n");
        Files.writeString(proc.resolve("mounts"), "sysfs /sys sysfs rw,nosuid 0 0\n/dev/sda1 / ext4 rw 0 0\n");
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/sockstat"), "sockets: used 290\nTCP: inuse 5 orphan 1 tw 2 alloc 7 mem 3"
                + "\nUDP: inuse 1 mem 0\n");
        return this;
    }

    /** Recon cache files Swift cannot use, in as many ways. */
    ReconFixture broken() throws IOException {
        Files.createDirectories(devices);
        Files.writeString(cache.resolve("object.recon"), "{\"async_pending\": 3,");
        Files.writeString(cache.resolve("container.recon"), "[1, 2]\n");
        Files.writeString(cache.resolve("account.recon"), "{}\n{}\n");
        Files.write(cache.resolve("drive.recon"), "{\"drive_audit_errors\": \"\u00e9\"}".getBytes(
                StandardCharsets.ISO_8859_1));
        Files.writeString(cache.resolve("relinker.recon"), "{\"devices\": 01}");
        return this;
    }
}
