package io.swiftnode.config;

import java.util.List;
import java.util.Optional;

/**
 * One {@code [storage-policy:N]} of swift.conf, validated as Swift's {@code BaseStoragePolicy} and
 * {@code ECStoragePolicy} constructors validate it (except that no EC library is loaded).
 *
 * <p>Immutable and thread-safe.
 *
 * @param index          the policy index (N)
 * @param aliases        the names, primary name first
 * @param type           {@code policy_type}
 * @param isDefault      {@code default}
 * @param isDeprecated   {@code deprecated}
 * @param diskfileModule {@code diskfile_module}
 * @param ec             the erasure-coding parameters, present for {@link Type#ERASURE_CODING} only
 */
public record StoragePolicy(int index, List<String> aliases, Type type, boolean isDefault, boolean isDeprecated,
        String diskfileModule, Optional<ErasureCoding> ec) {

    /** The legacy name reserved for policy 0. */
    public static final String LEGACY_POLICY_NAME = "Policy-0";

    /** {@code policy_type} values. */
    public enum Type {
        REPLICATION("replication"), ERASURE_CODING("erasure_coding");

        private final String configName;

        Type(String configName) {
            this.configName = configName;
        }

        /** The value as written in swift.conf. */
        public String configName() {
            return configName;
        }

        static Optional<Type> of(String configName) {
            for (Type t : values()) {
                if (t.configName.equals(configName)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The EC options of an erasure-coding policy.
     *
     * @param ecType            {@code ec_type}
     * @param ndata             {@code ec_num_data_fragments}
     * @param nparity           {@code ec_num_parity_fragments}
     * @param segmentSize       {@code ec_object_segment_size} (1048576)
     * @param duplicationFactor {@code ec_duplication_factor} (1)
     */
    public record ErasureCoding(String ecType, int ndata, int nparity, int segmentSize, int duplicationFactor) {
    }

    public StoragePolicy {
        aliases = List.copyOf(aliases);
    }

    /** The primary name. */
    public String name() {
        return aliases.get(0);
    }

    /** The ring file base name: {@code object} for policy 0, {@code object-N} otherwise. */
    public String ringName() {
        return index == 0 ? "object" : "object-" + index;
    }

    /** Appends the policy suffix to a directory base name: {@code objects}, {@code objects-1}. */
    public String policyString(String base) {
        return index == 0 ? base : base + "-" + index;
    }

    StoragePolicy asDefault() {
        return new StoragePolicy(index, aliases, type, true, isDeprecated, diskfileModule, ec);
    }

    @Override
    public String toString() {
        return index + " " + name() + (aliases.size() > 1 ? " " + aliases.subList(1, aliases.size()) : "")
                + " (" + type.configName() + (isDefault ? ", default" : "") + (isDeprecated ? ", deprecated" : "")
                + ")";
    }
}
