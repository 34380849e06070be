package io.swiftnode.auditor;

import io.swiftnode.daemon.ReconJson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code object_size_stats}: how many audited objects fall at or under each configured size
 * (the first that fits), or {@code OVER} all of them; logged at the end of a pass as
 * {@code Object audit stats: {"10": 1, "100": 1, "1024": 0, "OVER": 1}}.
 *
 * <p>Not thread-safe: one belongs to one pass.
 */
final class SizeBuckets {
    private final List<Integer> limits;
    private final long[] counts;

    /** @param limits sorted bucket limits; empty disables the stats */
    SizeBuckets(List<Integer> limits) {
        this.limits = List.copyOf(limits);
        this.counts = new long[limits.size() + 1];
    }

    boolean enabled() {
        return !limits.isEmpty();
    }

    void record(long size) {
        for (int i = 0; i < limits.size(); i++) {
            if (size <= limits.get(i)) {
                counts[i]++;
                return;
            }
        }
        counts[limits.size()]++;
    }

    /** The buckets in Swift's order (limits ascending, then {@code OVER}). */
    Map<String, Long> buckets() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < limits.size(); i++) {
            m.merge(Integer.toString(limits.get(i)), counts[i], Long::sum);
        }
        m.put("OVER", counts[limits.size()]);
        return m;
    }

    /** Python's {@code json.dumps} of the buckets, keys in bucket order (not sorted). */
    String json() {
        StringBuilder sb = new StringBuilder("{");
        buckets().forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(ReconJson.write(k)).append(": ").append(v);
        });
        return sb.append('}').toString();
    }
}
