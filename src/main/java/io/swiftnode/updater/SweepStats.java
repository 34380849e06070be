package io.swiftnode.updater;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of an update sweep, named as Swift's {@code SweepStats} (and its StatsD metrics):
 * {@code successes} (updates every container node took), {@code failures} (updates left for a
 * later sweep), {@code quarantines} (unreadable pickles), {@code unlinks} (files removed: sent or
 * superseded), {@code errors} (unlistable directories, unexpected file names, lookups that
 * failed), {@code redirects} (shard redirects followed), {@code skips}, {@code deferrals} and
 * {@code drains} (per-container rate limiting).
 *
 * <p>Thread-safe: every counter is atomic; a {@link #toMap()} taken while updates run is a
 * consistent-enough snapshot for progress lines.
 */
public final class SweepStats {
    /** The counter names in Swift's log order. */
    public static final String[] NAMES = {"successes", "failures", "quarantines", "unlinks", "errors", "redirects",
        "skips", "deferrals", "drains"};

    final AtomicLong successes = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong quarantines = new AtomicLong();
    final AtomicLong unlinks = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong redirects = new AtomicLong();
    final AtomicLong skips = new AtomicLong();
    final AtomicLong deferrals = new AtomicLong();
    final AtomicLong drains = new AtomicLong();

    private AtomicLong[] counters() {
        return new AtomicLong[] {successes, failures, quarantines, unlinks, errors, redirects, skips, deferrals,
            drains};
    }

    /** Adds every counter of {@code other} to this one's. */
    public void add(SweepStats other) {
        AtomicLong[] mine = counters();
        AtomicLong[] theirs = other.counters();
        for (int i = 0; i < mine.length; i++) {
            mine[i].addAndGet(theirs[i].get());
        }
    }

    /** The counters by name, in Swift's order. */
    public Map<String, Long> toMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        AtomicLong[] c = counters();
        for (int i = 0; i < NAMES.length; i++) {
            m.put(NAMES[i], c[i].get());
        }
        return m;
    }

    /** A counter by name. */
    public long get(String name) {
        Long v = toMap().get(name);
        if (v == null) {
            throw new IllegalArgumentException("no counter " + name);
        }
        return v;
    }

    /** Swift's {@code str(SweepStats)}: {@code 2 successes, 0 failures, ...}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        toMap().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
        return sb.toString();
    }
}
