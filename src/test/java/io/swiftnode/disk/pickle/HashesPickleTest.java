package io.swiftnode.disk.pickle;

import static io.swiftnode.disk.pickle.MetadataPickleTest.assertSameBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.testsupport.Python;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashesPickleTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String HASH = "1cce18c5a7a0b3c4d5e6f708192a3b4c";

    @TempDir
    Path tmp;

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<Map.Entry<String, Object>> entries(Map<String, Object> m) {
        return new ArrayList<>(m.entrySet());
    }

    /** The verified bytes of object-disk-format.md §10.1. */
    @Test
    void writesTheDocumentedBytes() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(HEX.parseHex("80027d7100285805000000"));
        b.writeBytes("valid".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(HEX.parseHex("7101885803000000"));
        b.writeBytes("e31".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(HEX.parseHex("71025820000000"));
        b.writeBytes(HASH.getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(HEX.parseHex("71035807000000"));
        b.writeBytes("updated".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(HEX.parseHex("710447" + "41d954fc40000000" + "752e"));
        byte[] ours = HashesPickle.encode(map("valid", true, "e31", HASH, "updated", 1700000000.0));
        assertSameBytes(b.toByteArray(), ours, "hashes.pkl");
    }

    @Test
    void roundTripsEveryValueType() {
        Map<String, Object> m = map("valid", false, "abc", HASH, "f00", null, "updated", 1700000000.123456,
                "123", "");
        assertEquals(entries(m), entries(HashesPickle.decode(HashesPickle.encode(m))));
        Map<String, Object> ints = map("valid", true, "updated", 17L);
        Map<String, Object> back = HashesPickle.decode(HashesPickle.encode(ints));
        assertEquals(17L, back.get("updated"));
    }

    @Test
    void decodedMapIsMutableAndOrdered() {
        Map<String, Object> m = HashesPickle.decode(HashesPickle.encode(map("fff", null, "000", HASH)));
        assertEquals(List.of("fff", "000", "valid", "updated"), List.copyOf(m.keySet()));
        m.put("abc", null);
        assertTrue(m.containsKey("abc"));
    }

    @Test
    void readRulesOfReadHashes() {
        // unparsable: Python applies its defaults to the {'valid': False} it started with
        assertEquals(map("valid", false, "updated", -1.0), HashesPickle.decode("garbage".getBytes()));
        assertEquals(map("valid", false, "updated", -1.0), HashesPickle.decode(new byte[0]));
        // forbidden global
        assertEquals(map("valid", false, "updated", -1.0),
                HashesPickle.decode("cos\nsystem\n(S'true'\ntR.".getBytes(StandardCharsets.US_ASCII)));
        // a key that is not a suffix
        assertEquals(map("valid", false), HashesPickle.decode(HashesPickle.encode(map("abc", HASH, "zzz", null))));
        assertEquals(map("valid", false), HashesPickle.decode(HashesPickle.encode(map("ABC", HASH))));
        assertEquals(map("valid", false), HashesPickle.decode(HashesPickle.encode(map("abcd", HASH))));
        // missing valid / updated
        assertEquals(entries(map("abc", HASH, "valid", true, "updated", -1.0)),
                entries(HashesPickle.decode(HashesPickle.encode(map("abc", HASH)))));
        // not a dict
        assertEquals(map("valid", false), HashesPickle.decode(HEX.parseHex("8002580300000061626371002e")));
        // byte-string keys (what a careless Java writer would produce) are not suffixes
        byte[] bytesKey = MetadataPickle.encode(Map.of("abc", HASH));
        assertEquals(map("valid", false), HashesPickle.decode(bytesKey));
    }

    /** Python 2 str keys are text in Python 3 when ASCII; a non-ASCII one makes the pickle unreadable. */
    @Test
    void python2StringKeys() {
        byte[] ascii = "(dp0\nS'abc'\np1\nS'x'\np2\nsS'valid'\np3\nI01\ns.".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(entries(map("abc", "x", "valid", true, "updated", -1.0)), entries(HashesPickle.decode(ascii)));
        byte[] nonAscii = "(dp0\nS'abc'\np1\nS'x\\xe9'\np2\ns.".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(map("valid", false, "updated", -1.0), HashesPickle.decode(nonAscii));
        byte[] shortBinstring = HEX.parseHex("80027d7100550361626371015501787102732e");
        assertEquals(entries(map("abc", "x", "valid", true, "updated", -1.0)),
                entries(HashesPickle.decode(shortBinstring)));
    }

    @Test
    void suffixRule() {
        assertTrue(HashesPickle.isSuffix("0af"));
        assertFalse(HashesPickle.isSuffix("0aF"));
        assertFalse(HashesPickle.isSuffix("0ag"));
        assertFalse(HashesPickle.isSuffix("0a"));
        assertFalse(HashesPickle.isSuffix("valid"));
    }

    @Test
    void rejectsUnpicklableValues() {
        assertThrows(IllegalArgumentException.class, () -> HashesPickle.encode(map("abc", new Object())));
    }

    @Test
    void replicateBodyHasTextKeysAndValues() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("abc", HASH);
        body.put("def", null);
        byte[] p = HashesPickle.encodeSuffixHashes(body);
        assertArrayEquals(HEX.parseHex("80027d710028580300000061626371015820000000"),
                java.util.Arrays.copyOf(p, 21));
        assertEquals(entries(map("abc", HASH, "def", null, "valid", true, "updated", -1.0)),
                entries(HashesPickle.decode(p)));
    }

    // ---------------------------------------------------------------- Python Swift 2.30.1

    /** Python's {@code read_hashes} reads our hashes.pkl as the same dict. */
    @Test
    void pythonReadHashesReadsOurs() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", true);
        for (int i = 0; i < 1500; i++) {
            m.put(String.format("%03x", i), i % 3 == 0 ? null : String.format("%032x", i * 7919L));
        }
        m.put("updated", 1700000000.987654);
        Files.write(tmp.resolve("hashes.pkl"), HashesPickle.encode(m));
        String out = Python.script("EXPECTED = " + Python.literal(m) + "\n" + """
                import sys
                from swift.obj.diskfile import read_hashes
                got = read_hashes(sys.argv[1])
                assert got == EXPECTED, set(got.items()) ^ set(EXPECTED.items())
                assert list(got) == list(EXPECTED)
                assert all(type(k) is str for k in got)
                print('ok')
                """).args(tmp).withSwiftDir().run();
        assertEquals("ok\n", out);
    }

    /** Python's {@code write_hashes} output reads back here as what Python itself reads. */
    @Test
    void weReadPythonWriteHashes() throws Exception {
        String updated = Python.script("""
                import sys
                from swift.obj.diskfile import write_hashes, read_hashes
                hashes = {'valid': True, 'abc': '%032x' % 12345, 'e31': None}
                write_hashes(sys.argv[1], hashes)
                print(repr(read_hashes(sys.argv[1])['updated']))
                """).args(tmp).withSwiftDir().run().strip();
        Map<String, Object> got = HashesPickle.decode(Files.readAllBytes(tmp.resolve("hashes.pkl")));
        assertEquals(entries(map("valid", true, "abc", String.format("%032x", 12345), "e31", null,
                "updated", Double.parseDouble(updated))), entries(got));
        assertSameBytes(Files.readAllBytes(tmp.resolve("hashes.pkl")), HashesPickle.encode(got), "hashes.pkl");
    }

    /** Our read rules give what {@code read_hashes} gives, for pickles of every protocol and odd content. */
    @Test
    void sameReadRulesAsPythonReadHashes() throws Exception {
        String samples = Python.script("""
                import pickle
                samples = [
                    {'valid': True, 'abc': 'x' * 32, 'updated': 1.5},
                    {'abc': None},
                    {'abc': 'x', 'zzz': None},
                    {b'abc': 'x'},
                    {'valid': b'x', 'abc': 1, 'fff': 2 ** 70},
                    'abc',
                    {},
                ]
                for proto in range(0, 5):
                    for s in samples:
                        print(pickle.dumps(s, proto).hex())
                print(b'garbage'.hex())
                print(b"(dp0\\nS'abc'\\np1\\nS'x\\\\xe9'\\np2\\ns.".hex())
                print(b"(dp0\\nS'abc'\\np1\\nS'x'\\np2\\ns.".hex())
                """).run();
        List<byte[]> pickles = new ArrayList<>();
        List<Map<String, Object>> ours = new ArrayList<>();
        for (String line : samples.split("\n")) {
            byte[] p = HEX.parseHex(line);
            pickles.add(p);
            ours.add(HashesPickle.decode(p));
        }
        assertEquals(38, pickles.size());
        StringBuilder stdin = new StringBuilder();
        for (byte[] p : pickles) {
            stdin.append(HEX.formatHex(p)).append('\n');
        }
        String out = Python.script("OURS = " + Python.literal(ours) + "\n" + """
                import os
                import sys
                from swift.obj.diskfile import read_hashes
                part = sys.argv[1]
                for line, ours in zip(sys.stdin.read().split(), OURS):
                    with open(os.path.join(part, 'hashes.pkl'), 'wb') as f:
                        f.write(bytes.fromhex(line))
                    got = read_hashes(part)
                    assert got == ours, (line, got, ours)
                    assert list(got) == list(ours), (line, got, ours)
                print('ok')
                """).args(tmp).stdin(stdin.toString().getBytes(StandardCharsets.US_ASCII)).withSwiftDir().run();
        assertEquals("ok\n", out);
    }
}
