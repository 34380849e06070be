package io.swiftnode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLocationTest {

    @Test
    void propertyThenEnvironmentThenDefault(@TempDir Path dir) throws IOException {
        Path a = Files.createFile(dir.resolve("a.conf"));
        Path b = Files.createFile(dir.resolve("b.conf"));
        Path fallback = Files.createFile(dir.resolve("default.conf"));
        Map<String, String> props = Map.of(ConfigLocation.PROPERTY, a.toString());
        Map<String, String> env = Map.of(ConfigLocation.ENV, b.toString());
        assertEquals(a, ConfigLocation.locate(props::get, env::get, fallback));
        assertEquals(b, ConfigLocation.locate(k -> null, env::get, fallback));
        assertEquals(b, ConfigLocation.locate(k -> " ", env::get, fallback), "blank property is unset");
        assertEquals(fallback, ConfigLocation.locate(k -> null, k -> null, fallback));
    }

    @Test
    void nothingConfiguredIsAClearError(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLocation.locate(k -> null, k -> null, dir.resolve("missing.conf")));
        assertTrue(e.getMessage().contains("-D") || e.getMessage().contains(ConfigLocation.PROPERTY), e.getMessage());
        assertTrue(e.getMessage().contains(ConfigLocation.ENV), e.getMessage());
    }

    @Test
    void aNamedFileMustExist(@TempDir Path dir) {
        Path missing = dir.resolve("nope.conf");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLocation.locate(Map.of(ConfigLocation.PROPERTY, missing.toString())::get, k -> null,
                        dir.resolve("other")));
        assertTrue(e.getMessage().contains(missing + " (from system property swiftnode.conf) does not exist"),
                e.getMessage());
    }
}
