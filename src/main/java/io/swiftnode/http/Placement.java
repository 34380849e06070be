package io.swiftnode.http;

import io.swiftnode.config.SwiftConf;

/**
 * Where an object request lands: device, partition, names and storage policy, as
 * {@code get_name_and_placement} derives them (policy checked first, then the path).
 *
 * @param device    the device name
 * @param partition the partition, verbatim from the URL
 * @param account   the account name
 * @param container the container name
 * @param obj       the object name (may contain {@code /})
 * @param policy    the storage policy index
 */
public record Placement(String device, String partition, String account, String container, String obj, int policy) {
    private static final java.util.regex.Pattern POLICY_INDEX = java.util.regex.Pattern.compile("[+-]?[0-9]+");

    /** The policy index of a request; 503 {@code No policy with index <v>} when unknown. */
    static int policyOf(SwiftRequest req, SwiftConf swift) throws HttpError {
        String v = req.header("X-Backend-Storage-Policy-Index");
        if (v == null || v.isEmpty()) {
            return 0; // POLICIES.get_by_index(None) is policy 0
        }
        String t = v.strip();
        if (POLICY_INDEX.matcher(t).matches()) {
            try {
                int idx = Integer.parseInt(t.replaceFirst("^\\+", ""));
                if (swift.policy(idx).isPresent()) {
                    return idx;
                }
            } catch (NumberFormatException e) {
                // out of range: no such policy
            }
        }
        throw HttpError.text(503, "No policy with index " + v);
    }

    /** An object request's placement; its path must have all five segments. */
    static Placement ofObject(SwiftRequest req, SwiftConf swift) throws HttpError {
        int policy = policyOf(req, swift);
        String[] s = req.split(5, 5, true);
        validateInternal(s[2], s[3], s[4]);
        return new Placement(s[0], s[1], s[2], s[3], s[4], policy);
    }

    /** {@code validate_internal_obj}: reserved-namespace ({@code \x00}) rules, all 400. */
    static void validateInternal(String account, String container, String obj) throws HttpError {
        checkReserved(account, "account");
        checkReserved(container, "container");
        if (!account.startsWith(".") && !account.equals(".misplaced_objects")) {
            checkReserved(obj, "object");
            boolean cRes = container.startsWith("\u0000");
            boolean oRes = obj.startsWith("\u0000");
            if (cRes && !oRes) {
                throw HttpError.html(400, "Invalid user-namespace object in reserved-namespace container");
            }
            if (oRes && !cRes) {
                throw HttpError.html(400, "Invalid reserved-namespace object in user-namespace container");
            }
        }
    }

    private static void checkReserved(String name, String what) throws HttpError {
        if (name.indexOf('\u0000') > 0) {
            throw HttpError.html(400, "Invalid reserved-namespace " + what);
        }
    }

    /** {@code /a/c/o}, the name stored in metadata. */
    public String name() {
        return "/" + account + "/" + container + "/" + obj;
    }
}
