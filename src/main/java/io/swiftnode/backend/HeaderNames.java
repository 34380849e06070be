package io.swiftnode.backend;

/**
 * Header-name normalisation as Swift's WSGI layer sees names: {@code _} becomes {@code -} (the
 * CGI environ mapping), then ASCII title case per byte: a letter is upper-cased after a non-letter
 * and lower-cased after a letter ({@code X-OBJECT-META-foo1bar} → {@code X-Object-Meta-Foo1Bar}).
 *
 * <p>Stateless and thread-safe.
 */
public final class HeaderNames {
    private HeaderNames() {
    }

    public static String normalize(String name) {
        return title(name.replace('_', '-'));
    }

    /** Python's {@code str.title()} restricted to ASCII letters, as swob applies it. */
    public static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean prevLetter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (letter) {
                sb.append(prevLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
            } else {
                sb.append(c);
            }
            prevLetter = letter;
        }
        return sb.toString();
    }
}
