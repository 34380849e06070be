package io.swiftnode.config;

import java.util.Set;

/**
 * The {@code log_*} options of one Swift context, as {@code utils.get_logger} reads them. Every
 * context inherits them from {@code [DEFAULT]}; {@code log_name} defaults to the section (daemons) or
 * app name ({@code object-server}), as {@code readconf} and {@code run_wsgi} set it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name          {@code log_name}
 * @param facility      {@code log_facility} (syslog facility name, default {@code LOG_LOCAL0})
 * @param level         {@code log_level} (default {@code INFO})
 * @param address       {@code log_address} (syslog socket, default {@code /dev/log})
 * @param udpHost       {@code log_udp_host} (empty: none; when set it overrides {@code log_address})
 * @param udpPort       {@code log_udp_port} (default 514)
 * @param maxLineLength {@code log_max_line_length} (0 = no limit)
 */
public record LogConfig(String name, String facility, String level, String address, String udpHost, int udpPort,
        int maxLineLength) {

    /** The keys this record models. */
    public static final Set<String> KEYS = Set.of("log_name", "log_facility", "log_level", "log_address",
            "log_udp_host", "log_udp_port", "log_max_line_length");

    static LogConfig from(Options o, String defaultName) {
        return new LogConfig(o.string("log_name", defaultName), o.string("log_facility", "LOG_LOCAL0"),
                o.string("log_level", "INFO"), o.string("log_address", "/dev/log"), o.string("log_udp_host", ""),
                o.intValue("log_udp_port", 514), o.intValue("log_max_line_length", 0));
    }
}
