package io.swiftnode.ops;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.swiftnode.config.AdminConfig;

import org.junit.jupiter.api.Test;

import java.util.List;

class AdminAccessTest {

    @Test
    void defaultIsTheNodeItselfOnly() {
        AdminAccess a = new AdminAccess(new AdminConfig(List.of("127.0.0.1", "::1"), ""));
        assertNull(a.refusal("127.0.0.1", null));
        assertNull(a.refusal("0:0:0:0:0:0:0:1", null), "IPv6 loopback as the container reports it");
        assertNotNull(a.refusal("10.0.0.5", null));
        assertNotNull(a.refusal("127.0.0.2", null));
        assertNotNull(a.refusal(null, null));
    }

    @Test
    void tokenIsRequiredWhenSet() {
        AdminAccess a = new AdminAccess(new AdminConfig(List.of("*"), "s3cret"));
        assertNull(a.refusal("192.0.2.7", "s3cret"));
        assertNotNull(a.refusal("192.0.2.7", null));
        assertNotNull(a.refusal("192.0.2.7", "s3cre"));
        assertNotNull(a.refusal("127.0.0.1", "wrong"), "the token binds loopback clients too");
    }

    @Test
    void badAddressInConfigFailsAtStart() {
        assertThrows(IllegalArgumentException.class,
                () -> new AdminAccess(new AdminConfig(List.of("not an address!"), "")));
    }
}
