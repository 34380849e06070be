package io.swiftnode.ops;

import io.swiftnode.config.AdminConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a request may use the admin API: its client address must be one of
 * {@code admin_allowed_ips} (compared as addresses, so {@code ::1} matches
 * {@code 0:0:0:0:0:0:0:1}; {@code *} matches any), and when {@code admin_token} is set the request
 * must carry it in {@code X-Admin-Token} (compared in constant time).
 *
 * <p>Immutable and thread-safe.
 */
final class AdminAccess {
    static final String TOKEN_HEADER = "X-Admin-Token";

    private final boolean anyAddress;
    private final List<InetAddress> allowed = new ArrayList<>();
    private final byte[] token;

    AdminAccess(AdminConfig config) {
        boolean any = false;
        for (String a : config.allowedAddresses()) {
            if (a.equals("*")) {
                any = true;
                continue;
            }
            try {
                allowed.add(InetAddress.getByName(a));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("admin_allowed_ips: not an address: " + a, e);
            }
        }
        anyAddress = any;
        token = config.token().isEmpty() ? null : config.token().getBytes(StandardCharsets.UTF_8);
    }

    /** Null when allowed, else why not (for the log; the client learns only 403). */
    String refusal(String remoteAddr, String tokenHeader) {
        if (!anyAddress && !addressAllowed(remoteAddr)) {
            return "client address " + remoteAddr + " not in admin_allowed_ips";
        }
        if (token != null && (tokenHeader == null
                || !MessageDigest.isEqual(token, tokenHeader.getBytes(StandardCharsets.UTF_8)))) {
            return "missing or wrong " + TOKEN_HEADER;
        }
        return null;
    }

    private boolean addressAllowed(String remoteAddr) {
        if (remoteAddr == null) {
            return false;
        }
        try {
            // a literal address: getByName does no lookup
            InetAddress a = InetAddress.getByName(remoteAddr);
            return allowed.contains(a);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
