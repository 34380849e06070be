package io.swiftnode.daemon;

import java.util.Map;
import java.util.Set;

/**
 * Whether a daemon runs forever in this JVM: when its section ({@code [object-replicator]},
 * {@code [object-updater]}, {@code [object-auditor]}) is present, unless the section says
 * {@code run_daemon = false} — for a node whose daemons Python still runs, or tests that drive
 * passes through the admin API alone. Passes can always be run once on request. Stateless.
 */
public final class RunMode {
    /** The option, an extension of ours that Swift's daemons ignore. */
    public static final String OPTION = "run_daemon";
    private static final Set<String> FALSE = Set.of("false", "0", "no", "off", "f", "n");

    private RunMode() {
    }

    public static boolean runForever(boolean sectionPresent, Map<String, String> sectionOthers) {
        String v = sectionOthers.get(OPTION);
        return sectionPresent && (v == null || !FALSE.contains(v.strip().toLowerCase(java.util.Locale.ROOT)));
    }
}
