package io.swiftnode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** swift.conf validation; every rejected case is one Swift 2.30.1's parse_storage_policies rejects too. */
class SwiftConfTest {
    private static final String HASH = "[swift-hash]\nswift_hash_path_suffix = changeme\n";

    private static SwiftConf parse(String text) {
        return SwiftConf.from(Path.of("swift.conf"),
                IniFile.parse(text, "swift.conf", IniFile.Dialect.SWIFT_CONF, Map.of()));
    }

    @Test
    void sampleStyleFile() {
        SwiftConf s = SwiftConf.load(ServerConfigTest.resource("swift.conf"));
        assertEquals(3, s.policies().size());
        StoragePolicy gold = s.policy(0).orElseThrow();
        assertEquals("gold", gold.name());
        assertEquals(List.of("gold", "yellow", "orange"), gold.aliases());
        assertTrue(gold.isDefault());
        assertEquals("object", gold.ringName());
        assertEquals("objects", gold.policyString("objects"));
        StoragePolicy silver = s.policy(1).orElseThrow();
        assertTrue(silver.isDeprecated());
        assertEquals("object-1", silver.ringName());
        assertEquals("async_pending-1", silver.policyString("async_pending"));
        StoragePolicy ec = s.policy(2).orElseThrow();
        assertEquals(StoragePolicy.Type.ERASURE_CODING, ec.type());
        assertEquals(Optional.of(new StoragePolicy.ErasureCoding("liberasurecode_rs_vand", 4, 2, 1048576, 1)), ec.ec());
        assertEquals("egg:swift#erasure_coding.fs", ec.diskfileModule());
        assertEquals(gold, s.defaultPolicy());
        assertEquals(Optional.of(gold), s.policyByName("ORANGE"));
        assertEquals(Optional.empty(), s.policyByName("bronze"));
        assertEquals(Set.of(0, 1), s.replicationPolicyIndexes());
        assertEquals(1073741824L, s.constraints().maxFileSize());
        assertEquals(45, s.constraints().maxMetaCount());
        assertEquals(45 + 36, s.constraints().maxHeaderCount());
        assertEquals(List.of("v1", "v1.0", "v2"), s.constraints().validApiVersions());
        assertEquals(8192, s.constraints().maxHeaderSize(), "not overridden");
        assertFalse(s.toString().contains("changeme"), "the hash secret stays out of logs");
    }

    @Test
    void noPolicySectionsMeansLegacyPolicyZero() {
        SwiftConf s = SwiftConf.load(ServerConfigTest.resource("swift-minimal.conf"));
        assertEquals(List.of(new StoragePolicy(0, List.of("Policy-0"), StoragePolicy.Type.REPLICATION, true, false,
                "egg:swift#replication.fs", Optional.empty())), s.policies());
        assertEquals(Constraints.DEFAULTS, s.constraints());
        assertEquals(Set.of(0), s.replicationPolicyIndexes());
    }

    @Test
    void aSinglePolicyBecomesTheDefault() {
        assertTrue(parse(HASH + "[storage-policy:0]\nname = only\n").policy(0).orElseThrow().isDefault());
    }

    @Test
    void hashPrefixOrSuffixIsRequired() {
        ConfigException none = assertThrows(ConfigException.class, () -> parse("[storage-policy:0]\nname = a\n"));
        assertTrue(none.getMessage().contains("both swift_hash_path_suffix and swift_hash_path_prefix are missing"),
                none.getMessage());
        assertThrows(ConfigException.class,
                () -> parse("[swift-hash]\nswift_hash_path_prefix =\nswift_hash_path_suffix =\n"));
        assertEquals(new io.swiftnode.disk.HashPath("p", "").hash("a", null, null),
                parse("[swift-hash]\nswift_hash_path_prefix = p\n").hashPath().hash("a", null, null));
        assertThrows(ConfigException.class, () -> parse("[swift-hash]\nswift_hash_path_suffix = 50%\n"),
                "swift.conf uses basic interpolation: a lone % is an error in Swift too");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            no name            | [storage-policy:0]\\n                                                          | Invalid name '', for index 0
            bad chars          | [storage-policy:0]\\nname = a_b\\n                                             | Invalid name 'a_b', for index 0
            duplicate name     | [storage-policy:0]\\nname=a\\ndefault=yes\\n[storage-policy:1]\\nname=A\\n       | Duplicate name
            no index 0         | [storage-policy:1]\\nname=a\\ndefault=yes\\n                                    | You must specify a storage policy section for policy index 0
            two defaults       | [storage-policy:0]\\nname=a\\ndefault=yes\\n[storage-policy:1]\\nname=b\\ndefault=yes\\n | Duplicate default
            no default         | [storage-policy:0]\\nname=a\\n[storage-policy:1]\\nname=b\\n                     | Unable to find default policy
            deprecated default | [storage-policy:0]\\nname=a\\ndefault=yes\\ndeprecated=yes\\n                   | Deprecated policy can not be default.  Invalid config, for index 0
            all deprecated     | [storage-policy:0]\\nname=a\\ndeprecated=yes\\n                                | Unable to find policy that's not deprecated!
            unknown option     | [storage-policy:0]\\nname=a\\nfoo=1\\n                                         | Invalid option 'foo' in storage-policy section, for index '0'
            negative index     | [storage-policy:-1]\\nname=a\\n                                                | Invalid index, for index '-1'
            legacy name        | [storage-policy:0]\\nname=a\\ndefault=yes\\n[storage-policy:1]\\nname=policy-0\\n | The name Policy-0 is reserved for policy index 0. Invalid name 'policy-0', for index 1
            duplicate index    | [storage-policy:0]\\nname=a\\n[storage-policy:00]\\nname=b\\n                   | Duplicate index
            duplicate alias    | [storage-policy:0]\\nname=a\\naliases=b, B\\n                                  | The name B is already assigned to this policy., for index 0
            ec without type    | [storage-policy:0]\\nname=a\\npolicy_type=erasure_coding\\n                     | Missing ec_type
            ec bad type        | [storage-policy:0]\\nname=a\\npolicy_type=erasure_coding\\nec_type=foo\\n       | Wrong ec_type foo for policy a
            ec no fragments    | [storage-policy:0]\\nname=a\\npolicy_type=erasure_coding\\nec_type=jerasure_rs_vand\\n | Invalid ec_num_data_fragments None, for index 0
            unknown type       | [storage-policy:0]\\nname=a\\npolicy_type=foo\\n                               | Invalid type 'foo'
            ec option in repl  | [storage-policy:0]\\nname=a\\nec_type=jerasure_rs_vand\\n                       | Invalid option 'ec_type'
            """)
    void invalidPolicies(String what, String policies, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(HASH + policies.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith("ERROR: Invalid Storage Policy Configuration in swift.conf ("),
                e.getMessage());
        assertTrue(e.getMessage().contains(message), what + ": " + e.getMessage());
    }

    @Test
    void isalRsVandWithFiveParityFragmentsMustBeDeprecated() {
        String ec = "[storage-policy:0]\nname=a\ndefault=yes\n[storage-policy:1]\nname=e\npolicy_type=erasure_coding\n"
                + "ec_type=isa_l_rs_vand\nec_num_data_fragments=10\nec_num_parity_fragments=5\n";
        assertThrows(ConfigException.class, () -> parse(HASH + ec));
        assertTrue(parse(HASH + ec + "deprecated = yes\n").policy(1).orElseThrow().isDeprecated());
    }

    @Test
    void aliasEqualToTheNameIsSkipped() {
        assertEquals(List.of("a", "b"),
                parse(HASH + "[storage-policy:0]\nname = a\naliases = a, b\n").policy(0).orElseThrow().aliases());
    }

    @Test
    void constraintsComeFromTheirSectionOrDefault() {
        SwiftConf s = parse(HASH + "[DEFAULT]\nmax_meta_count = 10\n[swift-constraints]\nextra_header_count = 4\n"
                + "auto_create_account_prefix = _\n");
        assertEquals(10, s.constraints().maxMetaCount());
        assertEquals(10 + 36 + 4, s.constraints().maxHeaderCount());
        assertEquals("_", s.constraints().autoCreateAccountPrefix());
        assertThrows(ConfigException.class, () -> parse(HASH + "[swift-constraints]\nmax_file_size = big\n"));
    }
}
