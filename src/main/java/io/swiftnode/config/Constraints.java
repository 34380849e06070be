package io.swiftnode.config;

import java.util.List;

/**
 * The cluster's {@code [swift-constraints]} of swift.conf with {@code swift.common.constraints}
 * defaults (object-server-http.md §14). Integer values are parsed with Python's {@code int()};
 * {@code valid_api_versions} is a comma list.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxFileSize             {@code max_file_size} (5368709122)
 * @param maxMetaNameLength       {@code max_meta_name_length} (128)
 * @param maxMetaValueLength      {@code max_meta_value_length} (256)
 * @param maxMetaCount            {@code max_meta_count} (90)
 * @param maxMetaOverallSize      {@code max_meta_overall_size} (4096)
 * @param maxHeaderSize           {@code max_header_size} (8192)
 * @param maxObjectNameLength     {@code max_object_name_length} (1024)
 * @param containerListingLimit   {@code container_listing_limit} (10000)
 * @param accountListingLimit     {@code account_listing_limit} (10000)
 * @param maxAccountNameLength    {@code max_account_name_length} (256)
 * @param maxContainerNameLength  {@code max_container_name_length} (256)
 * @param validApiVersions        {@code valid_api_versions} (v1, v1.0)
 * @param extraHeaderCount        {@code extra_header_count} (0)
 * @param autoCreateAccountPrefix {@code auto_create_account_prefix} (.)
 */
public record Constraints(long maxFileSize, long maxMetaNameLength, long maxMetaValueLength, long maxMetaCount,
        long maxMetaOverallSize, long maxHeaderSize, long maxObjectNameLength, long containerListingLimit,
        long accountListingLimit, long maxAccountNameLength, long maxContainerNameLength,
        List<String> validApiVersions, long extraHeaderCount, String autoCreateAccountPrefix) {

    public static final String SECTION = "swift-constraints";

    /** Swift's built-in values. */
    public static final Constraints DEFAULTS = new Constraints(5368709122L, 128, 256, 90, 4096, 8192, 1024, 10000,
            10000, 256, 256, List.of("v1", "v1.0"), 0, ".");

    public Constraints {
        validApiVersions = List.copyOf(validApiVersions);
    }

    /** {@code MAX_HEADER_COUNT}: metadata count + 36 + {@code max(extra_header_count, 0)}. */
    public long maxHeaderCount() {
        return maxMetaCount + 36 + Math.max(extraHeaderCount, 0);
    }

    /**
     * {@code reload_constraints}: each option of {@code [swift-constraints]} (or {@code [DEFAULT]})
     * overrides the default; nothing is overridden without the section.
     */
    static Constraints from(IniFile ini) {
        if (!ini.hasSection(SECTION)) {
            return DEFAULTS;
        }
        Options o = new Options(ini.source() + " [" + SECTION + "]", ini.items(SECTION));
        Constraints d = DEFAULTS;
        String versions = o.raw("valid_api_versions");
        return new Constraints(
                o.longValue("max_file_size", d.maxFileSize()),
                o.longValue("max_meta_name_length", d.maxMetaNameLength()),
                o.longValue("max_meta_value_length", d.maxMetaValueLength()),
                o.longValue("max_meta_count", d.maxMetaCount()),
                o.longValue("max_meta_overall_size", d.maxMetaOverallSize()),
                o.longValue("max_header_size", d.maxHeaderSize()),
                o.longValue("max_object_name_length", d.maxObjectNameLength()),
                o.longValue("container_listing_limit", d.containerListingLimit()),
                o.longValue("account_listing_limit", d.accountListingLimit()),
                o.longValue("max_account_name_length", d.maxAccountNameLength()),
                o.longValue("max_container_name_length", d.maxContainerNameLength()),
                versions == null ? d.validApiVersions() : ConfigValues.listFromCsv(versions),
                o.longValue("extra_header_count", d.extraHeaderCount()),
                o.string("auto_create_account_prefix", d.autoCreateAccountPrefix()));
    }
}
