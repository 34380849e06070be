package io.swiftnode.http;

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
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
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
