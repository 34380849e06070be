package io.swiftnode.config;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code [app:object-server]} options that change HTTP behaviour (object-server-http.md §15), with
 * the defaults and parsing of Swift 2.30.1's {@code ObjectController} and {@code DiskFileManager}
 * constructors. Times are seconds.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nodeTimeout                      {@code node_timeout} (3): container/expirer update response timeout
 * @param connTimeout                      {@code conn_timeout} (0.5): update connect timeout
 * @param containerUpdateTimeout           {@code container_update_timeout} (1): wait for updates before replying
 * @param clientTimeout                    {@code client_timeout} (60): per-read timeout on request bodies
 * @param networkChunkSize                 {@code network_chunk_size} (65536)
 * @param diskChunkSize                    {@code disk_chunk_size} (65536)
 * @param maxUploadTime                    {@code max_upload_time} (86400): PUT slower than this → 408
 * @param allowedHeaders                   {@code allowed_headers}, lower-cased, without the reserved
 *                                         {@code content-length}, {@code deleted}, {@code etag}
 * @param mbPerSync                        {@code mb_per_sync} (512): fdatasync cadence while writing
 * @param keepCacheSize                    {@code keep_cache_size} (5242880)
 * @param keepCachePrivate                 {@code keep_cache_private} (false)
 * @param commitWindow                     {@code commit_window} (60)
 * @param replicationServer                {@code replication_server} (true): false answers 405 to REPLICATE/SSYNC
 * @param replicationConcurrency           {@code replication_concurrency} (4): concurrent SSYNC requests, 0 = unlimited
 * @param replicationConcurrencyPerDevice  {@code replication_concurrency_per_device} (1), or the deprecated
 *                                         {@code replication_one_per_device}
 * @param replicationLockTimeout           {@code replication_lock_timeout} (15)
 * @param replicationFailureThreshold      {@code replication_failure_threshold} (100)
 * @param replicationFailureRatio          {@code replication_failure_ratio} (1.0)
 * @param expiringObjectsAccountName       {@code expiring_objects_account_name} without the account prefix
 *                                         ({@code expiring_objects})
 * @param expiringObjectsContainerDivisor  {@code expiring_objects_container_divisor} (86400)
 * @param autoCreateAccountPrefix          the deprecated app-level {@code auto_create_account_prefix}; when
 *                                         empty the swift.conf constraint applies
 * @param slow                             {@code slow} (0): minimum seconds for PUT/DELETE
 * @param splice                           {@code splice} (false)
 * @param logRequests                      {@code log_requests} (true)
 * @param others                           app options this record and {@link NodeConfig} do not model
 */
public record ObjectServerConfig(double nodeTimeout, double connTimeout, double containerUpdateTimeout,
        double clientTimeout, int networkChunkSize, int diskChunkSize, long maxUploadTime, Set<String> allowedHeaders,
        long mbPerSync, long keepCacheSize, boolean keepCachePrivate, double commitWindow, boolean replicationServer,
        int replicationConcurrency, int replicationConcurrencyPerDevice, int replicationLockTimeout,
        int replicationFailureThreshold, double replicationFailureRatio, String expiringObjectsAccountName,
        long expiringObjectsContainerDivisor, Optional<String> autoCreateAccountPrefix, int slow, boolean splice,
        boolean logRequests, Map<String, String> others) {

    /** Swift's {@code default_allowed_headers}. */
    public static final String DEFAULT_ALLOWED_HEADERS = "content-disposition, content-encoding, x-delete-at, "
            + "x-object-manifest, x-static-large-object, cache-control, content-language, expires, x-robots-tag";

    /** {@code diskfile.RESERVED_DATAFILE_META}: never stored from {@code allowed_headers}. */
    public static final Set<String> RESERVED_DATAFILE_META = Set.of("content-length", "deleted", "etag");

    /** The keys this record models; daemon sections that inherit them from [DEFAULT] ignore them. */
    public static final Set<String> KEYS = Set.of("node_timeout", "conn_timeout", "container_update_timeout",
            "client_timeout", "network_chunk_size", "disk_chunk_size", "max_upload_time", "allowed_headers",
            "mb_per_sync", "keep_cache_size", "keep_cache_private", "commit_window", "replication_server",
            "replication_concurrency", "replication_concurrency_per_device", "replication_one_per_device",
            "replication_lock_timeout", "replication_failure_threshold", "replication_failure_ratio",
            "expiring_objects_account_name", "expiring_objects_container_divisor", "auto_create_account_prefix",
            "slow", "splice", "log_requests");

    public ObjectServerConfig {
        allowedHeaders = Set.copyOf(allowedHeaders);
        others = Map.copyOf(others);
    }

    /** The expiring-objects account, e.g. {@code .expiring_objects}, given swift.conf's account prefix. */
    public String expiringObjectsAccount(String constraintAccountPrefix) {
        return autoCreateAccountPrefix.orElse(constraintAccountPrefix) + expiringObjectsAccountName;
    }

    static ObjectServerConfig from(Options o) {
        Set<String> allowed = new LinkedHashSet<>();
        for (String h : o.string("allowed_headers", DEFAULT_ALLOWED_HEADERS).split(",", -1)) {
            String header = h.strip().toLowerCase(Locale.ROOT);
            if (!header.isEmpty() && !RESERVED_DATAFILE_META.contains(header)) {
                allowed.add(header);
            }
        }
        String perDevice = o.raw("replication_concurrency_per_device");
        String onePerDevice = o.raw("replication_one_per_device");
        int concurrencyPerDevice;
        if (perDevice == null) {
            concurrencyPerDevice = onePerDevice == null ? 1 : (ConfigValues.configTrueValue(onePerDevice) ? 1 : 0);
        } else {
            concurrencyPerDevice = o.convert("replication_concurrency_per_device", perDevice,
                    ConfigValues::pyIntAsInt);
        }
        String autoCreate = o.raw("auto_create_account_prefix");
        return new ObjectServerConfig(
                o.floatValue("node_timeout", 3),
                o.floatValue("conn_timeout", 0.5),
                o.floatValue("container_update_timeout", 1),
                o.floatValue("client_timeout", 60),
                o.intValue("network_chunk_size", 65536),
                o.intValue("disk_chunk_size", 65536),
                o.longValue("max_upload_time", 86400),
                allowed,
                o.longValue("mb_per_sync", 512),
                o.longValue("keep_cache_size", 5242880),
                o.bool("keep_cache_private", false),
                o.convert("commit_window", o.string("commit_window", "60"), ConfigValues::nonNegativeFloat),
                o.bool("replication_server", true),
                o.intOr("replication_concurrency", 4),
                concurrencyPerDevice,
                o.intValue("replication_lock_timeout", 15),
                o.intOr("replication_failure_threshold", 100),
                o.floatOr("replication_failure_ratio", 1.0),
                o.stringOr("expiring_objects_account_name", "expiring_objects"),
                o.convert("expiring_objects_container_divisor",
                        o.stringOr("expiring_objects_container_divisor", "86400"), ConfigValues::pyInt),
                autoCreate == null || autoCreate.isEmpty() ? Optional.empty() : Optional.of(autoCreate),
                o.intValue("slow", 0),
                o.bool("splice", false),
                o.bool("log_requests", true),
                o.others(Set.of())); // evaluated last: every modelled key has been read
    }
}
