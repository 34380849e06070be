package io.swiftnode.disk;

/**
 * Per-policy directory names on a device: {@code objects}, {@code tmp}, {@code async_pending}
 * for policy 0 and {@code <base>-<N>} for policy N, as Swift's {@code get_policy_string}.
 *
 * <p>Stateless and thread-safe.
 */
public final class PolicyDirs {
    public static final String OBJECTS = "objects";
    public static final String TMP = "tmp";
    public static final String ASYNC_PENDING = "async_pending";
    public static final String QUARANTINED = "quarantined";

    private PolicyDirs() {
    }

    public static String name(String base, int policy) {
        return policy == 0 ? base : base + "-" + policy;
    }

    public static String objects(int policy) {
        return name(OBJECTS, policy);
    }

    public static String tmp(int policy) {
        return name(TMP, policy);
    }

    public static String asyncPending(int policy) {
        return name(ASYNC_PENDING, policy);
    }

    /**
     * The policy index of a directory name such as {@code objects-2} with the given base, or -1
     * when the name is not of that base or does not round-trip exactly ({@code objects-01}).
     */
    public static int policyOf(String dirName, String base) {
        if (dirName.equals(base)) {
            return 0;
        }
        if (!dirName.startsWith(base + "-")) {
            return -1;
        }
        String n = dirName.substring(base.length() + 1);
        if (!n.matches("[1-9][0-9]{0,8}")) {
            return -1;
        }
        return Integer.parseInt(n);
    }
}
