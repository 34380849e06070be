package io.swiftnode.http;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Conditional GET/HEAD evaluation as swob's {@code Response._get_conditional_response_status}
 * (object-server-http.md §6.3), which the object server applies to live objects and to its 404s:
 *
 * <ol>
 *   <li>{@code If-None-Match} holds {@code *} or the conditional etag → 304;</li>
 *   <li>{@code If-Match} present and holds neither → 412;</li>
 *   <li>the response is a 404 and {@code If-Match} holds {@code *} → 412;</li>
 *   <li>{@code If-Modified-Since} parses and Last-Modified ≤ it → 304;</li>
 *   <li>{@code If-Unmodified-Since} parses and Last-Modified &gt; it → 412.</li>
 * </ol>
 *
 * Steps 1–2 need a non-empty conditional etag and steps 4–5 a Last-Modified, so a 404 (which has
 * neither) only ever meets step 3. A present but empty {@code If-Match} holds no tag at all, so it
 * fails step 2 as swob does. Conditions are checked before the Range header and apply to HEAD
 * alike; a 304/412 keeps the object's headers with {@code Content-Length: 0} and no body.
 *
 * <p>Stateless and thread-safe.
 */
public final class Conditionals {
    /** Answer as the object would have been answered. */
    public static final int PROCEED = 0;
    public static final int NOT_MODIFIED = 304;
    public static final int PRECONDITION_FAILED = 412;

    private Conditionals() {
    }

    /**
     * The status that replaces the response, or {@link #PROCEED}.
     *
     * @param ifMatch {@code If-Match}, null when absent
     * @param ifNoneMatch {@code If-None-Match}, null when absent
     * @param ifModifiedSince {@code If-Modified-Since}, null when absent
     * @param ifUnmodifiedSince {@code If-Unmodified-Since}, null when absent
     * @param conditionalEtag the etag conditions compare with ({@link #resolveEtag}); null or
     *     empty when there is none (404)
     * @param lastModified the response's Last-Modified in epoch seconds (the ceiling of the
     *     object's X-Timestamp), null when there is none (404)
     * @param notFound whether the response would be a 404
     * @return 304, 412 or 0
     */
    public static int evaluate(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince,
            String conditionalEtag, Long lastModified, boolean notFound) {
        boolean hasEtag = conditionalEtag != null && !conditionalEtag.isEmpty();
        if (hasEtag && ifNoneMatch != null && matchesAny(ifNoneMatch, conditionalEtag)) {
            return NOT_MODIFIED;
        }
        if (hasEtag && ifMatch != null && !matchesAny(ifMatch, conditionalEtag)) {
            return PRECONDITION_FAILED;
        }
        if (notFound && ifMatch != null && tags(ifMatch).contains("*")) {
            return PRECONDITION_FAILED;
        }
        if (lastModified != null) {
            Long since = HttpDates.parse(ifModifiedSince);
            if (since != null && lastModified <= since) {
                return NOT_MODIFIED;
            }
            Long unmodifiedSince = HttpDates.parse(ifUnmodifiedSince);
            if (unmodifiedSince != null && lastModified > unmodifiedSince) {
                return PRECONDITION_FAILED;
            }
        }
        return PROCEED;
    }

    /**
     * Whether an {@code If-Match}/{@code If-None-Match} value holds {@code *} or the etag (swob's
     * {@code etag in Match(header)}); usable for PUT's {@code If-None-Match} too. Tags are split on
     * {@code ,}, trimmed, empty ones dropped, and one pair of surrounding double quotes removed
     * (from the etag as well); so {@code "*"} counts as {@code *}.
     *
     * @param headerValue the header value, not null
     * @param etag the etag to look for; null matches only {@code *}
     */
    public static boolean matchesAny(String headerValue, String etag) {
        Set<String> tags = tags(headerValue);
        return tags.contains("*") || (etag != null && tags.contains(normalizeEtag(etag)));
    }

    /**
     * The etag that conditions compare with (Swift's {@code resolve_etag_is_at_header} and
     * {@code Response.conditional_etag}): the value of the first name in the comma-separated
     * {@code X-Backend-Etag-Is-At} that is a metadata key (ASCII case-insensitive, as swob's
     * title-cased keys compare; of keys differing only in case the last one in iteration order
     * counts), else the default etag with every {@code "} removed, as swob's {@code etag}
     * property reads it back.
     *
     * @param etagIsAtHeader {@code X-Backend-Etag-Is-At}, null when absent
     * @param metadata the object's metadata
     * @param defaultEtag the object's {@code ETag}, null when there is none
     * @return the conditional etag, or null
     */
    public static String resolveEtag(String etagIsAtHeader, Map<String, String> metadata, String defaultEtag) {
        if (etagIsAtHeader != null) {
            for (String name : etagIsAtHeader.split(",", -1)) {
                name = Ranges.pyStrip(name);
                if (name.isEmpty()) {
                    continue;
                }
                // HeaderKeyDict keeps the last of keys equal but for case; a None value removes it
                String value = null;
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    if (equalsAsciiIgnoreCase(e.getKey(), name)) {
                        value = e.getValue();
                    }
                }
                if (value != null) {
                    return value;
                }
            }
        }
        return defaultEtag == null ? null : defaultEtag.replace("\"", "");
    }

    /** swob's {@code normalize_etag}: one pair of surrounding quotes removed. */
    static String normalizeEtag(String tag) {
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            return tag.substring(1, tag.length() - 1);
        }
        return tag;
    }

    private static Set<String> tags(String headerValue) {
        Set<String> tags = new HashSet<>();
        for (String t : headerValue.split(",", -1)) {
            t = Ranges.pyStrip(t);
            if (!t.isEmpty()) {
                tags.add(normalizeEtag(t));
            }
        }
        return tags;
    }

    private static boolean equalsAsciiIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && asciiLower(x) != asciiLower(y)) {
                return false;
            }
        }
        return true;
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
