package io.swiftnode.replication;

import java.util.Map;

/**
 * Swift's {@code rsync_module} template: {@code {replication_ip}::object} by default; the variables
 * {@code {ip} {port} {replication_ip} {replication_port} {region} {zone} {device} {meta}} are the
 * target device's (IPv6 addresses in brackets), {@code {{}} and {@code }}} are literal braces.
 * Stateless and thread-safe.
 */
final class RsyncModule {
    private RsyncModule() {
    }

    /** @throws IllegalArgumentException for an unknown variable, as Swift's ValueError */
    static String interpolate(String template, SyncTarget t) {
        Map<String, String> vars = Map.of("ip", rsyncIp(t.frontIp()), "port", Integer.toString(t.frontPort()),
                "replication_ip", rsyncIp(t.ip()), "replication_port", Integer.toString(t.port()),
                "region", Integer.toString(t.region()), "zone", Integer.toString(t.zone()),
                "device", t.device(), "meta", t.meta());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                sb.append('{');
                i++;
            } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                sb.append('}');
                i++;
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("Cannot interpolate rsync_module: unbalanced '{'");
                }
                String name = template.substring(i + 1, end);
                String v = vars.get(name);
                if (v == null) {
                    throw new IllegalArgumentException(
                            "Cannot interpolate rsync_module, invalid variable: '" + name + "'");
                }
                sb.append(v);
                i = end;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Swift's {@code rsync_ip}: IPv6 addresses in brackets. */
    static String rsyncIp(String ip) {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
    }
}
