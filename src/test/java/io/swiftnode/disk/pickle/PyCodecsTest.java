package io.swiftnode.disk.pickle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.swiftnode.testsupport.Python;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PyCodecsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void surrogateEscapeDecoding() {
        assertEquals("\u00e9", PyCodecs.decodeUtf8SurrogateEscape(HEX.parseHex("c3a9")));
        assertEquals("\uD83D\uDE00", PyCodecs.decodeUtf8SurrogateEscape(HEX.parseHex("f09f9880")));
        // invalid bytes, a truncated sequence, an overlong form, an encoded surrogate
        assertEquals("a\udcff\udcc3", PyCodecs.decodeUtf8SurrogateEscape(HEX.parseHex("61ffc3")));
        assertEquals("\udce2\udc82A", PyCodecs.decodeUtf8SurrogateEscape(HEX.parseHex("e28241")));
        assertEquals("\udcc0\udcaf", PyCodecs.decodeUtf8SurrogateEscape(HEX.parseHex("c0af")));
        assertEquals("\udced\udcb2\udc80", PyCodecs.decodeUtf8SurrogateEscape(HEX.parseHex("edb280")));
        assertEquals("\udcf4\udc90\udc80\udc80", PyCodecs.decodeUtf8SurrogateEscape(HEX.parseHex("f4908080")));
    }

    @Test
    void surrogateEscapeEncodingIsTheInverse() {
        byte[] raw = HEX.parseHex("61ffc3e28241c0afedb280f09f9880c3a900");
        assertArrayEquals(raw, PyCodecs.encodeUtf8SurrogateEscape(PyCodecs.decodeUtf8SurrogateEscape(raw)));
        assertThrows(IllegalArgumentException.class, () -> PyCodecs.encodeUtf8SurrogateEscape("\ud800"));
        assertThrows(IllegalArgumentException.class, () -> PyCodecs.encodeUtf8SurrogateEscape("\udc7f"));
        assertThrows(IllegalArgumentException.class, () -> PyCodecs.encodeUtf8SurrogateEscape("\ude00"));
    }

    @Test
    void surrogatePassKeepsLoneSurrogates() {
        assertArrayEquals(HEX.parseHex("edb3bf"), PyCodecs.encodeUtf8SurrogatePass("\udcff"));
        assertEquals("\udcff", PyCodecs.decodeUtf8SurrogatePass(HEX.parseHex("edb3bf")));
        assertThrows(IllegalArgumentException.class, () -> PyCodecs.decodeUtf8SurrogatePass(HEX.parseHex("ff")));
    }

    @Test
    void latin1() {
        assertEquals("\u00c3\u00a9", PyCodecs.decodeLatin1(HEX.parseHex("c3a9")));
        assertArrayEquals(HEX.parseHex("c3a9"), PyCodecs.encodeLatin1("\u00c3\u00a9"));
        assertThrows(IllegalArgumentException.class, () -> PyCodecs.encodeLatin1("\u20ac"));
    }

    @Test
    void escapeDecode() {
        byte[] in = "a\\\\b\\'c\\\"d\\n\\t\\r\\x41\\101\\7\\q\\\ne".getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals("a\\b'c\"d\n\t\rAA\u0007\\qe".getBytes(StandardCharsets.ISO_8859_1),
                PyCodecs.escapeDecode(in));
        assertThrows(IllegalArgumentException.class, () -> PyCodecs.escapeDecode("a\\".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> PyCodecs.escapeDecode("\\x4g".getBytes()));
    }

    @Test
    void rawUnicodeEscapeErrors() {
        assertThrows(IllegalArgumentException.class, () -> PyCodecs.decodeRawUnicodeEscape("\\u12".getBytes()));
        assertThrows(IllegalArgumentException.class,
                () -> PyCodecs.decodeRawUnicodeEscape("\\U00110000".getBytes()));
    }

    /** Our codecs agree with CPython's on random and edge-case input. */
    @Test
    void agreeWithPython() {
        Random rnd = new Random(42);
        List<byte[]> samples = new ArrayList<>();
        String alphabet = "\\uU0123456789abcdefx'\"nrt\n";
        for (int i = 0; i < 400; i++) {
            byte[] b = new byte[rnd.nextInt(24)];
            for (int j = 0; j < b.length; j++) {
                int kind = rnd.nextInt(4);
                b[j] = (byte) (kind == 0 ? rnd.nextInt(256) : kind == 1 ? 0x80 + rnd.nextInt(0x80)
                        : alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            samples.add(b);
        }
        StringBuilder stdin = new StringBuilder();
        for (byte[] b : samples) {
            stdin.append(b.length == 0 ? "-" : HEX.formatHex(b)).append('\n');
        }
        // per sample: utf-8/surrogateescape code points, raw-unicode-escape code points or ERR,
        // escape_decode bytes or ERR, and V-opcode bytes of the surrogateescape text
        String out = Python.script("""
                import codecs
                import pickle
                import sys

                def cps(s):
                    return ','.join('%x' % ord(c) for c in s) or '-'

                for line in sys.stdin.read().split():
                    b = b'' if line == '-' else bytes.fromhex(line)
                    s = b.decode('utf-8', 'surrogateescape')
                    try:
                        r = cps(b.decode('raw-unicode-escape'))
                    except UnicodeDecodeError:
                        r = 'ERR'
                    try:
                        e = codecs.escape_decode(b)[0].hex() or '-'
                    except ValueError:
                        e = 'ERR'
                    v = pickle.dumps(s, 0)
                    assert v.startswith(b'V') and v.endswith(b'\\np0\\n.'), v
                    print(cps(s), r, e, v[1:-5].hex() or '-')
                """).stdin(stdin.toString().getBytes(StandardCharsets.US_ASCII)).run();
        String[] lines = out.split("\n");
        assertEquals(samples.size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            byte[] b = samples.get(i);
            String[] f = lines[i].split(" ");
            String what = HEX.formatHex(b);
            String text = PyCodecs.decodeUtf8SurrogateEscape(b);
            assertEquals(MetadataPickleTest.fromCodePoints(f[0]), text, what);
            assertArrayEquals(b, PyCodecs.encodeUtf8SurrogateEscape(text), what);
            if (f[1].equals("ERR")) {
                assertThrows(IllegalArgumentException.class, () -> PyCodecs.decodeRawUnicodeEscape(b), what);
            } else {
                assertEquals(MetadataPickleTest.fromCodePoints(f[1]), PyCodecs.decodeRawUnicodeEscape(b), what);
            }
            if (f[2].equals("ERR")) {
                assertThrows(IllegalArgumentException.class, () -> PyCodecs.escapeDecode(b), what);
            } else {
                byte[] d = PyCodecs.escapeDecode(b);
                assertEquals(f[2], d.length == 0 ? "-" : HEX.formatHex(d), what);
            }
            byte[] v = PyCodecs.encodeRawUnicodeEscapeForPickle(text);
            assertEquals(f[3], v.length == 0 ? "-" : HEX.formatHex(v), what);
            assertEquals(text, PyCodecs.decodeRawUnicodeEscape(v), what);
        }
    }
}
