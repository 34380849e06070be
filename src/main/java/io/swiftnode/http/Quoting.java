package io.swiftnode.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Swift's {@code quote(value, safe='/')}: percent-encodes the UTF-8 bytes of a string except
 * unreserved characters and {@code /}, for paths in messages and outgoing requests.
 *
 * <p>Stateless and thread-safe.
 */
public final class Quoting {
    private static final String SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/";

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

    private static String quoteBytes(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 0x80 && SAFE.indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
