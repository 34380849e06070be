package io.swiftnode.http;

import io.swiftnode.disk.Timestamp;
import io.swiftnode.python.PyInt;

/**
 * {@code X-Delete-After} / {@code X-Delete-At} on PUT, as Swift's {@code check_delete_headers}:
 * After is turned into At ({@code %010d}, clamped), both must be integers in the future (At in the
 * past is allowed for replication).
 *
 * <p>Stateless and thread-safe.
 */
final class DeleteAt {
    private DeleteAt() {
    }

    /** Swift's {@code normalize_delete_at_timestamp}: {@code %010d} clamped to [0, 9999999999]. */
    static String normalize(double t) {
        long v = (long) Math.min(Math.max(0, t), 9999999999L);
        return String.format("%010d", v);
    }

    /**
     * Validates the headers and answers the effective {@code X-Delete-At} value to store, or null.
     *
     * @throws HttpError 400 with Swift's message
     */
    static String check(SwiftRequest req, Timestamp ts) throws HttpError {
        double now = ts.seconds();
        String at = req.header("X-Delete-At");
        String after = req.header("X-Delete-After");
        if (after != null) {
            Long a = PyInt.parse(after);
            if (a == null) {
                throw HttpError.text(400, "Non-integer X-Delete-After");
            }
            String actual = normalize(now + a);
            if (Long.parseLong(actual) <= now) {
                throw HttpError.text(400, "X-Delete-After in past");
            }
            at = actual;
        }
        if (at != null) {
            Long v = PyInt.parse(at);
            if (v == null) {
                throw HttpError.text(400, "Non-integer X-Delete-At");
            }
            long normalized = Long.parseLong(normalize(v));
            if (normalized <= now && !req.isReplication()) {
                throw HttpError.text(400, "X-Delete-At in past");
            }
        }
        return at;
    }

    /** {@code int(value or 0)} of a stored or request value; an unparsable one counts as 0. */
    static long intOrZero(String v) {
        if (v == null || v.isEmpty()) {
            return 0;
        }
        Long l = PyInt.parse(v);
        return l == null ? 0 : l;
    }
}
