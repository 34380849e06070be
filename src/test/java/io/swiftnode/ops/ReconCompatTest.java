package io.swiftnode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.config.SwiftConf;
import io.swiftnode.testsupport.Python;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same requests answered by Debian's Swift 2.30.1 {@code ReconMiddleware} (driven in-process by a Python
 * script over a WSGI environ built like eventlet's: {@code PATH_INFO} percent-decoded as latin-1) and by
 * {@link Recon} over the same files: status, Content-Type and body bytes identical, except the endpoints that
 * read changing system state ({@code load}, {@code mem}, {@code sockstat}, {@code time}, and
 * {@code diskusage} of a mounted device), whose JSON is compared by structure. A check that fails in
 * Swift with an exception (eventlet's 500) must fail here too.
 */
class ReconCompatTest {
    private static final String SCRIPT = """
            import binascii, io, sys, urllib.parse
            swift_dir, devices, cache = sys.argv[1:4]
            from swift.common import utils
            utils.set_swift_dir(swift_dir)
            from swift.common import storage_policy
            storage_policy.reload_storage_policies()
            from swift.common.middleware import recon

            def app(env, start_response):
                start_response('299 App', [('Content-Type', 'x/app')])
                return [b'APP']

            mw = recon.filter_factory({'devices': devices, 'swift_dir': swift_dir,
                                       'recon_cache_path': cache})(app)
            for line in sys.stdin.read().splitlines():
                method, raw = line.split(' ', 1)
                raw = raw.split('?', 1)[0]
                env = {'REQUEST_METHOD': method, 'SCRIPT_NAME': '',
                       'PATH_INFO': urllib.parse.unquote(raw, encoding='latin1'),
                       'SERVER_NAME': 'localhost', 'SERVER_PORT': '6200', 'HTTP_HOST': 'localhost',
                       'SERVER_PROTOCOL': 'HTTP/1.1', 'wsgi.input': io.BytesIO(), 'wsgi.url_scheme': 'http'}
                got = []
                try:
                    body = b''.join(mw(env, lambda s, h, e=None: got.append((s, h))))
                    ctype = dict((k.lower(), v) for k, v in got[0][1]).get('content-type', '')
                    print(got[0][0].split(' ')[0], ctype, binascii.hexlify(body).decode() or '-')
                except Exception as e:
                    print('EXC', type(e).__name__, '-')
            """;

    /** Checks whose answers are compared by structure only. */
    private static final Set<String> VOLATILE = Set.of("/recon/load", "/recon/mem", "/recon/sockstat", "/recon/time",
            "/recon/diskusage");

    static final List<String> PATHS = List.of("/recon/async", "/recon/replication", "/recon/replication/object",
            "/recon/replication/account", "/recon/replication/container", "/recon/updater/object",
            "/recon/updater/container", "/recon/auditor/object", "/recon/auditor/account",
            "/recon/auditor/container", "/recon/expirer/object", "/recon/reconstruction/object", "/recon/devices",
            "/recon/mounted", "/recon/unmounted", "/recon/diskusage", "/recon/quarantined", "/recon/ringmd5",
            "/recon/swiftconfmd5", "/recon/load", "/recon/mem", "/recon/sockstat", "/recon/version", "/recon/time",
            "/recon/driveaudit", "/recon/relinker", "/recon/sharding",
            // invalid or unusual paths
            "/recon/", "/recon/foo", "/recon/replication/", "/recon/replication/object/", "/recon/replication/x",
            "/recon/updater", "/recon/updater/account", "/recon/auditor", "/recon/auditor/obj",
            "/recon/expirer", "/recon/expirer/container", "/recon/reconstruction", "/recon/async/extra/stuff",
            "/recon/a%20b", "/recon/%7Eversion", "/recon/ver%73ion", "/recon/x+y", "/recon/%ff", "/recon/%e2%82%ac",
            "/recon/%zz", "/recon//async", "/recon/version?x=1", "/recon/Version", "/recon/version/object/a/b",
            "/recon/replication/object/extra", "/recon/%3Cscript%3E");

    @Test
    void sameAnswersAsSwift(@TempDir Path dir) throws Exception {
        ReconFixture f = new ReconFixture(dir).good();
        compare(f, PATHS, List.of("GET"));
    }

    @Test
    void methodsAreIgnored(@TempDir Path dir) throws Exception {
        ReconFixture f = new ReconFixture(dir).good();
        compare(f, List.of("/recon/async", "/recon/nope", "/recon/version"),
                List.of("HEAD", "POST", "PUT", "DELETE", "OPTIONS", "REPLICATE"));
    }

    @Test
    void brokenCacheFilesAndMissingDevices(@TempDir Path dir) throws Exception {
        ReconFixture f = new ReconFixture(dir).broken();
        compare(f, List.of("/recon/async", "/recon/replication/container", "/recon/replication/account",
                "/recon/driveaudit", "/recon/relinker", "/recon/sharding", "/recon/devices", "/recon/unmounted",
                "/recon/quarantined", "/recon/diskusage", "/recon/ringmd5"), List.of("GET"));
        Files.delete(f.devices);
        Files.delete(f.etc.resolve("account.ring.gz"));
        Files.createDirectories(f.etc.resolve("account.ring.gz"));
        compare(f, List.of("/recon/devices", "/recon/unmounted", "/recon/quarantined", "/recon/diskusage",
                "/recon/ringmd5"), List.of("GET"));
    }

    @Test
    void unknownQuarantineDirectory(@TempDir Path dir) throws Exception {
        ReconFixture f = new ReconFixture(dir).good();
        Files.createDirectories(f.devices.resolve("sdb1/quarantined/stuff/x"));
        compare(f, List.of("/recon/quarantined"), List.of("GET"));
        Files.delete(f.devices.resolve("sdb1/quarantined/stuff/x"));
        compare(f, List.of("/recon/quarantined"), List.of("GET"));
    }

    /** Python's and our answers for every method × path. */
    private static void compare(ReconFixture f, List<String> paths, List<String> methods) throws Exception {
        StringBuilder in = new StringBuilder();
        List<String[]> requests = new ArrayList<>();
        for (String m : methods) {
            for (String p : paths) {
                in.append(m).append(' ').append(p).append('\n');
                requests.add(new String[] {m, p});
            }
        }
        Path swiftConf = f.etc.resolve("swift.conf");
        List<String> rings = ReconServlet.objectRings(SwiftConf.load(swiftConf));
        String out = Python.script(SCRIPT).args(f.etc, f.devices, f.cache)
                .stdin(in.toString().getBytes(StandardCharsets.UTF_8)).run();
        String[] lines = out.split("\n");
        assertEquals(requests.size(), lines.length, out);
        Recon recon = new Recon(f.devices.toString(), f.etc.toString(), f.cache, swiftConf.toString(), rings);
        for (int i = 0; i < requests.size(); i++) {
            String method = requests.get(i)[0];
            String raw = requests.get(i)[1];
            String[] py = lines[i].split(" ");
            String label = method + " " + raw;
            String[] ours = ours(recon, raw, method);
            assertEquals(py[0], ours[0], label + ": status");
            if (py[0].equals("EXC")) {
                continue;
            }
            assertEquals(py[1], ours[1], label + ": content type");
            String pyBody = py[2].equals("-") ? "" : new String(HexFormat.of().parseHex(py[2]), StandardCharsets.UTF_8);
            String path = raw.contains("?") ? raw.substring(0, raw.indexOf('?')) : raw;
            if (VOLATILE.contains(path)) {
                assertEquals(shape(pyBody), shape(ours[2]), label + ": shape of " + pyBody + " vs " + ours[2]);
            } else {
                assertEquals(pyBody, ours[2], label + ": body");
            }
        }
    }

    /** Status, Content-Type and body (empty for HEAD, as swob sends none) of our answer, or EXC. */
    private static String[] ours(Recon recon, String raw, String method) {
        String path = raw.contains("?") ? raw.substring(0, raw.indexOf('?')) : raw;
        try {
            Recon.Answer a = recon.answer(Recon.quote(Recon.unquote(path)));
            String body = method.equals("HEAD") ? "" : new String(a.body(), StandardCharsets.UTF_8);
            return new String[] {String.valueOf(a.status()), a.contentType(), body};
        } catch (Exception e) {
            return new String[] {"EXC", "", ""};
        }
    }

    /** The JSON's structure: key paths with value types (array elements merged). */
    static Set<String> shape(String json) {
        try (JsonReader r = Json.createReader(new StringReader("[" + json + "]"))) {
            Set<String> out = new TreeSet<>();
            shape(r.readArray().get(0), "$", out);
            return out;
        }
    }

    private static void shape(JsonValue v, String at, Set<String> out) {
        switch (v.getValueType()) {
            case OBJECT -> {
                out.add(at + ":object");
                JsonObject o = v.asJsonObject();
                o.forEach((k, x) -> shape(x, at + "." + k, out));
            }
            case ARRAY -> {
                out.add(at + ":array");
                for (JsonValue x : (JsonArray) v) {
                    shape(x, at + "[]", out);
                }
            }
            case NUMBER -> out.add(at + ":" + (((jakarta.json.JsonNumber) v).isIntegral() ? "int" : "float"));
            default -> out.add(at + ":" + v.getValueType());
        }
    }

    @Test
    void shapeSeesKeysAndTypes() throws IOException {
        assertEquals(Set.of("$:object", "$.a:float", "$.b:STRING", "$.c:int"), shape("{\"a\": 1.5, \"b\": \"x\", "
                + "\"c\": 3}"));
        assertTrue(shape("[1, 2]").contains("$[]:int"));
    }
}
