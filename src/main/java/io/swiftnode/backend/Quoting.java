package io.swiftnode.backend;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Swift's {@code quote(value, safe='/')}: percent-encodes the UTF-8 bytes of a string except
 * unreserved characters and {@code /}, for paths in messages and outgoing requests; and Python's
 * {@code unquote} for quoted container paths and redirect locations.
 *
 * <p>Stateless and thread-safe.
 */
public final class Quoting {
    private static final String ALWAYS_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~";
    private static final String SAFE = ALWAYS_SAFE + "/";

    private Quoting() {
    }

    public static String quote(String s) {
        return quoteBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@link #quote}, refusing a string Python could not encode either (a lone surrogate).
     *
     * @throws CharacterCodingException for a lone surrogate
     */
    public static String quoteStrict(String s) throws CharacterCodingException {
        ByteBuffer utf8 = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
        byte[] bytes = new byte[utf8.remaining()];
        utf8.get(bytes);
        return quoteBytes(bytes);
    }

    /** Python's {@code quote(s, safe)}: like {@link #quote} with other safe characters than {@code /}. */
    public static String quote(String s, String safe) {
        return quoteBytes(s.getBytes(StandardCharsets.UTF_8), ALWAYS_SAFE + safe);
    }

    private static String quoteBytes(byte[] bytes) {
        return quoteBytes(bytes, SAFE);
    }

    private static String quoteBytes(byte[] bytes, String safe) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 0x80 && safe.indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /**
     * Python 3's {@code urllib.parse.unquote}: {@code %XX} runs decoded as UTF-8 (invalid
     * sequences become U+FFFD), everything else kept.
     */
    public static String unquote(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                flush(bytes, out);
                out.append(c);
            }
        }
        flush(bytes, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() > 0) {
            out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
            bytes.reset();
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
