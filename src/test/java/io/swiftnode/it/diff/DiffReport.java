package io.swiftnode.it.diff;

import io.swiftnode.it.diff.Difference.Kind;
import io.swiftnode.it.diff.RawRequest.Category;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Collects every difference of a run, sets aside those an {@link Intentional} entry covers, and
 * renders the rest grouped: container path and header handling, PUT requests, other requests,
 * disk; each
 * request once with both responses.
 *
 * <p>Not thread-safe.
 */
public final class DiffReport {
    private final List<Intentional> intentional;
    private final List<Difference> failing = new ArrayList<>();
    private final Map<String, Integer> intentionalHits = new LinkedHashMap<>();
    private final Map<Integer, RawResponse[]> exchanges = new LinkedHashMap<>();
    private final Set<String> containerAffected = new HashSet<>();
    private int requests;
    private int sequences;

    public DiffReport(List<Intentional> intentional) {
        this.intentional = List.copyOf(intentional);
        for (Intentional i : intentional) {
            intentionalHits.put(i.id(), 0);
        }
    }

    /** Records one exchange and its differences. */
    public void exchange(int index, RawResponse py, RawResponse jv, List<Difference> diffs) {
        requests++;
        boolean kept = false;
        for (Difference d : diffs) {
            kept |= add(d);
        }
        if (kept) {
            exchanges.put(index, new RawResponse[] {py, jv});
        }
    }

    public void sequenceDone() {
        sequences++;
    }

    /**
     * Notes that a sequence had differences on a container-handling request: its disk differences
     * are then reported with the container ones (they follow from a refused request).
     */
    public void containerAffected(String sequence) {
        containerAffected.add(sequence);
    }

    /** Adds a difference; false if it is intentional. */
    public boolean add(Difference d) {
        for (Intentional i : intentional) {
            if (i.matches().test(d)) {
                intentionalHits.merge(i.id(), 1, Integer::sum);
                return false;
            }
        }
        failing.add(d);
        return true;
    }

    public int requests() {
        return requests;
    }

    public List<Difference> failing() {
        return List.copyOf(failing);
    }

    /** The full report: each differing request with both responses, then its differences. */
    public String render(long seed) {
        return render(seed, true);
    }

    /** The report with one line per difference (for the assertion message). */
    public String summary(long seed) {
        return render(seed, false);
    }

    private String render(long seed, boolean detailed) {
        StringBuilder sb = new StringBuilder();
        sb.append("Differential test, seed ").append(seed).append(": ").append(requests).append(" requests in ")
                .append(sequences).append(" sequences; ").append(failing.size()).append(" unexplained differences\n");
        section(sb, detailed, "Container path handling (Payara/Grizzly rewrites or refuses the raw path; owned"
                + " elsewhere)", d -> d.request() != null && d.request().category() == Category.CONTAINER_PATH);
        section(sb, detailed, "Container request parsing (Payara/Grizzly refuses header or chunk bytes before the"
                + " servlet)", d -> d.request() != null && d.request().category() == Category.CONTAINER_PARSING);
        section(sb, detailed, "PUT requests", d -> d.request() != null
                && d.request().category() == Category.NORMAL && d.request().method().equals("PUT"));
        section(sb, detailed, "Other requests", d -> d.request() != null
                && d.request().category() == Category.NORMAL && !d.request().method().equals("PUT"));
        section(sb, detailed, "Files under the devices root", d -> d.kind() == Kind.DISK
                && !containerAffected.contains(d.sequence()));
        section(sb, detailed, "Files under the devices root, in sequences with container path/parsing differences"
                + " (follow-ups)", d -> d.kind() == Kind.DISK && containerAffected.contains(d.sequence()));
        sb.append("\nIntentional differences (not failures):\n");
        for (Intentional i : intentional) {
            sb.append("  - ").append(i.id()).append(" (").append(intentionalHits.get(i.id())).append(" seen): ")
                    .append(i.reason()).append('\n');
        }
        return sb.toString();
    }

    private void section(StringBuilder sb, boolean detailed, String title, Predicate<Difference> which) {
        List<Difference> ds = failing.stream().filter(which).toList();
        if (ds.isEmpty()) {
            return;
        }
        long reqs = ds.stream().map(Difference::index).distinct().count();
        sb.append("\n=== ").append(title).append(": ").append(ds.size()).append(" differences");
        if (ds.get(0).kind() != Kind.DISK) {
            sb.append(" in ").append(reqs).append(" requests");
        }
        sb.append(" ===\n");
        int last = -1;
        for (Difference d : ds) {
            if (d.kind() == Kind.DISK) {
                sb.append("  [").append(d.sequence()).append("] ").append(d.describe()).append('\n');
                continue;
            }
            if (!detailed) {
                sb.append("  #").append(d.index()).append(' ').append(d.request().label()).append(": ")
                        .append(RawRequest.printable(d.describe(), 300)).append('\n');
                continue;
            }
            if (d.index() != last) {
                last = d.index();
                sb.append("\n  #").append(d.index()).append(' ').append(d.request().label()).append('\n');
                sb.append(d.request().describe());
                RawResponse[] ex = exchanges.get(d.index());
                if (ex != null) {
                    sb.append("   python:\n").append(ex[0].describe());
                    sb.append("   ours:\n").append(ex[1].describe());
                }
            }
            sb.append("   * ").append(d.describe()).append('\n');
        }
    }
}
