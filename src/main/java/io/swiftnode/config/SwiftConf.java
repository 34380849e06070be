package io.swiftnode.config;

import io.swiftnode.disk.HashPath;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cluster-wide {@code swift.conf}: hash path prefix/suffix, storage policies and constraints,
 * read and validated with Swift 2.30.1's rules ({@code utils.validate_hash_conf},
 * {@code storage_policy.parse_storage_policies}, {@code constraints.reload_constraints}) so that a
 * file Swift rejects is rejected here and one it accepts means the same.
 *
 * <p>Swift 2.30.1 itself always reads {@code /etc/swift/swift.conf}; this server reads
 * {@code <swift_dir>/swift.conf}, which is the same file for the usual {@code swift_dir}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} does not reveal the hash prefix/suffix.
 *
 * @param file        the file read
 * @param hashPath    the hash function of {@code swift_hash_path_prefix}/{@code _suffix}
 * @param policies    every policy, by ascending index
 * @param constraints {@code [swift-constraints]}
 */
public record SwiftConf(Path file, HashPath hashPath, List<StoragePolicy> policies, Constraints constraints) {

    public static final String HASH_SECTION = "swift-hash";
    private static final String POLICY_PREFIX = "storage-policy:";
    private static final String VALID_NAME_CHARS =
            "-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    /** pyeclib's {@code VALID_EC_TYPES}: accepted names; whether a backend is installed is not checked. */
    public static final Set<String> VALID_EC_TYPES = Set.of("jerasure_rs_vand", "jerasure_rs_cauchy",
            "flat_xor_hd_3", "flat_xor_hd_4", "isa_l_rs_vand", "isa_l_rs_cauchy", "shss", "liberasurecode_rs_vand",
            "libphazr");
    private static final Set<String> BASE_OPTIONS = Set.of("name", "aliases", "policy_type", "default",
            "deprecated", "diskfile_module");
    private static final Set<String> EC_OPTIONS = Set.of("ec_type", "ec_object_segment_size",
            "ec_num_data_fragments", "ec_num_parity_fragments", "ec_duplication_factor");

    public SwiftConf {
        policies = List.copyOf(policies);
    }

    /**
     * Reads and validates a swift.conf.
     *
     * @throws ConfigException on a missing file, syntax errors, both hash values empty, or an invalid
     *                         storage policy configuration
     */
    public static SwiftConf load(Path file) {
        IniFile ini = IniFile.read(file, IniFile.Dialect.SWIFT_CONF, Map.of());
        return from(file, ini);
    }

    /** Validates an already parsed swift.conf ({@link IniFile.Dialect#SWIFT_CONF}). */
    public static SwiftConf from(Path file, IniFile ini) {
        String prefix = "";
        String suffix = "";
        if (ini.hasSection(HASH_SECTION)) {
            prefix = ini.get(HASH_SECTION, "swift_hash_path_prefix").orElse("");
            suffix = ini.get(HASH_SECTION, "swift_hash_path_suffix").orElse("");
        }
        if (prefix.isEmpty() && suffix.isEmpty()) {
            throw new ConfigException("Error: [swift-hash]: both swift_hash_path_suffix and "
                    + "swift_hash_path_prefix are missing from " + file);
        }
        List<StoragePolicy> policies;
        try {
            policies = parsePolicies(ini);
        } catch (PolicyError e) {
            throw new ConfigException("ERROR: Invalid Storage Policy Configuration in " + file + " ("
                    + e.getMessage() + ")");
        }
        return new SwiftConf(file, new HashPath(prefix, suffix), policies, Constraints.from(ini));
    }

    /** The policy with this index, if defined. */
    public Optional<StoragePolicy> policy(int index) {
        return policies.stream().filter(p -> p.index() == index).findFirst();
    }

    /** The policy with this name or alias, case-insensitively (Swift's {@code get_by_name}). */
    public Optional<StoragePolicy> policyByName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return policies.stream()
                .filter(p -> p.aliases().stream().anyMatch(a -> a.toUpperCase(Locale.ROOT).equals(upper)))
                .findFirst();
    }

    /** The default policy (there is always exactly one). */
    public StoragePolicy defaultPolicy() {
        return policies.stream().filter(StoragePolicy::isDefault).findFirst().orElseThrow();
    }

    /** Indexes of the replication-type policies, deprecated ones included, ascending. */
    public Set<Integer> replicationPolicyIndexes() {
        Set<Integer> out = new TreeSet<>();
        for (StoragePolicy p : policies) {
            if (p.type() == StoragePolicy.Type.REPLICATION) {
                out.add(p.index());
            }
        }
        return Collections.unmodifiableSet(out);
    }

    @Override
    public String toString() {
        return "SwiftConf[file=" + file + ", policies=" + policies + ", constraints=" + constraints + "]";
    }

    /** A policy configuration error, with Swift's message. */
    private static final class PolicyError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PolicyError(String msg, Object index) {
            super(index == null ? msg : msg + ", for index " + pyRepr(index));
        }
    }

    private static String pyRepr(Object o) {
        return o instanceof String s ? "'" + s + "'" : String.valueOf(o);
    }

    private static List<StoragePolicy> parsePolicies(IniFile ini) {
        List<StoragePolicy> parsed = new ArrayList<>();
        for (String section : ini.sections()) {
            if (section.startsWith(POLICY_PREFIX)) {
                parsed.add(parsePolicy(section.substring(POLICY_PREFIX.length()), ini.items(section)));
            }
        }
        return validateCollection(parsed);
    }

    private static StoragePolicy parsePolicy(String indexText, Map<String, String> raw) {
        Map<String, String> options = new HashMap<>(raw);
        String typeName = options.remove("policy_type");
        StoragePolicy.Type type = StoragePolicy.Type.of(typeName == null ? "replication" : typeName)
                .orElseThrow(() -> new PolicyError("Invalid type " + pyRepr(typeName), null));
        for (String option : options.keySet()) {
            boolean known = BASE_OPTIONS.contains(option)
                    || (type == StoragePolicy.Type.ERASURE_CODING && EC_OPTIONS.contains(option));
            if (!known) {
                throw new PolicyError("Invalid option " + pyRepr(option) + " in storage-policy section", indexText);
            }
        }
        int index;
        try {
            long v = ConfigValues.pyInt(indexText);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            index = (int) v;
        } catch (NumberFormatException e) {
            throw new PolicyError("Invalid index", indexText);
        }
        String name = options.getOrDefault("name", "");
        List<String> aliases = new ArrayList<>();
        addName(aliases, name, index);
        for (String alias : ConfigValues.listFromCsv(options.get("aliases"))) {
            if (!alias.equals(name)) {
                addName(aliases, alias, index);
            }
        }
        boolean deprecated = ConfigValues.configTrueValue(options.get("deprecated"));
        boolean isDefault = ConfigValues.configTrueValue(options.get("default"));
        if (deprecated && isDefault) {
            throw new PolicyError("Deprecated policy can not be default.  Invalid config", index);
        }
        Optional<StoragePolicy.ErasureCoding> ec = Optional.empty();
        String defaultModule = "egg:swift#replication.fs";
        if (type == StoragePolicy.Type.ERASURE_CODING) {
            defaultModule = "egg:swift#erasure_coding.fs";
            ec = Optional.of(parseEc(options, index, aliases.get(0), deprecated));
        }
        return new StoragePolicy(index, aliases, type, isDefault, deprecated,
                options.getOrDefault("diskfile_module", defaultModule), ec);
    }

    private static StoragePolicy.ErasureCoding parseEc(Map<String, String> o, int index, String name,
            boolean deprecated) {
        String ecType = o.get("ec_type");
        if (ecType == null) {
            throw new PolicyError("Missing ec_type", null);
        }
        if (!VALID_EC_TYPES.contains(ecType)) {
            throw new PolicyError("Wrong ec_type " + ecType + " for policy " + name + ", should be one of \""
                    + String.join(", ", new TreeSet<>(VALID_EC_TYPES)) + "\"", null);
        }
        int ndata = positive(o.get("ec_num_data_fragments"), "ec_num_data_fragments", index);
        int nparity = positive(o.get("ec_num_parity_fragments"), "ec_num_parity_fragments", index);
        int segment = positive(o.getOrDefault("ec_object_segment_size", "1048576"), "ec_object_segment_size", index);
        if (ecType.equals("isa_l_rs_vand") && nparity >= 5 && !deprecated) {
            throw new PolicyError("Storage policy " + name + " uses an EC configuration known to harm data "
                    + "durability. This policy MUST be deprecated.", null);
        }
        int duplication;
        try {
            duplication = ConfigValues.configPositiveIntValue(o.getOrDefault("ec_duplication_factor", "1"));
        } catch (NumberFormatException e) {
            throw new PolicyError(e.getMessage(), index);
        }
        return new StoragePolicy.ErasureCoding(ecType, ndata, nparity, segment, duplication);
    }

    private static int positive(String value, String option, int index) {
        try {
            int v = ConfigValues.pyIntAsInt(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with Swift's message
        }
        throw new PolicyError("Invalid " + option + " " + (value == null ? "None" : pyRepr(value)), index);
    }

    /** {@code _validate_policy_name} then append. */
    private static void addName(List<String> names, String name, int index) {
        if (name.isEmpty()) {
            throw new PolicyError("Invalid name " + pyRepr(name), index);
        }
        for (int i = 0; i < name.length(); i++) {
            if (VALID_NAME_CHARS.indexOf(name.charAt(i)) < 0) {
                throw new PolicyError("Names are used as HTTP headers, and can not reliably contain any characters "
                        + "not in '" + VALID_NAME_CHARS + "'. Invalid name " + pyRepr(name), index);
            }
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.equals(StoragePolicy.LEGACY_POLICY_NAME.toUpperCase(Locale.ROOT)) && index != 0) {
            throw new PolicyError("The name " + StoragePolicy.LEGACY_POLICY_NAME
                    + " is reserved for policy index 0. Invalid name " + pyRepr(name), index);
        }
        for (String existing : names) {
            if (existing.toUpperCase(Locale.ROOT).equals(upper)) {
                throw new PolicyError("The name " + name + " is already assigned to this policy.", index);
            }
        }
        names.add(name);
    }

    /** {@code StoragePolicyCollection._validate_policies}. */
    private static List<StoragePolicy> validateCollection(List<StoragePolicy> parsed) {
        Map<Integer, StoragePolicy> byIndex = new HashMap<>();
        Map<String, StoragePolicy> byName = new HashMap<>();
        StoragePolicy defaultPolicy = null;
        for (StoragePolicy p : parsed) {
            if (byIndex.containsKey(p.index())) {
                throw new PolicyError("Duplicate index " + p + " conflicts with " + byIndex.get(p.index()), null);
            }
            for (String name : p.aliases()) {
                StoragePolicy other = byName.get(name.toUpperCase(Locale.ROOT));
                if (other != null) {
                    throw new PolicyError("Duplicate name " + p + " conflicts with " + other, null);
                }
            }
            if (p.isDefault()) {
                if (defaultPolicy != null) {
                    throw new PolicyError("Duplicate default " + p + " conflicts with " + defaultPolicy, null);
                }
                defaultPolicy = p;
            }
            byIndex.put(p.index(), p);
            for (String name : p.aliases()) {
                byName.put(name.toUpperCase(Locale.ROOT), p);
            }
        }
        if (!byIndex.containsKey(0)) {
            if (!byIndex.isEmpty()) {
                throw new PolicyError("You must specify a storage policy section for policy index 0 in order "
                        + "to define multiple policies", null);
            }
            byIndex.put(0, new StoragePolicy(0, List.of(StoragePolicy.LEGACY_POLICY_NAME),
                    StoragePolicy.Type.REPLICATION, false, false, "egg:swift#replication.fs", Optional.empty()));
        }
        if (byIndex.values().stream().allMatch(StoragePolicy::isDeprecated)) {
            throw new PolicyError("Unable to find policy that's not deprecated!", null);
        }
        if (defaultPolicy == null) {
            if (byIndex.size() > 1) {
                throw new PolicyError("Unable to find default policy", null);
            }
            byIndex.put(0, byIndex.get(0).asDefault());
        }
        List<StoragePolicy> out = new ArrayList<>(byIndex.values());
        out.sort(Comparator.comparingInt(StoragePolicy::index));
        return out;
    }
}
