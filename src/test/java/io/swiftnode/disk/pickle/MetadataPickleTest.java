package io.swiftnode.disk.pickle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.disk.DiskFileBadMetadata;
import io.swiftnode.testsupport.Python;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataPickleTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The tombstone example of object-disk-format.md §6.3, as CPython 3 writes it. */
    static final byte[] TOMBSTONE = HEX.parseHex("80027d710028635f636f646563730a656e636f64650a7101580b0000005"
            + "82d54696d657374616d70710258060000006c6174696e31710386710452710568015810000000313730303030303030302e"
            + "303030303071066803867107527108680158040000006e616d657109680386710a52710b680158060000002f612f632f6f71"
            + "0c680386710d52710e752e");

    static Map<String, String> richMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("X-Timestamp", "1700000000.12345");
        m.put("Content-Type", "text/plain;charset=utf-8");
        m.put("Content-Length", "0");
        m.put("ETag", "d41d8cd98f00b204e9800998ecf8427e");
        m.put("X-Object-Meta-Wire-Utf8", "\u00c3\u00a9t\u00c3\u00a9"); // wire octets C3 A9 74 C3 A9 ("été")
        m.put("X-Object-Meta-Latin1-Octets", "\u00ff\u0080\u00e9");
        m.put("X-Object-Meta-Nul", "a\u0000b\nc\r\\d\u001a");
        m.put("X-Object-Meta-Empty", "");
        m.put("X-Object-Meta-Empty2", "");
        m.put("X-Object-Meta-Zero", "0");
        m.put("X-Object-Meta-Zero2", "0");
        m.put("X-Object-Meta-Invalid-Utf8-Stored", "ok\udcff\udc80");
        m.put("X-Object-Meta-\u00c3\u00a9", "key with a non-ASCII octet");
        m.put("name", "/AUTH_t\u00e9st/c\u00f6ntainer/obj \u20ac \uD83D\uDE00 \u0000 end");
        return m;
    }

    private static Map<String, String> mapOf(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, String> manyItems(int n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("X-Object-Meta-K" + i, i % 7 == 0 ? "" : i % 5 == 0 ? "1" : "value-" + i);
        }
        return m;
    }

    private static List<Map.Entry<String, String>> entries(Map<String, String> m) {
        return new ArrayList<>(m.entrySet());
    }

    @Test
    void docTombstoneDecodesAndIsReproducedByteForByte() throws Exception {
        assertEquals(140, TOMBSTONE.length);
        assertEquals("cea0eb6f4e864cf5f3177072759050a0",
                HEX.formatHex(MessageDigest.getInstance("MD5").digest(TOMBSTONE)));
        Map<String, String> md = MetadataPickle.decode(TOMBSTONE);
        assertEquals(entries(mapOf("X-Timestamp", "1700000000.00000", "name", "/a/c/o")), entries(md));
        assertArrayEquals(TOMBSTONE, MetadataPickle.encode(md));
    }

    @Test
    void roundTripKeepsValuesAndOrder() throws Exception {
        Map<String, String> m = richMetadata();
        m.put("X-Object-Meta-Big", "x\u00e9".repeat(40_000)); // 120000 bytes stored, more than a 64 KiB chunk
        Map<String, String> back = MetadataPickle.decode(MetadataPickle.encode(m));
        assertEquals(entries(m), entries(back));
        assertTrue(back instanceof LinkedHashMap);
    }

    @Test
    void emptyAndSingleItemDicts() throws Exception {
        assertArrayEquals(HEX.parseHex("80027d71002e"), MetadataPickle.encode(Map.of()));
        assertEquals(Map.of(), MetadataPickle.decode(MetadataPickle.encode(Map.of())));
        byte[] one = MetadataPickle.encode(mapOf("a", "b"));
        assertEquals('s', one[one.length - 2], "a single item ends with SETITEM, no MARK");
        assertFalse(contains(one, new byte[] {'(' }), "no MARK for one item");
        assertEquals(mapOf("a", "b"), MetadataPickle.decode(one));
    }

    @Test
    void headerOctetsAreStoredAsUtf8OfTheirCodePoints() {
        // wire C3 A9 -> stored C3 83 C2 A9 -> BINUNICODE payload C3 83 C2 83 C3 82 C2 A9 (doc §6.3)
        byte[] p = MetadataPickle.encode(mapOf("X-Object-Meta-E", "\u00c3\u00a9"));
        assertTrue(contains(p, HEX.parseHex("5808000000c383c283c382c2a9")));
        // the name is real Unicode: U+00E9 is stored as C3 A9 -> payload C3 83 C2 A9
        byte[] n = MetadataPickle.encode(mapOf("name", "/a/c/\u00e9"));
        assertTrue(contains(n, HEX.parseHex("58090000002f612f632fc383c2a9")));
    }

    @Test
    void python3MarkerIsAlwaysWithinTheFirst32Bytes() {
        for (Map<String, String> m : List.of(richMetadata(), mapOf("", "x\u00e9"), mapOf("", ""), mapOf("k", ""),
                manyItems(1001))) {
            byte[] p = MetadataPickle.encode(m);
            assertTrue(MetadataPickle.writtenByPython3(p), () -> HEX.formatHex(p, 0, 40));
        }
    }

    @Test
    void emptyFirstKeyStillRoundTrips() throws Exception {
        Map<String, String> m = mapOf("", "\u00c3\u00a9", "b", "", "c", "\u00c3\u00a9");
        assertEquals(entries(m), entries(MetadataPickle.decode(MetadataPickle.encode(m))));
    }

    @Test
    void memoIndicesAbove255UseLongOpcodes() throws Exception {
        Map<String, String> m = manyItems(300);
        byte[] p = MetadataPickle.encode(m);
        assertTrue(contains(p, new byte[] {'r', 0, 1, 0, 0}), "LONG_BINPUT 256");
        assertEquals(entries(m), entries(MetadataPickle.decode(p)));
    }

    /** CPython's C pickler: MARK..SETITEMS per 1000, a last batch of one included, empty batch after a full one. */
    @Test
    void batchesOf1000ItemsLikeCPython() throws Exception {
        byte[] p1001 = MetadataPickle.encode(manyItems(1001));
        assertEquals("u.", new String(p1001, p1001.length - 2, 2, StandardCharsets.ISO_8859_1));
        assertEquals(entries(manyItems(1001)), entries(MetadataPickle.decode(p1001)));
        byte[] p1000 = MetadataPickle.encode(manyItems(1000));
        assertEquals("u(u.", new String(p1000, p1000.length - 4, 4, StandardCharsets.ISO_8859_1));
        assertEquals(entries(manyItems(1000)), entries(MetadataPickle.decode(p1000)));
    }

    /** Python 2 Swift: protocol 2 with SHORT_BINSTRING / BINSTRING byte strings, raw octets. */
    @Test
    void python2PickleValuesAreRawOctetsExceptName() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(HEX.parseHex("80027d710128"));
        shortBinstring(b, "name".getBytes(StandardCharsets.US_ASCII));
        shortBinstring(b, "/a/c/\u00e9".getBytes(StandardCharsets.UTF_8));
        shortBinstring(b, "X-Object-Meta-Octets".getBytes(StandardCharsets.US_ASCII));
        shortBinstring(b, new byte[] {(byte) 0xc3, (byte) 0xa9, (byte) 0xff});
        shortBinstring(b, "X-Object-Meta-Long".getBytes(StandardCharsets.US_ASCII));
        byte[] longValue = new byte[300];
        Arrays.fill(longValue, (byte) 0xe9);
        b.write('T');
        b.writeBytes(new byte[] {(byte) 300, 1, 0, 0});
        b.writeBytes(longValue);
        shortBinstring(b, "X-Object-Meta-Text".getBytes(StandardCharsets.US_ASCII));
        byte[] text = "\u00e9\u20ac".getBytes(StandardCharsets.UTF_8);
        b.write('X');
        b.writeBytes(new byte[] {(byte) text.length, 0, 0, 0});
        b.writeBytes(text);
        b.write('u');
        b.write('.');
        Map<String, String> md = MetadataPickle.decode(b.toByteArray());
        assertEquals(entries(mapOf(
                "name", "/a/c/\u00e9",
                "X-Object-Meta-Octets", "\u00c3\u00a9\u00ff",
                "X-Object-Meta-Long", "\u00e9".repeat(300),
                "X-Object-Meta-Text", "\u00e9\u20ac")), entries(md));
    }

    /** A Python 3 pickle (marker present) reads byte strings as UTF-8 whatever opcode holds them. */
    @Test
    void python3PickleByteStringsAreUtf8() throws Exception {
        byte[] p3 = MetadataPickle.encode(mapOf("X-A", "x"));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(Arrays.copyOf(p3, p3.length - 2)); // drop SETITEM and STOP of the one item
        b.write('s');
        b.writeBytes(HEX.parseHex("4303582d42")); // SHORT_BINBYTES b'X-B'
        b.writeBytes(HEX.parseHex("4302c3a9")); // SHORT_BINBYTES b'\xc3\xa9'
        b.write('s');
        b.write('.');
        assertEquals(entries(mapOf("X-A", "x", "X-B", "\u00e9")), entries(MetadataPickle.decode(b.toByteArray())));
    }

    @Test
    void integersAreAcceptedAsDecimalStrings() throws Exception {
        // {'Content-Length': 42} with a Python 2 SHORT_BINSTRING key and a BININT1 value
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(HEX.parseHex("80027d7101"));
        shortBinstring(b, "Content-Length".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(HEX.parseHex("4b2a"));
        b.write('s');
        b.write('.');
        assertEquals(mapOf("Content-Length", "42"), MetadataPickle.decode(b.toByteArray()));
    }

    @Test
    void rejectsWhatIsNotAMetadataDict() {
        List<byte[]> bad = List.of(
                new byte[0],
                "garbage".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(TOMBSTONE, 100),
                HEX.parseHex("80025d71002e"), // a list
                HEX.parseHex("80024e2e"), // None
                HEX.parseHex("80027d71005801000000614e732e"), // {'a': None}
                HEX.parseHex("80027d710058010000006147" + "3ff8000000000000" + "732e"), // {'a': 1.5}
                "cos\nsystem\n(S'true'\ntR.".getBytes(StandardCharsets.US_ASCII), // forbidden global
                HEX.parseHex("80027d710058ffffff7f"), // BINUNICODE claiming 2 GiB
                HEX.parseHex("80027d7100540000008061"), // BINSTRING negative length
                HEX.parseHex("80027d71005801000000ff4e732e"), // BINUNICODE that is not UTF-8
                HEX.parseHex("80027d710028580100000061752e")); // odd SETITEMS
        for (byte[] p : bad) {
            assertThrows(DiskFileBadMetadata.class, () -> MetadataPickle.decode(p), () -> HEX.formatHex(p));
        }
    }

    @Test
    void encodingRejectsUnencodableSurrogates() {
        assertThrows(IllegalArgumentException.class, () -> MetadataPickle.encode(mapOf("a", "\ud800")));
        assertThrows(IllegalArgumentException.class, () -> MetadataPickle.encode(mapOf("a", "\udc7f")));
    }

    // ---------------------------------------------------------------- Python Swift 2.30.1

    private static final String CPYTHON_DUMPS = """
            import sys
            import pickle
            from swift.obj.diskfile import _encode_metadata
            for md in CASES:
                sys.stdout.write(pickle.dumps(_encode_metadata(md), 2).hex() + '\\n')
            """;

    /** Our bytes equal CPython's for {@code pickle.dumps(_encode_metadata(md), 2)}, and we read CPython's. */
    @Test
    void pythonSwiftWritesTheSameBytesAndWeReadThem() throws Exception {
        List<Map<String, String>> cases = List.of(richMetadata(), mapOf("X-Timestamp", "1700000000.00000",
                "name", "/a/c/o"), Map.of(), mapOf("k", ""), manyItems(300), manyItems(2001), manyItems(1000),
                mapOf("X-Object-Meta-Big", "x\u00e9".repeat(40_000), "name", "/a/c/o"));
        String out = Python.script("CASES = " + Python.literal(cases) + "\n" + CPYTHON_DUMPS).run();
        String[] lines = out.split("\n");
        assertEquals(cases.size(), lines.length);
        for (int i = 0; i < cases.size(); i++) {
            byte[] python = HEX.parseHex(lines[i]);
            assertSameBytes(python, MetadataPickle.encode(cases.get(i)), "case " + i);
            assertEquals(entries(cases.get(i)), entries(MetadataPickle.decode(python)), "case " + i);
        }
    }

    /**
     * What we write is read by 2.30.1's {@code _decode_metadata(pickle.loads(.., encoding='bytes'))},
     * by the Swift 2.32+ rule and by an unpickler restricted to Swift 2.38's allow-list.
     */
    @Test
    void pythonSwiftReadsOurPickles() {
        List<Map<String, String>> cases = List.of(richMetadata(), mapOf("", "\u00c3\u00a9", "b", ""), Map.of(),
                manyItems(1001));
        StringBuilder hex = new StringBuilder();
        for (Map<String, String> m : cases) {
            hex.append(HEX.formatHex(MetadataPickle.encode(m))).append('\n');
        }
        String out = Python.script("EXPECTED = " + Python.literal(cases) + "\n" + """
                import io
                import pickle
                import sys
                from swift.obj.diskfile import _decode_metadata

                ALLOWED = {('_codecs', 'encode'), ('__builtin__', 'bytes'), ('builtins', 'bytes')}

                class Restricted(pickle.Unpickler):
                    def find_class(self, module, name):
                        if (module, name) not in ALLOWED:
                            raise pickle.UnpicklingError('forbidden %s.%s' % (module, name))
                        return super().find_class(module, name)

                lines = sys.stdin.read().split()
                assert len(lines) == len(EXPECTED)
                for data, expected in zip((bytes.fromhex(x) for x in lines), EXPECTED):
                    assert b'_codecs\\nencode' in data[:32] or not expected
                    got = _decode_metadata(pickle.loads(data, encoding='bytes'))
                    assert got == expected, (got, expected)
                    assert list(got) == list(expected)
                    raw = Restricted(io.BytesIO(data), encoding='bytes').load()
                    assert all(type(k) is bytes and type(v) is bytes for k, v in raw.items())
                print('ok')
                """).stdin(hex.toString().getBytes(StandardCharsets.US_ASCII)).run();
        assertEquals("ok\n", out);
    }

    /**
     * Pickles Python writes with every protocol and any mix of bytes and str decode as the
     * Swift 2.32+ rule says (implemented independently in the script).
     */
    @Test
    void decodesEveryProtocolLikeSwift232() throws Exception {
        String out = Python.script("""
                import pickle
                import sys

                def rule_2_32(data):
                    # object-disk-format.md 6.4: marker in the first 32 bytes means Python 3 wrote it
                    py3 = b'_codecs\\nencode' in data[:32]
                    def conv(item, is_name):
                        if isinstance(item, bytes):
                            if py3 or is_name:
                                return item.decode('utf-8', 'surrogateescape')
                            return item.decode('latin-1')
                        if isinstance(item, int):
                            return str(item)
                        return item
                    d = pickle.loads(data, encoding='bytes')
                    return {conv(k, False): conv(v, k == b'name') for k, v in d.items()}

                def cps(s):
                    return ','.join('%x' % ord(c) for c in s) or '-'

                samples = [
                    {b'X-Timestamp': b'1', b'name': '/a/c/\\xe9'.encode('utf-8'), b'X-M': b'\\xc3\\xa9\\xff'},
                    {'X-Text': '\\xe9\\u20ac\\udcff', b'name': b'/a/\\xff', 'name2': b'x', b'Content-Length': 42},
                    {b'': b'', 'k': '', b'big': b'\\xe9' * 70000},
                ]
                for proto in range(0, 5):
                    for s in samples:
                        for data in (pickle.dumps(s, proto),):
                            sys.stdout.write('P %d %s\\n' % (proto, data.hex()))
                            for k, v in rule_2_32(data).items():
                                sys.stdout.write('I %s %s\\n' % (cps(k), cps(v)))
                            sys.stdout.write('E\\n')
                """).run();
        int checked = 0;
        byte[] pickle = null;
        Map<String, String> expected = null;
        for (String line : out.split("\n")) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "P" -> {
                    pickle = HEX.parseHex(f[2]);
                    expected = new LinkedHashMap<>();
                }
                case "I" -> expected.put(fromCodePoints(f[1]), fromCodePoints(f[2]));
                case "E" -> {
                    assertEquals(entries(expected), entries(MetadataPickle.decode(pickle)), HEX.formatHex(pickle,
                            0, Math.min(pickle.length, 200)));
                    checked++;
                }
                default -> throw new AssertionError(line);
            }
        }
        assertEquals(15, checked);
    }

    static String fromCodePoints(String s) {
        StringBuilder sb = new StringBuilder();
        if (!s.equals("-")) {
            for (String cp : s.split(",")) {
                sb.appendCodePoint(Integer.parseInt(cp, 16));
            }
        }
        return sb.toString();
    }

    private static void shortBinstring(ByteArrayOutputStream b, byte[] s) {
        b.write('U');
        b.write(s.length);
        b.writeBytes(s);
    }

    /** assertArrayEquals with a readable message: the first differing offset and its surroundings. */
    static void assertSameBytes(byte[] expected, byte[] actual, String what) {
        int n = Math.min(expected.length, actual.length);
        int i = 0;
        while (i < n && expected[i] == actual[i]) {
            i++;
        }
        if (i == n && expected.length == actual.length) {
            return;
        }
        int from = Math.max(0, i - 16);
        throw new AssertionError(what + ": first difference at offset " + i + " (lengths " + expected.length + " / "
                + actual.length + "): expected ..." + HEX.formatHex(expected, from, Math.min(expected.length, i + 16))
                + "... but was ..." + HEX.formatHex(actual, from, Math.min(actual.length, i + 16)) + "...");
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
