package io.swiftnode.ring;

import static io.swiftnode.ring.RingBytes.dev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.testsupport.Python;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDevicesTest {
    private static final List<String> ADDRESSES = List.of("::1", "::", "fe80::1", "FE80:0:0:0:0:0:0:1",
            "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", "1:0:0:0:0:0:0:0", "0:0:0:0:0:0:0:2", "1:0:2::",
            "::ffff:10.1.2.3", "::10.1.2.3", "::ffff:0:10.1.2.3", "1:2:3:4:5:6:7:8", "0001:0db8::0a00",
            "1:2:3:4:5:6:7::", "1::2::3", "1:2:3:4:5:6:7:8:9", ":1::", "1:", "12345::", "::1.2.3", "fe80::1%eth0",
            "10.0.0.1", "010.0.0.1", "256.0.0.1", "1.2.3", "localhost", "-bad.example", "a_b", "host.example.",
            "");

    @TempDir
    Path dir;

    /** is_valid_ip, expand_ipv6 (of valid IPv6) and is_valid_hostname, one line per address. */
    @Test
    void addressHelpersAgreeWithSwift() {
        String script = """
                import json, sys
                from swift.common.utils import is_valid_ipv6, is_valid_ip, expand_ipv6
                from swift.common.ring.utils import is_valid_hostname
                for a in json.loads(sys.stdin.read()):
                    print('%s|%s|%s' % (is_valid_ip(a), expand_ipv6(a) if is_valid_ipv6(a) else '-',
                                        is_valid_hostname(a)))
                """;
        String[] swift = Python.script(script).stdin(RingBytes.json(ADDRESSES).getBytes(StandardCharsets.UTF_8))
                .run().split("\n");
        for (int i = 0; i < ADDRESSES.size(); i++) {
            String a = ADDRESSES.get(i);
            byte[] v6 = LocalDevices.parseIpv6(a);
            String ours = py(LocalDevices.isValidIp(a)) + "|" + (v6 == null ? "-" : LocalDevices.ipv6Text(v6)) + "|"
                    + py(LocalDevices.isValidHostname(a));
            assertEquals(swift[i], ours, a);
        }
    }

    private static String py(boolean b) {
        return b ? "True" : "False";
    }

    @Test
    void specificRingIpIsUsedAsWritten() throws SocketException {
        assertEquals(List.of("10.1.2.3"), LocalDevices.myIps("10.1.2.3"));
        assertEquals(List.of("fe80::0:1"), LocalDevices.myIps("fe80::0:1"));
    }

    @Test
    void anyAddressMeansEveryInterface() throws SocketException {
        for (String any : new String[] {"0.0.0.0", "::", "", null}) {
            List<String> ips = LocalDevices.myIps(any);
            assertTrue(ips.contains("127.0.0.1"), any + " -> " + ips);
        }
    }

    @Test
    void localDevicesMatchReplicationIpAndPort() throws IOException {
        List<Map<String, Object>> devs = new ArrayList<>();
        devs.add(dev(0, 1, 1, "10.0.0.1", 6200, "local"));
        devs.get(0).put("replication_ip", "127.0.0.1");
        devs.add(dev(1, 1, 1, "127.0.0.1", 6200, "other-port"));
        devs.get(1).put("replication_port", 6300);
        devs.add(dev(2, 1, 2, "127.0.0.1", 6200, "other-ip"));
        devs.get(2).put("replication_ip", "10.0.0.9");
        devs.add(null);
        devs.add(dev(4, 1, 2, "localhost", 6200, "by-name"));
        Path file = dir.resolve("object.ring.gz");
        Files.write(file, RingBytes.v1(devs, 31, new int[][] {{0, 1}}, "little"));
        Ring ring = Ring.load(file);
        assertEquals(List.of("local", "by-name"), names(LocalDevices.of(ring, "127.0.0.1", 6200, 0)));
        assertEquals(List.of("local", "other-port", "by-name"), names(LocalDevices.of(ring, "0.0.0.0", 6200, 4)));
        assertEquals(List.of(), names(LocalDevices.of(ring, "10.0.0.1", 6200, 0)));
        assertTrue(LocalDevices.isLocal(List.of("fe80::1"), 6200, "FE80:0::1", 6200));
        assertTrue(LocalDevices.isLocal(List.of("::1"), null, "0:0:0:0:0:0:0:1", 1));
        assertEquals(false, LocalDevices.isLocal(List.of("::1"), 6200, "::1", 6201));
        assertNull(LocalDevices.parseIpv6("no.such.host.invalid"));
    }

    private static List<String> names(List<RingDevice> devices) {
        return devices.stream().map(RingDevice::device).toList();
    }
}
