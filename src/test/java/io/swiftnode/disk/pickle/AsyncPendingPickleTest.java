package io.swiftnode.disk.pickle;

import static io.swiftnode.disk.pickle.MetadataPickleTest.assertSameBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.disk.DiskFileBadMetadata;
import io.swiftnode.disk.pickle.AsyncPendingPickle.AsyncUpdate;
import io.swiftnode.testsupport.Python;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncPendingPickleTest {
    @TempDir
    Path tmp;

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Object-server style headers; X-Trans-Id carries every character the V opcode escapes. */
    static Map<String, String> objectServerHeaders() {
        return headers(
                "X-Size", "3",
                "X-Content-Type", "text/plain;swift_bytes=3",
                "X-Timestamp", "1700000002.00000",
                "X-Etag", "900150983cd24fb0d6963f7d28e17f72",
                "X-Trans-Id", "tx\u00c3\u00a9\\\n\r\u0000\u001a-end",
                "Referer", "PUT http://localhost/v1/a/c/o",
                "X-Backend-Storage-Policy-Index", "1",
                "User-Agent", "object-server 4242");
    }

    @Test
    void writesCPythonProtocol0() {
        AsyncUpdate u = new AsyncUpdate("PUT", "a", "c", "o2", headers("X-Size", "3"));
        String expected = "(dp0\nVop\np1\nVPUT\np2\nsVaccount\np3\nVa\np4\nsVcontainer\np5\nVc\np6\nsVobj\np7\n"
                + "Vo2\np8\nsVheaders\np9\n(dp10\nVX-Size\np11\nV3\np12\nss.";
        assertSameBytes(latin1(expected), AsyncPendingPickle.encode(u), "async pending");
    }

    @Test
    void optionalFieldsAreWrittenAfterTheHeaders() throws Exception {
        AsyncUpdate u = new AsyncUpdate("DELETE", "a", "c", "o", headers(), "sa/sc", List.of(1, 3, 70000),
                List.of("a/c1"));
        String expected = "(dp0\nVop\np1\nVDELETE\np2\nsVaccount\np3\nVa\np4\nsVcontainer\np5\nVc\np6\nsVobj\np7\n"
                + "Vo\np8\nsVheaders\np9\n(dp10\nsVcontainer_path\np11\nVsa/sc\np12\nsVsuccesses\np13\n(lp14\n"
                + "I1\naI3\naI70000\nasVredirect_history\np15\n(lp16\nVa/c1\np17\nas.";
        assertSameBytes(latin1(expected), AsyncPendingPickle.encode(u), "async pending");
        assertEquals(u, AsyncPendingPickle.decode(AsyncPendingPickle.encode(u)));
    }

    @Test
    void rawUnicodeEscapeOfStrings() throws Exception {
        AsyncUpdate u = new AsyncUpdate("PUT", "AUTH_t\u00e9st", "c\u20ac", "o \uD83D\uDE00 \udcff",
                headers("X-Trans-Id", "tx\u00c3\u00a9\\\n\r\u0000\u001a-end"));
        byte[] p = AsyncPendingPickle.encode(u);
        String s = new String(p, StandardCharsets.ISO_8859_1);
        assertTrue(s.contains("VAUTH_t\u00e9st\n"), "code points < 256 are raw bytes");
        assertTrue(s.contains("Vc\\u20ac\n"));
        assertTrue(s.contains("Vo \\U0001f600 \\udcff\n"));
        assertTrue(s.contains("Vtx\u00c3\u00a9\\u005c\\u000a\\u000d\\u0000\\u001a-end\n"));
        assertEquals(u, AsyncPendingPickle.decode(p));
    }

    @Test
    void rawUnicodeEscapeOnlyEscapesAfterAnOddNumberOfBackslashes() throws Exception {
        String pickle = "(dp0\nVop\np1\nVPUT\np2\nsVaccount\np3\nVa\\\\u0041\\u0041\\x\np4\nsVcontainer\np5\nVc\np6\n"
                + "sVobj\np7\nVo\np8\nsVheaders\np9\n(dp10\ns.";
        AsyncUpdate u = AsyncPendingPickle.decode(latin1(pickle));
        assertEquals("a\\\\u0041A\\x", u.account());
    }

    /** The example of object-disk-format.md §11, completed: headers as a HeaderKeyDict. */
    @Test
    void readsHeaderKeyDictFromPython3() throws Exception {
        String pickle = "(dp0\nVop\np1\nVPUT\np2\nsVaccount\np3\nVa\np4\nsVcontainer\np5\nVc\np6\nsVobj\np7\nVo2\np8\n"
                + "sVheaders\np9\nccopy_reg\n_reconstructor\np10\n(cswift.common.header_key_dict\nHeaderKeyDict\np11\n"
                + "c__builtin__\ndict\np12\n(dp13\nVX-Size\np14\nV3\np15\nsVX-Content-Type\np16\nVtext/plain\np17\n"
                + "stp18\nRp19\ns.";
        AsyncUpdate u = AsyncPendingPickle.decode(latin1(pickle));
        assertEquals(new AsyncUpdate("PUT", "a", "c", "o2", headers("X-Size", "3", "X-Content-Type", "text/plain")), u);
        assertEquals(List.of("X-Size", "X-Content-Type"), List.copyOf(u.headers().keySet()));
        assertNull(u.containerPath());
        assertNull(u.successes());
        assertNull(u.redirectHistory());
    }

    /** Python 2 Swift: quoted byte strings; names are UTF-8, header values raw octets. */
    static final String PY2_PICKLE = "(dp1\nS'obj'\np2\nS'o\\xc3\\xa9'\np3\nsS'headers'\np4\n"
            + "ccopy_reg\n_reconstructor\np5\n(cswift.common.header_key_dict\nHeaderKeyDict\np6\n"
            + "c__builtin__\ndict\np7\n(dp8\nS'X-Trans-Id'\np9\nS'tx\\xc3\\xa9 \\'q\\' \\\\ \\n'\np10\n"
            + "sS'X-Size'\np11\nS\"3\"\np12\nstp13\nRp14\n"
            + "sS'account'\np15\nS'a'\np16\nsS'container'\np17\nS'c'\np18\nsS'op'\np19\nS'PUT'\np20\n"
            + "sS'container_path'\np21\nNsS'successes'\np22\n(lp23\nI1\naI3\nas.";

    static final AsyncUpdate PY2_EXPECTED = new AsyncUpdate("PUT", "a", "c", "o\u00e9",
            headers("X-Trans-Id", "tx\u00c3\u00a9 'q' \\ \n", "X-Size", "3"), null, List.of(1, 3), null);

    @Test
    void readsPython2Pickles() throws Exception {
        assertEquals(PY2_EXPECTED, AsyncPendingPickle.decode(latin1(PY2_PICKLE)));
    }

    @Test
    void recordCopiesAndFreezesItsCollections() {
        Map<String, String> h = headers("A", "1");
        List<Integer> s = new ArrayList<>(List.of(1));
        AsyncUpdate u = new AsyncUpdate("PUT", "a", "c", "o", h, null, s, null);
        h.put("B", "2");
        s.add(2);
        assertEquals(headers("A", "1"), u.headers());
        assertEquals(List.of(1), u.successes());
        assertThrows(UnsupportedOperationException.class, () -> u.headers().put("C", "3"));
    }

    @Test
    void rejectsGarbage() {
        List<String> bad = List.of(
                "",
                "garbage",
                "(lp0\nVop\np1\na.",
                "(dp0\nVop\np1\nVPUT\np2\ns.",
                "(dp0\nVop\np1\nVPUT\np2\nsVaccount\np3\nVa\np4\nsVcontainer\np5\nVc\np6\nsVobj\np7\nVo\np8\n"
                        + "sVheaders\np9\n(lp10\ns.",
                "(dp0\nVop\np1\nVPUT\np2\nsVaccount\np3\nVa\np4\nsVcontainer\np5\nVc\np6\nsVobj\np7\nVo\np8\n"
                        + "sVheaders\np9\n(dp10\nsVsuccesses\np11\n(lp12\nVx\nas.",
                "(dp0\nVop\np1\nVPUT\np2\nsVaccount\np3\nI1\nsVcontainer\np5\nVc\np6\nsVobj\np7\nVo\np8\n"
                        + "sVheaders\np9\n(dp10\ns.",
                "(dp0\nVop\np1\nVPUT\np2\nsVaccount\np3\nVa\np4\nsVcontainer\np5\nVc\np6\nsVobj\np7\nVo\\u00\np8\n"
                        + "sVheaders\np9\n(dp10\ns.",
                "(dp0\nVop\np1\nS'PUT\np2\ns.",
                "(dp0\nVop\np1\nS'\\x4'\np2\ns.",
                "cos\nsystem\n(S'true'\ntR.",
                "(dp0\nVop\np1\nVPUT");
        for (String p : bad) {
            assertThrows(DiskFileBadMetadata.class, () -> AsyncPendingPickle.decode(latin1(p)), p);
        }
    }

    // ---------------------------------------------------------------- Python Swift 2.30.1

    private static Map<String, Object> asPythonDict(AsyncUpdate u) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("op", u.op());
        d.put("account", u.account());
        d.put("container", u.container());
        d.put("obj", u.obj());
        d.put("headers", u.headers());
        if (u.containerPath() != null) {
            d.put("container_path", u.containerPath());
        }
        if (u.successes() != null) {
            d.put("successes", u.successes());
        }
        if (u.redirectHistory() != null) {
            d.put("redirect_history", u.redirectHistory());
        }
        return d;
    }

    /** Python's {@code pickle.load} and the updater's {@code _load_update} read our files as the same dict. */
    @Test
    void pythonUpdaterReadsOurs() throws Exception {
        List<AsyncUpdate> updates = List.of(
                new AsyncUpdate("PUT", "AUTH_t\u00e9st", "c\u20ac", "o \uD83D\uDE00 \udcff", objectServerHeaders()),
                new AsyncUpdate("DELETE", "a", "c", "o", headers("X-Timestamp", "1700000003.00000"),
                        ".shards_a/c-1", List.of(0, 2), List.of("a/c1", ".shards_a/c-1")),
                new AsyncUpdate("PUT", "a", "c", "", headers(), null, List.of(), List.of()));
        StringBuilder stdin = new StringBuilder();
        Path dir = Files.createDirectories(tmp.resolve("sda/async_pending/abc"));
        for (int i = 0; i < updates.size(); i++) {
            Path f = dir.resolve("ours-" + i);
            Files.write(f, AsyncPendingPickle.encode(updates.get(i)));
            stdin.append(Python.literal(asPythonDict(updates.get(i)))).append('\n').append(f).append('\n');
        }
        String out = Python.resource("pickle_async_pending.py").args("read", tmp).withSwiftDir()
                .stdin(stdin.toString().getBytes(StandardCharsets.UTF_8)).run();
        assertEquals("ok\n", out);
    }

    /** Files written by Python's object server and updater code decode here. */
    @Test
    void weReadPythonWrittenFiles() throws Exception {
        String out = Python.resource("pickle_async_pending.py").args("write", tmp).withSwiftDir().run();
        String[] paths = out.strip().split("\n");
        assertEquals(2, paths.length, out);
        AsyncUpdate serverWritten = null;
        AsyncUpdate updaterWritten = null;
        for (String p : paths) {
            AsyncUpdate u = AsyncPendingPickle.decode(Files.readAllBytes(Path.of(p)));
            if (p.endsWith("updater-rewritten")) {
                updaterWritten = u;
            } else {
                assertTrue(p.matches(".*/sda/async_pending-1/[0-9a-f]{3}/[0-9a-f]{32}-1700000002\\.00000"), p);
                serverWritten = u;
            }
        }
        AsyncUpdate expected = new AsyncUpdate("PUT", "AUTH_t\u00e9st", "c\u20ac", "o \uD83D\uDE00",
                objectServerHeaders(), ".shards_AUTH_t\u00e9st/c\u20ac-1", null, null);
        assertEquals(expected, serverWritten);
        assertEquals(List.copyOf(objectServerHeaders().keySet()), List.copyOf(serverWritten.headers().keySet()));
        assertEquals(new AsyncUpdate(expected.op(), expected.account(), expected.container(), expected.obj(),
                expected.headers(), null, List.of(1, 3), List.of("a/c1", "a/c2")), updaterWritten);
    }

    /** CPython's {@code pickle.dumps(d, 0)} of the same plain dict is byte-identical to ours. */
    @Test
    void sameBytesAsCPython() {
        AsyncUpdate u = new AsyncUpdate("PUT", "AUTH_t\u00e9st", "c\u20ac", "o \uD83D\uDE00 \udcff",
                objectServerHeaders(), "sa/sc", List.of(1, 3), List.of("a/c1"));
        String hex = Python.script("import pickle, sys\nD = " + Python.literal(asPythonDict(u))
                + "\nsys.stdout.write(pickle.dumps(D, 0).hex())\n").run();
        assertSameBytes(java.util.HexFormat.of().parseHex(hex), AsyncPendingPickle.encode(u), "async pending");
    }

    /** The hand-made Python 2 pickle above is a valid pickle to Python, with the same content. */
    @Test
    void python2SampleIsValidForPython() {
        String out = Python.script("""
                import pickle, sys
                d = pickle.loads(sys.stdin.buffer.read(), encoding='bytes')
                assert d[b'obj'].decode('utf-8') == 'o\\xe9'
                h = dict(d[b'headers'])
                assert h[b'X-Trans-Id'] == b"tx\\xc3\\xa9 'q' \\\\ \\n", h
                assert d[b'successes'] == [1, 3] and d[b'container_path'] is None
                print('ok')
                """).withSwiftDir().stdin(latin1(PY2_PICKLE)).run();
        assertEquals("ok\n", out);
    }
}
