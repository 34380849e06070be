package io.swiftnode.disk.pickle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few Python 3 text codecs whose exact behaviour decides what Swift stores and reads:
 * UTF-8 with the {@code surrogateescape} and {@code surrogatepass} error handlers, latin-1,
 * {@code raw-unicode-escape} (pickle protocol 0 {@code V} strings) and {@code escape_decode}
 * (protocol 0 {@code S} strings). The JDK's UTF-8 charset replaces what it cannot map, which
 * would silently change names and header values, so these are written out here.
 *
 * <p>A Python {@code str} maps to a Java {@code String} code point by code point; a lone
 * surrogate (as produced by {@code surrogateescape}) is a lone {@code char}.
 *
 * <p>Stateless and thread-safe.
 */
public final class PyCodecs {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private PyCodecs() {
    }

    private enum Errors { STRICT, SURROGATEPASS, SURROGATEESCAPE }

    /**
     * {@code data.decode('utf-8', 'surrogateescape')}: bytes that are not part of a valid UTF-8
     * sequence become U+DC80..U+DCFF, so the result encodes back to exactly {@code data}.
     */
    public static String decodeUtf8SurrogateEscape(byte[] data) {
        return decodeUtf8(data, 0, data.length, Errors.SURROGATEESCAPE);
    }

    /**
     * {@code text.encode('utf-8', 'surrogateescape')}.
     *
     * @throws IllegalArgumentException for a lone surrogate outside U+DC80..U+DCFF, which Python
     *     cannot encode either
     */
    public static byte[] encodeUtf8SurrogateEscape(String text) {
        return encodeUtf8(text, Errors.SURROGATEESCAPE);
    }

    /** {@code data.decode('latin-1')}: one char per octet (a "WSGI string"). */
    public static String decodeLatin1(byte[] data) {
        return new String(data, StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code text.encode('latin-1')}.
     *
     * @throws IllegalArgumentException if a char is above U+00FF
     */
    public static byte[] encodeLatin1(String text) {
        byte[] out = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xff) {
                throw new IllegalArgumentException("char U+" + Integer.toHexString(c) + " at " + i
                        + " is not latin-1");
            }
            out[i] = (byte) c;
        }
        return out;
    }

    /** {@code data.decode('utf-8', 'surrogatepass')}, as pickle reads {@code BINUNICODE}. */
    static String decodeUtf8SurrogatePass(byte[] data) {
        return decodeUtf8(data, 0, data.length, Errors.SURROGATEPASS);
    }

    /** {@code text.encode('utf-8', 'surrogatepass')}, as pickle writes {@code BINUNICODE}. */
    static byte[] encodeUtf8SurrogatePass(String text) {
        return encodeUtf8(text, Errors.SURROGATEPASS);
    }

    /** {@code data.decode('ascii')} (strict). */
    static String decodeAscii(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] < 0) {
                throw new IllegalArgumentException("byte 0x" + Integer.toHexString(data[i] & 0xff) + " at " + i
                        + " is not ASCII");
            }
        }
        return new String(data, StandardCharsets.US_ASCII);
    }

    private static String decodeUtf8(byte[] b, int off, int len, Errors errors) {
        StringBuilder sb = new StringBuilder(len);
        int i = off;
        int end = off + len;
        while (i < end) {
            int b0 = b[i] & 0xff;
            if (b0 < 0x80) {
                sb.append((char) b0);
                i++;
                continue;
            }
            int n = validSequenceLength(b, i, end, errors == Errors.SURROGATEPASS);
            if (n > 0) {
                int cp;
                if (n == 2) {
                    cp = ((b0 & 0x1f) << 6) | (b[i + 1] & 0x3f);
                } else if (n == 3) {
                    cp = ((b0 & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
                } else {
                    cp = ((b0 & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6)
                            | (b[i + 3] & 0x3f);
                }
                sb.appendCodePoint(cp);
                i += n;
            } else if (errors == Errors.SURROGATEESCAPE) {
                sb.append((char) (0xdc00 + b0));
                i++;
            } else {
                throw new IllegalArgumentException("invalid UTF-8 at offset " + (i - off));
            }
        }
        return sb.toString();
    }

    /** Length of the well-formed UTF-8 sequence at {@code i} (Python's strict rules), or 0. */
    private static int validSequenceLength(byte[] b, int i, int end, boolean allowSurrogates) {
        int b0 = b[i] & 0xff;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            return i + 1 < end && isCont(b[i + 1]) ? 2 : 0;
        }
        if (b0 >= 0xe0 && b0 <= 0xef) {
            if (i + 2 >= end) {
                return 0;
            }
            int b1 = b[i + 1] & 0xff;
            int lo = 0x80;
            int hi = 0xbf;
            if (b0 == 0xe0) {
                lo = 0xa0;
            } else if (b0 == 0xed && !allowSurrogates) {
                hi = 0x9f;
            }
            return b1 >= lo && b1 <= hi && isCont(b[i + 2]) ? 3 : 0;
        }
        if (b0 >= 0xf0 && b0 <= 0xf4) {
            if (i + 3 >= end) {
                return 0;
            }
            int b1 = b[i + 1] & 0xff;
            int lo = b0 == 0xf0 ? 0x90 : 0x80;
            int hi = b0 == 0xf4 ? 0x8f : 0xbf;
            return b1 >= lo && b1 <= hi && isCont(b[i + 2]) && isCont(b[i + 3]) ? 4 : 0;
        }
        return 0;
    }

    private static boolean isCont(byte x) {
        return (x & 0xc0) == 0x80;
    }

    private static byte[] encodeUtf8(String s, Errors errors) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xc0 | (c >> 6));
                out.write(0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.write(0xf0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3f));
                out.write(0x80 | ((cp >> 6) & 0x3f));
                out.write(0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c) && errors != Errors.SURROGATEPASS) {
                if (errors == Errors.SURROGATEESCAPE && c >= 0xdc80 && c <= 0xdcff) {
                    out.write(c - 0xdc00);
                } else {
                    throw new IllegalArgumentException("lone surrogate U+" + Integer.toHexString(c) + " at " + i
                            + " cannot be encoded");
                }
            } else {
                out.write(0xe0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3f));
                out.write(0x80 | (c & 0x3f));
            }
        }
        return out.toByteArray();
    }

    /**
     * The argument of a protocol 0 {@code V} opcode as CPython 3 writes it: raw-unicode-escape,
     * where code points below 256 are single raw bytes except {@code \}, NUL, LF, CR and 0x1A
     * (written as {@code \}{@code u005c} etc.), other BMP code points are
     * {@code \}{@code uXXXX} and the rest {@code \}{@code UXXXXXXXX}, hex in lower case.
     */
    static byte[] encodeRawUnicodeEscapeForPickle(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0x10000) {
                out.write('\\');
                out.write('U');
                writeHex(out, cp, 8);
            } else if (cp >= 0x100 || cp == '\\' || cp == 0 || cp == '\n' || cp == '\r' || cp == 0x1a) {
                out.write('\\');
                out.write('u');
                writeHex(out, cp, 4);
            } else {
                out.write(cp);
            }
        }
        return out.toByteArray();
    }

    private static void writeHex(ByteArrayOutputStream out, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.write(HEX[(value >> shift) & 0xf]);
        }
    }

    /**
     * Python's {@code raw-unicode-escape} decoder: bytes are code points 0..255, except that a
     * {@code \}{@code uXXXX} or {@code \}{@code UXXXXXXXX} preceded by an odd number of backslashes
     * is an escape. Every other backslash is literal.
     *
     * @throws IllegalArgumentException for a truncated escape or a code point above U+10FFFF
     */
    static String decodeRawUnicodeEscape(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            if (c != '\\') {
                sb.append((char) c);
                i++;
                continue;
            }
            int start = i;
            while (i < b.length && b[i] == '\\') {
                sb.append('\\');
                i++;
            }
            if (((i - start) & 1) == 0 || i >= b.length || (b[i] != 'u' && b[i] != 'U')) {
                continue;
            }
            sb.setLength(sb.length() - 1);
            int count = b[i] == 'u' ? 4 : 8;
            i++;
            int cp = 0;
            for (int k = 0; k < count; k++, i++) {
                int d = i < b.length ? Character.digit(b[i] & 0xff, 16) : -1;
                if (d < 0) {
                    throw new IllegalArgumentException("truncated \\" + (count == 4 ? "uXXXX" : "UXXXXXXXX")
                            + " escape at " + start);
                }
                cp = (cp << 4) | d;
            }
            if (cp < 0 || cp > Character.MAX_CODE_POINT) {
                throw new IllegalArgumentException("\\Uxxxxxxxx out of range at " + start);
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /**
     * Python's {@code codecs.escape_decode}, which reads the quoted argument of a protocol 0
     * {@code S} opcode (Python 2 {@code repr()} of a byte string).
     *
     * @throws IllegalArgumentException for a trailing backslash or a malformed {@code \x} escape
     */
    static byte[] escapeDecode(byte[] s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length);
        int i = 0;
        while (i < s.length) {
            int c = s[i++] & 0xff;
            if (c != '\\') {
                out.write(c);
                continue;
            }
            if (i >= s.length) {
                throw new IllegalArgumentException("trailing \\ in string");
            }
            int e = s[i++] & 0xff;
            switch (e) {
                case '\n' -> { }
                case '\\', '\'', '"' -> out.write(e);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 't' -> out.write('\t');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 'v' -> out.write(0x0b);
                case 'a' -> out.write(0x07);
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = e - '0';
                    for (int k = 0; k < 2 && i < s.length && s[i] >= '0' && s[i] <= '7'; k++) {
                        v = v * 8 + (s[i++] - '0');
                    }
                    out.write(v & 0xff);
                }
                case 'x' -> {
                    int h1 = i < s.length ? Character.digit(s[i] & 0xff, 16) : -1;
                    int h2 = i + 1 < s.length ? Character.digit(s[i + 1] & 0xff, 16) : -1;
                    if (h1 < 0 || h2 < 0) {
                        throw new IllegalArgumentException("invalid \\x escape at " + (i - 2));
                    }
                    out.write(h1 * 16 + h2);
                    i += 2;
                }
                default -> {
                    out.write('\\');
                    i--;
                }
            }
        }
        return out.toByteArray();
    }
}
