package io.swiftnode.http;

import io.swiftnode.backend.HeaderNames;
import io.swiftnode.config.Constraints;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which request headers become object metadata and the limits on them, as Swift 2.30.1's object
 * server applies them: user metadata ({@code X-Object-Meta-*}), system metadata
 * ({@code X-Object-Sysmeta-*}, PUT only), transient sysmeta, {@code allowed_headers} and the names
 * in {@code X-Backend-Replication-Headers}; and {@code check_metadata}'s limits.
 *
 * <p>Immutable and thread-safe.
 */
public final class MetadataRules {
    static final String USER_PREFIX = "x-object-meta-";
    static final String SYS_PREFIX = "x-object-sysmeta-";
    static final String TRANSIENT_PREFIX = "x-object-transient-sysmeta-";

    private final Set<String> allowedHeaders; // lower case
    private final Constraints limits;

    public MetadataRules(Set<String> allowedHeaders, Constraints limits) {
        this.allowedHeaders = Set.copyOf(allowedHeaders);
        this.limits = limits;
    }

    public Set<String> allowedHeaders() {
        return allowedHeaders;
    }

    public Constraints limits() {
        return limits;
    }

    static boolean isUserMeta(String key) {
        return key.length() > USER_PREFIX.length() && key.toLowerCase(Locale.ROOT).startsWith(USER_PREFIX);
    }

    static boolean isSysMeta(String key) {
        return key.length() > SYS_PREFIX.length() && key.toLowerCase(Locale.ROOT).startsWith(SYS_PREFIX);
    }

    static boolean isTransientSysmeta(String key) {
        return key.length() > TRANSIENT_PREFIX.length() && key.toLowerCase(Locale.ROOT).startsWith(TRANSIENT_PREFIX);
    }

    /** Whether a stored key is served on GET/HEAD. */
    boolean isServed(String key) {
        return isUserMeta(key) || isSysMeta(key) || isTransientSysmeta(key)
                || allowedHeaders.contains(key.toLowerCase(Locale.ROOT));
    }

    /**
     * The metadata a PUT ({@code includeSysmeta}) or POST stores from its headers, after the
     * caller's fixed keys: meta headers, then {@code X-Backend-Replication-Headers} and allowed
     * headers title-cased.
     */
    Map<String, String> fromHeaders(SwiftRequest req, boolean includeSysmeta) {
        Map<String, String> md = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : req.headers().entrySet()) {
            String k = h.getKey();
            if (isUserMeta(k) || isTransientSysmeta(k) || (includeSysmeta && isSysMeta(k))) {
                md.put(k, h.getValue());
            }
        }
        String repl = req.header("X-Backend-Replication-Headers");
        if (repl != null) {
            for (String name : repl.strip().split("\\s+")) {
                copy(req, name, md);
            }
        }
        for (String name : allowedHeaders) {
            copy(req, name, md);
        }
        return md;
    }

    private static void copy(SwiftRequest req, String name, Map<String, String> md) {
        if (name.isEmpty()) {
            return;
        }
        String v = req.header(name);
        if (v != null) {
            md.put(HeaderNames.title(name), v);
        }
    }

    /**
     * Swift's {@code check_metadata(req, 'object')}: the first violation in header order.
     *
     * @throws HttpError 400 with Swift's message
     */
    void check(SwiftRequest req) throws HttpError {
        int count = 0;
        long size = 0;
        for (Map.Entry<String, String> h : req.headers().entrySet()) {
            String key = h.getKey();
            String value = h.getValue();
            if (value.length() > limits.maxHeaderSize()) {
                throw HttpError.text(400, "Header value too long: "
                        + key.substring(0, (int) Math.min(key.length(), limits.maxMetaNameLength())));
            }
            if (!key.toLowerCase(Locale.ROOT).startsWith(USER_PREFIX)) {
                continue;
            }
            String name = key.substring(USER_PREFIX.length());
            if (name.isEmpty()) {
                throw HttpError.text(400, "Metadata name cannot be empty");
            }
            count++;
            size += name.length() + value.length();
            if (name.length() > limits.maxMetaNameLength()) {
                throw HttpError.text(400, "Metadata name too long: " + USER_PREFIX + name);
            }
            if (value.length() > limits.maxMetaValueLength()) {
                throw HttpError.text(400, "Metadata value longer than " + limits.maxMetaValueLength() + ": "
                        + USER_PREFIX + name);
            }
            if (count > limits.maxMetaCount()) {
                throw HttpError.text(400, "Too many metadata items; max " + limits.maxMetaCount());
            }
            if (size > limits.maxMetaOverallSize()) {
                throw HttpError.text(400, "Total metadata too large; max " + limits.maxMetaOverallSize());
            }
        }
    }

    /**
     * Swift's {@code check_utf8} of a header value (one char per octet): valid UTF-8, non-empty,
     * no surrogates; NUL only when {@code internal}.
     */
    static boolean checkUtf8(String wsgiValue, boolean internal) {
        if (wsgiValue == null || wsgiValue.isEmpty()) {
            return false;
        }
        byte[] bytes = wsgiValue.getBytes(StandardCharsets.ISO_8859_1);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            return false;
        }
        if (!internal) {
            for (byte b : bytes) {
                if (b == 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
