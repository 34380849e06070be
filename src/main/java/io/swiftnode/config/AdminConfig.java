package io.swiftnode.config;

import java.util.List;

/**
 * Who may use the node's admin API ({@code /admin/api/…}): options of {@code [app:object-server]}
 * (or {@code [DEFAULT]}) that Swift itself does not have, so a Swift config works unchanged.
 *
 * <p>Immutable and thread-safe.
 *
 * @param allowedAddresses {@code admin_allowed_ips}: client addresses accepted (default
 *                         {@code 127.0.0.1, ::1}: only the node itself); {@code *} accepts any
 * @param token            {@code admin_token}: when not empty, every admin request must also carry it
 *                         in {@code X-Admin-Token}
 */
public record AdminConfig(List<String> allowedAddresses, String token) {
    public static final String DEFAULT_ALLOWED = "127.0.0.1, ::1";

    public AdminConfig {
        allowedAddresses = List.copyOf(allowedAddresses);
    }

    static AdminConfig from(Options o) {
        return new AdminConfig(ConfigValues.listFromCsv(o.string("admin_allowed_ips", DEFAULT_ALLOWED)),
                o.string("admin_token", ""));
    }
}
